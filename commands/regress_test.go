package commands

import (
	"strings"
	"testing"
)

// Faults found while porting the tests, each pinned by the test that
// found it.

// A socket reachable only through an iterator (iter, zip, enumerate,
// reversed, map) is still in use: next() gives it open, as in Python. (The
// iterator's items sit in its Next closure, so the iterator names what it
// reads from.)
func TestSocketInIteratorKept(t *testing.T) {
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
// closed at the end of that statement, as in Python, where its last
// reference went: binding its port again in the next statement works.
func TestSocketDroppedFromContainerInPlace(t *testing.T) {
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
// time_t", whatever the sign, and beyond 64 bits too.
func TestSettimeoutOverflow(t *testing.T) {
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

// sockshell's own commands called in the Python form by name get each
// argument checked against its parameter's kind, as a shell literal is:
// a TypeError, never a handler meeting a value it does not expect
// (recvall(None) once panicked; FuzzDispatch found it). Package peercmd
// checks its own (serve, wait).
func TestOwnCommandsPythonFormArgs(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	for _, line := range []string{"recvall(None)", "recvall(5)", "recvall('conn')"} {
		got := run(s, line)
		if !strings.HasPrefix(got, "TypeError: ") {
			t.Errorf("%s: %q, want a TypeError", line, got)
		}
	}
}
