package repl

import (
	"io"
	"os"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// pipeInput is a termInput reading a pipe nobody writes to.
func pipeInput(t *testing.T) *termInput {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	in, err := newTermInput(int(r.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.Close()
		r.Close()
		w.Close()
	})
	return in
}

// ptyInput is a termInput reading the terminal side of a new pseudo-
// terminal, and the other side, where keys are typed.
func ptyInput(t *testing.T) (*termInput, *os.File, *os.File) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	in, err := newTermInput(int(tty.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.Close()
		tty.Close()
		ptmx.Close()
	})
	return in, ptmx, tty
}

// readWithin reads once from in, failing if the read takes longer than d.
func readWithin(t *testing.T, in *termInput, d time.Duration) (string, error) {
	t.Helper()
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		b := make([]byte, 4096)
		n, err := in.Read(b)
		done <- result{string(b[:n]), err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-time.After(d):
		in.Close()
		<-done
		t.Fatalf("the read did not return within %v", d)
	}
	return "", nil
}

// TestTermInputCloseEndsRead checks that Close ends a read waiting for a
// key that never comes (readline's Close waits for that read), and that
// every later read ends at once.
func TestTermInputCloseEndsRead(t *testing.T) {
	in, _, _ := ptyInput(t)
	done := make(chan error, 1)
	go func() {
		_, err := in.Read(make([]byte, 16))
		done <- err
	}()
	time.Sleep(50 * time.Millisecond) // the read waits in poll
	in.Close()
	select {
	case err := <-done:
		if err != io.EOF {
			t.Errorf("read after Close: %v, want io.EOF", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the waiting read")
	}
	if _, err := in.Read(make([]byte, 16)); err != io.EOF {
		t.Errorf("a later read: %v, want io.EOF", err)
	}
	in.unread([]byte("x")) // after Close: nothing, no write to a closed eventfd
}

// TestTermInputTypeAhead types while "a command runs" (the terminal in its
// cooked mode): whole lines come through as typed, a Ctrl-D on an empty line
// (the terminal's end of file) as a Ctrl-D key, and a Ctrl-D after text
// only ends that text.
func TestTermInputTypeAhead(t *testing.T) {
	for _, tc := range []struct {
		name, typed, want string
	}{
		{"a line", "x = 7\n", "x = 7\n"},
		{"two lines", "x = 7\ny\n", "x = 7\ny\n"},
		{"Ctrl-D", "\x04", "\x04"},
		{"a line, then Ctrl-D", "x\n\x04", "x\n\x04"},
		{"text ended by Ctrl-D", "abc\x04", "abc"},
		{"a line not ended", "abc", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, ptmx, _ := ptyInput(t)
			if _, err := ptmx.WriteString(tc.typed); err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond) // the line discipline has the keys
			in.takeTypeAhead()
			in.mu.Lock()
			got := string(in.pending)
			in.mu.Unlock()
			if got != tc.want {
				t.Errorf("type-ahead %q, want %q", got, tc.want)
			}
		})
	}
}

// TestTermInputRaw reads keys in raw mode: a NUL (Ctrl-Space) is dropped,
// a long run comes as one marker.
func TestTermInputRaw(t *testing.T) {
	in, ptmx, tty := ptyInput(t)
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tio.Lflag &^= unix.ICANON | unix.ECHO | unix.ISIG
	tio.Cc[unix.VMIN], tio.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(int(tty.Fd()), unix.TCSETS, tio); err != nil {
		t.Fatal(err)
	}
	ptmx.WriteString("a\x00b")
	got := ""
	for len(got) < 2 {
		s, err := readWithin(t, in, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		got += s
	}
	if got != "ab" {
		t.Errorf("read %q, want %q", got, "ab")
	}
	ptmx.WriteString("0123456789abcdefghij")
	s, err := readWithin(t, in, 5*time.Second)
	if r := []rune(s); err != nil || len(r) != 1 || !isMarker(r[0]) {
		t.Fatalf("read %q, %v, want one marker", s, err)
	}
	if text, _ := in.cut.take([]rune(s)[0]); string(text) != "0123456789abcdefghij" {
		t.Errorf("the marker stands for %q", string(text))
	}
}
