package repl

import (
	"errors"
	"io"
	"os"

	"github.com/chzyer/readline"

	"sockshell/commands"
)

// ContinuePrompt is shown while a Python call split over several lines is
// still open, as IPython shows its own.
const ContinuePrompt = "      ...: "

// readContinued reads the rest of a Python call whose brackets line leaves
// open, a line at a time under the continuation prompt, and returns the
// whole statement.
func readContinued(rl *readline.Instance, cfg Config, line string) (string, error) {
	if !commands.Incomplete(line) {
		return line, nil
	}
	rl.SetPrompt(cfg.Colors.Prompt.Sprint(ContinuePrompt))
	defer rl.SetPrompt(cfg.Colors.Prompt.Sprint(Prompt))
	parts := []string{line}
	for commands.Incomplete(line) && len(parts) < maxContinued {
		next, err := rl.Readline()
		if err != nil {
			return "", err
		}
		parts = append(parts, next)
		line = commands.JoinContinued(parts)
	}
	return line, nil
}

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
	rl, err := readline.NewEx(&readline.Config{
		Prompt:            cfg.Colors.Prompt.Sprint(Prompt),
		HistoryFile:       historyFile,
		HistoryLimit:      1000,
		AutoComplete:      &completer{sess: sess},
		InterruptPrompt:   "^C",
		EOFPrompt:         "exit",
		HistorySearchFold: true,
		Stdout:            promptOut,
		Stderr:            os.Stderr,
	})
	if err != nil {
		sess.Notef("sockshell: cannot start line editing: %v", err)
		return RunScript(sess, os.Stdin, cfg)
	}
	defer rl.Close()
	errOut := rl.Stderr()
	if stdoutIsTerminal {
		sess.SetOutput(rl.Stdout(), errOut)
	} else {
		sess.SetOutput(os.Stdout, errOut)
	}
	cfg.Stderr = errOut
	cfg.Echo = false // readline has shown the line already
	r := newRunner(sess, cfg, true)
	defer r.stop()
	if cfg.Step != nil {
		r.control(cfg.Step, location{}, true)
	}
	for {
		// While stepping (step.go), the next command is offered already typed.
		offered := r.offer()
		line, err := rl.ReadlineWithDefault(offered)
		if errors.Is(err, readline.ErrInterrupt) {
			r.setAside(offered)
			continue // Ctrl-C drops the line and keeps the shell
		}
		if err != nil {
			if r.endOfInput() {
				continue // Ctrl-D while stepping stops the stepping only
			}
			break // io.EOF: Ctrl-D on an empty line
		}
		if line == "" {
			r.emptyLine()
			continue
		}
		if line, err = readContinued(rl, cfg, line); err != nil {
			continue // Ctrl-C or Ctrl-D inside a continued call drops it
		}
		ok := r.runPrompted(line, offered)
		sess.Flush()
		if !ok {
			break
		}
	}
	sess.Flush()
	// A person's typing errors were answered one by one; leaving is a
	// success, as in Python's REPL (a signal still sets its own status).
	if r.status >= 0 {
		return r.status
	}
	return ExitOK
}
