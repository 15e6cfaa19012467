package value

import (
	"context"
	"fmt"
	"strings"
)

// The exception classes, with Python's hierarchy (PEP 3151 for OSError's
// subclasses), so that `except OSError` catches a ConnectionRefusedError.
var (
	BaseException     = &Class{Name: "BaseException", Base: ObjectType}
	SystemExit        = exc("SystemExit", BaseException)
	KeyboardInterrupt = exc("KeyboardInterrupt", BaseException)
	ExceptionClass    = exc("Exception", BaseException)

	ArithmeticError    = exc("ArithmeticError", ExceptionClass)
	OverflowError      = exc("OverflowError", ArithmeticError)
	ZeroDivisionError  = exc("ZeroDivisionError", ArithmeticError)
	AssertionError     = exc("AssertionError", ExceptionClass)
	AttributeError     = exc("AttributeError", ExceptionClass)
	EOFError           = exc("EOFError", ExceptionClass)
	LookupError        = exc("LookupError", ExceptionClass)
	IndexError         = exc("IndexError", LookupError)
	KeyError           = exc("KeyError", LookupError)
	MemoryError        = exc("MemoryError", ExceptionClass)
	NameError          = exc("NameError", ExceptionClass)
	UnboundLocalError  = exc("UnboundLocalError", NameError)
	RuntimeError       = exc("RuntimeError", ExceptionClass)
	NotImplementedErr  = exc("NotImplementedError", RuntimeError)
	RecursionError     = exc("RecursionError", RuntimeError)
	StopIteration      = exc("StopIteration", ExceptionClass)
	SyntaxErrorClass   = exc("SyntaxError", ExceptionClass)
	IndentationError   = exc("IndentationError", SyntaxErrorClass)
	TabError           = exc("TabError", IndentationError)
	TypeError          = exc("TypeError", ExceptionClass)
	ValueError         = exc("ValueError", ExceptionClass)
	UnicodeError       = exc("UnicodeError", ValueError)
	UnicodeDecodeError = exc("UnicodeDecodeError", UnicodeError)
	UnicodeEncodeError = exc("UnicodeEncodeError", UnicodeError)
	ModuleNotFound     = exc("ModuleNotFoundError", exc("ImportError", ExceptionClass))
	InternalError      = exc("InternalError", ExceptionClass) // a sockshell bug, never Python's

	OSError                = exc("OSError", ExceptionClass)
	BlockingIOError        = exc("BlockingIOError", OSError)
	ChildProcessError      = exc("ChildProcessError", OSError)
	ConnectionError        = exc("ConnectionError", OSError)
	BrokenPipeError        = exc("BrokenPipeError", ConnectionError)
	ConnectionAbortedError = exc("ConnectionAbortedError", ConnectionError)
	ConnectionRefusedError = exc("ConnectionRefusedError", ConnectionError)
	ConnectionResetError   = exc("ConnectionResetError", ConnectionError)
	FileExistsError        = exc("FileExistsError", OSError)
	FileNotFoundError      = exc("FileNotFoundError", OSError)
	InterruptedError       = exc("InterruptedError", OSError)
	IsADirectoryError      = exc("IsADirectoryError", OSError)
	NotADirectoryError     = exc("NotADirectoryError", OSError)
	PermissionError        = exc("PermissionError", OSError)
	ProcessLookupError     = exc("ProcessLookupError", OSError)
	TimeoutError           = exc("TimeoutError", OSError)

	// The socket module's own.
	GAIError = &Class{Name: "gaierror", Module: "socket", Base: OSError}
	HError   = &Class{Name: "herror", Module: "socket", Base: OSError}
)

// ExceptionClasses are the builtin exception classes by name, as the
// builtins namespace holds them.
var ExceptionClasses = map[string]*Class{}

func exc(name string, base *Class) *Class {
	c := &Class{Name: name, Base: base}
	ExceptionClasses[name] = c
	return c
}

func init() {
	ExceptionClasses["BaseException"] = BaseException
	for _, c := range ExceptionClasses {
		c.New = newException(c)
	}
	GAIError.New = newException(GAIError)
	HError.New = newException(HError)
	delete(ExceptionClasses, "InternalError")
}

// Exception is a raised Python exception, and a Go error: what a command or
// a statement failed with. Args are its arguments as Python keeps them.
type Exception struct {
	Class *Class
	Args  []Value
	// Hint says in plain words what the error usually means and what to
	// try; a terminal session prints it under the error. It is not part of
	// the Python value.
	Hint string
	// Line is the line of the script where it was raised, once known.
	Line int
	// Context is the exception being handled when this one was raised.
	Context *Exception
	// Note is added to the error's line only, not to str(e): Python
	// 3.11's ". Did you mean: 'x'?".
	Note string
	// Cause is the exception raise ... from named.
	Cause *Exception
	// Attrs are attributes some exceptions carry (NameError's name,
	// UnicodeDecodeError's encoding, start, end and reason).
	Attrs map[string]Value
}

func (e *Exception) Type() *Class { return e.Class }

// Error is the exception as the last line of a Python traceback shows it:
// `ConnectionRefusedError: [Errno 111] Connection refused`.
func (e *Exception) Error() string {
	msg := e.Str() + e.Note
	if msg == "" {
		return e.Class.QualName()
	}
	return e.Class.QualName() + ": " + msg
}

// Str is Python's str(e).
func (e *Exception) Str() string {
	if s, ok := sslStr(e); ok {
		return s
	}
	if e.Class.IsSubclass(OSError) && !e.Class.IsSubclass(SSLError) && len(e.Args) >= 2 && len(e.Args) <= 3 {
		s := "[Errno " + StrOf(e.Args[0]) + "] " + StrOf(e.Args[1])
		if len(e.Args) == 3 {
			s += ": " + e.Args[2].Repr()
		}
		return s
	}
	switch len(e.Args) {
	case 0:
		return ""
	case 1:
		if e.Class.IsSubclass(KeyError) {
			return e.Args[0].Repr()
		}
		return StrOf(e.Args[0])
	}
	return Tuple(e.Args).Repr()
}

// Repr is Python's repr(e): ConnectionRefusedError(111, 'Connection refused').
func (e *Exception) Repr() string {
	args := e.Args
	if e.Class.IsSubclass(OSError) && len(args) == 3 {
		args = args[:2] // the filename is not in the repr's arguments
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a.Repr()
	}
	return e.Class.Name + "(" + strings.Join(parts, ", ") + ")"
}

// Attr gives args, errno, strerror and filename.
func (e *Exception) Attr(name string) (Value, bool) {
	switch name {
	case "args":
		args := e.Args
		if e.Class.IsSubclass(OSError) && len(args) == 3 {
			args = args[:2]
		}
		return Tuple(args), true
	case "__class__":
		return e.Class, true
	case "__cause__":
		if e.Cause == nil {
			return None, true
		}
		return e.Cause, true
	case "__context__":
		if e.Context == nil {
			return None, true
		}
		return e.Context, true
	case "__suppress_context__":
		return BoolOf(e.Cause != nil), true
	case "value":
		if e.Class.IsSubclass(StopIteration) {
			if len(e.Args) == 0 {
				return None, true
			}
			return e.Args[0], true
		}
	}
	if v, ok := e.Attrs[name]; ok {
		return v, true
	}
	if e.Class.IsSubclass(OSError) {
		errno, strerror, filename := None, None, None
		if len(e.Args) >= 2 && len(e.Args) <= 3 {
			errno, strerror = e.Args[0], e.Args[1]
			if len(e.Args) == 3 {
				filename = e.Args[2]
			}
		}
		switch name {
		case "errno":
			return errno, true
		case "strerror":
			return strerror, true
		case "filename":
			return filename, true
		}
	}
	if e.Class.IsSubclass(SystemExit) && name == "code" {
		if len(e.Args) == 0 {
			return None, true
		}
		return e.Args[0], true
	}
	return nil, false
}

// AttrNames lists the exception's attributes.
func (e *Exception) AttrNames() []string {
	if e.Class.IsSubclass(OSError) {
		return []string{"args", "errno", "filename", "strerror"}
	}
	return []string{"args"}
}

// Is lets errors.Is match an exception by class: errors.Is(err, Raise(TimeoutError)).
func (e *Exception) Is(target error) bool {
	t, ok := target.(*Exception)
	return ok && len(t.Args) == 0 && e.Class.IsSubclass(t.Class)
}

// Errorf makes an exception of class c whose message is the formatted text.
func Errorf(c *Class, format string, args ...any) *Exception {
	return &Exception{Class: c, Args: []Value{Str(fmt.Sprintf(format, args...))}}
}

// Raise makes an exception of class c with args.
func Raise(c *Class, args ...Value) *Exception {
	return &Exception{Class: c, Args: args}
}

// ErrnoException is OSError(errno, strerror) as Python makes it: the
// subclass that goes with the errno (ConnectionRefusedError for 111).
func ErrnoException(errno int, strerror string) *Exception {
	return &Exception{Class: ErrnoClass(errno), Args: []Value{Int(errno), Str(strerror)}}
}

// newException is an exception class's constructor. OSError(errno,
// strerror) picks its subclass from errno, as Python's does.
func newException(c *Class) func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	return func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		if len(kw) > 0 {
			return nil, Errorf(TypeError, "%s() takes no keyword arguments", c.Name)
		}
		cls := c
		if c == OSError && len(args) >= 2 {
			if n, ok := args[0].(Int); ok {
				cls = ErrnoClass(int(n))
			}
		}
		return &Exception{Class: cls, Args: append([]Value(nil), args...)}, nil
	}
}

// ErrnoClass is Python's OSError subclass for an errno (PEP 3151), by the
// numbers Linux uses.
func ErrnoClass(errno int) *Class {
	switch errno {
	case 11, 114, 115: // EAGAIN, EALREADY, EINPROGRESS
		return BlockingIOError
	case 10: // ECHILD
		return ChildProcessError
	case 32, 108: // EPIPE, ESHUTDOWN
		return BrokenPipeError
	case 103: // ECONNABORTED
		return ConnectionAbortedError
	case 111: // ECONNREFUSED
		return ConnectionRefusedError
	case 104: // ECONNRESET
		return ConnectionResetError
	case 17: // EEXIST
		return FileExistsError
	case 2: // ENOENT
		return FileNotFoundError
	case 4: // EINTR
		return InterruptedError
	case 21: // EISDIR
		return IsADirectoryError
	case 20: // ENOTDIR
		return NotADirectoryError
	case 13, 1: // EACCES, EPERM
		return PermissionError
	case 3: // ESRCH
		return ProcessLookupError
	case 110: // ETIMEDOUT
		return TimeoutError
	}
	return OSError
}
