package syntax

import (
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"sockshell/commands/value"
)

// fuzzSeeds reach every corner of the scanner and the two parsers; the
// corpus in testdata/fuzz adds the inputs fuzzing found interesting.
var fuzzSeeds = []string{
	"socket\f",
	"if True:\n\tx = 1\n\fy = 2",
	"getservbyname ssh",
	"a, b = accept server",
	"x = 1; y = (2, 3); z, w = f(a, b, *c, **d); x",
	"msg = b'GET / HTTP/1.1\\r\\n\\r\\n'",
	"msg += 'h\\u00e9\\U0001F600\\x41\\101'",
	"connect s ('127.0.0.1', 80); recv s 4096 # comment",
	"$foo.family",
	"r'\\n' rb'\\x' Br\"x\"",
	"x = (1, (2,), ())",
	"'unterminated",
	"x = 0777",
	"a\x00b",
	"\xff\xfe",
	"foo\x1b[31m",
	"socket.getservbyname('ssh')",
	"conn, addr = server_socket.accept()",
	"if x:\n  y\nelif z:\n  pass\nelse:\n  w",
	"def f(a, b=1, *c, d, **e):\n  return [i for i in c if i]",
	"try:\n  x\nexcept E as e:\n  raise\nfinally:\n  y",
	"with s as t:\n  f'{t!r:>{w}} {t=}'",
	"while True:\n  break\nelse:\n  continue",
	"lambda x: x if x else -x",
	">>> x = 1\n... y",
	"In [1]: for i in r:\n   ...:     i",
	"[" + strings.Repeat("(", 300),
}

// FuzzParse checks that no input makes the scanner, the parsers or the
// Reader panic; that an error's message is safe to show (valid UTF-8,
// printable) and its line within the input; and that each top-level
// statement, read again from its own source text, means the same.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 1<<16 {
			return // the limits for long lines have their own tests
		}
		tops, err := Parse(src, 1, names)
		if err != nil {
			var e *Error
			var uc *UnknownCommand
			switch {
			case errors.As(err, &e):
				if !utf8.ValidString(e.Msg) || !value.Printable(e.Msg) {
					t.Fatalf("Parse(%q): message %q is not printable", src, e.Msg)
				}
				// A line ends at \n, \r\n or a lone \r, as in Python.
				breaks := strings.Count(src, "\n") + strings.Count(src, "\r") - strings.Count(src, "\r\n")
				if e.Line < 1 || e.Line > breaks+2 {
					t.Fatalf("Parse(%q): error at line %d", src, e.Line)
				}
			case errors.As(err, &uc):
			default:
				t.Fatalf("Parse(%q): error of type %T: %v", src, err, err)
			}
		}
		for _, top := range tops {
			if top.Stmt == nil {
				t.Fatalf("Parse(%q): a statement without a tree", src)
			}
			again, err := Parse(top.Src, top.Line, names)
			if err != nil || len(again) != 1 || dump(again[0]) != dump(top) {
				t.Fatalf("Parse(%q): statement %q reads %s, but alone %d statements (%v)", src, top.Src, dump(top), len(again), err)
			}
		}
		if _, err := ParseExpr(src, 1); err != nil {
			var e *Error
			if errors.As(err, &e) && !value.Printable(e.Msg) {
				t.Fatalf("ParseExpr(%q): message %q is not printable", src, e.Msg)
			}
		}
		// The Reader cuts every line into some unit, once.
		lines := strings.Split(src, "\n")
		for _, mode := range []Mode{Interactive, FileMode} {
			i := 0
			r := &Reader{Mode: mode, Names: names, Next: func() (string, error) {
				if i >= len(lines) {
					return "", io.EOF
				}
				i++
				return lines[i-1], nil
			}}
			n := 0
			for {
				u, err := r.Read()
				if err != nil {
					break
				}
				if u.First != n+1 || len(u.Typed()) == 0 {
					t.Fatalf("Reader(%q): unit %+v after %d lines", src, u, n)
				}
				n += len(u.Typed())
				if len(u.Typed()) < len(u.Lines) {
					t.Fatalf("Reader(%q): unit %+v has more lines than were read", src, u)
				}
			}
			if n != len(lines) {
				t.Fatalf("Reader(%q, mode %d): %d lines in units, %d in the input", src, mode, n, len(lines))
			}
		}
	})
}
