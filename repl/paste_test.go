package repl

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// m stands for "a marker" in the cut tests' expected output.
const m = "<M>"

// showMarkers replaces each marker in s by m, and returns the texts the
// markers stand for (taken from c).
func showMarkers(c *pasteCutter, s string) (string, []string) {
	var b strings.Builder
	var texts []string
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if isMarker(r) {
			b.WriteString(m)
			text, _ := c.take(r)
			texts = append(texts, string(text))
		} else {
			b.WriteString(s[:size]) // as it is: invalid bytes too
		}
		s = s[size:]
	}
	return b.String(), texts
}

func TestPasteCut(t *testing.T) {
	long := strings.Repeat("x", pasteMin)
	for _, tc := range []struct {
		name  string
		reads []string // the terminal's reads, in order
		want  string   // what readline gets, markers as m
		texts []string // what the markers stand for
	}{
		{"a key", []string{"a"}, "a", nil},
		{"keys typed together", []string{"getservbyn\t"}, "getservbyn\t", nil},
		{"NUL dropped", []string{"\x00a\x00"}, "a", nil},
		{"a paste", []string{long}, m, []string{long}},
		{"a paste and Enter", []string{"ab\r" + long + "\r"}, "ab\r" + m + "\r", []string{long}},
		{"two pasted lines", []string{long + "\r" + long + "y"}, m + "\r" + m, []string{long, long + "y"}},
		{"an escape sequence stays whole", []string{"\x1b[1;5D" + long}, "\x1b[1;5D" + m, []string{long}},
		{"an escape sequence over two reads", []string{"\x1b", "[A" + long}, "\x1b[A" + m, []string{long}},
		{"SS3", []string{"\x1bOA" + long}, "\x1bOA" + m, []string{long}},
		{"Alt and a key", []string{"\x1bb"}, "\x1bb", nil},
		{"a marker rune typed is cut out", []string{"\U00100005"}, m, []string{"\U00100005"}},
		{"a rune cut by the read's end", []string{long + "\xc3", "\xa9z"}, m + "\xc3\xa9z", []string{long}},
		{"invalid UTF-8 passes", []string{"\xff\xfe"}, "\xff\xfe", nil},
		{"DEL and controls pass", []string{"\x7f\x03\x04"}, "\x7f\x03\x04", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newPasteCutter()
			var out []byte
			for _, r := range tc.reads {
				out = c.cut(out, []byte(r))
			}
			got, texts := showMarkers(&c, string(out))
			if got != tc.want {
				t.Errorf("cut %q = %q, want %q", tc.reads, got, tc.want)
			}
			if strings.Join(texts, "|") != strings.Join(tc.texts, "|") {
				t.Errorf("the markers stand for %q, want %q", texts, tc.texts)
			}
			if len(c.pastes) != 0 {
				t.Errorf("%d texts left in the table", len(c.pastes))
			}
		})
	}
}

// TestPasteMarkersDistinct checks that markers in use are never handed
// out twice, even when the table wraps around.
func TestPasteMarkersDistinct(t *testing.T) {
	c := newPasteCutter()
	c.next = markerLast - 1
	seen := map[rune]bool{}
	for i := range 5 {
		r, ok := c.mark([]rune{rune('a' + i)})
		if !ok || seen[r] || !isMarker(r) {
			t.Fatalf("mark %d: %U %v (seen: %v)", i, r, ok, seen[r])
		}
		seen[r] = true
	}
}

func TestPasteListener(t *testing.T) {
	in := pipeInput(t)
	l := &pasteListener{in: in}
	text := []rune(strings.Repeat("é", 20))
	mark := func() rune {
		r, ok := in.cut.mark(text)
		if !ok {
			t.Fatal("no marker")
		}
		return r
	}

	// Inserted in the middle of a line: replaced there, cursor after it.
	k := mark()
	line := []rune("ab" + string(k) + "cd")
	got, pos, ok := l.OnChange(line, 3, k)
	if !ok || string(got) != "ab"+string(text)+"cd" || pos != 2+len(text) {
		t.Errorf("OnChange = %q, %d, %v", string(got), pos, ok)
	}
	if string(line) != "ab"+string(k)+"cd" {
		t.Errorf("OnChange changed readline's line in place: %q", string(line))
	}

	// Any other key: nothing to do.
	if _, _, ok := l.OnChange([]rune("a"), 1, 'a'); ok {
		t.Errorf("OnChange acted on a plain key")
	}

	// Taken by the history search: put back as keys, after a backspace
	// for the marker.
	l.searching = func() bool { return true }
	k = mark()
	if _, _, ok := l.OnChange([]rune("getservbyname ssh"), 0, k); ok {
		t.Errorf("OnChange changed the line under a search")
	}
	in.mu.Lock()
	pending := string(in.pending)
	in.mu.Unlock()
	if pending != "\x7f"+string(text) {
		t.Errorf("put back %q, want a backspace and the text", pending)
	}
}

func TestPastePaint(t *testing.T) {
	l := &pasteListener{}
	line := []rune("ab\U00100000c")
	got := l.Paint(line, 3)
	if string(got) != "ab c" || utf8.RuneCountInString(string(got)) != len(line) {
		t.Errorf("Paint = %q", string(got))
	}
	if string(line) != "ab\U00100000c" {
		t.Errorf("Paint changed readline's line in place")
	}
}
