package commands

import (
	"fmt"
	"strings"
)

// LineWidth is the width the shell's own lines are made to fit: help,
// notes, the local servers' log lines.
const LineWidth = 80

// HangingWrap fills text into lines of at most width columns (fold):
// the first line starts with first, each later one with rest (a hanging
// indent), and each is as full as its own prefix leaves room for.
func HangingWrap(text string, width int, first, rest string) []string {
	lines := fold(text, width-len(first), width-len(rest))
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = rest + lines[i]
		}
	}
	return lines
}

// NoteFit writes a note (Notef) wrapped to fit lineWidth, its later lines
// indented, so that no line of the shell's own passes 80 columns.
func (s *Session) NoteFit(format string, args ...any) {
	s.Notef("%s", strings.Join(HangingWrap(fmt.Sprintf(format, args...), LineWidth, "", "  "), "\n"))
}
