package commands

import (
	"strconv"
	"strings"
	"testing"
)

// openSockets lists the fds of the session's sockets still open.
func openSockets(s *Session) []int {
	var fds []int
	for _, sk := range s.sockets {
		if !sk.sock.Closed() {
			fds = append(fds, sk.sock.FD())
		}
	}
	return fds
}

// TestRebindClosesListeningSocket checks CPython's rule for a socket whose
// only name is rebound: it is closed at once, so its port can be bound
// again, and a terminal says so.
func TestRebindClosesListeningSocket(t *testing.T) {
	for _, tc := range []struct{ make, rebind string }{
		{"server = socket; bind server 127.0.0.1 0; listen server", "server = 5"},
		{"server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen()", "server = None"},
		{"server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen()", "del server"},
		{"server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen()", "server = socket.socket()"},
	} {
		s, _, errb := newTestSession(t, Options{Interactive: true})
		execLines(t, s, tc.make, "port = server.getsockname()[1]")
		v, _ := s.Var("server")
		old := v.(*Socket)
		fd := old.sock.FD()
		execLines(t, s, tc.rebind)
		if !old.sock.Closed() {
			t.Errorf("%s; %s: the listening socket is still open", tc.make, tc.rebind)
			continue
		}
		if !strings.Contains(errb.String(), "note: closed the socket that server named before (fd ") || !strings.Contains(errb.String(), "(fd "+strconv.Itoa(fd)+")") {
			t.Errorf("%s: the note %q", tc.rebind, errb.String())
		}
		execLines(t, s, "again = socket.socket()", "again.bind(('127.0.0.1', port))", "again.listen()")
	}
}

// TestUnassignedSocket checks a socket made and not kept: at the prompt
// _ holds the last result shown, so the socket lives until _ moves on
// (CPython closes it then); a script notes nothing.
func TestUnassignedSocket(t *testing.T) {
	s, out, errb := newTestSession(t, Options{Interactive: true})
	execLines(t, s, "socket.socket()")
	if n := len(openSockets(s)); n != 1 {
		t.Fatalf("the socket just shown is not kept by _: %d open", n)
	}
	execLines(t, s, "y = 1", "_")
	if n := len(openSockets(s)); n != 1 {
		t.Fatalf("an assignment moved _ on: %d open", n)
	}
	execLines(t, s, "1")
	if n := len(openSockets(s)); n != 0 {
		t.Fatalf("_ moved on, the socket is still open")
	}
	if !strings.Contains(errb.String(), "note: closed the socket just made (fd ") {
		t.Errorf("no note: %q", errb.String())
	}
	// A socket made inside an expression that keeps nothing of it is closed
	// at the end of the statement.
	execLines(t, s, "socket.socket().family")
	if n := len(openSockets(s)); n != 0 {
		t.Errorf("socket.socket().family left %d open", n)
	}
	s.Flush()
	if !strings.HasSuffix(out.String(), "<AddressFamily.AF_INET: 2>\n") {
		t.Errorf("printed %q", out.String())
	}

	// In a script, the same rule, quietly.
	q, _, qerr := newTestSession(t, Options{})
	execLines(t, q, "socket.socket()", "1", "socket.socket().fileno()")
	if n := len(openSockets(q)); n != 0 || qerr.Len() != 0 {
		t.Errorf("script: %d open, messages %q", n, qerr.String())
	}
}

// TestReachableSocketsStay checks that a socket any name still reaches
// stays open: through a container, a closure, a default argument, a bound
// method, an exception's arguments; and that it is closed once the last
// way to it goes, even through a cycle.
func TestReachableSocketsStay(t *testing.T) {
	tests := []struct {
		keep, drop string
	}{
		{"l = [socket.socket()]", "l = []"},
		{"d = {'k': (1, socket.socket())}", "del d"},
		{"d = {}\nd[socket.socket()] = 1\n", "d = None"},
		{"v = {1: socket.socket()}.values()", "v = None"},
		{"l = [[socket.socket()]]", "del l[0]"},
		{"def mk():\n    s = socket.socket()\n    return lambda: s\nf = mk()\n", "f = None"},
		{"def g(s=socket.socket()):\n    return s\n", "del g"},
		{"r = socket.socket().recv", "r = 0"},
		{"e = ValueError(socket.socket())", "e = 0"},
		{"l = [socket.socket()]\nl.append(l)\n", "del l"},
	}
	for _, tt := range tests {
		s, _, _ := newTestSession(t, Options{})
		execLines(t, s, tt.keep, "x = 1", "y = [x] * 3", "del y")
		if n := len(openSockets(s)); n != 1 {
			t.Errorf("%s: %d sockets open, want 1", tt.keep, n)
			continue
		}
		execLines(t, s, tt.drop)
		if n := len(openSockets(s)); n != 0 {
			t.Errorf("%s; %s: %d sockets open, want 0", tt.keep, tt.drop, n)
		}
	}
}

// TestWithClosesSocket checks `with socket.socket() as s:`, which closes
// the socket at the end of the block even when the block fails, as
// Python's does.
func TestWithClosesSocket(t *testing.T) {
	s, out, _ := newTestSession(t, Options{})
	execLines(t, s, "with socket.socket() as w:\n    w.bind(('127.0.0.1', 0))\n    k = w\n", "k.fileno()")
	execLines(t, s, "!with socket.socket() as w2:\n    k2 = w2\n    1/0\n", "k2.fileno()")
	s.Flush()
	if out.String() != "-1\n-1\n" {
		t.Errorf("after with: %q", out.String())
	}
}
