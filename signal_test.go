package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// serverLine is how `serve echo 0` names the port it got.
var serverLine = regexp.MustCompile(`listening on \('127\.0\.0\.1', (\d+)\)`)

// TestSignalWhileWaitingForInput starts a local server in a script, then,
// while the shell waits for its next line (a pipe or a FIFO that stays
// open) or in `wait` (-c), sends it SIGTERM or SIGINT: the shell must end
// at once with 143 or 130, and the server must be gone.
func TestSignalWhileWaitingForInput(t *testing.T) {
	for _, tc := range []struct {
		name   string
		source string // "pipe", "fifo" or "-c"
		sig    syscall.Signal
		want   int
	}{
		{"pipe TERM", "pipe", syscall.SIGTERM, 143},
		{"pipe INT", "pipe", syscall.SIGINT, 130},
		{"FILE TERM", "fifo", syscall.SIGTERM, 143},
		{"FILE INT", "fifo", syscall.SIGINT, 130},
		{"-c TERM", "-c", syscall.SIGTERM, 143},
		{"-c INT", "-c", syscall.SIGINT, 130},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cmd := exec.Command(sockshellBin(t))
			cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir, "HOME="+dir, "NO_COLOR=1")
			var feed io.WriteCloser // the script's source, kept open: more could come
			switch tc.source {
			case "pipe":
				w, err := cmd.StdinPipe()
				if err != nil {
					t.Fatal(err)
				}
				feed = w
			case "fifo":
				fifo := filepath.Join(dir, "lab.ss")
				if err := unix.Mkfifo(fifo, 0o600); err != nil {
					t.Fatal(err)
				}
				// Opened for reading and writing, the FIFO does not wait
				// for its reader.
				f, err := os.OpenFile(fifo, os.O_RDWR, 0)
				if err != nil {
					t.Fatal(err)
				}
				feed = f
				cmd.Args = append(cmd.Args, fifo)
			case "-c":
				cmd.Args = append(cmd.Args, "-c", "serve echo 0; wait")
			}
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			if feed != nil {
				io.WriteString(feed, "serve echo 0\n")
				defer feed.Close()
			}
			line, err := bufio.NewReader(out).ReadString('\n')
			m := serverLine.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("the server did not start: %q %v", line, err)
			}
			address := net.JoinHostPort("127.0.0.1", m[1])
			if c, err := net.DialTimeout("tcp", address, 5*time.Second); err != nil {
				t.Fatalf("the server does not accept: %v", err)
			} else {
				c.Close()
			}
			time.Sleep(100 * time.Millisecond) // the shell is back waiting
			cmd.Process.Signal(tc.sig)
			if status := waitStatus(t, cmd, 10*time.Second); status != tc.want {
				t.Errorf("status %d, want %d", status, tc.want)
			}
			if c, err := net.DialTimeout("tcp", address, 5*time.Second); err == nil {
				c.Close()
				t.Errorf("the server still accepts on %s after the shell ended", address)
			} else if !errors.Is(err, syscall.ECONNREFUSED) {
				t.Errorf("connecting after the shell ended: %v, want connection refused", err)
			}
		})
	}
}

// TestSignalWhileFlushing sends SIGTERM while a script, between two lines,
// writes its results to a pipe that nobody reads yet: once the results are
// out, the shell must end with 143, not wait for a next line that never
// comes.
func TestSignalWhileFlushing(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(sockshellBin(t))
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir, "HOME="+dir, "NO_COLOR=1")
	feed, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer feed.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// A small pipe: the 30 KB result, held in the session's buffer while
	// the line runs, blocks in the flush before the next read.
	if _, err := unix.FcntlInt(w.Fd(), unix.F_SETPIPE_SZ, 4096); err != nil {
		t.Skipf("cannot shrink a pipe: %v", err)
	}
	cmd.Stdout = w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	defer cmd.Process.Kill()
	io.WriteString(feed, "b'x' * 30000\n")
	first := make([]byte, 1)
	if _, err := io.ReadFull(r, first); err != nil { // the flush has begun
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(200 * time.Millisecond)
	copied := make(chan int64, 1)
	go func() {
		n, _ := io.Copy(io.Discard, r)
		copied <- n + 1
	}()
	if status := waitStatus(t, cmd, 10*time.Second); status != 143 {
		t.Errorf("status %d, want 143", status)
	}
	if n := <-copied; n != 30004 {
		t.Errorf("%d bytes of results, want the 30004 of b'xx...x'", n)
	}
}
