package commands

import (
	"fmt"
	"strings"
)

// lineWidth is the width the shell's own lines are made to fit: help,
// notes, the local servers' log lines.
const lineWidth = 80

// hangingWrap fills text into lines of at most width columns (wrapWords):
// the first line starts with first, each later one with rest (a hanging
// indent), and each is as full as its own prefix leaves room for.
func hangingWrap(text string, width int, first, rest string) []string {
	text = strings.Join(strings.Fields(text), " ") // as wrapWords joins the words
	head := wrapWords(text, width-len(first))
	if len(head) == 0 {
		return []string{first}
	}
	lines := []string{first + head[0]}
	// wrapWords's first line is the start of text (a word too long for a
	// line is cut, not changed), so the rest is what follows it.
	for _, l := range wrapWords(strings.TrimPrefix(text, head[0]), width-len(rest)) {
		lines = append(lines, rest+l)
	}
	return lines
}

// noteFit writes a note (Notef) wrapped to fit lineWidth, its later lines
// indented, so that no line of the shell's own passes 80 columns.
func (s *Session) noteFit(format string, args ...any) {
	s.Notef("%s", strings.Join(hangingWrap(fmt.Sprintf(format, args...), lineWidth, "", "  "), "\n"))
}
