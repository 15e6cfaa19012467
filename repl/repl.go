// Package repl reads sockshell's input and runs it: readline with a prompt,
// colour, history and completion on a terminal; a plain line reader for
// scripts, files and -c. It owns the loop, error reporting with source
// locations, Ctrl-C and signals, and the commands that drive the loop:
// stepping through a script, the built-in lesson and recording (it is the
// session's commands.Loop). What a line means is the commands package's
// job.
package repl

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"sockshell/commands"
	"sockshell/commands/syntax"
	"sockshell/commands/value"
	"sockshell/internal/layout"
)

// Prompt is shown before each statement on a terminal, and before each
// echoed statement in a transcript (--echo).
const Prompt = "sockshell> "

// ContinuePrompt is shown before each further line of a statement (a
// block, or a call whose brackets are still open), as IPython shows its
// own.
const ContinuePrompt = "      ...: "

// Exit statuses.
const (
	ExitOK          = 0   // every command succeeded
	ExitFailed      = 1   // some command failed
	ExitUsage       = 2   // the command line was wrong
	ExitInterrupted = 130 // a script was stopped by Ctrl-C (128+SIGINT)
	ExitTerminated  = 143 // stopped by SIGTERM (128+SIGTERM)
)

// Config says how to run a session.
type Config struct {
	Source      string    // where commands come from, for error locations: "<stdin>", a file, "-c"
	Echo        bool      // print each statement, prompt first, before its output
	ExitOnError bool      // stop at the first failed statement
	Stderr      io.Writer // errors and notes
	Colors      Colors
	// Step, on a terminal, is a script to step through from the start
	// (sockshell --step FILE), as if `step FILE` had been typed.
	Step string
	// Version, on a terminal, is shown in a one-line banner at the start;
	// "" (sockshell -q) shows none.
	Version string
}

// runner is the loop shared by every mode: it runs statements, reports
// errors and remembers whether anything failed.
type runner struct {
	sess *commands.Session
	cfg  Config
	// parser reads the units of the outermost runUnit (depth 1): what it
	// returns is valid until its next Parse, so a unit run from inside a
	// running statement (a lesson played by a script's command) is read
	// with Session.Parse instead.
	parser syntax.Parser
	depth  int
	hints  bool // print a plain-words hint under errors (stderr is a terminal)
	failed bool
	status int // set when the session must end with this status
	sigs   chan os.Signal
	quit   chan struct{} // ends watchSignals

	// Ctrl-C and SIGTERM reach the running statement through one watcher
	// for the whole session (watchSignals).
	sigMu       sync.Mutex
	cancel      context.CancelFunc // the running statement's; nil between statements
	got         os.Signal          // the signal the running statement caught
	pending     os.Signal          // a signal that came between statements
	idle        bool               // waiting for input: a signal ends a script at once
	interactive bool               // a person at a terminal: Ctrl-C at the prompt only clears the line
	leave       func(status int)   // ends the process from the watcher (scripts)

	ctx       context.Context // the statements' context (runTop)
	ctxCancel context.CancelFunc

	// The prompt's statement reader (interactive.go).
	offered     string // the step offered at the next prompt
	continuing  bool   // reading a statement's further lines
	readErr     error  // why the prompt's last read ended
	resetPrompt func()

	// Stepping, the lesson and recording (step.go, record.go).
	plan       *plan // the script being stepped through at the prompt
	controls   int   // control commands run, to tell a step's line from a control command
	inline     bool  // a script's step or lesson is running its statements
	lessonDone bool  // the lesson has been played to its end
	toldAside  bool  // the shell has said how a step set aside comes back
	// interrupted is set when Ctrl-C stopped a statement at the prompt:
	// a step so stopped is offered again.
	interrupted bool
	rec         recorder // where `record` writes

	// The session's statements, for %history and %save (inputs.go).
	inputs inputLog
	cur    *input // the input running

	outLost bool // writing results failed (output.go)
}

func newRunner(sess *commands.Session, cfg Config, hints bool) *runner {
	if cfg.Colors == (Colors{}) {
		cfg.Colors = NewColors(false, false) // a zero Config paints nothing
	}
	r := &runner{sess: sess, cfg: cfg, hints: hints, status: -1, sigs: make(chan os.Signal, 1), quit: make(chan struct{})}
	sess.Loop = r
	signal.Notify(r.sigs, os.Interrupt, syscall.SIGTERM)
	go r.watchSignals()
	return r
}

// stop ends the signal watcher and gives the signals back to the default
// handling.
func (r *runner) stop() {
	signal.Stop(r.sigs)
	close(r.quit)
	if r.ctxCancel != nil {
		r.ctxCancel()
	}
	r.rec.close()
}

// watchSignals cancels the running statement on the first signal it gets.
// A signal that comes while a script waits for its next line ends the
// script at once (leave); one at an interactive prompt is kept as pending
// for the next statement (runTop drops a Ctrl-C there, where it was a key).
func (r *runner) watchSignals() {
	for {
		select {
		case sig := <-r.sigs:
			r.sigMu.Lock()
			switch {
			case r.cancel != nil && r.got == nil:
				r.got = sig
				r.cancel()
			case r.idle && r.leavesOn(sig):
				r.leaveOn(sig) // with sigMu held: the loop cannot go on meanwhile
				return
			case r.pending == nil:
				r.pending = sig
			}
			r.sigMu.Unlock()
		case <-r.quit:
			return
		}
	}
}

// setIdle marks whether the loop is waiting for input (and so may be ended
// by a signal from the watcher). A signal that came just before the wait
// (while the results were flushed, say) ends the session there.
func (r *runner) setIdle(idle bool) {
	r.sigMu.Lock()
	r.idle = idle
	if idle && r.pending != nil && r.leavesOn(r.pending) {
		r.leaveOn(r.pending)
	}
	r.sigMu.Unlock()
}

// leavesOn reports whether sig, while the loop waits for input, ends the
// session: SIGTERM always, Ctrl-C in a script (at an interactive prompt
// Ctrl-C is a key that clears the line). sigMu is held.
func (r *runner) leavesOn(sig os.Signal) bool {
	return r.leave != nil && (sig == syscall.SIGTERM || !r.interactive)
}

// leaveOn ends the session for sig, with sigMu held (for good: leave does
// not return).
func (r *runner) leaveOn(sig os.Signal) {
	status := ExitInterrupted
	if sig == syscall.SIGTERM {
		status = ExitTerminated
	}
	r.leave(status)
}

// exitStatus is the status the session ends with.
func (r *runner) exitStatus() int {
	switch {
	case r.status >= 0:
		return r.status
	case r.failed:
		return ExitFailed
	}
	return ExitOK
}

// location is where a statement came from, for error reports:
// lab1.ss:12. The zero location (a line typed at the prompt) is shown as
// nothing.
type location struct {
	source string
	line   int
}

func (l location) String() string {
	if l == (location{}) {
		return ""
	}
	return l.source + ":" + strconv.Itoa(l.line)
}

// runUnit runs one statement as the line reader cut it (a line, or the
// lines of a block): parse, then each top-level statement in turn. loc
// gives its first line; in -c, numbered is the statement count so far
// (each statement is reported by its number there). It returns false when
// the session must end (exit, -e after a failure, a signal in a script).
func (r *runner) runUnit(u syntax.Unit, source string, interactive bool, numbered *int) bool {
	r.depth++
	defer func() { r.depth-- }()
	if r.cfg.Echo && numbered == nil {
		r.echo(u.Typed())
	}
	loc := func(line int) location {
		if interactive || source == "" {
			return location{}
		}
		if numbered != nil {
			return location{source, *numbered}
		}
		return location{source, line}
	}
	var in *input
	outer := r.cur
	if isComment(u) {
		r.inputs.comment(u.Lines) // kept with the next statement, for %save
	} else {
		in = r.inputs.add(u)
		controls := r.controls
		r.cur = in
		defer func() {
			if x := in.extras(); r.controls != controls && !x.magic && !x.query {
				in.more().control = true
			}
			r.cur = outer
		}()
	}
	if isMagic(u) {
		in.more().magic = true
		if numbered != nil {
			*numbered++
			if r.cfg.Echo {
				r.echo(u.Lines)
			}
		}
		if err := r.magic(strings.TrimSpace(u.Lines[0])); err != nil {
			r.report(loc(u.First), err)
			return !r.cfg.ExitOnError
		}
		return true
	}
	if call, pyHelp, ok := r.helpQuery(u); ok {
		// Asking for help is not the step offered, nor worth recording.
		r.controls++
		x := in.more()
		x.query, x.pyHelp = true, pyHelp
		u = syntax.Unit{Lines: []string{call}, First: u.First}
	}
	tops, err := r.parse(u)
	if err != nil && numbered != nil && len(u.Lines) == 1 {
		// -c 'a; b': a statement that cannot be read does not keep the
		// others on its line from running; each is numbered on its own.
		if pieces := splitStatements(u.Lines[0]); len(pieces) > 1 {
			r.inputs.drop() // each piece is an input of its own
			r.cur = outer
			for _, p := range pieces {
				if !r.runUnit(syntax.Unit{Lines: []string{p}, First: u.First}, source, interactive, numbered) {
					return false
				}
			}
			return true
		}
	}
	if err != nil {
		if numbered != nil {
			*numbered++
			if r.cfg.Echo {
				r.echo(u.Lines)
			}
		}
		r.recordUnit(u, err)
		if in != nil {
			in.more().bad = err
		}
		r.report(loc(errLine(err, u.First)), err)
		return !r.cfg.ExitOnError
	}
	if len(tops) == 0 {
		r.recordUnit(u, nil) // a comment
	}
	for _, top := range tops {
		if numbered != nil {
			*numbered++
			if r.cfg.Echo {
				r.echo(strings.Split(top.Src, "\n"))
			}
		}
		if !r.runTop(top, loc, interactive) {
			return false
		}
	}
	return true
}

// echo shows a statement's lines, prompt first, for a transcript (-x).
// They are shown escaped: a control byte in a script must not reach the
// terminal through the transcript either.
func (r *runner) echo(lines []string) {
	for i, l := range lines {
		prompt := Prompt
		if i > 0 {
			prompt = ContinuePrompt
		}
		if strings.TrimSpace(l) == "" {
			prompt, l = strings.TrimRight(prompt, " "), ""
		}
		r.sess.Out.WriteString(r.cfg.Colors.Prompt.Sprint(prompt) + value.ShowLine(l) + "\n")
	}
}

// splitStatements cuts a line at each ';' outside quotes and brackets,
// dropping a comment, so that each piece can be run and reported on by
// itself.
func splitStatements(src string) []string {
	var pieces []string
	start, depth := 0, 0
	var quote byte
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case quote != 0:
			switch c {
			case '\\':
				i++
			case quote:
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == '#':
			pieces = append(pieces, src[start:i])
			start = len(src)
			i = len(src)
		case c == ';' && depth <= 0:
			pieces = append(pieces, src[start:i])
			start = i + 1
		}
	}
	if start < len(src) {
		pieces = append(pieces, src[start:])
	}
	var out []string
	for _, p := range pieces {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// errLine is the line an error points at, or def.
func errLine(err error, def int) int {
	var se *syntax.Error
	if errors.As(err, &se) && se.Line > 0 {
		return se.Line
	}
	e := commands.AsException(err)
	if e.Line > 0 {
		return e.Line
	}
	return def
}

// parse is Session.Parse with a parser bug caught: like a handler's panic
// (which Session.Exec catches), it is reported and the session goes on.
func (r *runner) parse(u syntax.Unit) (tops []syntax.Top, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = value.Errorf(value.InternalError, "sockshell bug while reading %s: %v (please report it)", value.Quote(u.Text(), false), p)
		}
	}()
	first := u.First
	if r.interactive {
		first = 1 // at the prompt, each statement counts its lines from 1, as Python's REPL does
	}
	if r.depth == 1 {
		r.parser.Names = r.sess
		return r.parser.Parse(u.Text(), first)
	}
	return r.sess.Parse(u.Text(), first)
}

// runTop runs one top-level statement with Ctrl-C and SIGTERM wired to its
// context.
func (r *runner) runTop(top syntax.Top, loc func(line int) location, interactive bool) bool {
	// The statements share one context until a signal cancels it: a new
	// one for each would cost every statement of a script two allocations.
	if r.ctx == nil || r.ctx.Err() != nil {
		r.ctx, r.ctxCancel = context.WithCancel(context.Background())
	}
	ctx, cancel := r.ctx, r.ctxCancel
	r.sigMu.Lock()
	if interactive {
		// A Ctrl-C typed at the prompt was a key, not a signal; but a
		// signal sent from outside meanwhile must not cancel this command.
		select {
		case <-r.sigs:
		default:
		}
		if r.pending == os.Interrupt {
			r.pending = nil
		}
	}
	r.cancel, r.got = cancel, nil
	if r.pending != nil {
		r.got, r.pending = r.pending, nil
		cancel()
	}
	r.sigMu.Unlock()
	controls := r.controls
	rn, shown, own := r.beforeTop(top)
	err := r.sess.Exec(ctx, top)
	r.sigMu.Lock()
	got := r.got
	r.cancel, r.got = nil, nil
	r.sigMu.Unlock()
	if r.controls == controls {
		r.recordTop(top, err, got)
	}
	r.afterTop(rn, shown, own, err)
	if got == os.Interrupt && interactive {
		r.interrupted = true
	}
	switch {
	case got == syscall.SIGTERM:
		r.status = ExitTerminated
		return false
	case got != nil && !interactive:
		if err == nil || commands.IsExit(err) {
			err = value.Raise(value.KeyboardInterrupt)
		}
		r.report(loc(errLine(err, top.Line)), err)
		r.status = ExitInterrupted
		return false
	case commands.IsExit(err):
		if status := commands.ExitStatus(err); status != 0 {
			r.status = status
			if msg := exitMessage(err); msg != "" {
				r.sess.Notef("%s", msg)
			}
		} else if r.status < 0 && !r.failed {
			r.status = ExitOK
		}
		return false
	case err != nil:
		r.report(loc(errLine(err, top.Line)), err)
		return !r.cfg.ExitOnError
	}
	return true
}

// exitMessage is what exit('message') prints: the message, as Python
// prints a SystemExit's non-integer argument.
func exitMessage(err error) string {
	e := commands.AsException(err)
	if len(e.Args) == 1 {
		switch e.Args[0].(type) {
		case value.Int, value.Bool, value.NoneType:
			return ""
		}
		return value.Safe(value.StrOf(e.Args[0]), "")
	}
	return ""
}

// report shows an error as Python would name it, after the results printed
// so far: `loc: Type: message` in a script, the error and a hint on a
// terminal.
func (r *runner) report(loc location, err error) {
	r.failed = true
	e := commands.AsException(err)
	prefix := ""
	if loc != (location{}) && !r.cfg.Echo {
		// A transcript (--echo) shows the command just above its error,
		// as a REPL does, so the location would only be noise there.
		prefix = loc.String() + ": "
	}
	msg := prefix + r.cfg.Colors.Error.Sprint(value.Safe(e.Error(), ""))
	if r.hints && e.Hint != "" {
		// Wrapped, so that a projector's 80 columns never cut a word.
		msg += "\n" + r.cfg.Colors.Hint.Sprint(layout.Wrap("hint: "+e.Hint, r.sess.ProseWidth(), "      "))
	}
	// Through the session, so that results buffered so far come first and a
	// background server's note cannot cut the message in two.
	r.sess.Notef("%s", msg)
}
