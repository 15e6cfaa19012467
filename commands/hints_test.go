package commands

import (
	"context"
	"strings"
	"testing"
)

// hintOf runs line in s and returns its error as the shell shows it and
// the hint under it.
func hintOf(t *testing.T, s *Session, line string) (msg, hint string) {
	t.Helper()
	tops, err := s.Parse(line, 1)
	if err != nil {
		e := AsException(err)
		return e.Error(), e.Hint
	}
	for _, top := range tops {
		if err = s.Exec(context.Background(), top); err != nil {
			e := AsException(err)
			return e.Error(), e.Hint
		}
	}
	return "", ""
}

// TestStateHints checks that an error that stands for several mistakes
// gets the hint its socket's state calls for, in both syntaxes, while the
// error stays Python's (checked against python3 3.11 on Linux: a send on
// a socket that never connected is a BrokenPipeError there too).
func TestStateHints(t *testing.T) {
	const (
		brokenPipe = "BrokenPipeError: [Errno 32] Broken pipe"
		notConn    = "OSError: [Errno 107] Transport endpoint is not connected"
		inval      = "OSError: [Errno 22] Invalid argument"
		isConn     = "OSError: [Errno 106] Transport endpoint is already connected"
	)
	listening := []string{"srv = socket", "bind srv 127.0.0.1 0", "listen srv 1", "port = srv.getsockname()[1]"}
	connected := append(append([]string{}, listening...), "c = socket", "connect c 127.0.0.1 $port", "conn, addr = accept srv")
	refused := append(append([]string{}, listening...), "c = socket", "close srv", "!connect c 127.0.0.1 $port")
	for _, tt := range []struct {
		name  string
		setup []string
		line  string
		err   string
		hint  string // a part the hint must have
		not   string // a part it must not have
	}{
		{"sendall never connected", []string{"s = socket"}, "sendall s b'hi'", brokenPipe, "never connected", "other side"},
		{"Python sendall never connected", []string{"s = socket"}, "s.sendall(b'hi')", brokenPipe, "never connected", "other side"},
		{"send bound, never connected", []string{"s = socket", "bind s 127.0.0.1 0"}, "send s b'hi'", brokenPipe, "never connected", ""},
		{"recv never connected", []string{"s = socket"}, "recv s 10", notConn, "no one to receive from", ""},
		{"AF_UNIX recv never connected", []string{"s = socket AF_UNIX"}, "s.recv(10)", inval, "no one to receive from", ""},
		{"sendall on the listening socket", listening, "sendall srv b'x'", brokenPipe, "listening socket", "never connected"},
		{"recv on the listening socket", listening, "srv.recv(10)", notConn, "use the socket accept returns", ""},
		{"sendall after the connect failed", refused, "sendall c b'x'", brokenPipe, "connect failed (ECONNREFUSED", ""},
		{"sendall after shutdown", connected, "shutdown c SHUT_WR; sendall c b'x'", brokenPipe, "sending side was shut down", ""},
		{"second bind", []string{"s = socket", "bind s 127.0.0.1 0"}, "bind s 127.0.0.1 0", inval, "already bound to ('127.0.0.1', ", "accept"},
		{"Python second bind", []string{"s = socket", "s.bind(('127.0.0.1', 0))"}, "s.bind(('127.0.0.1', 0))", inval, "a socket binds once", ""},
		{"bind a listening socket", listening, "bind srv 127.0.0.1 0", inval, "and listening", ""},
		{"bind after connect", connected, "bind c 127.0.0.1 0", inval, "connect gave this socket its address", ""},
		{"listen after a failed connect", refused, "listen c", inval, "connect failed (ECONNREFUSED, connection refused)", "accept needs"},
		{"listen on a connected socket", connected, "c.listen()", inval, "is connected to ('127.0.0.1', ", ""},
		{"accept unbound", []string{"s = socket"}, "accept s", inval, "neither bound nor listening", ""},
		{"accept bound, not listening", []string{"s = socket", "bind s 127.0.0.1 0"}, "s.accept()", inval, "but not listening: listen S first", ""},
		{"accept on a connection", connected, "accept conn", inval, "not on a connection", ""},
		{"connect a listening socket", listening, "connect srv 127.0.0.1 $port", isConn, "listening socket", ""},
		{"connect again", connected, "connect c 127.0.0.1 $port", isConn, "already connected to ('127.0.0.1', ", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _ := newTestSession(t, Options{})
			execLines(t, s, tt.setup...)
			msg, hint := hintOf(t, s, tt.line)
			if msg != tt.err {
				t.Errorf("%s: %q, want %q (as Python)", tt.line, msg, tt.err)
			}
			if !strings.Contains(hint, tt.hint) || tt.not != "" && strings.Contains(hint, tt.not) {
				t.Errorf("%s: hint %q, want one with %q and without %q", tt.line, hint, tt.hint, tt.not)
			}
		})
	}
}

// TestPeerClosedHint checks that a send after the peer has gone keeps the
// usual hint: the other side closed.
func TestPeerClosedHint(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	execLines(t, s, "srv = socket", "bind srv 127.0.0.1 0", "listen srv 1", "port = srv.getsockname()[1]",
		"c = socket", "connect c 127.0.0.1 $port", "conn, addr = accept srv", "close conn")
	var msg, hint string
	for range 10 { // the first sends may still go, until the reset
		if msg, hint = hintOf(t, s, "c.sendall(b'x' * 1000)"); msg != "" {
			break
		}
	}
	if !strings.Contains(hint, "other side") {
		t.Errorf("%s: hint %q, want the other side closed", msg, hint)
	}
}

// TestSuggestionsNear checks the shell's own "did you mean" in each place
// it is made: a name is suggested only when it is near the one typed (by
// Python's rule, or one change or swap of two letters for a command),
// never the name typed itself, and nothing for a name far from all (foo,
// x among the lecture's names).
func TestSuggestionsNear(t *testing.T) {
	setup := []string{"s = socket", "server = socket", "client = socket", "port = 50000", "host = '127.0.0.1'", "msg = b'hi'", "conn = None", "addr = None"}
	for _, tt := range []struct {
		line string
		want string // the suggestion, "" for none
	}{
		{"foo", ""},
		{"not x", ""},
		{"x", ""},
		{"foo 1", ""},
		{"port 5", ""},    // port is a variable, not a command: not "did you mean port?"
		{"prot", "print"}, // Python's own answer, as python3 gives it
		{"hlep", "help"},
		{"getservbynme ssh", "getservbyname"},
		{"get_constants AFF_", "AF_"},
		{"sever", "server"},
		{"recv sever 10", "server"},
		{"recv foo 10", ""},
		{"recv s2 10", "s"},
		{"sokets", "socket"}, // Python's; the hint names the sockets command
		{"sockt", "socket"},  // Python's, as near as a command
		{"socket AF_INTE", "AF_INET"},
		{"socket AF_FOO", ""},
		{"help clint", "client"},
		{"help foo", ""},
	} {
		s, _, _ := newTestSession(t, Options{})
		execLines(t, s, setup...)
		msg, _ := hintOf(t, s, tt.line)
		if msg == "" {
			t.Errorf("%s: no error", tt.line)
			continue
		}
		got := ""
		for _, mark := range []string{"did you mean ", "Did you mean: '"} {
			if i := strings.Index(msg, mark); i >= 0 {
				got = strings.TrimRight(msg[i+len(mark):], "?'")
			}
		}
		if got != tt.want {
			t.Errorf("%s: %q suggests %q, want %q", tt.line, msg, got, tt.want)
		}
	}
	s, _, _ := newTestSession(t, Options{})
	if _, hint := hintOf(t, s, "sokets"); !strings.Contains(hint, "the command sockets?") {
		t.Errorf("sokets: hint %q does not name the sockets command", hint)
	}
}
