package repl

import (
	"strings"
	"testing"
)

// TestFit breaks lines wider than the width at spaces, indenting the
// lines it makes, and leaves alone what fits, a word wider than the width,
// and the colour sequences (which take no width).
func TestFit(t *testing.T) {
	tests := []struct {
		name, text, want string
		width            int
	}{
		{"fits", "a short line", "a short line", 20},
		{"exactly", "0123456789", "0123456789", 10},
		{"breaks", "one two three four", "one two\n  three\n  four", 9},
		{"each line", "aaa bbb\nccc ddd eee", "aaa bbb\nccc ddd\n  eee", 7},
		{"long word", "x abcdefghijklmnop y", "x\n  abcdefghijklmnop\n  y", 8},
		{"only a word", "abcdefghijklmnop", "abcdefghijklmnop", 8},
		{"runes", "ééé ééé ééé", "ééé ééé\n  ééé", 7},
		{"colour", "\x1b[31mone two\x1b[0m three", "\x1b[31mone two\x1b[0m\n  three", 7},
		{"spaces", "a  b  c  d", "a  b\n  c\n  d", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fit(tt.text, tt.width, "  ")
			if got != tt.want {
				t.Errorf("fit(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
			for _, l := range strings.Split(got, "\n") {
				if columns(l) > tt.width && strings.Contains(strings.TrimSpace(l), " ") {
					t.Errorf("line %q is %d columns, over %d", l, columns(l), tt.width)
				}
			}
		})
	}
}

// TestStepMessagesFit checks the longest messages stepping writes: none
// is wider than Width, whatever the script's name.
func TestStepMessagesFit(t *testing.T) {
	long := "/home/instructor/courses/networking/week-01/demos/" + strings.Repeat("x", 20) + ".ss"
	for _, msg := range []string{
		fit(banner("10.20.30"), Width, "  "),
		fit("stepping through "+long+": 15 commands.\nEnter runs the one offered; Ctrl-C sets it aside for your own;\nstep skip passes it, step back goes back, step N goes to line N;\nstep off stops.", Width, "  "),
		fit("(set aside: type your own statements; after each one, or Enter on an\nempty line, it comes back)", Width, "  "),
	} {
		for _, l := range strings.Split(msg, "\n") {
			if columns(l) > Width {
				t.Errorf("%d columns: %q", columns(l), l)
			}
		}
	}
}
