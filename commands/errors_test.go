package commands

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
)

func TestSocketErrorHints(t *testing.T) {
	for errno, want := range map[unix.Errno]string{
		unix.EADDRINUSE:   "SO_REUSEADDR",
		unix.ECONNREFUSED: "nothing is listening",
		unix.EACCES:       "1024",
		unix.EISCONN:      "listening",
		unix.EINVAL:       "state",
		unix.EAGAIN:       "non-blocking",
		unix.EPIPE:        "closed the connection",
		unix.ENOTCONN:     "connect it first",
	} {
		e := ErrnoException(errno)
		if !strings.Contains(e.Hint, want) {
			t.Errorf("hint for %v = %q, want it to mention %q", errno, e.Hint, want)
		}
		if !value.Printable(e.Hint) {
			t.Errorf("hint for %v is not printable", errno)
		}
	}
	// The hint comes with the real error, not only the table.
	s, _, _ := newTestSession(t, Options{Interactive: true})
	execLines(t, s, "c = socket")
	tops, _ := s.Parse("connect c 127.0.0.1 1", 1)
	err := s.Exec(context.Background(), tops[0])
	if e := AsException(err); e.Class != value.ConnectionRefusedError || !strings.Contains(e.Hint, "nothing is listening") {
		t.Errorf("connect to a closed port: %v, hint %q", err, e.Hint)
	}
}

func TestErrnoException(t *testing.T) {
	for errno, want := range map[unix.Errno]string{
		unix.ECONNREFUSED: "ConnectionRefusedError: [Errno 111] Connection refused",
		unix.EADDRINUSE:   "OSError: [Errno 98] Address already in use",
		unix.ECONNRESET:   "ConnectionResetError: [Errno 104] Connection reset by peer",
		unix.EPIPE:        "BrokenPipeError: [Errno 32] Broken pipe",
		unix.EAGAIN:       "BlockingIOError: [Errno 11] Resource temporarily unavailable",
		unix.ETIMEDOUT:    "TimeoutError: [Errno 110] Connection timed out",
		unix.EACCES:       "PermissionError: [Errno 13] Permission denied",
		unix.ENOENT:       "FileNotFoundError: [Errno 2] No such file or directory",
		unix.EBADF:        "OSError: [Errno 9] Bad file descriptor",
	} {
		if got := ErrnoException(errno).Error(); got != want {
			t.Errorf("ErrnoException(%d) = %q, want %q", errno, got, want)
		}
	}
}
