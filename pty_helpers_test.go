package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// The terminal tests' harness: sockshell on a pseudo-terminal, keys typed
// into it, and waits for what it shows.

// term is sockshell running on a pseudo-terminal, as a person would use it.
type term struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File
	mu   sync.Mutex
	out  bytes.Buffer // everything the terminal showed so far
	seen int          // how much of out expect has consumed
	done chan struct{}
}

// promptText is the interactive prompt, without its colour.
const promptText = "sockshell> "

// sgr matches a colour (Select Graphic Rendition) escape sequence.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// startTerm runs the real program (the test binary, which testscript.Main
// put on $PATH as sockshell) on a new pseudo-terminal, with its state
// directory in a temporary one. env adds or overrides variables.
func startTerm(t *testing.T, state string, env ...string) *term {
	t.Helper()
	return startTermArgs(t, state, nil, env...)
}

// startTermArgs is startTerm with command-line arguments.
func startTermArgs(t *testing.T, state string, args []string, env ...string) *term {
	t.Helper()
	return startTermSize(t, state, 40, 200, args, env...)
}

// newTerm watches the pseudo-terminal ptmx of the started cmd: everything
// it shows is kept for expect and all, until reading it fails (it is
// closed, or the program and its terminal are gone).
func newTerm(t *testing.T, cmd *exec.Cmd, ptmx *os.File) *term {
	tm := &term{t: t, cmd: cmd, ptmx: ptmx, done: make(chan struct{})}
	go func() {
		defer close(tm.done)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			tm.mu.Lock()
			tm.out.Write(buf[:n])
			tm.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return tm
}

// send types keys.
func (tm *term) send(keys string) {
	tm.t.Helper()
	if _, err := tm.ptmx.Write([]byte(keys)); err != nil {
		tm.t.Fatalf("typing %q: %v", keys, err)
	}
}

// expect waits until the terminal shows want after what earlier expects
// consumed, and consumes up to it. It returns the text before want.
func (tm *term) expect(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		all := tm.all()
		if i := strings.Index(all[tm.seen:], want); i >= 0 {
			before := all[tm.seen : tm.seen+i]
			tm.seen += i + len(want)
			return before
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the terminal never showed %q; it showed:\n%q", want, all[tm.seen:])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// all returns everything the terminal showed.
func (tm *term) all() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.String()
}

// wait waits for the program to end and returns its exit status.
func (tm *term) wait() int {
	tm.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- tm.cmd.Wait() }()
	select {
	case err := <-errc:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			tm.t.Fatalf("wait: %v", err)
		}
		return 0
	case <-time.After(10 * time.Second):
		tm.t.Fatalf("sockshell did not leave; the terminal showed:\n%q", tm.all())
	}
	return -1
}

// startTermTTY starts sockshell on a new pseudo-terminal as startTermArgs
// does, but keeps the terminal's own side open and returns it, so that a
// test can look at the terminal's modes after the program has left. When
// stdout is not nil the program's stdout goes there instead of the terminal
// (sockshell | tee log).
func startTermTTY(t *testing.T, state string, stdout *os.File, args ...string) (*term, *os.File) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pty: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 200}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sockshellBin(t), args...)
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+state, "HOME="+state, "TERM=xterm", "NO_COLOR=")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	if stdout != nil {
		cmd.Stdout = stdout
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting on a pty: %v", err)
	}
	tm := newTerm(t, cmd, ptmx)
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		tty.Close()
		ptmx.Close()
		<-tm.done
	})
	return tm, tty
}

// waitStatus waits for cmd to end and returns its exit status (128+N for
// a signal N that killed it); the test fails if it has not ended in time.
func waitStatus(t *testing.T, cmd *exec.Cmd, wait time.Duration) int {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	select {
	case err := <-errc:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				return 128 + int(ws.Signal())
			}
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatalf("wait: %v", err)
		}
		return 0
	case <-time.After(wait):
		cmd.Process.Kill()
		t.Fatalf("sockshell did not end within %v", wait)
	}
	return -1
}
