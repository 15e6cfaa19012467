package layout

import (
	"strings"
	"testing"
)

func TestHangingWrap(t *testing.T) {
	for _, tc := range []struct {
		text, first, rest string
		width             int
		want              []string
	}{
		{"a b c", "", "  ", 80, []string{"a b c"}},
		{"aaa bbb ccc ddd eee", "> ", "  ", 13, []string{"> aaa bbb ccc", "  ddd eee"}},
		// The first line is as full as its own prefix allows.
		{"aaa bbb ccc ddd eee fff", "", "      ", 15, []string{"aaa bbb ccc ddd", "      eee fff"}},
		// A word too long for a line stays whole, on a line of its own.
		{"aaaaaaaaaaaaaaa b", "", "  ", 12, []string{"aaaaaaaaaaaaaaa", "  b"}},
		{"", "usage: ", "", 80, []string{"usage: "}},
	} {
		got := HangingWrap(tc.text, tc.width, tc.first, tc.rest)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("hangingWrap(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}
