package value

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// dangerous are characters that act on a terminal or hide what text says:
// C0 and C1 controls (ESC starts a terminal sequence, NEL is a newline to
// some terminals), the bidi overrides and isolates (U+202E shows text
// backwards), zero-width and format characters, line and paragraph
// separators, a byte-order mark, and an invalid UTF-8 byte.
var dangerous = []struct {
	name, s, escaped string
}{
	{"NUL", "\x00", `\x00`},
	{"BEL", "\x07", `\x07`},
	{"ESC", "\x1b", `\x1b`},
	{"DEL", "\x7f", `\x7f`},
	{"NEL", "\u0085", `\x85`},
	{"CSI", "\u009b", `\x9b`},
	{"NBSP", "\u00a0", `\xa0`},
	{"soft hyphen", "\u00ad", `\xad`},
	{"ZWSP", "\u200b", `\u200b`},
	{"ZWJ", "\u200d", `\u200d`},
	{"LRM", "\u200e", `\u200e`},
	{"LINE SEPARATOR", "\u2028", `\u2028`},
	{"PARAGRAPH SEPARATOR", "\u2029", `\u2029`},
	{"RLO", "\u202e", `\u202e`},
	{"LRI", "\u2066", `\u2066`},
	{"BOM", "\ufeff", `\ufeff`},
	{"tag", "\U000e0041", `\U000e0041`},
	{"private use", "\U000f0000", `\U000f0000`},
	{"invalid byte", "\xff", `\xff`},
	{"truncated sequence", "\xe2\x80", `\xe2\x80`},
}

// TestOneRule checks that every printer escapes the same characters, the
// same way: repr of str, Safe, ShowLine, PrintText, ForMessage, Pretty and
// an exception's message as the shell shows it.
func TestOneRule(t *testing.T) {
	for _, d := range dangerous {
		text := "a" + d.s + "b"
		want := "a" + d.escaped + "b"
		printers := map[string]string{
			"repr":       Str(text).Repr(),
			"Safe":       Safe(text, ""),
			"ShowLine":   ShowLine(text),
			"PrintText":  PrintText(text),
			"ForMessage": ForMessage(text),
			"TextOrRepr": TextOrRepr(text),
			"Pretty":     Pretty(NewList([]Value{Str(text), Str(strings.Repeat("z", 80))})),
			"error":      Safe(Errorf(ValueError, "%s", text).Error(), ""),
		}
		for name, got := range printers {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %s of %q = %q, want it to hold %q", d.name, name, text, got, want)
			}
			checkShowable(t, name, got)
		}
		if Printable(text) {
			t.Errorf("%s: Printable(%q) is true", d.name, text)
		}
		if r, size := utf8.DecodeRuneInString(d.s); size == len(d.s) && r != utf8.RuneError && IsPrintable(r) {
			t.Errorf("%s: IsPrintable(%U) is true", d.name, r)
		}
		// bytes show everything beyond printable ASCII as \xNN.
		for _, c := range []byte(Bytes(text).Repr()) {
			if c < ' ' || c > '~' {
				t.Errorf("%s: bytes repr %q holds byte %#x", d.name, Bytes(text).Repr(), c)
			}
		}
	}
}

// TestPrintable checks that what is printable stays as it is everywhere.
func TestPrintable(t *testing.T) {
	for _, s := range []string{"plain text", "héllo", "日本語", "e\u0301", "😀", "~!@#$%^&*()_+{}|:<>?", ""} {
		if !Printable(s) {
			t.Errorf("Printable(%q) is false", s)
		}
		for name, got := range map[string]string{"Safe": Safe(s, ""), "ShowLine": ShowLine(s), "PrintText": PrintText(s), "TextOrRepr": TextOrRepr(s)} {
			if got != s {
				t.Errorf("%s(%q) = %q, want it unchanged", name, s, got)
			}
		}
	}
}

func TestSafeKeep(t *testing.T) {
	tests := []struct{ in, keep, want string }{
		{"a\tb\nc\r", "", `a\tb\nc\r`},
		{"a\tb\nc\r", "\t", "a\tb\\nc\\r"},
		{"a\tb\nc\r", "\n\t", "a\tb\nc\\r"},
	}
	for _, tt := range tests {
		if got := Safe(tt.in, tt.keep); got != tt.want {
			t.Errorf("Safe(%q, %q) = %q, want %q", tt.in, tt.keep, got, tt.want)
		}
	}
}

func TestShowLineKeepsTabs(t *testing.T) {
	if got := ShowLine("send s\t'x'\x1b[2J"); got != "send s\t'x'\\x1b[2J" {
		t.Errorf("ShowLine = %q", got)
	}
}

func TestPrintText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\tb\n", "a\tb\n"},
		{"line\r\nnext\r\n", "line\r\nnext\r\n"}, // CRLF as the network writes it
		{"over\rwrite", `over\rwrite`},           // a lone CR could hide what came before
		{"end\r", `end\r`},
		{"\r\r\n", "\\r\r\n"},
		{"bell\x07 esc\x1b[31m", `bell\x07 esc\x1b[31m`},
		{"é\u202e", `é\u202e`},
	}
	for _, tt := range tests {
		if got := PrintText(tt.in); got != tt.want {
			t.Errorf("PrintText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestForMessage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"it's", "it's"},
		{strings.Repeat("x", 60), strings.Repeat("x", 60)},
		{strings.Repeat("x", 100), strings.Repeat("x", 60) + "..."},
		{strings.Repeat("é", 40), strings.Repeat("é", 30) + "..."}, // cut on a rune boundary
		// Cut before escaping: 60 bytes of input, whatever their escapes take.
		{strings.Repeat("\x1b", 100), strings.Repeat(`\x1b`, 60) + "..."},
	}
	for _, tt := range tests {
		got := ForMessage(tt.in)
		if got != tt.want {
			t.Errorf("ForMessage(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("ForMessage(%q) is not valid UTF-8", tt.in)
		}
	}
	if got := CutText(strings.Repeat("é", 40)); got != strings.Repeat("é", 30)+"..." {
		t.Errorf("CutText = %q", got)
	}
}

// checkShowable fails when s could act on a terminal: a character that is
// not printable (other than the newlines of a multi-line pretty print) or
// invalid UTF-8.
func checkShowable(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s %q is not valid UTF-8", what, s)
	}
	for _, r := range s {
		if r != '\n' && !IsPrintable(r) {
			t.Fatalf("%s %q holds the character %U", what, s, r)
		}
	}
}
