package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWriteErrors runs scripts whose stdout cannot be written (/dev/full):
// the shell must say so once on stderr and end with status 1, however the
// script came and however much it printed.
func TestWriteErrors(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	dir := t.TempDir()
	lab := filepath.Join(dir, "lab.ss")
	if err := os.WriteFile(lab, []byte("x = 5\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const want = "sockshell: write error: no space left on device\n"
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
	}{
		{"-c", []string{"-c", "x = 5; x"}, ""},
		{"pipe", nil, "x = 5\nx\n"},
		{"FILE", []string{lab}, ""},
		{"--echo", []string{"--echo", "-c", "x = 5"}, ""},
		// More than the session's 64 KB buffer: the error comes while the
		// statement prints, and the lines after it do not run.
		{"large", nil, "b'x' * 100000\nb'y' * 100000\nnosuchcommand\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer full.Close()
			cmd := exec.Command(sockshellBin(t), tc.args...)
			cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir, "HOME="+dir, "NO_COLOR=1")
			cmd.Stdin = strings.NewReader(tc.stdin)
			cmd.Stdout = full
			var stderr strings.Builder
			cmd.Stderr = &stderr
			cmd.Run()
			if status := cmd.ProcessState.ExitCode(); status != 1 {
				t.Errorf("status %d, want 1", status)
			}
			if stderr.String() != want {
				t.Errorf("stderr %q, want %q", stderr.String(), want)
			}
		})
	}
}

// TestClosedPipe runs a script whose stdout is a pipe already closed by its
// reader (sockshell lab.ss | head -1, once head has its line): the shell
// ends quietly, as a Unix filter does, by SIGPIPE (status 141), also when
// its parent ignores SIGPIPE (the Go runtime ends the program on EPIPE on
// stdout all the same).
func TestClosedPipe(t *testing.T) {
	for _, ignored := range []bool{false, true} {
		name := "SIGPIPE"
		if ignored {
			name = "SIGPIPE ignored"
		}
		t.Run(name, func(t *testing.T) {
			bin, args := sockshellBin(t), []string{"-c", "x = 5; x; x"}
			if ignored {
				sh, err := exec.LookPath("sh")
				if err != nil {
					t.Skip("no sh to start sockshell with SIGPIPE ignored")
				}
				bin, args = sh, append([]string{"-c", `trap '' PIPE; exec "$0" "$@"`, bin}, args...)
			}
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			r.Close() // nobody will read
			dir := t.TempDir()
			cmd := exec.Command(bin, args...)
			cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir, "HOME="+dir, "NO_COLOR=1")
			cmd.Stdout = w
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			w.Close()
			status := waitStatus(t, cmd, 10*time.Second)
			if status != 141 {
				t.Errorf("status %d, want 141", status)
			}
			if stderr.String() != "" {
				t.Errorf("stderr %q, want nothing", stderr.String())
			}
		})
	}
}
