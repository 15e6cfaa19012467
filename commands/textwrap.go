package commands

import (
	"fmt"
	"strings"
)

// lineWidth is the width the shell's own lines are made to fit: help,
// notes, the local servers' log lines.
const lineWidth = 80

// wrapWords fills text into lines of at most width columns, breaking at
// blanks: the first line starts with first, each later one with rest (a
// hanging indent), and the words follow them directly. A word longer than
// a line stands alone on its line.
func wrapWords(text string, width int, first, rest string) []string {
	var lines []string
	line := first
	empty := true // line holds no word yet
	for _, w := range strings.Fields(text) {
		if !empty && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line, empty = rest, true
		}
		if !empty {
			line += " "
		}
		line += w
		empty = false
	}
	return append(lines, line)
}

// noteFit writes a note (Notef) wrapped to fit lineWidth, its later lines
// indented, so that no line of the shell's own passes 80 columns.
func (s *Session) noteFit(format string, args ...any) {
	s.Notef("%s", strings.Join(wrapWords(fmt.Sprintf(format, args...), lineWidth, "", "  "), "\n"))
}
