package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// TestInteractive walks through a terminal session: prompt, completion,
// Ctrl-C, output, errors with hints, Ctrl-D, and the history it leaves.
// readline redraws the prompt as keys arrive, so each step waits for the
// text its command prints rather than for the next prompt.
func TestInteractive(t *testing.T) {
	state := t.TempDir()
	tm := startTerm(t, state)
	tm.expect(promptText)

	// TAB completes a command name...
	tm.send("getservbyn\t")
	tm.expect("getservbyname ")
	tm.send("ssh\r")
	tm.expect("22\r\n")
	// ...and a variable name, after it was assigned.
	tm.send("myport = 50000\r")
	tm.expect("myport = 50000\r\n")
	tm.send("myp\t")
	tm.expect("myport ")
	tm.send("\r")
	tm.expect("50000\r\n")
	// ...and a constant name where an argument goes.
	tm.send("socket AF_INET SOCK_DG\t")
	tm.expect("SOCK_DGRAM ")
	tm.send("\x03") // and drop that line
	// Several candidates: TAB completes what they share.
	tm.send("getservb\t")
	tm.expect("getservby")
	tm.send("port 80\r")
	tm.expect("'http'\r\n")

	// Ctrl-C on a half-typed line drops it and the shell goes on.
	tm.send("nosuchthing")
	tm.expect("nosuchthing")
	tm.send("\x03")
	tm.expect("^C")
	tm.send("myport\r")
	if out := tm.expect("50000\r\n"); strings.Contains(out, "Error") {
		t.Errorf("after Ctrl-C the dropped text still ran: %q", out)
	}
	// Ctrl-C on an empty line too.
	tm.send("\x03")
	tm.expect("^C")

	// An error says what went wrong, suggests, and hints in plain words.
	tm.send("getservbynme ssh\r")
	tm.expect("NameError: unknown command 'getservbynme'; did you mean getservbyname?")
	out := tm.expect("hint: `help` lists the commands")
	if strings.Contains(out, "<stdin>") {
		t.Errorf("an interactive error carries a script location: %q", out)
	}

	// Colour on a terminal: the prompt and the error are painted.
	all := tm.all()
	if !strings.Contains(all, "\x1b[36;1m"+promptText) {
		t.Errorf("no coloured prompt on a terminal")
	}
	if !strings.Contains(all, "\x1b[31mNameError") {
		t.Errorf("the error is not red on a terminal")
	}

	// Ctrl-D on an empty line leaves with status 0, errors typed before
	// notwithstanding.
	tm.send("\x04")
	if status := tm.wait(); status != 0 {
		t.Errorf("Ctrl-D: exit status %d, want 0", status)
	}

	// The history is kept in the state directory, readable only by its owner.
	hist := filepath.Join(state, "sockshell", "history")
	fi, err := os.Stat(hist)
	if err != nil {
		t.Fatalf("no history file: %v", err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("history file mode %o, want 600", mode)
	}
	data, _ := os.ReadFile(hist)
	for _, line := range []string{"getservbyname ssh", "myport = 50000", "getservbyport 80"} {
		if !strings.Contains(string(data), line+"\n") {
			t.Errorf("history lacks %q:\n%s", line, data)
		}
	}
	if strings.Contains(string(data), "nosuchthing") {
		t.Errorf("a line dropped with Ctrl-C is in the history:\n%s", data)
	}
}

// TestInteractiveHistoryAcrossRuns checks that a second session can recall
// the first one's commands (up arrow), and that exit and quit leave with
// status 0.
func TestInteractiveHistoryAcrossRuns(t *testing.T) {
	state := t.TempDir()
	tm := startTerm(t, state)
	tm.expect(promptText)
	tm.send("remembered = 42\r")
	tm.expect("remembered = 42\r\n")
	tm.send("\x04")
	if status := tm.wait(); status != 0 {
		t.Fatalf("Ctrl-D: status %d", status)
	}

	tm = startTerm(t, state)
	tm.expect(promptText)
	tm.send("\x1b[A") // up arrow: the last line of the previous run
	tm.expect("remembered = 42")
	tm.send("\r")
	tm.send("remembered\r")
	tm.expect("42\r\n")
	tm.send("exit\r")
	if status := tm.wait(); status != 0 {
		t.Errorf("exit: status %d", status)
	}

	tm = startTerm(t, state)
	tm.expect(promptText)
	tm.send("quit\r")
	if status := tm.wait(); status != 0 {
		t.Errorf("quit: status %d", status)
	}
}

// TestInteractiveNoColor checks that NO_COLOR (and --color=never) keep a
// terminal session free of colour codes.
func TestInteractiveNoColor(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  []string
	}{
		{"NO_COLOR", []string{"NO_COLOR=1"}},
		{"TERM=dumb", []string{"TERM=dumb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tm := startTerm(t, t.TempDir(), tc.env...)
			tm.expect(promptText)
			tm.send("nosuch\r")
			tm.expect("NameError")
			tm.expect(promptText)
			tm.send("\x04")
			tm.wait()
			if m := sgr.FindString(tm.all()); m != "" {
				t.Errorf("colour code %q on a terminal with %s:\n%q", m, tc.name, tm.all())
			}
		})
	}
}

// TestInteractivePipedStdout checks `sockshell | tee log`: the prompt and
// echo go to the terminal (stderr), and stdout holds the results only.
func TestInteractivePipedStdout(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	state := t.TempDir()
	cmd := exec.Command(sockshellBin(t))
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+state, "TERM=xterm", "NO_COLOR=")
	cmd.Stdin, cmd.Stderr = tty, tty
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	tm := newTerm(t, cmd, ptmx)
	tm.expect(promptText)
	tm.send("x = b'hi'\r")
	tm.expect(promptText)
	tm.send("x\r")
	tm.expect(promptText)
	tm.send("nosuch\r")
	tm.expect("NameError")
	tm.expect(promptText)
	tm.send("\x04")
	tm.wait()
	if got := stdout.String(); got != "b'hi'\n" {
		t.Errorf("stdout = %q, want only the result", got)
	}
	if !strings.Contains(tm.all(), "x = b'hi'") {
		t.Errorf("the typed line was not echoed on the terminal: %q", tm.all())
	}
}
