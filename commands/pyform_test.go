package commands

import (
	"io"
	"strings"
	"testing"

	"sockshell/commands/syntax"
)

// TestPythonForm turns shell statements into the Python the lecture
// writes: a method on the socket's variable, socket.NAME for a function,
// constants as socket.NAME, an address and port as one tuple, data as
// bytes, the shell's defaults where Python requires an argument.
func TestPythonForm(t *testing.T) {
	s := NewSession(io.Discard, io.Discard, Options{})
	defer s.Close()
	execLines(t, s, "s = socket; u = socket AF_INET SOCK_DGRAM; msg = 'hé'; data = b'hi'; port = 80; c = 'SO_REUSEADDR'")
	tests := []struct {
		shell, python string
	}{
		{"getservbyname ssh", "socket.getservbyname('ssh')"},
		{"getservbyname domain udp", "socket.getservbyname('domain', 'udp')"},
		{"getservbyport 80", "socket.getservbyport(80)"},
		{"gethostname", "socket.gethostname()"},
		{"gethostbyname localhost", "socket.gethostbyname('localhost')"},
		{"getnameinfo 127.0.0.1 80", "socket.getnameinfo(('127.0.0.1', 80), 0)"},
		{"getnameinfo 127.0.0.1 80 NI_NUMERICSERV", "socket.getnameinfo(('127.0.0.1', 80), socket.NI_NUMERICSERV)"},
		{"getaddrinfo localhost http AF_INET SOCK_STREAM", "socket.getaddrinfo('localhost', 'http', socket.AF_INET, socket.SOCK_STREAM)"},
		{"getaddrinfo None 80", "socket.getaddrinfo(None, 80)"},
		{"s = socket", "s = socket.socket()"},
		{"s = socket AF_INET SOCK_STREAM IPPROTO_TCP", "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)"},
		{"s = socket 2 1", "s = socket.socket(2, 1)"},
		{"bind s 127.0.0.1 0", "s.bind(('127.0.0.1', 0))"},
		{"bind s ('127.0.0.1', 0)", "s.bind(('127.0.0.1', 0))"},
		{"bind u /tmp/x.sock", "u.bind('/tmp/x.sock')"},
		{"connect s localhost $port", "s.connect(('localhost', port))"},
		{"connect_ex s 127.0.0.1 9", "s.connect_ex(('127.0.0.1', 9))"},
		{"listen s", "s.listen()"},
		{"listen s 1", "s.listen(1)"},
		{"conn, addr = accept s", "conn, addr = s.accept()"},
		{"x = recv s 10", "x = s.recv(10)"},
		{"recv s", "s.recv(4096)"},
		{"recv s 4 MSG_PEEK", "s.recv(4, socket.MSG_PEEK)"},
		{"x += recv s", "x += s.recv(4096)"},
		{"recvfrom u", "u.recvfrom(4096)"},
		{"sendall s b'GET / HTTP/1.0\\r\\n\\r\\n'", "s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n')"},
		{"sendall s 'hé'", "s.sendall(b'h\\xc3\\xa9')"},
		{"sendall s hello", "s.sendall(b'hello')"},
		{"sendall s msg", "s.sendall(msg.encode())"},
		{"sendall s data", "s.sendall(data)"},
		{"send s $data", "s.send(data)"},
		{"sendto u b'x' 127.0.0.1 9", "u.sendto(b'x', ('127.0.0.1', 9))"},
		{"shutdown s SHUT_WR", "s.shutdown(socket.SHUT_WR)"},
		{"close s", "s.close()"},
		{"setsockopt s SOL_SOCKET SO_REUSEADDR 1", "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)"},
		{"getsockopt s SOL_SOCKET SO_TYPE", "s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)"},
		{"settimeout s None", "s.settimeout(None)"},
		{"settimeout s 2.5", "s.settimeout(2.5)"},
		{"getsockname s", "s.getsockname()"},
	}
	for _, tt := range tests {
		st := shellStmt(t, s, tt.shell)
		got, ok := s.PythonForm(st)
		if !ok || got != tt.python {
			t.Errorf("%s:\n got %q, %v\nwant %q", tt.shell, got, ok, tt.python)
		}
	}
}

// TestPythonFormInstead: sockshell's own commands have no Python form;
// what comes back says what a Python script does instead.
func TestPythonFormInstead(t *testing.T) {
	s := NewSession(io.Discard, io.Discard, Options{})
	defer s.Close()
	for shell, want := range map[string]string{
		"sockets":            "print(s)",
		"trace on":           pyInsteadDefault,
		"serve echo 10000":   "sockshell -c 'serve echo 10000; wait'",
		"srv = serve http 0": "sockshell -c 'srv = serve http 0; wait'",
		"get_constants AF_":  "get_constants helper",
	} {
		got, ok := s.PythonForm(shellStmt(t, s, shell))
		if ok || !strings.Contains(got, want) {
			t.Errorf("%s: got %q, %v; want false and %q in it", shell, got, ok, want)
		}
	}
}

// TestPythonFormRequired checks every command Python requires more
// arguments of than the shell does: the shell's default must fill them
// in, or the saved script would fail where the session did not.
func TestPythonFormRequired(t *testing.T) {
	s := NewSession(io.Discard, io.Discard, Options{})
	defer s.Close()
	for _, cmd := range table {
		if cmd.Py == nil || cmd.Py.Bind != nil {
			continue
		}
		st := &syntax.Shell{Name: cmd.Name}
		for _, p := range cmd.Params {
			if p.Optional {
				break
			}
			st.Args = append(st.Args, syntax.Arg{Kind: syntax.Word, Text: "x"})
		}
		got, ok := s.PythonForm(st)
		if !ok {
			t.Errorf("%s: no Python form: %q", cmd.Name, got)
			continue
		}
		args := got[strings.Index(got, "(")+1 : len(got)-1]
		n := 0
		if args != "" {
			n = strings.Count(args, ", ") + 1 - strings.Count(args, "(")
		}
		if n < cmd.Py.Min {
			t.Errorf("%s: %s gives Python %d arguments, it needs %d (add a pyDefaults entry)", cmd.Name, got, n, cmd.Py.Min)
		}
	}
}

// TestHasShell finds a shell statement inside a block.
func TestHasShell(t *testing.T) {
	s := NewSession(io.Discard, io.Discard, Options{})
	defer s.Close()
	for src, want := range map[string]bool{
		"x = 1":                              false,
		"sockets":                            true,
		"for i in range(2):\n    print(i)\n": false,
		"for i in range(2):\n    sockets\n":  true,
		"try:\n    pass\nexcept OSError:\n    sockets\n": true,
	} {
		tops, err := s.Parse(src, 1)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got := HasShell(tops[0].Stmt); got != want {
			t.Errorf("%q: HasShell %v, want %v", src, got, want)
		}
	}
}

// shellStmt parses src, which must be one shell statement.
func shellStmt(t *testing.T, s *Session, src string) *syntax.Shell {
	t.Helper()
	tops, err := s.Parse(src, 1)
	if err != nil || len(tops) != 1 {
		t.Fatalf("%s: %v", src, err)
	}
	st, ok := tops[0].Stmt.(*syntax.Shell)
	if !ok {
		t.Fatalf("%s: not a shell statement", src)
	}
	return st
}
