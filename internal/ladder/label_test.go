package ladder

import (
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"send 21 b'Hey'", "send 21 b'Hey'"},
		{"b'\\r\\n'", "b'\\r\\n'"}, // an escape already written stays as it is
		{"a\x1b[31mb", `a\x1b[31mb`},
		{"\x1b]0;owned\x07", `\x1b]0;owned\x07`},
		{"tab\there", `tab\there`},
		{"line\nbreak\r", `line\nbreak\r`},
		{"\x00\x7f", `\x00\x7f`},
		{"\u009b2J", `\x9b2J`},   // C1 CSI, as a rune
		{"\xff\xfe", `\xff\xfe`}, // not UTF-8
		{"\xe6\x97", `\xe6\x97`}, // a rune cut short
		{"no\u00a0break", `no\xa0break`},
		{"abc\u202edef", `abc\u202edef`}, // right-to-left override
		{"a\u200db", `a\u200db`},         // zero width joiner
		{"e\u0301", `e\u0301`},           // combining acute
		{"\ue000", `\ue000`},             // private use
		{"\U000e0001", `\U000e0001`},     // language tag
		{"\u2028", `\u2028`},             // line separator
		{"日本語 ｆｕｌｌ 🙂 é ▶", "日本語 ｆｕｌｌ 🙂 é ▶"},
		{"\ufffd", "\ufffd"}, // the replacement character itself is shown
	} {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRuneWidth(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want int
	}{
		{'a', 1}, {'é', 1}, {'│', 1}, {'▶', 1}, {'α', 1},
		{'日', 2}, {'한', 2}, {'ｆ', 2}, {'🙂', 2}, {'、', 2}, {0x20000, 2},
		{0x1100, 2}, {0x1160, 1}, {0xa4d0, 1}, {0xffe7, 1},
	} {
		if got := runeWidth(tc.r); got != tc.want {
			t.Errorf("runeWidth(%U) = %d, want %d", tc.r, got, tc.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		s        string
		w        int
		ellipsis string
		want     string
	}{
		{"hello", 5, "…", "hello"},
		{"hello", 4, "…", "hel…"},
		{"hello", 4, "...", "h..."},
		{"hello", 2, "...", "he"},
		{"hello", 0, "…", ""},
		{"日本語", 6, "…", "日本語"},
		{"日本語", 5, "…", "日本…"},
		{"日本語", 4, "…", "日…"}, // a wide rune does not go half in
		{"日本語", 1, "…", "…"},
		{"a日", 2, "…", "a…"},
	} {
		got := truncate(tc.s, tc.w, tc.ellipsis)
		if got != tc.want {
			t.Errorf("truncate(%q, %d, %q) = %q, want %q", tc.s, tc.w, tc.ellipsis, got, tc.want)
		}
		if textWidth(got) > tc.w {
			t.Errorf("truncate(%q, %d, %q) is %d cells wide", tc.s, tc.w, tc.ellipsis, textWidth(got))
		}
	}
}

// TestGridWideRunes checks that overwriting half of a wide rune leaves a
// space, never half a rune, and that nothing goes past the width.
func TestGridWideRunes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		draw  func(g *grid, y int)
		want  string
		width int
	}{
		{"wide rune whole", func(g *grid, y int) { g.write(y, 1, "日本", -1) }, " 日本\n", 6},
		{"right half overwritten", func(g *grid, y int) { g.write(y, 0, "日本", -1); g.put(y, 1, 'x', -1) }, " x本\n", 6},
		{"left half overwritten", func(g *grid, y int) { g.write(y, 0, "日本", -1); g.put(y, 2, 'x', -1) }, "日x\n", 6},
		{"wide over wide, shifted", func(g *grid, y int) { g.write(y, 0, "日本", -1); g.put(y, 1, '語', -1) }, " 語\n", 6},
		{"wide rune at the edge", func(g *grid, y int) { g.write(y, 3, "日本", -1) }, "   日\n", 6},
		{"past the width", func(g *grid, y int) { g.write(y, 2, "abcdef", -1) }, "  abcd\n", 6},
		{"before the start", func(g *grid, y int) { g.write(y, -2, "abcdef", -1) }, "cdef\n", 6},
	} {
		g := &grid{width: tc.width}
		tc.draw(g, g.newLine())
		var b strings.Builder
		g.flush(&b, false)
		if got := b.String(); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
