package commands

import (
	"strings"
	"testing"

	"sockshell/commands/value"
)

// TestShellAndPython checks what both syntaxes print, on one line and
// sharing variables: the shell's words and the lecture's Python. The
// Python lines print what Python 3.11 prints for them.
func TestShellAndPython(t *testing.T) {
	tests := []struct {
		lines []string
		out   string
	}{
		{[]string{"socket.AF_INET"}, "<AddressFamily.AF_INET: 2>\n"},
		{[]string{"socket.SOL_SOCKET"}, "1\n"},
		{[]string{"import socket", "from socket import *", "AF_INET6"}, "<AddressFamily.AF_INET6: 10>\n"},
		{[]string{"foo = socket.socket(); foo.family"}, "<AddressFamily.AF_INET: 2>\n"},
		{[]string{"socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP).proto"}, "17\n"},
		{[]string{"socket.socket(socket.AF_INET6).family.name"}, "'AF_INET6'\n"},
		{[]string{"socket.socket(family=socket.AF_INET6, type=socket.SOCK_DGRAM).type"}, "<SocketKind.SOCK_DGRAM: 2>\n"},
		{[]string{`msg = "GET / HTTP/1.1\r\n"`, `msg += "Host: localhost\r\n\r\n"`, "msg = msg.encode('utf8'); msg"}, "b'GET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n'\n"},
		{[]string{"info = (socket.AF_INET, socket.SOCK_STREAM, 6, '', ('127.0.0.1', 80))", "socket.socket(*info[:3]).type", "info[-1][0]"}, "<SocketKind.SOCK_STREAM: 1>\n'127.0.0.1'\n"},
		{[]string{"-socket.AF_INET", "str(socket.AF_INET), str(b'x'), str(5), str()"}, "-2\n('2', \"b'x'\", '5', '')\n"},
		{[]string{"int('42'), int(' -7 '), int('0x1f', 16), int('ff', 16), int('1_000'), int(3.9), int(socket.AF_INET), int(b'12'), int('0o17', 0)"}, "(42, -7, 31, 255, 1000, 3, 2, 12, 15)\n"},
		{[]string{"print('bell\\x07 esc\\x1b[31m tab\\t crlf\\r\\n')"}, "bell\\x07 esc\\x1b[31m tab\t crlf\r\n\n"},
		{[]string{"s = socket.socket(); s.family == socket.AF_INET, 2 == socket.AF_INET, s.fileno() > 2"}, "(True, True, True)\n"},
		{[]string{"x = [AF_INET, None, True]; x"}, "[<AddressFamily.AF_INET: 2>, None, True]\n"},
		// The two syntaxes on one line, sharing variables.
		{[]string{"s = socket.socket(); close s; s.fileno()"}, "-1\n"},
		{[]string{"s = socket; s.close(); s"}, "<socket.socket [closed] fd=-1, family=AddressFamily.AF_INET, type=SocketKind.SOCK_STREAM, proto=0>\n"},
		{[]string{"x = 5", "x"}, "5\n"},
		{[]string{"x = 'a'", "x += 'b'", "x"}, "'ab'\n"},
		{[]string{"x = b'a'", "x += b'\\x00'", "x"}, "b'a\\x00'\n"},
		{[]string{"a, b = (1, 2)", "b", "a"}, "2\n1\n"},
		{[]string{"a, b = b'xy'", "a", "b"}, "120\n121\n"},
		{[]string{"AF_INET", "AF_INET.name", "SOCK_DGRAM.value"}, "<AddressFamily.AF_INET: 2>\n'AF_INET'\n2\n"},
		{[]string{"t = ('127.0.0.1', 80)", "$t", "t"}, "('127.0.0.1', 80)\n('127.0.0.1', 80)\n"},
		{[]string{"x = None", "x"}, ""}, // None shows nothing, as in Python
		{[]string{"x = 'a\\x1b'", "x"}, "'a\\x1b'\n"},
		{[]string{"socket = 5", "s = socket", "s"}, "5\n"}, // a variable shadows the command it names
		{[]string{"log = 1", "log"}, "1\n"},
	}
	for _, tt := range tests {
		out, err := runLines(t, tt.lines...)
		if err != "" || out != tt.out {
			t.Errorf("%q:\nprinted %q, error %q\nwant %q", tt.lines, out, err, tt.out)
		}
	}
}

// TestErrors checks the errors of both syntaxes: Python's own for the
// Python form (3.11's "Did you mean" included), sockshell's for the shell
// form, with the usage line.
func TestErrors(t *testing.T) {
	tests := []struct {
		lines []string
		want  string // the error, or its start when it ends with "..."
	}{
		{[]string{"a = socket", "b = socket", "bind a 127.0.0.1 0", "listen a 1", "connect b $a.laddr", "b.sendall('hi')"}, "TypeError: a bytes-like object is required, not 'str'"},
		{[]string{"b'\\xff'.decode('utf8')"}, "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"},
		{[]string{"socket.socket(*5)"}, "TypeError: socket() argument after * must be an iterable, not int"},
		{[]string{"socket.AF_INET()"}, "TypeError: 'AddressFamily' object is not callable"},
		{[]string{"socket.nosuchthing"}, "AttributeError: module 'socket' has no attribute 'nosuchthing'"},
		{[]string{"s = socket.socket(); s.conect(('127.0.0.1', 1))"}, "AttributeError: 'socket' object has no attribute 'conect'. Did you mean: 'connect'?"},
		{[]string{"s = socket.socket(); s.connect('127.0.0.1', 1, 2, 3)"}, "TypeError: socket.connect() takes exactly one argument (4 given)"},
		{[]string{"nosuch(1)"}, "NameError: name 'nosuch' is not defined"},
		{[]string{"sockts"}, "NameError: name 'sockts' is not defined. Did you mean: 'socket'?"},
		{[]string{"hlep"}, "NameError: name 'hlep' is not defined; did you mean help?"}, // a command's typo
		{[]string{"len = 5; len('a')"}, "TypeError: 'int' object is not callable"},
		{[]string{"socket.socket("}, "SyntaxError: '(' was never closed"},
		{[]string{"import os"}, "NotImplementedError: the os module is not supported in sockshell; it has socket, select, selectors, ssl, errno, math, time and sys"},
		{[]string{"x = 'a'", "x += b'b'"}, "TypeError: can only concatenate str (not \"bytes\") to str"},
		{[]string{"nope += 1"}, "NameError: name 'nope' is not defined. Did you mean: 'None'?"}, // as Python 3.11 says
		{[]string{"a, b = (1, 2, 3)"}, "ValueError: too many values to unpack (expected 2)"},
		{[]string{"a, b, c = (1, 2)"}, "ValueError: not enough values to unpack (expected 3, got 2)"},
		{[]string{"a, b = 5"}, "TypeError: cannot unpack non-iterable int object"},
		{[]string{"$nosuch"}, "NameError: name 'nosuch' is not defined"},
		{[]string{"x = 1", "x.family"}, "AttributeError: 'int' object has no attribute 'family'"},
		{[]string{"nosuch 1 2"}, "NameError: unknown command 'nosuch'"},
		{[]string{"socket AF_INETT"}, "AttributeError: module 'socket' has no attribute 'AF_INETT'; did you mean AF_INET?"},
		{[]string{"close nosock"}, "NameError: name 'nosock' is not defined (close: SOCKET must name a socket)"},
		{[]string{"x = 5", "close x"}, "TypeError: close: SOCKET must be a socket, not int"},
		{[]string{"c = socket", "connect c 127.0.0.1 1"}, "ConnectionRefusedError: [Errno 111] Connection refused"},
		{[]string{"s = socket", "bind s 127.0.0.1 0", "listen s", "t = socket", "bind t $s.laddr"}, "OSError: [Errno 98] Address already in use"},
		{[]string{"step x.ss"}, "RuntimeError: step needs sockshell's command loop"},
		{[]string{"send s info[-1]"}, "..."},
	}
	for _, tt := range tests {
		_, err := runLines(t, tt.lines...)
		if prefix, ok := strings.CutSuffix(tt.want, "..."); ok {
			if err == "" || !strings.HasPrefix(err, prefix) {
				t.Errorf("%q: error %q, want it to start %q", tt.lines, err, prefix)
			}
		} else if err != tt.want {
			t.Errorf("%q: error\n%s\nwant\n%s", tt.lines, err, tt.want)
		}
	}
}

// TestExecRecovers checks that a handler's panic becomes an InternalError
// naming the statement, and that the session still works afterwards.
func TestExecRecovers(t *testing.T) {
	const name = "__test_panic_eval"
	RegisterHidden(&Command{Name: name, Summary: "panics", Run: func(*Call) (value.Value, error) { panic("boom") }})
	defer delete(commandsByName, name)
	s, out, _ := newTestSession(t, Options{})
	execLines(t, s, "x = 1")
	if got := run(s, name); !strings.HasPrefix(got, `InternalError: sockshell bug while running "`+name+`": boom`) {
		t.Errorf("error %q", got)
	}
	if got := run(s, "y = "+name+"()"); !strings.HasPrefix(got, "InternalError: ") {
		t.Errorf("error %q", got)
	}
	execLines(t, s, "x")
	s.Flush()
	if out.String() != "1\n" {
		t.Errorf("stdout %q: the session did not go on", out.String())
	}
}

// TestExecNilResult checks that a handler returning (nil, nil) shows
// nothing and assigns None, rather than crashing.
func TestExecNilResult(t *testing.T) {
	const name = "__test_nil_eval"
	RegisterHidden(&Command{Name: name, Summary: "nothing", Run: func(*Call) (value.Value, error) { return nil, nil }})
	defer delete(commandsByName, name)
	s, out, _ := newTestSession(t, Options{})
	execLines(t, s, name, "v = "+name)
	if got := run(s, "v.x"); got != "AttributeError: 'NoneType' object has no attribute 'x'" {
		t.Errorf("v.x: %q", got)
	}
	s.Flush()
	if out.String() != "" {
		t.Errorf("stdout %q", out.String())
	}
}
