package commands

import (
	"strings"
	"unicode/utf8"
)

// This file is main's wrapWords (cmd_clients.go, from the clients branch),
// copied as it is so that this branch builds on it: when the branches
// meet, delete this file and keep main's.

// wrapWords breaks text into lines of at most width runes, at blanks; a
// word longer than width is cut.
func wrapWords(text string, width int) []string {
	width = max(width, 10)
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		for utf8.RuneCountInString(w) > width {
			if line != "" {
				lines, line = append(lines, line), ""
			}
			cut := []rune(w)
			lines, w = append(lines, string(cut[:width])), string(cut[width:])
		}
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines, line = append(lines, line), w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
