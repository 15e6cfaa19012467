package repl

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Width is the most columns a line the shell writes by itself may take:
// a projector in front of a class shows 80 (or a few more), and a line
// the terminal wraps breaks in the middle of a word.
const Width = 80

// fit breaks each line of text that is wider than width at spaces, so
// that no line is wider (a single word wider than width stays whole).
// The lines made by a break start with indent. Colour sequences take no
// width.
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
			room := width - columns(prefix)
			if columns(line) <= room {
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
		if len(line) > width && columns(line) > width {
			return true
		}
	}
	return false
}

// columns is how many columns line takes: one a character, none for a
// colour sequence (ESC [ ... m).
func columns(line string) int {
	n := 0
	for i := 0; i < len(line); {
		if skip := escapeLen(line[i:]); skip > 0 {
			i += skip
			continue
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
		n++
	}
	return n
}

// escapeLen is the length of the colour sequence s starts with, or 0.
func escapeLen(s string) int {
	if len(s) < 2 || s[0] != '\x1b' || s[1] != '[' {
		return 0
	}
	for j := 2; j < len(s); j++ {
		if c := s[j]; c >= 0x40 && c <= 0x7e {
			return j + 1
		}
	}
	return 0
}

// breakAt is the byte offset of the last space at which line can break so
// that what comes before it takes at most room columns. It is the first
// space when the first word alone is wider than room (the line breaks
// after it), and 0 when there is no space at all.
func breakAt(line string, room int) int {
	cols, last := 0, 0
	for i := 0; i < len(line); {
		if skip := escapeLen(line[i:]); skip > 0 {
			i += skip
			continue
		}
		if line[i] == ' ' && i > 0 && line[i-1] != ' ' {
			if cols > room {
				break
			}
			last = i
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
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

// fitWriter fits what is written through it to Width columns: on a
// terminal, every message the shell writes (notes, errors and their hints,
// the servers' logs) breaks at spaces rather than where the screen ends.
// Each write is one message, whole lines (Session.Notef and Logf).
type fitWriter struct{ w io.Writer }

func (f fitWriter) Write(p []byte) (int, error) {
	text := string(p)
	if _, err := io.WriteString(f.w, fit(text, Width, "  ")); err != nil {
		return 0, err
	}
	return len(p), nil
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
