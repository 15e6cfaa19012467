package commands

import (
	"bytes"
	"strings"
	"testing"
)

// evalLines runs lines in a fresh session and returns stdout and each
// error's text, one per line.
func evalLines(t *testing.T, lines ...string) (string, string) {
	t.Helper()
	var out, errs bytes.Buffer
	s := NewSession(&out, &errs, Options{})
	defer s.Close()
	for _, line := range lines {
		stmts, err := Parse(line)
		if err != nil {
			errs.WriteString(AsPyError(err).Error() + "\n")
			continue
		}
		for _, st := range stmts {
			if err := s.Exec(t.Context(), st); err != nil {
				errs.WriteString(AsPyError(err).Error() + "\n")
			}
		}
	}
	s.Flush()
	return out.String(), errs.String()
}

func TestEval(t *testing.T) {
	tests := []struct {
		lines    []string
		out, err string
	}{
		{[]string{"x = 5", "x"}, "5\n", ""},
		{[]string{"x = 'a'", "x += 'b'", "x"}, "'ab'\n", ""},
		{[]string{"x = b'a'", "x += b'\\x00'", "x"}, "b'a\\x00'\n", ""},
		{[]string{"x = 1", "x += 2", "x"}, "3\n", ""},
		{[]string{"x = 'a'", "x += b'b'"}, "", "TypeError: can only concatenate str (not \"bytes\") to str\n"},
		{[]string{"x = b'a'", "x += 'b'"}, "", "TypeError: can't concat str to bytes\n"},
		{[]string{"nope += 1"}, "", "NameError: name 'nope' is not defined\n"},
		{[]string{"a, b = (1, 2)", "b", "a"}, "2\n1\n", ""},
		{[]string{"a, b = (1, 2, 3)"}, "", "ValueError: too many values to unpack (expected 2)\n"},
		{[]string{"a, b, c = (1, 2)"}, "", "ValueError: not enough values to unpack (expected 3, got 2)\n"},
		{[]string{"a, b = 5"}, "", "TypeError: cannot unpack non-iterable int object\n"},
		{[]string{"a, b = 'xy'", "a", "b"}, "'x'\n'y'\n", ""},
		{[]string{"a, b = b'xy'", "a", "b"}, "120\n121\n", ""},
		{[]string{"a, b = 'xyz'"}, "", "ValueError: too many values to unpack (expected 2)\n"},
		{[]string{"help = 1"}, "", "NameError: 'help' is a command; choose another variable name\n"},
		{[]string{"AF_INET = 1"}, "", "NameError: 'AF_INET' is a socket constant; choose another variable name\n"},
		{[]string{"AF_INET", "AF_INET.name", "SOCK_DGRAM.value"}, "<AddressFamily.AF_INET: 2>\n'AF_INET'\n2\n", ""},
		{[]string{"t = ('127.0.0.1', 80)", "$t", "t"}, "('127.0.0.1', 80)\n('127.0.0.1', 80)\n", ""},
		{[]string{"x = None", "x"}, "", ""}, // None shows nothing, as in Python
		{[]string{"nosuch"}, "", "NameError: name 'nosuch' is not defined\n"},
		{[]string{"$nosuch"}, "", "NameError: name 'nosuch' is not defined\n"},
		{[]string{"x = 1", "x.family"}, "", "AttributeError: 'int' object has no attribute 'family'\n"},
		{[]string{"nosuch 1 2"}, "", "NameError: unknown command 'nosuch'\n"},
		{[]string{"getservbyname"}, "", "TypeError: getservbyname: expected 1 to 2 arguments, got 0 arguments (usage: getservbyname NAME [PROTO])\n"},
		{[]string{"socket AF_INETT"}, "", "AttributeError: module 'socket' has no attribute 'AF_INETT'; did you mean AF_INET?\n"},
		{[]string{"close nosock"}, "", "NameError: name 'nosock' is not defined (close: SOCKET must name a socket)\n"},
		{[]string{"x = 5", "close x"}, "", "TypeError: close: SOCKET must be a socket, not int\n"},
		{[]string{"x = 'a\\x1b'", "x"}, "'a\\x1b'\n", ""},
	}
	for _, tt := range tests {
		out, errs := evalLines(t, tt.lines...)
		if out != tt.out || errs != tt.err {
			t.Errorf("%q:\nstdout %q, want %q\nerrors %q, want %q", tt.lines, out, tt.out, errs, tt.err)
		}
	}
}

// TestExecRecovers checks that a handler's panic becomes an InternalError
// naming the statement, and that the session still works afterwards.
func TestExecRecovers(t *testing.T) {
	const name = "__test_panic_eval"
	Register(&Command{Name: name, Summary: "panics", Run: func(*Call) (Value, error) { panic("boom") }})
	defer delete(commandsByName, name)
	out, errs := evalLines(t, "x = 1", name, "x")
	if out != "1\n" {
		t.Errorf("stdout %q: the session did not go on", out)
	}
	if !strings.HasPrefix(errs, `InternalError: sockshell bug while running "`+name+`": boom`) {
		t.Errorf("errors %q", errs)
	}
}

// TestExecNilResult checks that a handler returning (nil, nil) shows
// nothing and assigns None, rather than crashing.
func TestExecNilResult(t *testing.T) {
	const name = "__test_nil_eval"
	Register(&Command{Name: name, Summary: "nothing", Run: func(*Call) (Value, error) { return nil, nil }})
	defer delete(commandsByName, name)
	out, errs := evalLines(t, name, "v = "+name, "v.x")
	if out != "" || errs != "AttributeError: 'NoneType' object has no attribute 'x'\n" {
		t.Errorf("stdout %q, errors %q", out, errs)
	}
}
