package commands

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"sockshell/netinfo"
)

// Options set how a session behaves.
type Options struct {
	// Interactive is true when a person types at a terminal: blocking calls
	// say what they wait for, and errors carry hints.
	Interactive bool
	// Timeout bounds every blocking call on a socket with no timeout of its
	// own; 0 waits forever. Scripted sessions set it so they never hang.
	Timeout time.Duration
	// Verbose starts the session with the local servers' connection log on
	// (the -v flag; the log command turns it on and off).
	Verbose bool
	// Trace starts the session with the system-call trace on (the --trace
	// flag; the trace command turns it on and off).
	Trace bool
}

// Session is one run of the shell: its variables, its sockets and where its
// output goes. It is not safe for concurrent Exec calls; background work
// (local servers) writes only through Logf.
type Session struct {
	// Out receives results. It is buffered: the session flushes it before
	// anything goes to Err and before it blocks, so output keeps its order.
	Out  *bufio.Writer
	Err  io.Writer
	Opts Options

	vars    map[string]Value
	sockets []*Socket // open and closed sockets, in creation order
	said    map[string]bool
	errMu   sync.Mutex
	closers []func()       // run by Close, last registered first
	peers   *peerSet       // the local servers (cmd_peers.go), made on first use
	trace   *netinfo.Trace // the system-call trace (cmd_trace.go), made on first use
	block   blockState     // Call.blocking's, reused between calls (socket.go)

	spareCall *Call // a Call that ended, for the next command (eval.go)
}

// NewSession returns a session writing results to out and messages to errw.
func NewSession(out, errw io.Writer, opts Options) *Session {
	return &Session{
		Out:  bufio.NewWriterSize(out, 64<<10),
		Err:  errw,
		Opts: opts,
		vars: make(map[string]Value),
		said: make(map[string]bool),
	}
}

// Flush writes out any buffered results.
func (s *Session) Flush() { s.Out.Flush() }

// Notef writes a note or warning to Err, after flushing results so that
// the two streams keep their order on a shared terminal. It flushes Out, so
// another goroutine may call it only while the session's own goroutine is
// held in a blocking call and leaves Out alone (the "waiting for ..." note
// of Call.blocking); background work that outlives a call uses Logf.
func (s *Session) Notef(format string, args ...any) {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	s.Out.Flush()
	fmt.Fprintf(s.Err, format+"\n", args...)
}

// Logf writes a line from background work (a local server's log) to Err.
// Unlike Notef it leaves Out alone: only the session's own goroutine may
// touch that buffer.
func (s *Session) Logf(format string, args ...any) {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	fmt.Fprintf(s.Err, format+"\n", args...)
}

// noteOnce writes a note only the first time key is seen in the session.
func (s *Session) noteOnce(key, format string, args ...any) {
	if s.said[key] {
		return
	}
	s.said[key] = true
	s.Notef(format, args...)
}

// Var returns the value of a variable.
func (s *Session) Var(name string) (Value, bool) {
	v, ok := s.vars[name]
	return v, ok
}

// VarNames returns the names of all variables, sorted (for completion).
func (s *Session) VarNames() []string { return slices.Sorted(maps.Keys(s.vars)) }

// OnClose registers f to run when the session ends (stopping a local
// server, say).
func (s *Session) OnClose(f func()) { s.closers = append(s.closers, f) }

// Close ends the session: it runs the OnClose functions and closes every
// socket still open.
func (s *Session) Close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
	for _, sk := range s.sockets {
		sk.close()
	}
	s.Flush()
}

// Exec runs one statement: it evaluates the expression, assigns or prints
// the result, and returns the error the user should see. A panic in a
// handler is caught here and returned as an internal error, so no bug ever
// ends the session.
func (s *Session) Exec(ctx context.Context, st Stmt) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PyError{Type: "InternalError", Msg: fmt.Sprintf("sockshell bug while running %q: %v (please report it)", st.Src, r)}
		}
	}()
	v, err := s.eval(ctx, st.X)
	if err != nil {
		return err
	}
	if v == nil {
		v = None // a handler that returns (nil, nil) means "nothing to show"
	}
	if st.Targets == nil {
		if _, none := v.(NoneType); !none {
			s.Out.WriteString(Pretty(v))
			s.Out.WriteByte('\n')
		}
		return nil
	}
	return s.assign(st, v)
}

func (s *Session) assign(st Stmt, v Value) error {
	for _, name := range st.Targets {
		if err := checkAssignable(name); err != nil {
			return err
		}
	}
	if st.Op == "+=" {
		old, ok := s.vars[st.Targets[0]]
		if !ok {
			return pyErrorf("NameError", "name '%s' is not defined", st.Targets[0])
		}
		sum, err := add(old, v)
		if err != nil {
			return err
		}
		s.setVar(st.Targets[0], sum)
		return nil
	}
	if len(st.Targets) == 1 {
		s.setVar(st.Targets[0], v)
		return nil
	}
	items, ok := iterate(v) // as Python unpacks: a, b = 'xy' too
	if !ok {
		return typeErrorf("cannot unpack non-iterable %s object", typeName(v))
	}
	if len(items) != len(st.Targets) {
		if len(items) > len(st.Targets) {
			return valueErrorf("too many values to unpack (expected %d)", len(st.Targets))
		}
		return valueErrorf("not enough values to unpack (expected %d, got %d)", len(st.Targets), len(items))
	}
	for i, name := range st.Targets {
		s.setVar(name, items[i])
	}
	return nil
}

func (s *Session) setVar(name string, v Value) {
	if sk, ok := v.(*Socket); ok && sk.name == "" {
		sk.name = name
	}
	s.vars[name] = v
}

// checkAssignable refuses names that would hide a command or a constant, so
// that a bare word always means one thing.
func checkAssignable(name string) error {
	if _, ok := Lookup(name); ok {
		return pyErrorf("NameError", "'%s' is a command; choose another variable name", name)
	}
	if _, ok := constant(name); ok {
		return pyErrorf("NameError", "'%s' is a socket constant; choose another variable name", name)
	}
	switch name {
	case "None", "True", "False":
		return &PyError{Type: "SyntaxError", Msg: "cannot assign to " + name}
	}
	return nil
}

// add is Python's + for the values += supports: str, bytes, int.
func add(a, b Value) (Value, error) {
	switch a := a.(type) {
	case Str:
		if b, ok := b.(Str); ok {
			return a + b, nil
		}
		return nil, typeErrorf(`can only concatenate str (not "%s") to str`, typeName(b))
	case Bytes:
		if b, ok := b.(Bytes); ok {
			return Bytes(append(append([]byte{}, a...), b...)), nil
		}
		return nil, typeErrorf("can't concat %s to bytes", typeName(b))
	case Int:
		if b, ok := b.(Int); ok {
			return a + b, nil
		}
	}
	return nil, typeErrorf("unsupported operand type(s) for +=: '%s' and '%s'", typeName(a), typeName(b))
}

// sequence returns the items of a tuple or list.
func sequence(v Value) ([]Value, bool) {
	switch v := v.(type) {
	case Tuple:
		return v, true
	case List:
		return v, true
	}
	return nil, false
}

// typeName is Python's type(v).__name__.
func typeName(v Value) string {
	switch v := v.(type) {
	case Int:
		return "int"
	case Float:
		return "float"
	case Str:
		return "str"
	case Bytes:
		return "bytes"
	case Bool:
		return "bool"
	case NoneType:
		return "NoneType"
	case Tuple:
		return "tuple"
	case List:
		return "list"
	case Dict:
		return "dict"
	case Enum:
		return v.Class.String()
	case *Socket:
		return "socket"
	}
	return strings.ToLower(fmt.Sprintf("%T", v))
}

// SetOutput points the session at new writers (the terminal's, once line
// editing has started), flushing what was buffered for the old ones.
func (s *Session) SetOutput(out, errw io.Writer) {
	s.Out.Flush()
	s.Out.Reset(out)
	s.errMu.Lock()
	s.Err = errw
	s.errMu.Unlock()
}
