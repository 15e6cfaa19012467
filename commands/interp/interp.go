// Package interp runs the trees package syntax reads: the lecture's Python
// (expressions, assignments, if/for/while, functions, try/except, with) and
// the shell's commands, one statement at a time, over the values of
// package value.
//
// It is the language's core and knows nothing of sockets: a shell command
// is run by the Host (package commands), which also supplies the modules
// (socket, select, ssl), the commands callable as functions, and how a
// result is shown. Python's scoping (local, enclosing, global, builtin),
// exceptions and their classes, and its limits (RecursionError past 1,000
// calls) are kept as Python keeps them.
package interp

import (
	"context"
	"errors"
	"time"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// Host is what the interpreter asks of the shell around it.
type Host interface {
	// Shell runs a statement in the shell's command form and returns its
	// result.
	Shell(ctx context.Context, st *syntax.Shell) (value.Value, error)
	// Lookup resolves a name that is neither a variable nor a builtin: a
	// command the Python form may call as a function (get_constants).
	Lookup(name string) (value.Value, bool)
	// Var resolves $name for the shell's variables syntax.
	Import(module string) (value.Value, error)
	// Display shows a top-level expression's value (not None).
	Display(v value.Value)
	// Exception turns an error a command returned (a failed system call)
	// into the Python exception the user sees.
	Exception(err error) *value.Exception
}

// Interp runs statements. It is for one goroutine at a time.
type Interp struct {
	Host     Host
	Globals  map[string]value.Value
	Builtins map[string]value.Value
	// Print writes what print() prints (already made safe for a terminal).
	Print func(text string)
	// Deadline, when set, bounds the running statement: a loop or a call
	// past it stops with TimeoutError (a script's runaway loop).
	Deadline time.Time
	// Timeout is what Deadline was made from, for its message.
	Timeout time.Duration
	// Dropped is set when a statement may have dropped the last reference
	// to a value holding a socket (a binding replaced or deleted, a socket
	// made), so the session checks what is still reachable.
	Dropped bool

	depth    int                // Python calls in progress
	handling []*value.Exception // exceptions being handled, for bare raise
	top      frame              // the module's frame, made once
	// ctx is the running statement's context, for what runs on behalf of
	// a later statement than the one that made it: a map or filter
	// object's function, called as the object is consumed.
	ctx context.Context
}

// New returns an interpreter with Python's builtins.
func New(h Host) *Interp {
	in := &Interp{Host: h, Globals: map[string]value.Value{}}
	in.Builtins = builtins(in)
	return in
}

// maxDepth is Python's default recursion limit.
const maxDepth = 1000

// control is how break, continue and return leave the statements they
// are in.
type control int

const (
	ctlNone control = iota
	ctlBreak
	ctlContinue
	ctlReturn
)

// frame is one running scope: the module's (globals) or a function call's.
type frame struct {
	vars    map[string]value.Value
	fn      *Function // nil at the top level
	parent  *frame    // the enclosing function's frame, for closures
	comp    bool      // a comprehension's scope
	ret     value.Value
	display bool // top-level code: expression statements show their value
}

// Exec runs one top-level statement: it evaluates, assigns or shows, and
// returns the error the user should see (a *value.Exception, or an error a
// command returned).
func (in *Interp) Exec(ctx context.Context, st syntax.Stmt) error {
	in.depth = 0
	in.handling = in.handling[:0]
	in.top = frame{vars: in.Globals, display: true}
	if _, isShell := st.(*syntax.Shell); !isShell {
		// Python code may run long loops inside builtins and methods
		// (sum(range(10**10))): they ask the interpreter (Stopped) about
		// Ctrl-C and the timeout. A shell command has its own ways.
		ctx = value.WithStopper(ctx, in)
	}
	in.ctx = ctx
	fr := &in.top
	c, err := in.exec(ctx, fr, st)
	if err != nil {
		return err
	}
	switch c {
	case ctlBreak:
		return syntaxError(st, "'break' outside loop")
	case ctlContinue:
		return syntaxError(st, "'continue' not properly in loop")
	case ctlReturn:
		return syntaxError(st, "'return' outside function")
	}
	return nil
}

func syntaxError(st syntax.Stmt, msg string) error {
	p := st.Position()
	return &syntax.Error{Class: value.SyntaxErrorClass, Msg: msg, Line: p.Line, Col: p.Col}
}

// stopped is the error for a statement stopped from outside: Ctrl-C
// (KeyboardInterrupt) or the script's timeout.
func (in *Interp) stopped(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return in.timedOut()
		}
		return value.Raise(value.KeyboardInterrupt)
	}
	if !in.Deadline.IsZero() && time.Now().After(in.Deadline) {
		return in.timedOut()
	}
	return nil
}

func (in *Interp) timedOut() error {
	e := value.Errorf(value.TimeoutError, "the statement ran longer than the script's timeout of %s", in.Timeout)
	e.Hint = "sockshell --timeout=SECONDS changes the limit (0: none)"
	return e
}

// tick checks, once per loop round or call, that the statement may go
// on.
func (in *Interp) tick(ctx context.Context) error {
	if ctx.Err() != nil || (!in.Deadline.IsZero() && time.Now().After(in.Deadline)) {
		return in.stopped(ctx)
	}
	return nil
}

// current is the running statement's context (see ctx).
func (in *Interp) current() context.Context {
	if in.ctx == nil {
		return context.Background()
	}
	return in.ctx
}

// Stopped is value.Stopper: the error that stops the running statement
// (Ctrl-C, the script's timeout), or nil.
func (in *Interp) Stopped(ctx context.Context) error { return in.tick(ctx) }

// exception turns any error into the exception Python code can catch.
func (in *Interp) exception(err error) *value.Exception {
	var e *value.Exception
	if errors.As(err, &e) {
		return e
	}
	return in.Host.Exception(err)
}
