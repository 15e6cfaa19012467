package syntax

import (
	"errors"
	"testing"

	"sockshell/commands/value"
)

// Bugs found while porting the tests: each test here fails until the
// code is fixed. The expected messages were printed by Python 3.11's
// compile() for the same text.

// Python words a few errors differently:
//   - '\x4' lacks "'unicodeescape' codec " (the \u and \U ones have it);
//   - an f-string's backslash and '#' errors have no colon after
//     "f-string";
//   - an f-string nests fields two deep at most: f'{x:{y:{z}}}' is
//     "f-string: expressions nested too deeply" (sockshell accepts it);
//   - a bad digit names itself: 0o8 is "invalid digit '8' in octal
//     literal", 0b2 "invalid digit '2' in binary literal";
//   - f(**a, *b) is "iterable argument unpacking follows keyword argument
//     unpacking" (sockshell accepts it);
//   - a tab and spaces that agree only at tab size 8 are a TabError
//     ("inconsistent use of tabs and spaces in indentation").
func TestBugSyntaxMessages(t *testing.T) {
	tests := []struct {
		src   string
		class *value.Class
		msg   string
	}{
		{`x = '\x4'`, value.SyntaxErrorClass, `(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \xXX escape`},
		{`f'{\'a\'}'`, value.SyntaxErrorClass, "f-string expression part cannot include a backslash"},
		{`f'{x#}'`, value.SyntaxErrorClass, "f-string expression part cannot include '#'"},
		{`f'{x:{y:{z}}}'`, value.SyntaxErrorClass, "f-string: expressions nested too deeply"},
		{`x = 0o8`, value.SyntaxErrorClass, "invalid digit '8' in octal literal"},
		{`x = 0b2`, value.SyntaxErrorClass, "invalid digit '2' in binary literal"},
		{`f(**a, *b)`, value.SyntaxErrorClass, "iterable argument unpacking follows keyword argument unpacking"},
		{"if True:\n\tx = 1\n        y = 2", value.ExceptionClasses["TabError"], "inconsistent use of tabs and spaces in indentation"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src, 1, nil)
		var e *Error
		if !errors.As(err, &e) || e.Msg != tt.msg || (tt.class != nil && e.Class != tt.class) {
			t.Errorf("Parse(%q): %v, want %s", tt.src, err, tt.msg)
		}
	}
}

// A form feed is white space to Python, but IsShell does not count it as
// blank: "socket\f" is read as the Python expression socket (the module),
// while "socket" makes a socket. FuzzParse found it (a statement that
// means something else once its trailing form feed is trimmed).
func TestBugFormFeedIsBlank(t *testing.T) {
	for _, line := range []string{"socket\f", "sockets\f", "bind\fs 127.0.0.1 0"} {
		if !IsShell(line, names) {
			t.Errorf("IsShell(%q) = false; with a space for the form feed it is a shell command", line)
		}
	}
}
