package syntax

import (
	"errors"
	"testing"
)

// TestIsShell pins which statements are shell commands and which Python,
// by the rule of IsShell: a command's name followed by a space and
// arguments (after optional assignment targets), or alone unless a
// variable has that name; a name followed by ( . [ or an assignment or
// comparison operator is Python.
func TestIsShell(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"getservbyname ssh", true},
		{"getservbyname('ssh')", false},
		{"socket.getservbyname('ssh')", false},
		{"foo = socket", true},
		{"foo = socket.socket()", false},
		{"conn, addr = accept server", true},
		{"x, y, = accept s", false},
		{"conn, addr = server.accept()", false},
		{"x += recv s 10", true},
		{"x = send", true},
		{"sockets", true},
		{"sockets()", false},
		{"log", false}, // the variable log
		{"log on", true},
		{"help", true},
		{"help(x)", false},
		{"help socket", true},
		{"help socket.socket", true},
		{"send = 5", false},
		{"send == 5", false},
		{"send += 1", false},
		{"bind s 127.0.0.1 50000", true},
		{"bind(s)", false},
		{"s.bind(('127.0.0.1', 0))", false},
		{"if sockets: pass", false},
		{"not sockets", false},
		{"x = sockets if y else z", false},
		{"sockets is None", false},
		{"sockets in y", false},
		{"sockets and 1", false},
		{"sockets or 1", false},
		{"gethostname", true},
		{"gethostname # comment", true},
		{"gethostname; x", true},
		{"explain -2", true},
		{"recv s 10 # comment", true},
		{"  recv s 10", true},
		{"close\ts", true},
		{"close s; x = 1", true},
		{"exit", true},
		{"exit()", false},
		{"exit(1)", false},
		{"import socket", false},
		{"for x in sockets: pass", false},
		{"x.y = socket", false},
		{"x[0] = socket", false},
		{"socket[0]", false},
		{"print(socket)", false},
		{"nosuch arg", false}, // no such command: Parse says so
		{"", false},
		{"# comment", false},
	}
	for _, tt := range tests {
		if got := IsShell(tt.line, names); got != tt.want {
			t.Errorf("IsShell(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	_, err := Parse("x = 1\nnosuch arg", 10, names)
	var uc *UnknownCommand
	if !errors.As(err, &uc) || uc.Name != "nosuch" || uc.Line != 11 {
		t.Fatalf("nosuch arg: %#v", err)
	}
	// A bare unknown name is Python: a NameError when it runs.
	if _, err := Parse("nosuch", 1, names); err != nil {
		t.Errorf("nosuch: %v", err)
	}
}

func TestLooksLikeExpr(t *testing.T) {
	for _, tt := range []struct {
		word string
		want bool
	}{
		{"info[-1]", true},
		{"len(x)", true},
		{"f()", true},
		{"127.0.0.1", false},
		{"[::1]", false},
		{"[fe80::1%lo]:80", false},
		{"[::1]:8080", false},
		{"[::1]x", true},
		{"[1]", true},
		{"ssh", false},
		{"-2", false},
	} {
		if got := LooksLikeExpr(tt.word); got != tt.want {
			t.Errorf("LooksLikeExpr(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}

func TestStripPrompt(t *testing.T) {
	for in, want := range map[string]string{
		">>> x = 1":      "x = 1",
		">>>x":           "x",
		">>>":            "",
		"In [12]: foo":   "foo",
		"In [3]:foo":     "foo",
		"In [x]: foo":    "In [x]: foo",
		"x = 1":          "x = 1",
		"Info = 2":       "Info = 2",
		">> x":           ">> x",
		"  >>> indented": "  >>> indented",
		"In [1]: >>> x":  ">>> x", // one prompt only
		"":               "",
	} {
		if got := StripPrompt(in); got != want {
			t.Errorf("StripPrompt(%q) = %q, want %q", in, got, want)
		}
	}
}

// A form feed is white space to Python, and to IsShell: "socket\f" is the
// command socket, as "socket " is. (FuzzParse found it: a statement that
// meant something else once its trailing form feed was trimmed.)
func TestFormFeedIsBlank(t *testing.T) {
	for _, line := range []string{"socket\f", "sockets\f", "bind\fs 127.0.0.1 0"} {
		if !IsShell(line, names) {
			t.Errorf("IsShell(%q) = false; with a space for the form feed it is a shell command", line)
		}
	}
	// And the command's words are split at it.
	tops, err := Parse("bind\fs\f127.0.0.1 0\f", 1, names)
	if err != nil {
		t.Fatal(err)
	}
	if sh, ok := tops[0].Stmt.(*Shell); !ok || sh.Name != "bind" || len(sh.Args) != 3 {
		t.Errorf("bind\\fs\\f127.0.0.1 0\\f read as %#v", tops[0].Stmt)
	}
}
