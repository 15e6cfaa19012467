package main

import (
	"bufio"
	"io"
	"os/exec"
	"testing"
	"time"
)

// TestScriptAnswersBeforeInputEnds drives sockshell through pipes as a
// program would, one command at a time: each answer must arrive while the
// input is still open, not only when it ends (a script's output is
// buffered, and flushed whenever the shell would wait for more input).
func TestScriptAnswersBeforeInputEnds(t *testing.T) {
	bin := sockshellBin(t)
	cmd := exec.Command(bin)
	cmd.Env = append(cmd.Environ(), "XDG_STATE_HOME="+t.TempDir())
	in, _ := cmd.StdinPipe()
	outPipe, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer in.Close()
	out := bufio.NewReader(outPipe)
	for _, tc := range []struct{ send, want string }{
		{"getservbyname ssh\n", "22\n"},
		{"x = 5; x\n", "5\n"},
		{"getservbyport 80\n", "'http'\n"},
	} {
		io.WriteString(in, tc.send)
		got := make(chan string, 1)
		go func() {
			line, _ := out.ReadString('\n')
			got <- line
		}()
		select {
		case line := <-got:
			if line != tc.want {
				t.Fatalf("after %q: got %q, want %q", tc.send, line, tc.want)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("after %q: no answer while the input stays open", tc.send)
		}
	}
}
