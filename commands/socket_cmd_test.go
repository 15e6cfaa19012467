package commands

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// sockSession is a session for socket tests, with every blocking call
// bounded so that a broken implementation fails instead of hanging.
func sockSession(t *testing.T) (*Session, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errb bytes.Buffer
	s := NewSession(&out, &errb, Options{Timeout: 5 * time.Second})
	return s, &out, &errb
}

// exec runs lines in s, failing the test on the first error unless the line
// starts with "!" (then it must fail).
func execLines(t *testing.T, s *Session, lines ...string) {
	t.Helper()
	for _, line := range lines {
		want := strings.HasPrefix(line, "!")
		line = strings.TrimPrefix(line, "!")
		stmts, err := Parse(line)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		for _, st := range stmts {
			err = s.Exec(context.Background(), st)
		}
		if (err != nil) != want {
			t.Fatalf("%s: error %v", line, err)
		}
	}
}

func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents)
}

// TestNoFDLeft counts the process's fds before and after many sessions that
// make, connect, accept, fail and close sockets, and end with sockets still
// open: nothing may be left behind.
func TestNoFDLeft(t *testing.T) {
	before := openFDs(t)
	for i := 0; i < 20; i++ {
		s, _, _ := sockSession(t)
		execLines(t, s,
			"a = socket", "close a", "close a",
			"server = socket", "bind server 127.0.0.1 0", "listen server 5",
			"address = getsockname server",
			"client = socket", "connect client $address",
			"conn, addr = accept server",
			"sendall client b'ping'", "recv conn",
			"close conn", "close client",
			// Left open: the session's end must close them.
			"c2 = socket", "connect c2 $address", "conn2, addr2 = accept server",
			"u = socket AF_INET SOCK_DGRAM", "bind u 127.0.0.1 0",
			// Failures must not leak either.
			"bad = socket", "!connect bad 127.0.0.1 1",
			"!accept c2", "!bind server 127.0.0.1 0",
			"x = socket", "settimeout server 0.01", "!accept server",
		)
		s.Close()
	}
	if after := openFDs(t); after != before {
		t.Fatalf("%d fds open before, %d after", before, after)
	}
}

// TestAcceptRegistersSocket checks that accept's new socket is the
// session's: listed by sockets, closed at the end.
func TestAcceptRegistersSocket(t *testing.T) {
	s, out, _ := sockSession(t)
	execLines(t, s,
		"server = socket", "bind server 127.0.0.1 0", "listen server 3",
		"address = getsockname server",
		"client = socket", "connect client $address", "sendall client b'hello'",
		"sockets", // the connection waits in the accept queue
	)
	s.Flush()
	if !regexpMatch(`server .* LISTEN +accept 1/3`, out.String()) {
		t.Fatalf("sockets does not show the queued connection:\n%s", out)
	}
	out.Reset()
	execLines(t, s, "conn, addr = accept server", "sockets")
	s.Flush()
	for _, want := range []string{`server .* LISTEN +accept 0/3`, `conn .* ESTABLISHED +recv 5, send 0`, `client .* ESTABLISHED`} {
		if !regexpMatch(want, out.String()) {
			t.Errorf("sockets lacks %q:\n%s", want, out)
		}
	}
	v, _ := s.Var("conn")
	conn := v.(*Socket)
	s.Close()
	if !conn.sock.Closed() {
		t.Fatal("the session's end left the accepted socket open")
	}
}

// TestKeyboardInterruptKeepsSocket cancels an accept as Ctrl-C does and
// checks the socket still takes the next connection.
func TestKeyboardInterruptKeepsSocket(t *testing.T) {
	s, _, _ := sockSession(t)
	defer s.Close()
	execLines(t, s, "server = socket", "bind server 127.0.0.1 0", "listen server 1", "address = getsockname server")
	stmts, _ := Parse("conn, addr = accept server")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	err := s.Exec(ctx, stmts[0])
	if e := AsPyError(err); e.Error() != "KeyboardInterrupt" {
		t.Fatalf("accept interrupted: %v, want KeyboardInterrupt", err)
	}
	execLines(t, s, "client = socket", "connect client $address", "conn, addr = accept server")
}

func TestStrDataNotedOnce(t *testing.T) {
	s, _, errb := sockSession(t)
	defer s.Close()
	execLines(t, s,
		"u = socket AF_INET SOCK_DGRAM", "bind u 127.0.0.1 0", "address = getsockname u",
		"sendto u 'one' $address", "sendto u 'two' $address", "msg = b'three'", "sendto u msg $address",
		"recv u", "recv u", "recv u")
	if n := strings.Count(errb.String(), "sockets carry bytes"); n != 1 {
		t.Fatalf("the str note came %d times:\n%s", n, errb)
	}
}

func TestSocketErrorHints(t *testing.T) {
	for errno, want := range map[unix.Errno]string{
		unix.EADDRINUSE:   "SO_REUSEADDR",
		unix.ECONNREFUSED: "nothing is listening",
		unix.EACCES:       "1024",
		unix.EISCONN:      "listening",
		unix.EINVAL:       "bind, then listen",
		unix.EAGAIN:       "non-blocking",
	} {
		if h := ErrnoError(errno).Hint; !strings.Contains(h, want) {
			t.Errorf("hint for %v = %q, want it to mention %q", errno, h, want)
		}
	}
}

func TestTimeoutArg(t *testing.T) {
	for _, tc := range []struct {
		in   Value
		want time.Duration
		err  string
	}{
		{None, -1, ""},
		{Str("none"), -1, ""},
		{Int(2), 2 * time.Second, ""},
		{Float(0.25), 250 * time.Millisecond, ""},
		{Int(0), 0, ""},
		{Int(-1), 0, "ValueError: Timeout value out of range"},
		{Str("soon"), 0, "TypeError: 'str' object cannot be interpreted as an integer"},
	} {
		got, err := timeoutArg(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("timeoutArg(%s) = %v, want %s", tc.in.Repr(), err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("timeoutArg(%s) = %v, %v; want %v", tc.in.Repr(), got, err, tc.want)
		}
	}
}

func regexpMatch(pattern, s string) bool {
	return regexp.MustCompile("(?m)" + pattern).MatchString(s)
}
