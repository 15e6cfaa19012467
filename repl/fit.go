package repl

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Width is the most columns a line the shell writes by itself may take:
// a projector in front of a class shows 80 (or a few more), and a line
// the terminal wraps breaks in the middle of a word.
const Width = 80

// fit breaks each line of text that is wider than width at spaces, so
// that no line is wider (a single word wider than width stays whole).
// The lines made by a break start with indent.
func fit(text string, width int, indent string) string {
	if !wider(text, width) {
		return text // the common case, without allocating
	}
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		first := true
		for {
			prefix := ""
			if !first {
				prefix = indent
			}
			room := width - utf8.RuneCountInString(prefix)
			if utf8.RuneCountInString(line) <= room {
				b.WriteString(prefix + line)
				break
			}
			cut := breakAt(line, room)
			if cut <= 0 {
				b.WriteString(prefix + line) // one word: nothing to break
				break
			}
			b.WriteString(prefix + strings.TrimRight(line[:cut], " ") + "\n")
			line = strings.TrimLeft(line[cut:], " ")
			first = false
		}
	}
	return b.String()
}

// wider reports whether some line of text is wider than width.
func wider(text string, width int) bool {
	for line := range strings.SplitSeq(text, "\n") {
		if len(line) > width && utf8.RuneCountInString(line) > width {
			return true
		}
	}
	return false
}

// breakAt is the byte offset of the last space at which line can break so
// that what comes before it takes at most room columns: the start of the
// next word. It is 0 when the first word alone is wider than room; then it
// breaks after that word.
func breakAt(line string, room int) int {
	cols, last := 0, 0
	for i, r := range line {
		if r == ' ' && i > 0 && line[i-1] != ' ' {
			if cols > room {
				break
			}
			last = i
		}
		cols++
		if cols > room && last > 0 {
			break
		}
	}
	if last == 0 {
		// One word wider than room: break after it, if anything follows.
		if i := strings.IndexByte(line, ' '); i > 0 {
			return i
		}
	}
	return last
}

// note writes one of the shell's own messages (not a result) where the
// prompt is, each line fitted to Width.
func (r *runner) note(format string, args ...any) {
	r.sess.Notef("%s", fit(fmt.Sprintf(format, args...), Width, "  "))
}

// banner is the line a terminal session starts with: which sockshell, and
// the two commands that get a newcomer going.
func banner(version string) string {
	return "sockshell " + version + " - type help for the commands, lesson to follow the lecture"
}
