package repl

import (
	"io"
	"testing"
	"time"
)

// readN reads from p until it has n bytes, as readline's reader would.
func readN(t *testing.T, p *passthrough, n int) string {
	t.Helper()
	var got []byte
	buf := make([]byte, 4096)
	for len(got) < n {
		k, err := p.Read(buf)
		if err != nil {
			t.Fatalf("Read: %v (got %q)", err, got)
		}
		got = append(got, buf[:k]...)
	}
	return string(got)
}

// TestPassthroughKeys checks interact's keys as the terminal's input
// turns them: at the prompt only Ctrl-] is dropped; in interact Ctrl-]
// and Ctrl-D end the line (as Enter) and mark it left, Tab is dropped, and
// the bytes before a key come first, on their own, so that the line typed
// before it is still sent.
func TestPassthroughKeys(t *testing.T) {
	for _, tc := range []struct {
		on        bool
		in, want  string
		left      bool
		firstRead string // what the first Read returns, when it matters
	}{
		{false, "ab\x1dc\td\x04\r", "abc\td\x04\r", false, ""},
		{true, "ab\tc\r", "abc\r", false, ""},
		{true, "abc\r\x1dxyz", "abc\r\rxyz", true, "abc\r"},
		{true, "\x04", "\r", true, "\r"},
		{true, "h\u00e9\x1b[A\r", "h\u00e9\x1b[A\r", false, ""},
	} {
		r, w := io.Pipe()
		p := newPassthrough(r)
		p.on.Store(tc.on)
		go w.Write([]byte(tc.in))
		if tc.firstRead != "" {
			buf := make([]byte, 100)
			n, err := p.Read(buf)
			if err != nil || string(buf[:n]) != tc.firstRead {
				t.Errorf("%q: first Read = %q, %v; want %q", tc.in, buf[:n], err, tc.firstRead)
			}
			if p.left.Load() && tc.firstRead != "\r" {
				t.Errorf("%q: left before the key was read", tc.in)
			}
			tc.want = tc.want[len(tc.firstRead):]
		}
		if got := readN(t, p, len(tc.want)); got != tc.want {
			t.Errorf("%q (on %v): read %q, want %q", tc.in, tc.on, got, tc.want)
		}
		if p.left.Load() != tc.left {
			t.Errorf("%q: left = %v, want %v", tc.in, p.left.Load(), tc.left)
		}
		w.Close()
	}
}

// TestPassthroughWake checks that wake ends a read under way at once, and
// that the key typed meanwhile is not lost but comes with the next read.
func TestPassthroughWake(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	p := newPassthrough(r)
	p.on.Store(true)
	got := make(chan string)
	go func() {
		buf := make([]byte, 10)
		n, _ := p.Read(buf)
		got <- string(buf[:n])
	}()
	time.Sleep(20 * time.Millisecond) // the read is under way
	p.wake()
	select {
	case s := <-got:
		if s != "\r" {
			t.Errorf("a woken read returned %q, want Enter", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("wake did not end the read")
	}
	// The terminal read still under way brings its key to the next Read.
	go w.Write([]byte("k"))
	if s := readN(t, p, 1); s != "k" {
		t.Errorf("after a wake, read %q, want the key typed", s)
	}
	// A wake-up no read took is taken back.
	p.wake()
	p.unwake()
	go w.Write([]byte("z"))
	if s := readN(t, p, 1); s != "z" {
		t.Errorf("after unwake, read %q, want the key typed", s)
	}
}
