package lookupcmd

import (
	"io"
	"strings"
	"testing"

	"sockshell/commands"
	"sockshell/commands/shelltest"
)

// TestShellAndPython checks what the lookups print in both syntaxes,
// sharing variables. The Python lines print what Python 3.11 prints for
// them.
func TestShellAndPython(t *testing.T) {
	tests := []struct {
		lines []string
		out   string
	}{
		{[]string{"d = get_constants('SOCK_'); d[1], d[socket.SOCK_DGRAM]"}, "('SOCK_STREAM', 'SOCK_DGRAM')\n"},
		{[]string{"socket.getservbyname('ssh'), socket.getservbyport(80)"}, "(22, 'http')\n"},
		{[]string{"socket.gethostbyname('127.0.0.1')"}, "'127.0.0.1'\n"},
		{[]string{"socket.getaddrinfo('127.0.0.1', 80, 0, socket.SOCK_STREAM)[0][-1]"}, "('127.0.0.1', 80)\n"},
		{[]string{"socket.getnameinfo(('127.0.0.1', 22), socket.NI_NUMERICSERV)"}, "('localhost', '22')\n"},
		{[]string{"getservbyname ssh tcp", "getservbyport 53 udp"}, "22\n'domain'\n"},
		{[]string{"port = getservbyname ssh", "port + 1"}, "23\n"},
	}
	for _, tt := range tests {
		out, err := shelltest.RunLines(t, tt.lines...)
		if err != "" || out != tt.out {
			t.Errorf("%q:\nprinted %q, error %q\nwant %q", tt.lines, out, err, tt.out)
		}
	}
}

// TestErrors checks the lookups' errors in both syntaxes: Python's own for
// the Python form (3.11's "Did you mean" included), sockshell's for the
// shell form, with the usage line.
func TestErrors(t *testing.T) {
	tests := []struct {
		lines []string
		want  string
	}{
		{[]string{"socket.getservbynme('ssh')"}, "AttributeError: module 'socket' has no attribute 'getservbynme'. Did you mean: 'getservbyname'?"},
		{[]string{"s = socket.socket(); s.getservbyname('ssh')"}, "AttributeError: 'socket' object has no attribute 'getservbyname'"},
		{[]string{"getservbynme ssh"}, "NameError: unknown command 'getservbynme'; did you mean getservbyname?"},
		{[]string{"getservbyname"}, "TypeError: getservbyname: expected 1 to 2 arguments, got 0 arguments (usage: getservbyname NAME [PROTO])"},
	}
	for _, tt := range tests {
		if _, err := shelltest.RunLines(t, tt.lines...); err != tt.want {
			t.Errorf("%q: error\n%s\nwant\n%s", tt.lines, err, tt.want)
		}
	}
}

// TestUsage checks a lookup's usage line, as help and the manual show it.
func TestUsage(t *testing.T) {
	cmd, ok := commands.Lookup("getservbyname")
	if want := "getservbyname NAME [PROTO]"; !ok || cmd.Usage() != want {
		t.Errorf("getservbyname: usage %v, want %q", cmd, want)
	}
}

// TestHelpSuggests checks that help suggests a lookup for a typo of its
// name.
func TestHelpSuggests(t *testing.T) {
	s, _, _ := shelltest.New(t, commands.Options{})
	if got := shelltest.Run(s, "help getservbynme"); !strings.Contains(got, "getservbyname") {
		t.Errorf("help getservbynme suggests nothing: %q", got)
	}
}

// TestNoOptions checks that a lookup takes no KEY=VALUE options, nor
// keywords in Python.
func TestNoOptions(t *testing.T) {
	for line, want := range map[string]string{
		"getservbyname ssh proto=tcp":      "TypeError: getservbyname takes no KEY=VALUE options (proto=...)",
		"socket.getservbyname(name='ssh')": "TypeError: getservbyname() takes no keyword arguments",
	} {
		s, _, _ := shelltest.New(t, commands.Options{})
		if got := shelltest.Run(s, line); !strings.Contains(got, want) {
			t.Errorf("%s: error %q, want one with %q", line, got, want)
		}
	}
}

// TestAssignmentsStillAssign checks that the option words left the
// shell's assignments of a lookup's result alone, spaces or not.
func TestAssignmentsStillAssign(t *testing.T) {
	s, out, _ := shelltest.New(t, commands.Options{})
	for _, line := range []string{"a,b=getnameinfo 127.0.0.1 22; b", "x = 5", "y=getservbyname ssh; x, y"} {
		if got := shelltest.Run(s, line); got != "" {
			t.Fatalf("%s: %s", line, got)
		}
	}
	s.Flush()
	if got, want := out.String(), "'ssh'\n(5, 22)\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestHasShell finds a lookup's shell statement inside a block.
func TestHasShell(t *testing.T) {
	s := commands.NewSession(io.Discard, io.Discard, commands.Options{})
	defer s.Close()
	for _, src := range []string{
		"getservbyname ssh",
		"for i in range(2):\n    getservbyport 22\n",
		"try:\n    pass\nexcept OSError:\n    getservbyport 22\n",
	} {
		tops, err := s.Parse(src, 1)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if !commands.HasShell(tops[0].Stmt) {
			t.Errorf("%q: HasShell false, want true", src)
		}
	}
}
