package repl

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/chzyer/readline"

	"sockshell/commands"
	"sockshell/commands/syntax"
)

// errDropped is a statement dropped by Ctrl-C while its lines were typed.
var errDropped = errors.New("dropped")

// RunInteractive runs the shell for a person at a terminal: a prompt, line
// editing, history in historyFile ("" for none), tab completion, Ctrl-C to
// drop a line, Ctrl-D or exit to leave. When stdout is not a terminal
// (`sockshell | tee log`) the prompt and echo go to stderr, so stdout holds
// results only.
func RunInteractive(sess *commands.Session, cfg Config, historyFile string) int {
	promptOut := io.Writer(os.Stdout)
	stdoutIsTerminal := IsTerminal(os.Stdout)
	if !stdoutIsTerminal {
		promptOut = os.Stderr
	}
	if historyFile != "" {
		if err := prepareHistory(historyFile); err != nil {
			sess.Notef("warning: no history this session: %v", err)
			historyFile = ""
		}
	}
	in, err := newTermInput(int(os.Stdin.Fd()))
	if err != nil {
		sess.Notef("sockshell: cannot start line editing: %v", err)
		return RunScript(sess, os.Stdin, cfg, false)
	}
	paste := &pasteListener{in: in}
	pass := newPassthrough(in) // interact's keys (interact.go)
	var rl *readline.Instance
	openingHistory(func() {
		rl, err = readline.NewEx(&readline.Config{
			Prompt:                 cfg.Colors.Prompt.Sprint(Prompt),
			HistoryFile:            historyFile,
			HistoryLimit:           1000,
			DisableAutoSaveHistory: true,
			AutoComplete:           &completer{sess: sess},
			InterruptPrompt:        "^C",
			EOFPrompt:              "exit",
			HistorySearchFold:      true,
			Stdin:                  pass,
			Stdout:                 promptOut,
			Stderr:                 os.Stderr,
			FuncMakeRaw:            in.enterRaw,
			FuncExitRaw:            in.exitRaw,
			Listener:               paste,
			Painter:                paste,
		})
	})
	if err != nil {
		in.Close()
		sess.Notef("sockshell: cannot start line editing: %v", err)
		return RunScript(sess, os.Stdin, cfg, false)
	}
	paste.searching = rl.Operation.IsSearchMode
	// Closing the input first ends readline's read, which its Close waits
	// for; its Close gives the terminal back.
	closeTerminal := func() {
		in.Close()
		rl.Close()
	}
	defer closeTerminal()
	errOut := io.Writer(fitWriter{rl.Stderr()})
	if stdoutIsTerminal {
		sess.SetOutput(rl.Stdout(), errOut)
	} else {
		sess.SetOutput(os.Stdout, errOut)
	}
	cfg.Stderr = errOut
	cfg.Echo = false // readline has shown the line already
	r := newRunner(sess, cfg, true)
	r.interactive = true
	sess.Loop = &terminalLoop{runner: r, rl: rl, pass: pass}
	r.leave = func(status int) {
		// SIGTERM at the prompt (watchSignals holds sigMu, so the loop
		// stays where it is): give the terminal back, on a new line, stop
		// the servers and leave.
		closeTerminal()
		io.WriteString(promptOut, "\n")
		sess.Close()
		os.Exit(status)
	}
	defer r.stop()
	if cfg.Version != "" {
		r.note("%s", banner(cfg.Version))
	}
	if cfg.Step != "" {
		r.Step(nil, cfg.Step)
	}
	rd := r.promptReader(rl)
	for {
		// While stepping (step.go), the next statement is offered already
		// typed.
		offered := r.offer()
		r.offered = offered
		u, err := r.readStatement(rd)
		if errors.Is(err, errDropped) {
			r.setAside(offered)
			continue // Ctrl-C drops the statement and keeps the shell
		}
		if err != nil {
			if r.endOfInput() {
				continue // Ctrl-D while stepping stops the stepping only
			}
			break // io.EOF: Ctrl-D on an empty line
		}
		if strings.TrimSpace(u.Text()) == "" {
			if !r.emptyLine() {
				break
			}
			continue
		}
		u = r.typedControl(u, offered)
		rl.SaveHistory(u.Text())
		ok := r.runPrompted(u, offered)
		sess.Flush()
		if !ok || r.outputLost() {
			break
		}
	}
	sess.Flush()
	r.outputLost()
	// A person's typing errors were answered one by one; leaving is a
	// success, as in Python's REPL, unless exit asked for a status or a
	// signal set one.
	if r.status >= 0 {
		return r.status
	}
	return ExitOK
}

// promptReader is the statement reader of the prompt: the first line of
// a statement is read with the offered step already typed; the lines after
// it under the continuation prompt.
func (r *runner) promptReader(rl *readline.Instance) *syntax.Reader {
	rd := &syntax.Reader{Names: r.sess, Mode: syntax.Interactive}
	rd.Next = func() (string, error) {
		var line string
		var err error
		// What the last statement printed shows before the prompt, also
		// when stdout is not the terminal (sockshell | tee log).
		r.sess.Flush()
		r.setIdle(true)
		if r.continuing {
			line, err = rl.Readline()
		} else {
			r.resetPrompt()
			line, err = rl.ReadlineWithDefault(r.offered)
		}
		r.setIdle(false)
		if errors.Is(err, readline.ErrInterrupt) {
			r.readErr = errDropped
			return "", io.EOF
		}
		if err != nil {
			r.readErr = err
			return "", err
		}
		return line, nil
	}
	rd.More = func() {
		r.continuing = true
		rl.SetPrompt(r.cfg.Colors.Prompt.Sprint(ContinuePrompt))
	}
	r.resetPrompt = func() {
		prompt := r.plan.prompt() // step 3/15> while a step is offered
		if prompt == "" {
			prompt = Prompt
		}
		rl.SetPrompt(r.cfg.Colors.Prompt.Sprint(prompt))
	}
	return rd
}

// readStatement reads one statement at the prompt: a line, or the lines
// of a block or of a call left open, under the continuation prompt.
func (r *runner) readStatement(rd *syntax.Reader) (syntax.Unit, error) {
	r.continuing, r.readErr = false, nil
	u, err := rd.Read()
	r.continuing = false
	r.resetPrompt()
	if r.readErr != nil && (len(u.Lines) == 0 || r.readErr == errDropped) {
		return syntax.Unit{}, r.readErr
	}
	if err != nil && len(u.Lines) == 0 {
		return syntax.Unit{}, err
	}
	return u, nil
}
