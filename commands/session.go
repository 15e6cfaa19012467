package commands

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"sockshell/commands/interp"
	"sockshell/commands/syntax"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// Options set how a session behaves.
type Options struct {
	// Interactive is true when a person types at a terminal: blocking calls
	// say what they wait for, errors carry hints, and sockets closed
	// because nothing refers to them any more are noted.
	Interactive bool
	// Timeout bounds every blocking call on a socket with no timeout of its
	// own, and each statement of a script; 0 waits forever. Scripted
	// sessions set it so they never hang.
	Timeout time.Duration
	// Verbose starts the session with the local servers' connection log on
	// (the -v flag; the log command turns it on and off).
	Verbose bool
	// Trace starts the session with the system-call trace on (the --trace
	// flag; the trace command turns it on and off).
	Trace bool
	// Color lets what the shell draws on stdout (the diagram's lanes) be
	// coloured: --color, NO_COLOR and whether stdout is a terminal, as
	// main decides them.
	Color bool
	// Width, when set, is how many columns the shell's tables and text
	// may take: the terminal's width, read at each call so that a
	// resized window counts; 0 means no limit (a script's output keeps
	// its full width). Package repl provides it (repl.OutputWidth).
	Width func() int
}

// Loop is what the commands that drive the shell's loop (step, lesson,
// record) or take over its terminal (interact) ask of it. Package repl
// provides it; a session without one answers that these commands need
// the command loop.
type Loop interface {
	// Step plays a script (FILE), or with what "status", "skip", "next",
	// "back", "off" or a line number, controls the stepping.
	Step(c *Call, what string) error
	// Lesson plays the built-in lesson from a section ("" for where it
	// is, or the start).
	Lesson(c *Call, section string) error
	// Record records to a file ("off" stops, "" says where), appending
	// when asked.
	Record(c *Call, file string, appending bool) error
	// Interact hands the terminal to a conversation (the interact
	// command): see Conversation. A loop without a terminal refuses with
	// c.NoTerminal().
	Interact(c *Call, conv Conversation) error
}

// Conversation is a connection the loop hands the terminal to (package
// linecmd's interact): Start, then Send for each line typed, then Stop,
// which ends and joins whatever Start began.
type Conversation interface {
	// Prompt is the prompt for the lines typed.
	Prompt() string
	// Start begins showing what arrives on w; ended is called when the
	// conversation ends by itself (the peer closed).
	Start(w io.Writer, ended func())
	// Send sends a line typed.
	Send(line string) error
	// Stop ends the conversation.
	Stop()
}

// Session is one run of the shell: its variables, its sockets and where
// its output goes. It is not safe for concurrent Exec calls; background
// work (local servers) writes only through Logf.
type Session struct {
	// Out receives results. It is buffered: the session flushes it before
	// anything goes to Err and before it blocks, so output keeps its order.
	Out  *bufio.Writer
	Err  io.Writer
	Opts Options
	// Loop carries out step, lesson and record (package repl sets it).
	Loop Loop

	in        *interp.Interp
	modules   map[string]*value.Module
	sockClass *value.Class // socket.socket (module.go)
	sockets   []*Socket    // open and closed sockets, in creation order
	said      map[string]bool
	errMu     sync.Mutex
	closers   []func()         // run by Close, last registered first
	trace     *netinfo.Trace   // the system-call trace (cmd_trace.go), made on first use
	wait      waitState        // the running blocking call's (wait.go)
	hexView   bool             // view hex: bytes results show as hex dumps (cmd_view.go)
	shown     int              // values shown at the top level (pyform.go)
	ownUses   int              // sockshell's own commands called in Python form (pyform.go)
	lastErr   *value.Exception // for explain with no argument
	later     []string         // notes to give after the statement's result (notes.go)

	resources []Resource  // values holding a descriptor of their own (lifetime.go)
	states    map[any]any // the command packages' own (State)
}

// LastError is the session's last error, as the user saw it, or nil.
func (s *Session) LastError() *value.Exception { return s.lastErr }

// SocketByFD returns the session's open socket with descriptor fd.
func (s *Session) SocketByFD(fd int) (*Socket, bool) {
	for _, v := range s.sockets {
		if !v.sock.Closed() && v.sock.FD() == fd {
			return v, true
		}
	}
	return nil, false
}

// Sockets returns the session's sockets, open and closed, in the order
// they were made (a copy: the caller may keep or change it).
func (s *Session) Sockets() []*Socket { return slices.Clone(s.sockets) }

// State returns what a command package keeps for the session under key
// (a value of a type of its own), made by init the first time: its
// classes, its servers. Packages call it rather than add fields here.
func (s *Session) State(key any, init func() any) any {
	v, ok := s.states[key]
	if !ok {
		if s.states == nil {
			s.states = map[any]any{}
		}
		v = init()
		s.states[key] = v
	}
	return v
}

// NewSession returns a session writing results to out and messages to errw.
func NewSession(out, errw io.Writer, opts Options) *Session {
	s := &Session{
		Out:     bufio.NewWriterSize(out, 64<<10),
		Err:     errw,
		Opts:    opts,
		said:    make(map[string]bool),
		modules: make(map[string]*value.Module),
	}
	s.in = interp.New(s)
	// The socket module is there without an import, as the lecture's
	// first line has always imported it.
	s.in.Builtins["socket"] = s.socketModule()
	s.in.Print = func(text string) { s.Out.WriteString(text) }
	s.in.Builtins["help"] = &value.Builtin{Name: "help", Fn: s.pyHelp}
	return s
}

// Width is the number of columns results may take (Options.Width), or 0
// for no limit.
func (s *Session) Width() int {
	if s.Opts.Width == nil {
		return 0
	}
	return max(s.Opts.Width(), 0)
}

// Flush writes out any buffered results.
func (s *Session) Flush() { s.Out.Flush() }

// Notef writes a note or warning to Err, after flushing results so that
// the two streams keep their order on a shared terminal. It flushes Out, so
// another goroutine may call it only while the session's own goroutine is
// held in a blocking call and leaves Out alone (the "waiting for ..." note
// of a blocking call); background work that outlives a call uses Logf.
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

// WithErr runs f with the session's Err held, as every write to it is:
// f may write to *err, or put a writer of its own in its place (a status
// line that keeps to the bottom of the terminal) and later put it back.
// Logf and Notef wait meanwhile.
func (s *Session) WithErr(f func(err *io.Writer)) {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	f(&s.Err)
}

// StatementDeadline is when the running statement must end (a script's
// --timeout bounds each statement), zero for no limit.
func (s *Session) StatementDeadline() time.Time { return s.in.Deadline }

// NoteOnce writes a note only the first time key is seen in the session.
func (s *Session) NoteOnce(key, format string, args ...any) {
	if s.said[key] {
		return
	}
	s.said[key] = true
	s.Notef(format, args...)
}

// Var returns the value of a variable.
func (s *Session) Var(name string) (value.Value, bool) {
	v, ok := s.in.Globals[name]
	return v, ok
}

// VarNames returns the names of all variables, sorted (for completion).
func (s *Session) VarNames() []string { return slices.Sorted(maps.Keys(s.in.Globals)) }

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
		sk.sock.Close()
	}
	s.Flush()
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

// Parse reads src (a statement as the line reader cut it; first is its
// first line's number) into statements, telling shell commands from
// Python by the session's commands and variables.
func (s *Session) Parse(src string, first int) ([]syntax.Top, error) {
	return syntax.Parse(src, first, s)
}

// Run parses src and runs its statements in order, stopping at the
// first error. It is for tests and programs that drive a session; the
// shell's loop parses and runs statement by statement itself, to step,
// trace and record each one.
func (s *Session) Run(ctx context.Context, src string) error {
	tops, err := s.Parse(src, 1)
	for _, top := range tops {
		if err != nil {
			break
		}
		err = s.Exec(ctx, top)
	}
	return err
}

// IsCommand and IsVariable tell the parser what names mean (syntax.Names).
func (s *Session) IsCommand(name string) bool {
	_, ok := commandsByName[name]
	return ok
}

// IsVariable reports whether the user has a variable (or function) of
// that name.
func (s *Session) IsVariable(name string) bool {
	v, ok := s.in.Globals[name]
	// `import socket` does not make `socket` a variable that hides the
	// command: `s = socket` still makes a socket.
	return ok && v != value.Value(s.modules["socket"])
}

// Exec runs one statement and returns the error the user should see. A
// panic in a handler is caught here and returned as an internal error, so
// no bug ever ends the session. Afterwards, a socket nothing refers to any
// more is closed, as CPython closes it (lifetime.go).
func (s *Session) Exec(ctx context.Context, top syntax.Top) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = Errorf(value.InternalError, "sockshell bug while running %s: %v (please report it)", strconv.Quote(value.ShowLine(top.Src)), r)
		}
	}()
	st := top.Stmt
	if !s.Opts.Interactive && s.Opts.Timeout > 0 {
		s.in.Deadline, s.in.Timeout = time.Now().Add(s.Opts.Timeout), s.Opts.Timeout
	} else {
		s.in.Deadline = time.Time{}
	}
	before := len(s.sockets)
	err = s.in.Exec(ctx, st)
	if err != nil {
		err = s.commandHint(st, err)
		s.lastErr = AsException(err)
	}
	s.giveLaterNotes()
	// A shell command drops a socket only by a binding it replaces
	// (Dropped); a Python statement may also drop one in place, through a
	// method (l.clear(), l[0] = None), so after one any open socket is
	// looked for.
	_, shell := st.(*syntax.Shell)
	if len(s.sockets) > before || s.in.Dropped || !shell && s.anyOpen() {
		s.in.Dropped = false
		s.closeUnreachable()
	}
	for _, f := range afterStatement {
		f(s)
	}
	return err
}

// afterStatement are the command packages' hooks (AfterStatement).
var afterStatement []func(*Session)

// AfterStatement registers f to run after each top-level statement of
// every session, its notes given and the sockets nothing refers to
// closed: package diagramcmd reads the sockets' TCP states there. A
// command package calls it from its init.
func AfterStatement(f func(*Session)) { afterStatement = append(afterStatement, f) }

// Display shows a top-level result as IPython does (interp.Host).
func (s *Session) Display(v value.Value) {
	s.shown++
	if s.displayHex(v) {
		return
	}
	s.Out.WriteString(s.pretty(v))
	s.Out.WriteByte('\n')
}

// Exception turns a command's error into its Python exception
// (interp.Host).
func (s *Session) Exception(err error) *value.Exception { return AsException(err) }

// Shell runs a shell command (interp.Host).
func (s *Session) Shell(ctx context.Context, st *syntax.Shell) (value.Value, error) {
	return s.callShell(ctx, st)
}

// Lookup resolves a name the Python form uses that is neither a variable
// nor a builtin (interp.Host): a socket constant, as the shell's words
// name them (families[AF_INET], as after `from socket import *`), or one
// of sockshell's own commands, callable as a function
// (get_constants('AF_')).
func (s *Session) Lookup(name string) (value.Value, bool) {
	if c, ok := constant(name); ok {
		return c, true
	}
	cmd, ok := commandsByName[name]
	if !ok || cmd.Py != nil {
		return nil, false
	}
	s.ownUses++
	return s.commandFunc(cmd, nil), true
}

// commandFunc is a command as a Python callable: socket.NAME for a
// function of the socket module, s.NAME bound to self for a method, NAME
// for sockshell's own.
func (s *Session) commandFunc(cmd *Command, self value.Value) *value.Builtin {
	return &value.Builtin{Name: cmd.pyName(), Self: self, Fn: func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		return s.CallPython(ctx, cmd, self, args, kw)
	}}
}

// Keep makes v the last value, _, as a result shown would: for what a
// command received before it failed.
func (s *Session) Keep(v value.Value) { s.in.Builtins["_"] = v }

// Members lists what completion may offer after path. (a dotted name: a
// variable, or the socket module, and attributes after it), or false when
// path names nothing. It runs no code: it only looks names up.
func (s *Session) Members(path string) ([]string, bool) {
	parts := strings.Split(path, ".")
	v, ok := s.in.Globals[parts[0]]
	if !ok {
		v, ok = s.in.Builtins[parts[0]]
	}
	if !ok {
		return nil, false
	}
	for _, a := range parts[1:] {
		var err error
		if v, err = value.GetAttr(v, a); err != nil {
			return nil, false
		}
	}
	var names []string
	for _, n := range value.Dir(v) {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	return names, true
}

// SocketNames lists the variables that hold a socket (completion of a
// SOCKET argument).
func (s *Session) SocketNames() []string {
	var names []string
	for n, v := range s.in.Globals {
		if _, ok := v.(*Socket); ok {
			names = append(names, n)
		}
	}
	return names
}

// BuiltinNames lists Python's builtins the session has (completion).
func (s *Session) BuiltinNames() []string {
	var names []string
	for n := range s.in.Builtins {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	return names
}
