package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// pipeReader collects what the program writes to a pipe, as it comes.
type pipeReader struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// startPipe returns the write end of a pipe for the program's stdout and
// what has come out of it so far.
func startPipe(t *testing.T) (*os.File, *pipeReader) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	pr := &pipeReader{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		b := make([]byte, 4096)
		for {
			n, err := r.Read(b)
			pr.mu.Lock()
			pr.buf.Write(b[:n])
			pr.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		w.Close()
		r.Close()
		<-done
	})
	return w, pr
}

// waitFor waits until the pipe has carried want, and fails if it has not
// within a few seconds.
func (pr *pipeReader) waitFor(t *testing.T, want string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		pr.mu.Lock()
		got := pr.buf.String()
		pr.mu.Unlock()
		if got == want {
			return
		}
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	t.Fatalf("stdout carried %q, want %q by now", pr.buf.String(), want)
}

// TestInteractivePipedStdoutFlushed checks `sockshell | tee log` with the
// terminal on stdin: each result reaches stdout before the next prompt, also
// those of a block offered by --step and run by Enter on an empty line,
// while the shell sits at the prompt.
func TestInteractivePipedStdoutFlushed(t *testing.T) {
	state := t.TempDir()
	demo := filepath.Join(state, "demo.ss")
	if err := os.WriteFile(demo, []byte("x = 5\nfor i in range(2):\n    print(i * 10)\n\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, out := startPipe(t)
	tm, _ := startTermTTY(t, state, w, "--step", demo)
	w.Close()
	tm.expect("x = 5")
	tm.send("\r")
	tm.expect("for i in range(2):")
	tm.send("\r") // the block, offered as a whole
	out.waitFor(t, "0\n10\n")
	tm.send("\r")
	out.waitFor(t, "0\n10\n5\n")
	tm.send("getservbyname ssh\r")
	out.waitFor(t, "0\n10\n5\n22\n")
	tm.send("\x04")
	tm.send("\x04")
	if status := tm.wait(); status != 0 {
		t.Errorf("status %d, want 0", status)
	}
}

// TestInteractiveWriteError runs a terminal session whose stdout is a full
// disk (sockshell > /dev/full): the first result that cannot be written
// ends the session with the error and status 1.
func TestInteractiveWriteError(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full on this system")
	}
	defer full.Close()
	tm, _ := startTermTTY(t, t.TempDir(), full)
	tm.expect(promptText)
	tm.send("x = 5\r")
	tm.expect(promptText)
	tm.send("x\r")
	tm.expect("sockshell: write error: no space left on device\r\n")
	if status := tm.wait(); status != 1 {
		t.Errorf("status %d, want 1", status)
	}
	if n := strings.Count(tm.all(), "write error"); n != 1 {
		t.Errorf("the write error was reported %d times, want once", n)
	}
}

// TestInteractiveFirstSocketFD checks that the sockets of a terminal
// session are numbered from fd 3, as in Python and in a script: the history
// file readline keeps open, the record file and the shell's own
// descriptors sit above the sockets' numbers. With a history longer than
// the shell keeps, readline rewrites the file as it starts: that path too,
// and the rewritten file stays its owner's only.
func TestInteractiveFirstSocketFD(t *testing.T) {
	for _, tc := range []struct {
		name    string
		history int // lines in the history file before the session; -1: no file
	}{
		{"no history yet", -1},
		{"a short history", 3},
		{"a history longer than kept", 1200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			state := t.TempDir()
			hist := filepath.Join(state, "sockshell", "history")
			if tc.history >= 0 {
				os.MkdirAll(filepath.Dir(hist), 0o700)
				os.WriteFile(hist, []byte(strings.Repeat("getservbyname ssh\n", tc.history)), 0o600)
			}
			tm := startTerm(t, state, "NO_COLOR=1")
			tm.expect(promptText)
			// Each result is looked for under readline's own echo of its
			// line, prompt first: a line typed ahead is also echoed by the
			// terminal, without the prompt, while the command before it runs.
			for _, step := range []struct{ line, want string }{
				{"s = socket", ""},
				{"s.fileno()", "3"},
				{"record " + filepath.Join(state, "rec.ss"), ""},
				{"t = socket; t.fileno()", "4"},
			} {
				tm.send(step.line + "\r")
				tm.expect(promptText + step.line + "\r\n")
				if step.want == "" {
					continue
				}
				if out := tm.expect("\r\n"); !strings.HasSuffix(out, step.want) {
					t.Errorf("%s: %q, want %s", step.line, out, step.want)
				}
			}
			tm.send("\x04")
			if status := tm.wait(); status != 0 {
				t.Errorf("status %d, want 0", status)
			}
			fi, err := os.Stat(hist)
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("the history file: %v, mode %v, want 0600", err, fi.Mode())
			}
			if data, _ := os.ReadFile(hist); strings.Count(string(data), "\n") > 1010 {
				t.Errorf("the history was not cut to the lines kept: %d lines", strings.Count(string(data), "\n"))
			}
		})
	}
}
