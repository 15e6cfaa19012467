package repl

import (
	"io"
	"testing"

	"sockshell/commands"
	"sockshell/commands/syntax"
)

// TestHelpQuery: a line that is a dotted name with ? or ?? before or after
// it asks for help; anything else is left alone.
func TestHelpQuery(t *testing.T) {
	sess := commands.NewSession(io.Discard, io.Discard, commands.Options{})
	defer sess.Close()
	tops, _ := sess.Parse("send = 1", 1)
	sess.Exec(t.Context(), tops[0])
	r := &runner{sess: sess}
	tests := []struct {
		line, call, pyHelp string
		ok                 bool
	}{
		{"socket.getaddrinfo?", "help(socket.getaddrinfo)", "socket.getaddrinfo", true},
		{"socket.getaddrinfo??", "help(socket.getaddrinfo)", "socket.getaddrinfo", true},
		{"?socket.getaddrinfo", "help(socket.getaddrinfo)", "socket.getaddrinfo", true},
		{"  s.recv?  ", "help(s.recv)", "s.recv", true},
		{"recv?", "help('recv')", "socket.socket.recv", true},
		{"getservbyname?", "help('getservbyname')", "socket.getservbyname", true},
		{"sockets?", "help('sockets')", "", true},
		{"send?", "help(send)", "send", true}, // a variable hides the command
		{"?", "help()", "", true},
		{"x", "", "", false},
		{"x???", "", "", false},
		{"x ?", "", "", false},
		{"a?b", "", "", false},
		{"getservbyname ssh?", "", "", false},
		{"x = b'ok?'", "", "", false},
		{"x?.y", "", "", false},
	}
	for _, tt := range tests {
		call, py, ok := r.helpQuery(syntax.Unit{Lines: []string{tt.line}})
		if call != tt.call || py != tt.pyHelp || ok != tt.ok {
			t.Errorf("%q: %q, %q, %v; want %q, %q, %v", tt.line, call, py, ok, tt.call, tt.pyHelp, tt.ok)
		}
	}
}

// TestPrintRepr: a shown value is printed with its repr; a comment or a
// line break in the expression goes inside the brackets.
func TestPrintRepr(t *testing.T) {
	for src, want := range map[string]string{
		"x":               "print(repr(x))",
		"x  # the answer": "print(repr(\nx  # the answer\n))",
		"f(1,\n  2)":      "print(repr(\nf(1,\n  2)\n))",
		"s.recv(4096)":    "print(repr(s.recv(4096)))",
	} {
		if got := printRepr(src); got != want {
			t.Errorf("printRepr(%q) = %q, want %q", src, got, want)
		}
	}
}

// TestInputLogBound: a long session keeps its last inputs only, dropping
// the older half at once; the numbers go on, and pick finds them by
// number.
func TestInputLogBound(t *testing.T) {
	var l inputLog
	for range maxInputs + 10 {
		l.add(syntax.Unit{Lines: []string{"x"}})
	}
	if len(l.all) > maxInputs || l.next != maxInputs+10 {
		t.Fatalf("%d inputs kept, next %d", len(l.all), l.next)
	}
	first := l.first()
	if first <= 1 || l.all[len(l.all)-1].n != maxInputs+10 {
		t.Fatalf("first %d, last %d", first, l.all[len(l.all)-1].n)
	}
	got := l.pick([]span{{1, first + 1}, {maxInputs + 10, maxInputs + 20}})
	if len(got) != 3 || got[0].n != first || got[1].n != first+1 || got[2].n != maxInputs+10 {
		var ns []int
		for _, in := range got {
			ns = append(ns, in.n)
		}
		t.Errorf("picked %v", ns)
	}
}
