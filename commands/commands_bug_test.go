package commands

import (
	"strings"
	"testing"
)

// Bugs found while porting the tests: each test here fails until the
// code is fixed.

// A socket reachable only through an iterator (iter, zip, enumerate,
// reversed, map) is closed as unreachable: closeUnreachable does not look
// inside an Iterator, whose items sit in its Next closure. next() then
// gives a closed socket (fileno() -1); in Python it is open.
func TestBugSocketInIteratorClosed(t *testing.T) {
	for _, lines := range [][]string{
		{"it = iter([socket.socket()])", "s = next(it)"},
		{"z = zip([socket.socket()], [1])", "s, n = next(z)"},
		{"e = enumerate([socket.socket()])", "i, s = next(e)"},
		{"r = reversed([socket.socket()])", "s = next(r)"},
		{"m = map(lambda x: x, [socket.socket()])", "s = next(m)"},
	} {
		s, out, _ := newTestSession(t, Options{})
		execLines(t, s, lines...)
		execLines(t, s, "s.fileno() > 0")
		s.Flush()
		if out.String() != "True\n" {
			t.Errorf("%q: the socket is closed", lines)
		}
	}
}

// A socket dropped from a container in place (l.clear(), l[0] = None) is
// not closed until a later statement replaces a binding or makes a
// socket, so its port stays taken: Python frees it at once (the socket's
// last reference went), and binding the port again in the next statement
// works there. del l[0] works.
func TestBugSocketDroppedFromContainerInPlace(t *testing.T) {
	for _, drop := range []string{"l.clear()", "l[0] = None", "l.pop(); 1", "l.remove(l[0])"} {
		s, _, _ := newTestSession(t, Options{})
		execLines(t, s, "l = [socket.socket()]", "l[0].bind(('127.0.0.1', 0))", "l[0].listen()", "p = l[0].getsockname()[1]", drop)
		if got := run(s, "socket.socket().bind(('127.0.0.1', p))"); got != "" {
			t.Errorf("%s, then binding its port again: %s", drop, got)
		}
	}
}

// settimeout's overflow errors are Python's own (printed by Python 3.11
// for s.settimeout(v)): an int too large is "timestamp too large to
// convert to C _PyTime_t", a float "timestamp out of range for platform
// time_t". sockshell says "timeout doesn't fit into C timeval" for both,
// and for an int beyond 64 bits (2**70) the nonsensical "'int' object
// cannot be interpreted as an integer".
func TestBugSettimeoutOverflow(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	execLines(t, s, "s = socket.socket()")
	for arg, want := range map[string]string{
		"10**10": "OverflowError: timestamp too large to convert to C _PyTime_t",
		"2**70":  "OverflowError: timestamp too large to convert to C _PyTime_t",
		"1e10":   "OverflowError: timestamp out of range for platform time_t",
		"1e300":  "OverflowError: timestamp out of range for platform time_t",
	} {
		if got := run(s, "s.settimeout("+arg+")"); got != want {
			t.Errorf("s.settimeout(%s): %q, want %q", arg, got, want)
		}
	}
}

// sockshell's own commands called in the Python form by name get their
// arguments unconverted (bindPython checks only their count), so a handler
// meets a value of a kind it never expects: recvall(None) and recvall(5)
// panic (interface conversion to *Socket), reported as an InternalError.
// FuzzDispatch found it. Less grave, the same path words errors oddly:
// serve(1, 2, 3) names an empty service in its error ("no service called"
// and two quotes), wait('a') says "SECONDS must be 0 or more".
func TestBugOwnCommandsPythonFormArgs(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	for _, line := range []string{"recvall(None)", "recvall(5)", "recvall('conn')"} {
		got := run(s, line)
		if !strings.HasPrefix(got, "TypeError: ") {
			t.Errorf("%s: %q, want a TypeError", line, got)
		}
	}
	if got := run(s, "serve(1, 2, 3)"); strings.Contains(got, "''") {
		t.Errorf("serve(1, 2, 3): %q names an empty service", got)
	}
	if got := run(s, "wait('a')"); !strings.HasPrefix(got, "TypeError: ") {
		t.Errorf("wait('a'): %q, want a TypeError", got)
	}
}
