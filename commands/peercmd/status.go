package peercmd

import (
	"io"
	"os"

	"golang.org/x/sys/unix"

	"sockshell/commands"
)

// clients shows its progress on a status line at the bottom of the
// terminal while it runs.

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// statusLine keeps one line of status (a run's progress) at the bottom of
// a terminal while it runs. It stands in for the session's Err meanwhile,
// so that a line another goroutine writes there (a local server's log)
// clears the status, is written whole, and has the status redrawn under
// it instead of being glued to it. Its methods are called with the
// session's Err held (Session.WithErr), as every write to Err is.
type statusLine struct {
	w    io.Writer // the terminal
	text string    // the status shown, "" for none
}

func (l *statusLine) Write(p []byte) (int, error) {
	if l.text != "" {
		io.WriteString(l.w, "\r\x1b[K")
	}
	n, err := l.w.Write(p)
	if l.text != "" {
		io.WriteString(l.w, l.text)
	}
	return n, err
}

// statusHandle is a session's status line while it is shown.
type statusHandle struct {
	s    *commands.Session
	line *statusLine
}

// startStatus puts a status line under the session's messages until stop.
func startStatus(s *commands.Session) *statusHandle {
	h := &statusHandle{s: s}
	s.WithErr(func(err *io.Writer) {
		h.line = &statusLine{w: *err}
		*err = h.line
	})
	return h
}

// set shows text as the status, cut to fit 79 columns.
func (h *statusHandle) set(text string) {
	if r := []rune(text); len(r) > 79 {
		text = string(r[:79])
	}
	h.s.WithErr(func(*io.Writer) {
		h.line.text = text
		io.WriteString(h.line.w, "\r\x1b[K"+text)
	})
}

// stop clears the status line and gives the session its Err back. It
// does nothing on a nil handle (no status was shown) or a second time.
func (h *statusHandle) stop() {
	if h == nil {
		return
	}
	h.s.WithErr(func(err *io.Writer) {
		if h.line.text != "" {
			io.WriteString(h.line.w, "\r\x1b[K")
			h.line.text = ""
		}
		if *err == io.Writer(h.line) {
			*err = h.line.w
		}
	})
}
