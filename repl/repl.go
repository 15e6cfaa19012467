// Package repl reads sockshell's input and runs it: readline with a prompt,
// colour, history and completion on a terminal; a plain line reader for
// scripts, files and -c. It owns the loop, error reporting with source
// locations, and Ctrl-C; what a line means is the commands package's job.
package repl

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"

	"sockshell/commands"
)

// Prompt is shown before each command on a terminal, and before each echoed
// command in a transcript (--echo).
const Prompt = "sockshell> "

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
	Echo        bool      // print each command, prompt first, before its output
	ExitOnError bool      // stop at the first failed command
	Stderr      io.Writer // errors and notes
	Colors      Colors
	// Step, on a terminal, is a script to step through from the start
	// (sockshell --step FILE), as if `step FILE` had been typed.
	Step *commands.ControlRequest
}

// runner is the loop shared by every mode: it runs lines, reports errors
// and remembers whether anything failed.
type runner struct {
	sess   *commands.Session
	cfg    Config
	hints  bool // print a plain-words hint under errors (stderr is a terminal)
	failed bool
	status int // set when the session must end with this status
	sigs   chan os.Signal
	quit   chan struct{} // ends watchSignals

	continued []string // the lines of a statement read over several, for --echo

	// Ctrl-C and SIGTERM reach the running statement through one watcher
	// for the whole session (watchSignals); a watcher per statement cost a
	// goroutine and two scheduler wake-ups per command.
	sigMu   sync.Mutex
	cancel  context.CancelFunc // the running statement's; nil between statements
	got     os.Signal          // the signal the running statement caught
	pending os.Signal          // a signal that came between statements

	// stmtCtx is the statements' context, made again only after a signal
	// has cancelled it: a new one per statement cost two allocations a
	// command. Whatever a command derives from it (a timeout, a
	// context.AfterFunc) it must release itself before it returns, as
	// every command does (defer cancel, stop()); nothing else needs it.
	stmtCtx    context.Context
	stmtCancel context.CancelFunc

	// Stepping, the lesson and recording (step.go, record.go).
	plan       *plan    // the script being stepped through at the prompt
	controls   int      // control requests carried out, to tell a step's line from a control command
	inline     bool     // a script's step or lesson is running its commands
	lessonDone bool     // the lesson has been played to its end
	toldAside  bool     // the shell has said how a step set aside comes back
	rec        recorder // where `record` writes
}

func newRunner(sess *commands.Session, cfg Config, hints bool) *runner {
	r := &runner{sess: sess, cfg: cfg, hints: hints, status: -1, sigs: make(chan os.Signal, 1), quit: make(chan struct{})}
	signal.Notify(r.sigs, os.Interrupt, syscall.SIGTERM)
	go r.watchSignals()
	return r
}

// stop ends the signal watcher and gives the signals back to the default
// handling.
func (r *runner) stop() {
	signal.Stop(r.sigs)
	close(r.quit)
	if r.stmtCancel != nil {
		r.stmtCancel()
	}
}

// watchSignals cancels the running statement on the first signal it gets.
// A signal that comes between statements is kept as pending for the next
// one (runStmt drops it at the prompt, where Ctrl-C was a key); one more
// while a statement is already cancelled is kept the same way.
func (r *runner) watchSignals() {
	for {
		select {
		case sig := <-r.sigs:
			r.sigMu.Lock()
			if r.cancel != nil && r.got == nil {
				r.got = sig
				r.cancel()
			} else if r.pending == nil {
				r.pending = sig
			}
			r.sigMu.Unlock()
		case <-r.quit:
			return
		}
	}
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

// runLine runs one line of input. loc names it in error reports (none on a
// terminal, lab1.ss:12 in a script). It returns false when the session
// must end (exit, -e after a failure, a signal in a script).
func (r *runner) runLine(line string, loc location, interactive bool) bool {
	if r.cfg.Echo {
		// The line is shown escaped: a control byte in a script must not
		// reach the terminal through the transcript either. A call read over
		// several lines is shown as it was typed.
		shown := []string{line}
		if r.continued != nil {
			shown, r.continued = r.continued, nil
		}
		for i, l := range shown {
			prompt := Prompt
			if i > 0 {
				prompt = ContinuePrompt
			}
			r.sess.Out.WriteString(r.cfg.Colors.Prompt.Sprint(prompt) + commands.ShowLine(l) + "\n")
		}
	}
	stmts, err := parse(line)
	if err != nil {
		r.recordLine(line, err)
		r.report(loc, err)
		return !r.cfg.ExitOnError
	}
	if len(stmts) == 0 {
		r.recordLine(line, nil) // a comment
	}
	defer commands.Release(stmts)
	for _, st := range stmts {
		if !r.runStmt(st, loc, interactive) {
			return false
		}
	}
	return true
}

// parse is commands.Parse with a parser bug caught: like a handler's panic
// (which Session.Exec catches), it is reported and the session goes on.
func parse(line string) (stmts []commands.Stmt, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &commands.PyError{Type: "InternalError", Msg: fmt.Sprintf("sockshell bug while reading %q: %v (please report it)", commands.ShowLine(line), p)}
		}
	}()
	return commands.Parse(line)
}

// runStmt runs one statement with Ctrl-C and SIGTERM wired to its context.
func (r *runner) runStmt(st commands.Stmt, loc location, interactive bool) bool {
	if r.stmtCtx == nil || r.stmtCtx.Err() != nil {
		r.stmtCtx, r.stmtCancel = context.WithCancel(context.Background())
	}
	ctx, cancel := r.stmtCtx, r.stmtCancel
	r.sigMu.Lock()
	if interactive {
		// A Ctrl-C typed at the prompt was a key, not a signal; but a
		// signal sent from outside meanwhile must not cancel this command.
		select {
		case <-r.sigs:
		default:
		}
		r.pending = nil
	}
	r.cancel, r.got = cancel, nil
	if r.pending != nil {
		r.got, r.pending = r.pending, nil
		cancel()
	}
	r.sigMu.Unlock()
	err := r.sess.Exec(ctx, st)
	r.sigMu.Lock()
	got := r.got
	r.cancel, r.got = nil, nil
	r.sigMu.Unlock()
	r.recordStmt(st.Src, err, got)
	switch {
	case got == syscall.SIGTERM:
		r.status = ExitTerminated
		return false
	case got != nil && !interactive:
		if err == nil || commands.IsExit(err) {
			err = &commands.PyError{Type: "KeyboardInterrupt"}
		}
		r.report(loc, err)
		r.status = ExitInterrupted
		return false
	case asControl(err) != nil:
		return r.control(asControl(err), loc, interactive)
	case commands.IsExit(err):
		return false
	case err != nil:
		r.report(loc, err)
		return !r.cfg.ExitOnError
	}
	return true
}

// location is where a line came from, for error reports: lab1.ss:12. The
// zero location (a line typed at the prompt) is shown as nothing. It is
// made into text only for an error, not for every line a script runs.
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

// report shows an error as Python would name it, after the results printed
// so far: `loc: Type: message` in a script, the error and a hint on a
// terminal.
func (r *runner) report(loc location, err error) {
	r.failed = true
	e := commands.AsPyError(err)
	prefix := ""
	if loc != (location{}) && !r.cfg.Echo {
		// A transcript (--echo) shows the command just above its error,
		// as a REPL does, so the location would only be noise there.
		prefix = loc.String() + ": "
	}
	msg := prefix + r.cfg.Colors.Error.Sprint(e.Error())
	if r.hints && e.Hint != "" {
		msg += "\n" + r.cfg.Colors.Hint.Sprint("hint: "+e.Hint)
	}
	// Through the session, so that results buffered so far come first and a
	// background server's note cannot cut the message in two.
	r.sess.Notef("%s", msg)
}
