package sockcmd

import (
	"context"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"sockshell/commands"
	"sockshell/commands/shelltest"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// TestNoFDLeft counts the process's fds before and after many sessions
// that make, connect, accept, fail and close sockets and end with sockets
// still open: nothing may be left behind.
func TestNoFDLeft(t *testing.T) {
	before := shelltest.OpenFDs(t)
	for i := 0; i < 20; i++ {
		s := commands.NewSession(&strings.Builder{}, &strings.Builder{}, commands.Options{Timeout: 5 * time.Second})
		shelltest.Exec(t, s,
			"a = socket", "close a", "close a",
			"server = socket", "bind server 127.0.0.1 0", "listen server 5",
			"address = getsockname server",
			"client = socket", "connect client $address",
			"conn, addr = accept server",
			"sendall client b'ping'", "recv conn",
			"close conn", "client.close()",
			// Left open: the session's end must close them.
			"c2 = socket.socket()", "c2.connect(address)", "conn2, addr2 = server.accept()",
			"u = socket AF_INET SOCK_DGRAM", "bind u 127.0.0.1 0",
			"with socket.socket() as w:\n    w.bind(('127.0.0.1', 0))\n",
			// Failures must not leak either.
			"bad = socket", "!connect bad 127.0.0.1 1",
			"!accept c2", "!bind server 127.0.0.1 0",
			"x = socket", "settimeout server 0.01", "!accept server",
			"!socket AF_INET SOCK_STREAM 99",
			"!s = socket.socket(); s.connect(('127.0.0.1', 1))",
		)
		s.Close()
	}
	if after := shelltest.OpenFDs(t); after != before {
		t.Fatalf("%d fds open before, %d after", before, after)
	}
}

// TestAcceptRegistersSocket checks that accept's new socket is the
// session's: listed by sockets, closed at the end.
func TestAcceptRegistersSocket(t *testing.T) {
	s, out, _ := shelltest.New(t, commands.Options{})
	shelltest.Exec(t, s,
		"server = socket", "bind server 127.0.0.1 0", "listen server 3",
		"address = getsockname server",
		"client = socket", "connect client $address", "sendall client b'hello'",
		"sockets", // the connection waits in the accept queue
	)
	s.Flush()
	if !matches(`^server .* LISTEN +accept 1/3$`, out.String()) {
		t.Fatalf("sockets does not show the queued connection:\n%s", out)
	}
	out.Reset()
	shelltest.Exec(t, s, "conn, addr = accept server", "sockets")
	s.Flush()
	for _, want := range []string{`^server .* LISTEN +accept 0/3$`, `^conn .* ESTABLISHED +recv 5, send 0$`, `^client .* ESTABLISHED`} {
		if !matches(want, out.String()) {
			t.Errorf("sockets lacks %q:\n%s", want, out)
		}
	}
	v, _ := s.Var("conn")
	conn := v.(*commands.Socket)
	if got := shelltest.Run(s, "addr == conn.getpeername() == client.getsockname()"); got != "" {
		t.Fatal(got)
	}
	s.Close()
	if !conn.Sock().Closed() {
		t.Fatal("the session's end left the accepted socket open")
	}
}

// TestInterruptKeepsSocket cancels blocking calls as Ctrl-C does and
// checks that each ends in KeyboardInterrupt with its socket still
// usable: the next connection is accepted, the data sent afterwards
// received.
func TestInterruptKeepsSocket(t *testing.T) {
	s, out, _ := shelltest.New(t, commands.Options{})
	s.Opts.Timeout = 0 // wait forever, as at a terminal: only Ctrl-C ends the wait
	shelltest.Exec(t, s, "server = socket", "bind server 127.0.0.1 0", "listen server 1", "address = getsockname server")
	interrupt := func(line string) {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		if got := shelltest.RunCtx(ctx, s, line); got != "KeyboardInterrupt" {
			t.Fatalf("%s interrupted: %q, want KeyboardInterrupt", line, got)
		}
		if d := time.Since(start); d < 40*time.Millisecond {
			t.Fatalf("%s returned after %v, before the interrupt", line, d)
		}
	}
	interrupt("conn, addr = accept server")
	interrupt("conn, addr = server.accept()")
	shelltest.Exec(t, s, "client = socket", "connect client $address", "conn, addr = accept server")
	interrupt("recv conn 4096")
	interrupt("conn.recv(10)")
	shelltest.Exec(t, s, "sendall client b'after'", "recv conn 4096")
	// A datagram socket, in recvfrom.
	shelltest.Exec(t, s, "u = socket AF_INET SOCK_DGRAM", "bind u 127.0.0.1 0")
	interrupt("recvfrom u 100")
	shelltest.Exec(t, s, "u.sendto(b'dgram', u.getsockname())", "data, sender = recvfrom u 100", "data")
	s.Flush()
	if out.String() != "b'after'\n5\nb'dgram'\n" {
		t.Errorf("after the interrupts the session printed %q", out.String())
	}
}

// TestStrDataNotedOnce checks that sending a str in the shell form says
// once that it went as UTF-8 bytes.
func TestStrDataNotedOnce(t *testing.T) {
	s, out, errb := shelltest.New(t, commands.Options{})
	shelltest.Exec(t, s,
		"u = socket AF_INET SOCK_DGRAM", "bind u 127.0.0.1 0", "address = getsockname u",
		"sendto u 'one' $address", "sendto u 'dé' $address", "msg = b'three'", "sendto u msg $address",
		"recv u", "recv u", "recv u")
	if n := strings.Count(errb.String(), "sockets carry bytes"); n != 1 {
		t.Fatalf("the str note came %d times:\n%s", n, errb)
	}
	s.Flush()
	if want := "3\n3\n5\nb'one'\nb'd\\xc3\\xa9'\nb'three'\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
	// The Python form refuses a str, as Python does.
	if got := shelltest.Run(s, "u.sendto('x', address)"); got != "TypeError: a bytes-like object is required, not 'str'" {
		t.Errorf("u.sendto('x', address): %q", got)
	}
}

// TestTimeoutArg checks settimeout's argument against Python 3.11's
// socket.settimeout (the messages it printed for the same values).
func TestTimeoutArg(t *testing.T) {
	for _, tc := range []struct {
		in     value.Value
		python bool
		want   time.Duration
		err    string
	}{
		{value.None, true, netinfo.NoTimeout, ""},
		{value.Str("none"), false, netinfo.NoTimeout, ""},
		{value.Str("None"), false, netinfo.NoTimeout, ""},
		{value.Int(2), true, 2 * time.Second, ""},
		{value.Float(0.25), true, 250 * time.Millisecond, ""},
		{value.Int(0), true, 0, ""},
		{value.True, true, time.Second, ""},
		{value.Int(-1), true, 0, "ValueError: Timeout value out of range"},
		{value.Float(-0.5), false, 0, "ValueError: Timeout value out of range"},
		{value.Float(math.NaN()), true, 0, "ValueError: Invalid value NaN (not a number)"},
		{value.Str("soon"), true, 0, "TypeError: 'str' object cannot be interpreted as an integer"},
		{value.Str("none"), true, 0, "TypeError: 'str' object cannot be interpreted as an integer"},
		{value.Bytes("1"), true, 0, "TypeError: 'bytes' object cannot be interpreted as an integer"},
	} {
		got, err := timeoutArg(tc.in, tc.python)
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

// matches reports whether a line of s matches pattern.
func matches(pattern, s string) bool {
	return regexp.MustCompile("(?m)" + pattern).MatchString(s)
}
