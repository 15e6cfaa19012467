package commands

import (
	"fmt"
	"strings"
	"testing"
)

// dump writes a statement in a compact form for comparison:
// targets op call(args), with words bare, literals as reprs, $vars and tuples.
func dump(st Stmt) string {
	s := dumpExpr(st.X)
	if st.Targets != nil {
		s = strings.Join(st.Targets, ",") + " " + st.Op + " " + s
	}
	return s
}

// dumpEach is dump of each statement of a line.
func dumpEach(stmts []Stmt) []string {
	var out []string
	for _, st := range stmts {
		out = append(out, dump(st))
	}
	return out
}

func dumpExpr(x Expr) string {
	switch x := x.(type) {
	case *CallExpr:
		parts := []string{x.Name}
		for _, a := range x.Args {
			parts = append(parts, dumpExpr(a))
		}
		return "call(" + strings.Join(parts, " ") + ")"
	case *Word:
		return x.Text
	case *Lit:
		return x.V.Repr()
	case *VarRef:
		return "$" + x.Path
	case *TupleExpr:
		parts := []string{}
		for _, e := range x.Elems {
			parts = append(parts, dumpExpr(e))
		}
		return "tuple(" + strings.Join(parts, " ") + ")"
	}
	return fmt.Sprintf("%T", x)
}

func TestParse(t *testing.T) {
	tests := []struct {
		line string
		want []string // one dump per statement
		srcs []string // the statements' source texts, when checked
	}{
		{"getservbyname ssh", []string{"call(getservbyname ssh)"}, []string{"getservbyname ssh"}},
		{"getservbyname 'ssh' tcp", []string{"call(getservbyname 'ssh' tcp)"}, nil},
		{"foo = socket", []string{"foo = call(socket)"}, nil},
		{"server = socket AF_INET SOCK_STREAM IPPROTO_TCP", []string{"server = call(socket AF_INET SOCK_STREAM IPPROTO_TCP)"}, nil},
		{"conn, addr = accept server", []string{"conn,addr = call(accept server)"}, nil},
		{"a,b,c=f", []string{"a,b,c = call(f)"}, nil},
		{"foo", []string{"call(foo)"}, nil},
		{"foo.family", []string{"call(foo.family)"}, nil},
		{"$foo.laddr", []string{"$foo.laddr"}, nil},
		{"port = 50000", []string{"port = 50000"}, nil},
		{"port = 0x1f", []string{"port = 31"}, nil},
		{"t = 2.5", []string{"t = 2.5"}, nil},
		{"n = None", []string{"n = call(None)"}, nil}, // a bare name: evaluated as a literal later
		{"n = (None, True)", []string{"n = tuple(None True)"}, nil},
		{"msg = b'GET / HTTP/1.1\\r\\n\\r\\n'", []string{`msg = b'GET / HTTP/1.1\r\n\r\n'`}, nil},
		{"msg += b'x'", []string{"msg += b'x'"}, nil},
		{"addr = ('127.0.0.1', 50000)", []string{"addr = tuple('127.0.0.1' 50000)"}, nil},
		{"t = (1,)", []string{"t = tuple(1)"}, nil},
		{"t = ()", []string{"t = tuple()"}, nil},
		{"t = ((1, 2), $x)", []string{"t = tuple(tuple(1 2) $x)"}, nil},
		{"connect s ('localhost', 80)", []string{"call(connect s tuple('localhost' 80))"}, nil},
		{"x = 1; x", []string{"x = 1", "call(x)"}, []string{"x = 1", "x"}},
		{"a ;; b ;", []string{"call(a)", "call(b)"}, nil},
		{"a\nb", []string{"call(a)", "call(b)"}, nil},
		{"send s 'a;b'  # and a comment", []string{"call(send s 'a;b')"}, []string{"send s 'a;b'"}},
		{"", nil, nil},
		{"   ", nil, nil},
		{"# nothing", nil, nil},
		{"'just a string'", []string{"'just a string'"}, nil},
		{"42", []string{"42"}, nil},
		{"-1", []string{"-1"}, nil},
		// Several statements of one line, each with its own targets and
		// nodes, more than one line's room holds (nodeRoom).
		{"x = 'before'; y = ('after', 42); y; x", []string{"x = 'before'", "y = tuple('after' 42)", "call(y)", "call(x)"}, nil},
		{"a, b = accept s; c = socket; d = recv c 10; a", []string{"a,b = call(accept s)", "c = call(socket)", "d = call(recv c 10)", "call(a)"}, nil},
		{"f w1 w2 w3 w4 w5 'l1' b'l2' 'l3'; g w6 'l4'", []string{"call(f w1 w2 w3 w4 w5 'l1' b'l2' 'l3')", "call(g w6 'l4')"}, nil},
	}
	for _, tt := range tests {
		stmts, err := Parse(tt.line)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.line, err)
			continue
		}
		got := dumpEach(stmts)
		if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
			t.Errorf("Parse(%q) = %q, want %q", tt.line, got, tt.want)
		}
		for i, src := range tt.srcs {
			if i < len(stmts) && stmts[i].Src != src {
				t.Errorf("Parse(%q)[%d].Src = %q, want %q", tt.line, i, stmts[i].Src, src)
			}
		}
		Release(stmts) // the next case may reuse the nodes, as the shell's next line does
	}
}

// TestParseRelease checks that a line's statements keep their meaning
// while other lines are parsed and released (a line whose statement runs
// other lines, such as lesson, is one), and that released nodes come back
// clean.
func TestParseRelease(t *testing.T) {
	dumpAll := func(stmts []Stmt) string { return strings.Join(dumpEach(stmts), " | ") }
	const outer = "a, b = accept server; m = b'x'; sendall a m; n = 5"
	const want = "a,b = call(accept server) | m = b'x' | call(sendall a m) | n = 5"
	held, err := Parse(outer)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"c = socket AF_INET SOCK_DGRAM; d = 'y'", "e, f = g h i j k", "x", "p = (1, 2)"} {
		stmts, err := Parse(line)
		if err != nil {
			t.Fatal(err)
		}
		if got := dumpAll(held); got != want {
			t.Fatalf("after parsing %q, the held line reads %q, want %q", line, got, want)
		}
		Release(stmts)
		again, err := Parse(line)
		if err != nil {
			t.Fatal(err)
		}
		fresh, _ := Parse(line)
		if dumpAll(again) != dumpAll(fresh) {
			t.Errorf("%q from released nodes reads %q, fresh %q", line, dumpAll(again), dumpAll(fresh))
		}
		Release(again)
	}
	if got := dumpAll(held); got != want {
		t.Fatalf("the held line reads %q, want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ line, want string }{
		{"= 5", "SyntaxError: invalid syntax"},
		{"x =", "SyntaxError: nothing to assign after '='"},
		{"x +=", "SyntaxError: nothing to assign after '+='"},
		{"a b = 5", "SyntaxError: invalid syntax"},
		{"a, = 5", "SyntaxError: invalid syntax"},
		{"5 = x", "SyntaxError: cannot assign to '5'"},
		{"'s' = x", "SyntaxError: cannot assign to literal 's'"},
		{"$x = 1", "SyntaxError: cannot assign to '$x'"},
		{"a.b = 1", "SyntaxError: cannot assign to 'a.b'"},
		{"a, b += 1", "SyntaxError: 'tuple' is an illegal expression for augmented assignment"},
		{"x = (1, 2", "SyntaxError: '(' was never closed"},
		{"x = (1 2)", "SyntaxError: expected ',' or ')' in a tuple, not '2'"},
		{"x = )", "SyntaxError: unexpected ')'"},
		{"x = 'a' 'b'", "SyntaxError: unexpected literal 'b' after a value"},
		{"x = 0777", "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"},
		{"127.0.0.1", "SyntaxError: invalid syntax: '127.0.0.1'"},
		{"x = 'unterminated", "SyntaxError: unterminated string literal"},
		{"x = 1; y = 'bad\\q'", `SyntaxError: invalid escape sequence '\q'`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.line)
		if err == nil {
			t.Errorf("Parse(%q): no error, want %q", tt.line, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Parse(%q) error = %q, want %q", tt.line, err, tt.want)
		}
		if AsPyError(err).Type != "SyntaxError" {
			t.Errorf("Parse(%q): error type %s, want SyntaxError", tt.line, AsPyError(err).Type)
		}
	}
}

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"a; b", []string{"a", "b"}},
		{"a\nb\n\n c ", []string{"a", "b", "c"}},
		{"send s 'x;y'; b", []string{"send s 'x;y'", "b"}},
		{`send s "it's; fine"; b`, []string{`send s "it's; fine"`, "b"}},
		{`send s 'a\'; b'; c`, []string{`send s 'a\'; b'`, "c"}},
		{"a # comment; not b\nc", []string{"a", "c"}},
		{"x = 'never closed; y", []string{"x = 'never closed; y"}},
		{"x = 'never closed\ny", []string{"x = 'never closed", "y"}},
		{"x = 'continued\\\nline'; y", []string{"x = 'continued\\\nline'", "y"}},
		{";;", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := SplitStatements(tt.src)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("SplitStatements(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestLiteralWord(t *testing.T) {
	tests := []struct {
		w    string
		want string // repr, or "" when the word is not a literal
	}{
		{"0", "0"}, {"00", "0"}, {"-0", "0"}, {"42", "42"}, {"-1", "-1"}, {"+7", "7"},
		{"65536", "65536"}, {"1_000", "1000"}, {"0x1F", "31"}, {"0o17", "15"}, {"0b101", "5"},
		{"0777", ""}, {"-0777", ""}, {"0_7", ""},
		{"1.5", "1.5"}, {"1e3", "1000.0"}, {".5", "0.5"}, {"1.", "1.0"},
		{"None", "None"}, {"True", "True"}, {"False", "False"},
		{"none", ""}, {"abc", ""}, {"1e999", ""}, {"inf", ""}, {"nan", ""},
		{"127.0.0.1", ""}, {"99999999999999999999", ""}, {"0x", ""}, {"--1", ""},
	}
	for _, tt := range tests {
		v, ok := literalWord(tt.w)
		got := ""
		if ok {
			got = v.Repr()
		}
		if got != tt.want {
			t.Errorf("literalWord(%q) = %q, want %q", tt.w, got, tt.want)
		}
	}
}

func TestIsDottedName(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"foo", true}, {"foo.family", true}, {"a.b.c", true}, {"_x.y_1", true},
		{"", false}, {"foo.", false}, {".foo", false}, {"a..b", false},
		{"1a", false}, {"a.1b", false}, {"a-b", false}, {"a.b-c", false}, {".", false},
	} {
		if got := isDottedName(tt.s); got != tt.want {
			t.Errorf("isDottedName(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
