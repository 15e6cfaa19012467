package repl

import (
	"sync"
	"unicode/utf8"
)

// Pasting a long line. readline inserts each rune with a redraw of the
// whole line, so n runes cost n redraws of up to n runes each. A person
// types one key per read of the terminal, while a paste (or a program
// typing) arrives in reads of many bytes: a run of at least pasteMin
// ordinary characters in one read is handed to readline as one marker
// rune, which readline inserts (one redraw), and the paste listener then
// replaces by the run's text (one more).

// pasteMin is the shortest run of characters, arrived in one read, taken
// as pasted. Typing never brings more than an escape sequence in a read;
// below it the quadratic cost is nothing.
const pasteMin = 16

// Markers are runes of Unicode's supplementary private use area B, which
// no key sends; one that comes from the terminal anyway is always cut out
// as a paste of its own, so every marker readline sees is one of ours.
const (
	markerFirst = rune(0x100000)
	markerLast  = rune(0x10FFFD)
)

func isMarker(r rune) bool { return r >= markerFirst && r <= markerLast }

// pasteCutter cuts pasted runs out of the terminal's bytes. Its cut runs
// on the reading goroutine; the table is shared with the listener.
type pasteCutter struct {
	esc escState // an escape sequence under way at the end of the last read

	mu     sync.Mutex
	pastes map[rune][]rune // the text each marker stands for
	next   rune            // the marker to try next
}

// escState is where the cutter is in an escape sequence: its bytes go to
// readline as they are, never cut as text.
type escState uint8

const (
	escNone  escState = iota
	escStart          // after ESC
	escCSI            // after ESC [: up to a final byte
	escSS3            // after ESC O: one more byte
)

func newPasteCutter() pasteCutter {
	return pasteCutter{pastes: make(map[rune][]rune), next: markerFirst}
}

// cut appends to out the bytes of one read as readline should get them:
// escape sequences and control keys as they are, NUL dropped, and each
// run of at least pasteMin characters as a marker.
func (c *pasteCutter) cut(out, in []byte) []byte {
	for i := 0; i < len(in); {
		b := in[i]
		if b == 0 {
			i++ // NUL: Ctrl-Space, which readline would take for end of input
			continue
		}
		switch c.esc {
		case escStart:
			switch b {
			case '[':
				c.esc = escCSI
			case 'O':
				c.esc = escSS3
			case 0x1b:
			default:
				c.esc = escNone
			}
			out = append(out, b)
			i++
			continue
		case escCSI:
			if b >= 0x40 && b <= 0x7e {
				c.esc = escNone
			}
			out = append(out, b)
			i++
			continue
		case escSS3:
			c.esc = escNone
			out = append(out, b)
			i++
			continue
		}
		if b == 0x1b {
			c.esc = escStart
		}
		if b < 0x20 || b == 0x7f {
			out = append(out, b)
			i++
			continue
		}
		// A run of characters: as long as whole, valid runes of text come.
		j, n, marked := i, 0, false
		for j < len(in) {
			r, size := utf8.DecodeRune(in[j:])
			if (r == utf8.RuneError && size <= 1) || r < 0x20 || r == 0x7f {
				break
			}
			marked = marked || isMarker(r)
			j += size
			n++
		}
		if j == i {
			out = append(out, b) // a byte that is no rune (yet): readline decides
			i++
			continue
		}
		if n >= pasteMin || marked {
			if m, ok := c.mark([]rune(string(in[i:j]))); ok {
				out = utf8.AppendRune(out, m)
				i = j
				continue
			}
		}
		out = append(out, in[i:j]...)
		i = j
	}
	return out
}

// mark keeps text under a free marker and returns the marker.
func (c *pasteCutter) mark(text []rune) (rune, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for range markerLast - markerFirst + 1 {
		m := c.next
		if c.next++; c.next > markerLast {
			c.next = markerFirst
		}
		if _, used := c.pastes[m]; !used {
			c.pastes[m] = text
			return m, true
		}
	}
	return 0, false
}

// take returns the text a marker stands for, and forgets it.
func (c *pasteCutter) take(m rune) ([]rune, bool) {
	if !isMarker(m) {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	text, ok := c.pastes[m]
	delete(c.pastes, m)
	return text, ok
}

// pasteListener is readline's Listener: after readline has inserted a
// marker, it replaces it by the text it stands for, in one step.
type pasteListener struct {
	in *termInput
	// searching reports whether readline is in its history search, where a
	// key goes to the search pattern, not the line.
	searching func() bool
}

// OnChange implements readline.Listener.
func (l *pasteListener) OnChange(line []rune, pos int, key rune) ([]rune, int, bool) {
	text, ok := l.in.cut.take(key)
	if !ok {
		return nil, 0, false
	}
	if pos > 0 && pos <= len(line) && line[pos-1] == key {
		out := make([]rune, 0, len(line)-1+len(text))
		out = append(append(append(out, line[:pos-1]...), text...), line[pos:]...)
		return out, pos - 1 + len(text), true
	}
	// The marker did not go into the line: the history search took it.
	// Rub it out and type the text there, key by key.
	back := ""
	if l.searching != nil && l.searching() {
		back = "\x7f"
	}
	l.in.unread([]byte(back + string(text)))
	return nil, 0, false
}

// Paint implements readline.Painter: a marker, on the screen for the moment
// between its insertion and its replacement, is drawn as a space (it is
// one column wide, as the text readline thinks is there).
func (l *pasteListener) Paint(line []rune, _ int) []rune {
	for i, r := range line {
		if isMarker(r) {
			line = append([]rune(nil), line...)
			for j := i; j < len(line); j++ {
				if isMarker(line[j]) {
					line[j] = ' '
				}
			}
			return line
		}
	}
	return line
}
