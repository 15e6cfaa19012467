package commands

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// AsException turns any error into the Python exception the shell shows
// for it: a failed system call becomes its OSError subclass with errno and
// message and a plain-words hint, a lookup failure socket.gaierror, a line
// that cannot be read SyntaxError.
func AsException(err error) *value.Exception {
	var exc *value.Exception
	var se *syntax.Error
	var uc *syntax.UnknownCommand
	var ne *netinfo.Error
	var gai *netinfo.GAIError
	var he *netinfo.HostError
	var nf *netinfo.NotFoundError
	switch {
	case errors.As(err, &exc):
		return exc
	case errors.As(err, &se):
		e := value.Errorf(se.Class, "%s", se.Msg)
		e.Line = se.Line
		return e
	case errors.As(err, &uc):
		e := value.Errorf(value.NameError, "unknown command '%s'", value.ForMessage(uc.Name))
		if sug := value.Suggest(uc.Name, Names()); sug != "" {
			e.Args[0] = value.Str(fmt.Sprintf("%s; did you mean %s?", value.StrOf(e.Args[0]), sug))
		}
		e.Hint = "`help` lists the commands"
		e.Line = uc.Line
		return e
	case errors.As(err, &ne):
		return ErrnoException(ne.Errno)
	case errors.As(err, &gai):
		e := &value.Exception{Class: value.GAIError, Args: []value.Value{value.Int(gai.Code), value.Str(gai.Msg)}, Hint: GAIHint(gai.Code)}
		return e
	case errors.As(err, &he):
		return &value.Exception{Class: value.HError, Args: []value.Value{value.Int(he.Code), value.Str(he.Msg)},
			Hint: "the address has no name in /etc/hosts or DNS; that is common and harmless"}
	case errors.As(err, &nf):
		e := value.Errorf(value.OSError, "%s", nf.Msg)
		e.Hint = "the services database (/etc/services) has no such entry; try `services` to list what it has"
		return e
	case errors.Is(err, netinfo.ErrTimeout):
		e := value.Errorf(value.TimeoutError, "timed out")
		e.Hint = "nothing happened before the socket's timeout passed; `settimeout S none` waits forever"
		return e
	case errors.Is(err, netinfo.ErrInterrupted):
		return value.Raise(value.KeyboardInterrupt)
	}
	var errno unix.Errno
	if errors.As(err, &errno) {
		return ErrnoException(errno)
	}
	return value.Errorf(value.OSError, "%s", err.Error())
}

// ErrnoException is the Python exception for errno: its OSError subclass
// and `[Errno N] Message` with the C library's wording, and its hint.
func ErrnoException(errno unix.Errno) *value.Exception {
	e := value.ErrnoException(int(errno), netinfo.Strerror(errno))
	e.Hint = errnoHints[errno]
	return e
}

// IsTimeout reports an error the shell shows as TimeoutError.
func IsTimeout(err error) bool {
	var e *value.Exception
	return errors.As(err, &e) && e.Class.IsSubclass(value.TimeoutError)
}

// IsExit reports whether err asks the session to end (exit, quit,
// sys.exit): Python's SystemExit.
func IsExit(err error) bool {
	if err == nil {
		return false
	}
	var e *value.Exception
	return errors.As(err, &e) && e.Class.IsSubclass(value.SystemExit)
}

// ExitStatus is the status a SystemExit asks for: exit() and exit(0) are
// 0, exit(n) is n, exit('message') is 1.
func ExitStatus(err error) int {
	var e *value.Exception
	if !errors.As(err, &e) || len(e.Args) == 0 {
		return 0
	}
	switch v := e.Args[0].(type) {
	case value.NoneType:
		return 0
	case value.Int:
		return int(v) & 0xff
	case value.Bool:
		if v {
			return 1
		}
		return 0
	}
	return 1
}

// Errorf is an exception of class c with a formatted message.
func Errorf(c *value.Class, format string, args ...any) *value.Exception {
	return value.Errorf(c, format, args...)
}

// FileError is Python's exception for a failed file operation:
// `FileNotFoundError: [Errno 2] No such file or directory: 'demo.ss'`.
func FileError(err error, name string) error {
	var errno unix.Errno
	if errors.As(err, &errno) {
		e := ErrnoException(errno)
		e.Args = append(e.Args, value.Str(name))
		return e
	}
	return value.Errorf(value.OSError, "%s", err.Error())
}

// WithSuggestion adds "; did you mean X?" to an exception's message when
// there is a suggestion.
func WithSuggestion(e *value.Exception, sug string) {
	if sug != "" && len(e.Args) == 1 {
		e.Args[0] = value.Str(value.StrOf(e.Args[0]) + "; did you mean " + sug + "?")
	}
}
