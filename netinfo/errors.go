package netinfo

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

// Error is a failed system call: the call's name and the errno the kernel
// returned. The shell turns it into Python's OSError subclass for that errno.
type Error struct {
	Op    string // the system call, e.g. "connect"
	Errno unix.Errno
}

func (e *Error) Error() string { return e.Op + ": " + e.Errno.Error() }

// Unwrap lets errors.Is(err, unix.ECONNREFUSED) work.
func (e *Error) Unwrap() error { return e.Errno }

// Strerror is the C library's sentence for an errno ("Connection refused"),
// as Python's OSError and strace show it; Go has the same words in lower
// case.
func Strerror(e unix.Errno) string {
	msg := e.Error()
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

// sysErr wraps a raw error from a unix call as *Error when it is an errno.
func sysErr(op string, err error) error {
	if err == nil {
		return nil
	}
	var errno unix.Errno
	if errors.As(err, &errno) {
		return &Error{Op: op, Errno: errno}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// GAIError is a failure of the resolver (getaddrinfo, getnameinfo,
// gethostbyname...): Code is the EAI_* code, negative as glibc defines it
// (EAI_NONAME is -2), and Msg the resolver's own words for it. Python shows
// it as socket.gaierror.
type GAIError struct {
	Code int
	Msg  string
}

func (e *GAIError) Error() string { return fmt.Sprintf("[Errno %d] %s", e.Code, e.Msg) }

// HostError is a failure of the legacy host lookups (gethostbyaddr and
// friends), which report h_errno; Python shows it as socket.herror.
type HostError struct {
	Code int
	Msg  string
}

func (e *HostError) Error() string { return fmt.Sprintf("[Errno %d] %s", e.Code, e.Msg) }

// NotFoundError is a service database miss, with the exact words Python's
// socket module uses ("service/proto not found", "port/proto not found").
type NotFoundError struct{ Msg string }

func (e *NotFoundError) Error() string { return e.Msg }

// ErrTimeout is returned by a blocking call whose socket timeout passed.
var ErrTimeout = errors.New("timed out")

// ErrInterrupted is returned by a blocking call whose context was cancelled
// (the user pressed Ctrl-C). The socket is left open and usable.
var ErrInterrupted = errors.New("interrupted")
