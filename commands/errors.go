package commands

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/unix"

	"sockshell/netinfo"
)

// PyError is an error as the shell shows it: Python's exception type and
// message (`ConnectionRefusedError: [Errno 111] Connection refused`), and a
// plain-words hint that a terminal session prints under it.
type PyError struct {
	Type string
	Msg  string
	Hint string
}

func (e *PyError) Error() string {
	if e.Msg == "" {
		return e.Type
	}
	return e.Type + ": " + e.Msg
}

// errExit is returned by exit and quit: the session should end.
var errExit = errors.New("exit")

// IsExit reports whether err asks the session to end.
func IsExit(err error) bool { return errors.Is(err, errExit) }

func pyErrorf(typ, format string, args ...any) *PyError {
	return &PyError{Type: typ, Msg: fmt.Sprintf(format, args...)}
}

func typeErrorf(format string, args ...any) *PyError {
	return pyErrorf("TypeError", format, args...)
}

func valueErrorf(format string, args ...any) *PyError {
	return pyErrorf("ValueError", format, args...)
}

// AsPyError turns any error into the Python exception the shell shows for it,
// with the hint for its errno when there is one.
func AsPyError(err error) *PyError {
	var pe *PyError
	var se *SyntaxError
	var ne *netinfo.Error
	var gai *netinfo.GAIError
	var he *netinfo.HostError
	var nf *netinfo.NotFoundError
	switch {
	case errors.As(err, &pe):
		return pe
	case errors.As(err, &se):
		return &PyError{Type: "SyntaxError", Msg: strings.TrimPrefix(se.Msg, "SyntaxError: ")}
	case errors.As(err, &ne):
		return ErrnoError(ne.Errno)
	case errors.As(err, &gai):
		return &PyError{Type: "socket.gaierror", Msg: gai.Error(), Hint: gaiHint(gai.Code)}
	case errors.As(err, &he):
		return &PyError{Type: "socket.herror", Msg: he.Error(), Hint: "the address has no name in /etc/hosts or DNS; that is common and harmless"}
	case errors.As(err, &nf):
		return &PyError{Type: "OSError", Msg: nf.Msg, Hint: "the services database (/etc/services) has no such entry; try `services` to list what it has"}
	case errors.Is(err, netinfo.ErrTimeout):
		return &PyError{Type: "TimeoutError", Msg: "timed out", Hint: "nothing happened before the socket's timeout passed; `settimeout S none` waits forever"}
	case errors.Is(err, netinfo.ErrInterrupted):
		return &PyError{Type: "KeyboardInterrupt"}
	}
	var errno unix.Errno
	if errors.As(err, &errno) {
		return ErrnoError(errno)
	}
	return &PyError{Type: "OSError", Msg: err.Error()}
}

// ErrnoError is the Python exception for errno: its OSError subclass and
// `[Errno N] Message`, with the C library's wording.
func ErrnoError(errno unix.Errno) *PyError {
	return &PyError{
		Type: errnoClass(errno),
		Msg:  fmt.Sprintf("[Errno %d] %s", int(errno), netinfo.Strerror(errno)),
		Hint: errnoHints[errno],
	}
}

// errnoClass maps an errno to Python's OSError subclass for it (PEP 3151).
func errnoClass(errno unix.Errno) string {
	switch errno {
	case unix.EAGAIN, unix.EALREADY, unix.EINPROGRESS:
		return "BlockingIOError"
	case unix.ECHILD:
		return "ChildProcessError"
	case unix.EPIPE, unix.ESHUTDOWN:
		return "BrokenPipeError"
	case unix.ECONNABORTED:
		return "ConnectionAbortedError"
	case unix.ECONNREFUSED:
		return "ConnectionRefusedError"
	case unix.ECONNRESET:
		return "ConnectionResetError"
	case unix.EEXIST:
		return "FileExistsError"
	case unix.ENOENT:
		return "FileNotFoundError"
	case unix.EINTR:
		return "InterruptedError"
	case unix.EISDIR:
		return "IsADirectoryError"
	case unix.ENOTDIR:
		return "NotADirectoryError"
	case unix.EACCES, unix.EPERM:
		return "PermissionError"
	case unix.ESRCH:
		return "ProcessLookupError"
	case unix.ETIMEDOUT:
		return "TimeoutError"
	}
	return "OSError"
}
