package commands

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

// runLines runs lines in a fresh session and returns what it printed and
// the error of the last line ("" when it succeeded); an error in an earlier
// line fails the test.
func runLines(t *testing.T, lines ...string) (out string, lastErr string) {
	t.Helper()
	var o, e bytes.Buffer
	s := NewSession(&o, &e, Options{})
	defer s.Close()
	for i, line := range lines {
		err := runLine(s, line)
		if err != nil && i < len(lines)-1 {
			t.Fatalf("setup line %q: %v", line, AsPyError(err))
		}
		if err != nil {
			lastErr = AsPyError(err).Error()
		}
	}
	s.Flush()
	return o.String(), lastErr
}

func runLine(s *Session, line string) error {
	stmts, err := Parse(line)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		if err := s.Exec(context.Background(), st); err != nil {
			return err
		}
	}
	return nil
}

func TestLooksLikePython(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"socket.getservbyname('ssh')", true},
		{"foo = socket.socket()", true},
		{"x = socket.SOCK_DGRAM", true},
		{"x = (socket.AF_INET, 1)", true},
		{"info = streams[0]", true},
		{"response[:60]", true},
		{"len(response)", true},
		{"msg = msg.encode('utf8')", true},
		{"conn, addr = server_socket.accept()", true},
		{"import socket", true},
		{"def f(x):", true},
		{"while not done:", true},
		{"msg + b'x'", true},
		{"a == b", true},
		{">>> foo", true},
		{"In [3]: foo", true},
		// Shell lines stay shell lines.
		{"bind s 127.0.0.1 50000", false},
		{"x = ('127.0.0.1', 50000)", false},
		{"connect s ('127.0.0.1', 80)", false},
		{"foo = socket", false},
		{"socket AF_INET SOCK_DGRAM", false},
		{"foo.family", false},
		{"msg = b'GET / HTTP/1.1\\r\\n'", false},
		{"msg += 'Host: x'", false},
		{"help socket.socket", false},
		{"getaddrinfo [::1] 80", false},
		{"connect s [fe80::1%lo]:80", false},
		{"getservbyname ssh  # see [1]", false},
		{"x = 'a(b)[c]'", false},
	}
	for _, tt := range tests {
		toks, err := lex(tt.line)
		if err != nil {
			t.Fatalf("lex(%q): %v", tt.line, err)
		}
		if got := looksLikePython(toks); got != tt.want {
			t.Errorf("looksLikePython(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestPythonValues(t *testing.T) {
	tests := []struct {
		setup []string
		line  string
		want  string // printed output, without the final newline
	}{
		{nil, "socket.AF_INET", "<AddressFamily.AF_INET: 2>"},
		{nil, "socket.SOL_SOCKET", "1"},
		{nil, "import socket", ""},
		{nil, "from socket import *", ""},
		{nil, "foo = socket.socket(); foo.family", "<AddressFamily.AF_INET: 2>"},
		{nil, "socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP).proto", "17"},
		{nil, "socket.socket(socket.AF_INET6).family.name", "'AF_INET6'"},
		{[]string{`msg = "GET / HTTP/1.1\r\n"`, `msg += "Host: localhost\r\n\r\n"`}, "msg = msg.encode('utf8'); msg", `b'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'`},
		{[]string{"r = b'HTTP/1.1 200 OK\\r\\n'"}, "r[:8]", "b'HTTP/1.1'"},
		{[]string{"r = b'HTTP/1.1 200 OK\\r\\n'"}, "len(r)", "17"},
		{[]string{"r = b'HTTP'"}, "r[-1]", "80"},
		{[]string{"r = b'HTTP'"}, "r[::-1]", "b'PTTH'"},
		{[]string{"r = b'HTTP'"}, "r[1:3], r[-2:], r[:-3], r[5:], r[::2]", "(b'TT', b'TP', b'H', b'', b'HT')"},
		{nil, "'abc'[5:1:-1]", "'c'"},
		{nil, "'héllo'[1]", "'é'"},
		{nil, "len('héllo')", "5"},
		{nil, "(1, 2, 3)[-1]", "3"},
		{nil, "[1, 2, 3][1:]", "[2, 3]"},
		{[]string{"info = (socket.AF_INET, socket.SOCK_STREAM, 6, '', ('127.0.0.1', 80))"}, "info[:3]", "(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6)"},
		{[]string{"info = (socket.AF_INET, socket.SOCK_STREAM, 6, '', ('127.0.0.1', 80))"}, "socket.socket(*info[:3]).type", "<SocketKind.SOCK_STREAM: 1>"},
		{[]string{"info = (socket.AF_INET, socket.SOCK_STREAM, 6, '', ('127.0.0.1', 80))"}, "info[-1][0]", "'127.0.0.1'"},
		{nil, "'Yes, I can hear you.'.encode('utf8')", "b'Yes, I can hear you.'"},
		{nil, "'é'.encode()", `b'\xc3\xa9'`},
		{nil, "'é'.encode('latin-1')", `b'\xe9'`},
		{nil, "b'\\xc3\\xa9'.decode('utf8')", "'é'"},
		{nil, "b'a\\xffb'.decode('utf8', 'replace')", "'a\ufffdb'"},
		{nil, "b'a\\xffb'.decode('ascii', 'ignore')", "'ab'"},
		{nil, "'a' + 'b' 'c'", "'abc'"},
		{nil, "b'a' + b'b'", "b'ab'"},
		{nil, "1 + 2 - 4", "-1"},
		{nil, "1 + 2.5", "3.5"},
		{nil, "b'ab' * 3", "b'ababab'"},
		{nil, "(1,) + (2,)", "(1, 2)"},
		{nil, "-socket.AF_INET", "-2"},
		{nil, "str(socket.AF_INET), str(b'x'), str(5), str()", "('2', \"b'x'\", '5', '')"},
		{nil, "str(b'caf\\xc3\\xa9', 'utf8')", "'café'"},
		{nil, "bytes(3), bytes([104, 105]), bytes('hi', 'ascii'), bytes()", `(b'\x00\x00\x00', b'hi', b'hi', b'')`},
		{nil, "int('42'), int(' -7 '), int('0x1f', 16), int('ff', 16), int('1_000'), int(3.9), int(socket.AF_INET), int(b'12'), int('0o17', 0)", "(42, -7, 31, 255, 1000, 3, 2, 12, 15)"},
		{nil, "float('1.5'), float(2)", "(1.5, 2.0)"},
		{nil, "repr('a'), list((1, 2)), tuple([1]), list(b'ab')", `("'a'", [1, 2], (1,), [97, 98])`},
		{nil, "print('a', 1, b'x', None)", "a 1 b'x' None"},
		{nil, "print('bell\\x07 esc\\x1b[31m tab\\t crlf\\r\\n')", "bell\\x07 esc\\x1b[31m tab\t crlf\r\n"},
		{nil, "x = 1, 2; x", "(1, 2)"},
		{nil, "a, b = [1, 2]; a", "1"},
		{[]string{"n = 1"}, "n += 2; n", "3"},
		{nil, "d = get_constants('SOCK_'); d[1]", "'SOCK_STREAM'"},
		{nil, "d = get_constants('SOCK_'); d[socket.SOCK_DGRAM]", "'SOCK_DGRAM'"},
		{nil, "socket.getservbyname('ssh')", "22"},
		{nil, "socket.getservbyport(80)", "'http'"},
		{nil, "socket.gethostbyname('127.0.0.1')", "'127.0.0.1'"},
		{nil, "socket.getaddrinfo('127.0.0.1', 80, 0, socket.SOCK_STREAM)[0][-1]", "('127.0.0.1', 80)"},
		{nil, ">>> 1 + 1", "2"},
		{nil, "socket.getnameinfo(('127.0.0.1', 22), socket.NI_NUMERICSERV)", "('localhost', '22')"},
		{nil, "s = socket.socket(); s.fileno() == s.fd, s.family == socket.AF_INET, 2 == socket.AF_INET, (1, 'a') == (1, 'a'), b'a' != 'a', [1] == (1,)", "(True, True, True, True, True, False)"},
		{nil, "1 == 1", "True"},
		{nil, "x = [AF_INET, None, True]; x", "[<AddressFamily.AF_INET: 2>, None, True]"},
		{nil, "In [7]: foo = socket; foo.type", "<SocketKind.SOCK_STREAM: 1>"},
		// The two syntaxes on one line, sharing variables.
		{nil, "s = socket.socket(); close s; s.fd", "-1"},
		{nil, "s = socket; s.close(); s.fd", "-1"},
	}
	for _, tt := range tests {
		out, err := runLines(t, append(tt.setup, tt.line)...)
		if err != "" {
			t.Errorf("%q: error %s", tt.line, err)
			continue
		}
		if got := strings.TrimSuffix(out, "\n"); got != tt.want {
			t.Errorf("%q printed\n%s\nwant\n%s", tt.line, got, tt.want)
		}
	}
}

func TestPythonErrors(t *testing.T) {
	tests := []struct {
		setup []string
		line  string
		want  string // the error, or its start when it ends with "..."
	}{
		{[]string{"a = socket", "b = socket", "bind a 127.0.0.1 0", "listen a 1", "connect b $a.laddr"}, "b.sendall('hi')", "TypeError: a bytes-like object is required, not 'str'"},
		{[]string{"a = socket", "b = socket", "bind a 127.0.0.1 0", "listen a 1", "connect b $a.laddr"}, "b.send('hi'.encode('utf8')[:0] + 'x')", "TypeError: can't concat str to bytes"},
		{nil, "(1, 2)[5]", "IndexError: tuple index out of range"},
		{nil, "[1][-2]", "IndexError: list index out of range"},
		{nil, "'a'[5]", "IndexError: string index out of range"},
		{nil, "b'a'[5]", "IndexError: index out of range"},
		{nil, "(1, 2)['a']", "TypeError: tuple indices must be integers or slices, not str"},
		{nil, "'a'['x']", "TypeError: string indices must be integers, not 'str'"},
		{nil, "b'a'[1.5]", "TypeError: byte indices must be integers or slices, not float"},
		{nil, "x = 5; x[0]", "TypeError: 'int' object is not subscriptable"},
		{nil, "(1, 2)[1:2:0]", "ValueError: slice step cannot be zero"},
		{nil, "(1,)[1:'a']", "TypeError: slice indices must be integers or None or have an __index__ method"},
		{nil, "len(5)", "TypeError: object of type 'int' has no len()"},
		{nil, "int('abc')", "ValueError: invalid literal for int() with base 10: 'abc'"},
		{nil, "int('12', 1)", "ValueError: int() base must be >= 2 and <= 36, or 0"},
		{nil, "int(None)", "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"},
		{nil, "int('99999999999999999999')", "OverflowError: ..."},
		{nil, "b'\\xff'.decode('utf8')", "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"},
		{nil, "b'a\\xe9'.decode()", "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 1: unexpected end of data"},
		{nil, "b'\\xe9a'.decode()", "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 0: invalid continuation byte"},
		{nil, "b'\\xe2\\x82a'.decode()", "UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"},
		{nil, "b'\\xe9'.decode('ascii')", "UnicodeDecodeError: 'ascii' codec can't decode byte 0xe9 in position 0: ordinal not in range(128)"},
		{nil, "'aéé'.encode('ascii')", "UnicodeEncodeError: 'ascii' codec can't encode characters in position 1-2: ordinal not in range(128)"},
		{nil, "'\u20ac'.encode('latin-1')", `UnicodeEncodeError: 'latin-1' codec can't encode character '€' in position 0: ordinal not in range(256)`},
		{nil, "'a'.encode('foo')", "LookupError: unknown encoding: foo"},
		{nil, "b'a'.encode()", "AttributeError: 'bytes' object has no attribute 'encode'"},
		{nil, "'a'.decode()", "AttributeError: 'str' object has no attribute 'decode'"},
		{nil, "bytes('a')", "TypeError: string argument without an encoding"},
		{nil, "bytes([1, 300])", "ValueError: bytes must be in range(0, 256)"},
		{nil, "1 + 'a'", "TypeError: unsupported operand type(s) for +: 'int' and 'str'"},
		{nil, "'a' + 1", `TypeError: can only concatenate str (not "int") to str`},
		{nil, "b'a' + 'a'", "TypeError: can't concat str to bytes"},
		{nil, "(1,) + [2]", `TypeError: can only concatenate tuple (not "list") to tuple`},
		{nil, "'a' * 'b'", "TypeError: can't multiply sequence by non-int of type 'str'"},
		{nil, "b'x' * 1000000000000", "MemoryError: ..."},
		{nil, "-'a'", "TypeError: bad operand type for unary -: 'str'"},
		{nil, "socket.socket(*5)", "TypeError: socket.socket() argument after * must be an iterable, not int"},
		{nil, "x = 5; x()", "TypeError: 'int' object is not callable"},
		{nil, "socket.AF_INET()", "TypeError: 'int' object is not callable (socket.AF_INET is a constant)"},
		{nil, "socket.nosuchthing", "AttributeError: module 'socket' has no attribute 'nosuchthing'"},
		{nil, "socket.getservbynme('ssh')", "AttributeError: module 'socket' has no attribute 'getservbynme'; did you mean getservbyname?"},
		{nil, "socket.getservbyname", "TypeError: socket.getservbyname is a function here: call it, as in socket.getservbyname(...)"},
		{nil, "s = socket.socket(); s.conect(('127.0.0.1', 1))", "AttributeError: 'socket' object has no attribute 'conect'; did you mean connect?"},
		{nil, "s = socket.socket(); s.getservbyname('ssh')", "AttributeError: 'socket' object has no attribute 'getservbyname'..."},
		{nil, "s = socket.socket(); s.family()", "TypeError: 'AddressFamily' object is not callable"},
		{nil, "x = 5; x.foo()", "AttributeError: 'int' object has no attribute 'foo'"},
		{nil, "nosuch(1)", "NameError: name 'nosuch' is not defined"},
		{nil, "x = [len]", "TypeError: len is a function here: call it, as in len(...)"},
		{nil, "x = [get_constants]", "TypeError: get_constants is a function here: call it, as in get_constants(...)"},
		{nil, "len = 5; len('a')", "TypeError: 'int' object is not callable"},
		{nil, "nosuch[0]", "NameError: name 'nosuch' is not defined"},
		{nil, "socket.socket(family=2)", "SyntaxError: keyword arguments (such as family=...) are not supported in sockshell's Python lines; pass the arguments in order"},
		{nil, "socket.socket(", "SyntaxError: '(' was never closed"},
		{nil, "x[0] = 1", "SyntaxError: item assignment (x[i] = ...) is not supported; build a new value instead"},
		{nil, "x < socket.AF_INET", "SyntaxError: the operator '<' is not supported in sockshell's Python lines (they know + - * == != , indexing, slicing, calls and attributes)"},
		{nil, "x = f'{y}'[0]", "SyntaxError: f-strings are not supported in sockshell's Python lines; join text with + instead"},
		{nil, "import os", "ModuleNotFoundError: sockshell's Python lines know only the socket module, not 'os'"},
		{nil, "def get_constants(prefix):", "NotImplementedError: sockshell runs one statement a line; 'def' statements need a real Python interpreter. 'get_constants' is already a command here: get_constants PREFIX"},
		{nil, "while not done:", "NotImplementedError: sockshell runs one statement a line; 'while' statements need a real Python interpreter. To receive until the other side is done, use: recvall ..."},
		{nil, "streams = [i for i in info if i[1] == socket.SOCK_STREAM]", "NotImplementedError: sockshell runs one statement a line; comprehensions need a real Python interpreter. To keep only some answers, give getaddrinfo the TYPE you want: socket.getaddrinfo(HOST, PORT, 0, socket.SOCK_STREAM)..."},
		{nil, "for response in socket.getaddrinfo(host, port):", "NotImplementedError: sockshell runs one statement a line; 'for' statements need..."},
		{nil, "socket = 5", "NameError: 'socket' is a command; choose another variable name"},
		{nil, "s = socket.socket(); s.connect('127.0.0.1', 1, 2, 3)", "TypeError: connect: expected ..."},
	}
	for _, tt := range tests {
		_, err := runLines(t, append(tt.setup, tt.line)...)
		if prefix, ok := strings.CutSuffix(tt.want, "..."); ok {
			if !strings.HasPrefix(err, prefix) {
				t.Errorf("%q: error\n%s\nwant it to start\n%s", tt.line, err, prefix)
			}
		} else if err != tt.want {
			t.Errorf("%q: error\n%s\nwant\n%s", tt.line, err, tt.want)
		}
	}
}

// TestSliceIndices checks slices against what Python gives for a
// sequence of 5: range(5)[lo:hi:step].
func TestSliceIndices(t *testing.T) {
	p := func(n int64) *int64 { return &n }
	tests := []struct {
		lo, hi, step *int64
		want         string
	}{
		{nil, nil, nil, "[0 1 2 3 4]"},
		{p(1), p(3), nil, "[1 2]"},
		{p(-2), nil, nil, "[3 4]"},
		{nil, p(-1), nil, "[0 1 2 3]"},
		{p(-10), p(10), nil, "[0 1 2 3 4]"},
		{nil, nil, p(-1), "[4 3 2 1 0]"},
		{p(3), p(0), p(-1), "[3 2 1]"},
		{p(10), nil, p(-2), "[4 2 0]"},
		{nil, p(-10), p(-1), "[4 3 2 1 0]"},
		{p(4), p(1), nil, "[]"},
		{nil, nil, p(2), "[0 2 4]"},
	}
	for _, tt := range tests {
		idx, err := sliceIndices(5, tt.lo, tt.hi, tt.step)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(idx); got != tt.want && !(len(idx) == 0 && tt.want == "[]") {
			t.Errorf("slice %v:%v:%v = %s, want %s", deref(tt.lo), deref(tt.hi), deref(tt.step), got, tt.want)
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return "None"
	}
	return *p
}

func TestExplain(t *testing.T) {
	tests := []struct {
		line string
		want []string // lines the output must hold
	}{
		{"explain ECONNREFUSED", []string{"ECONNREFUSED (errno 111): Connection refused", "Python raises: ConnectionRefusedError: [Errno 111] Connection refused", "In short: nothing is listening", "What to try:"}},
		{"explain 98", []string{"EADDRINUSE (errno 98): Address already in use", "Python raises: OSError: [Errno 98] Address already in use", "Usual causes in the lecture's exercises:"}},
		{"explain(98)", []string{"EADDRINUSE (errno 98)"}},
		{"explain econnreset", []string{"ECONNRESET (errno 104): Connection reset by peer"}},
		{"explain ConnectionRefusedError", []string{"ECONNREFUSED (errno 111)"}},
		{"explain PermissionError", []string{"EACCES (errno 13)"}},
		{"explain 'OSError: [Errno 99] Cannot assign requested address'", []string{"EADDRNOTAVAIL (errno 99): Cannot assign requested address"}},
		{"explain EWOULDBLOCK", []string{"EAGAIN (errno 11)"}},
		{"explain EMFILE", []string{"EMFILE (errno 24): Too many open files"}},
		{"explain EAI_NONAME", []string{"EAI_NONAME (resolver error -2)"}},
		{"explain -2", []string{"EAI_NONAME (resolver error -2)"}},
		{"explain", []string{"ECONNREFUSED   111", "EINPROGRESS    115"}},
	}
	for _, tt := range tests {
		out, err := runLines(t, tt.line)
		if err != "" {
			t.Errorf("%s: %s", tt.line, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", tt.line, w, out)
			}
		}
	}
	// Every errno the lecture meets has the full story.
	for _, name := range []string{"ECONNREFUSED", "EADDRINUSE", "EADDRNOTAVAIL", "EACCES", "EPIPE", "ECONNRESET", "ENOTCONN", "EISCONN", "EBADF", "EINVAL", "ETIMEDOUT", "EAGAIN", "EAFNOSUPPORT", "ENOENT", "EHOSTUNREACH", "ENETUNREACH", "EINPROGRESS"} {
		out, err := runLines(t, "explain "+name)
		if err != "" || !strings.Contains(out, "What it means:") || !strings.Contains(out, "What to try:") || !strings.HasPrefix(out, name+" (errno ") {
			t.Errorf("explain %s: %s\n%s", name, err, out)
		}
	}
	for _, bad := range []string{"explain EFOO", "explain 100000", "explain -100"} {
		if _, err := runLines(t, bad); !strings.HasPrefix(err, "ValueError: ") {
			t.Errorf("%s: error %q, want a ValueError", bad, err)
		}
	}
	if _, err := runLines(t, "explain ECONREFUSED"); !strings.HasSuffix(err, "did you mean ECONNREFUSED?") {
		t.Errorf("explain ECONREFUSED: %s", err)
	}
}
