package syntax

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// readAll cuts text into units with a Reader and shows each as its first
// line number and its lines: 1["if x:" "  a"].
func readAll(text string, mode Mode) string {
	lines := strings.Split(text, "\n")
	i := 0
	r := &Reader{Mode: mode, Names: names, Next: func() (string, error) {
		if i >= len(lines) {
			return "", io.EOF
		}
		i++
		return lines[i-1], nil
	}}
	var out []string
	for {
		u, err := r.Read()
		if err != nil {
			if err != io.EOF {
				out = append(out, "error: "+err.Error())
			}
			break
		}
		out = append(out, fmt.Sprintf("%d%q", u.First, u.Lines))
	}
	return strings.Join(out, " ")
}

// TestReader checks how input lines are cut into statements, at a
// terminal or in a piped script (Interactive: a blank line ends a block)
// and in a script file (FileMode: the next line that is not indented
// ends it, and blank lines may sit inside).
func TestReader(t *testing.T) {
	tests := []struct {
		name, in    string
		interactive string
		file        string
	}{
		{"simple lines", "x = 1\ny = 2",
			`1["x = 1"] 2["y = 2"]`, `1["x = 1"] 2["y = 2"]`},
		{"a block ends at its blank line", "if x:\n  a\n  b\n\nc",
			`1["if x:" "  a" "  b"] 5["c"]`, `1["if x:" "  a" "  b" ""] 5["c"]`},
		{"a blank line inside a block", "if x:\n  a\n\n  b\nc",
			`1["if x:" "  a"] 4["  b"] 5["c"]`, `1["if x:" "  a" "" "  b"] 5["c"]`},
		{"clauses stay with their block", "for i in r:\n  a\nelse:\n  b\n\nc",
			`1["for i in r:" "  a" "else:" "  b"] 6["c"]`, `1["for i in r:" "  a" "else:" "  b" ""] 6["c"]`},
		{"try, except and finally", "try:\n  a\nexcept E:\n  b\nfinally:\n  c\nd",
			`1["try:" "  a" "except E:" "  b" "finally:" "  c"] 7["d"]`, `1["try:" "  a" "except E:" "  b" "finally:" "  c"] 7["d"]`},
		{"a dedent ends a block", "def f():\n  return 1\nf()",
			`1["def f():" "  return 1"] 3["f()"]`, `1["def f():" "  return 1"] 3["f()"]`},
		{"a header then a blank line", "def f():\n\n  return 1\n\nf()",
			`1["def f():" ""] 3["  return 1"] 4[""] 5["f()"]`, `1["def f():" "" "  return 1" ""] 5["f()"]`},
		{"a header at the end", "if x:\n",
			`1["if x:" ""]`, `1["if x:" ""]`},
		{"a one-line block", "if x: y\nz",
			`1["if x: y"] 2["z"]`, `1["if x: y"] 2["z"]`},
		{"a comment inside a block", "while True:\n  pass\n# a comment\nz",
			`1["while True:" "  pass" "# a comment"] 4["z"]`, `1["while True:" "  pass" "# a comment"] 4["z"]`},
		{"brackets across lines", "x = (1,\n2,\n3)\ny",
			`1["x = (1," "2," "3)"] 4["y"]`, `1["x = (1," "2," "3)"] 4["y"]`},
		{"a blank line inside brackets", "x = [1,\n\n2]",
			`1["x = [1," "" "2]"]`, `1["x = [1," "" "2]"]`},
		{"a triple-quoted string across lines", "x = '''a\n\nb'''\ny",
			`1["x = '''a" "" "b'''"] 4["y"]`, `1["x = '''a" "" "b'''"] 4["y"]`},
		{"a backslash continuation", "x = 1 \\\n + 2\ny",
			`1["x = 1 \\" " + 2"] 3["y"]`, `1["x = 1 \\" " + 2"] 3["y"]`},
		{"shell commands", "bind s 127.0.0.1 0\nsockets",
			`1["bind s 127.0.0.1 0"] 2["sockets"]`, `1["bind s 127.0.0.1 0"] 2["sockets"]`},
		{"a quote opens nothing across lines", "x = 'abc\ny",
			`1["x = 'abc"] 2["y"]`, `1["x = 'abc"] 2["y"]`},
		{"blank lines", "\n\n",
			`1[""] 2[""] 3[""]`, `1[""] 2[""] 3[""]`},
		{"Python's prompts pasted", ">>> x = 1\n>>> if x:\n...     y\n... \n>>> y",
			`1["x = 1"] 2["if x:" "    y"] 5["y"]`, `1["x = 1"] 2["if x:" "    y" ""] 5["y"]`},
		{"IPython's prompts pasted", "In [1]: x = (1,\n   ...:      2)\n\nIn [2]: x",
			`1["x = (1," "     2)"] 3[""] 4["x"]`, `1["x = (1," "     2)"] 3[""] 4["x"]`},
		{"an IPython block pasted", "In [3]: for i in range(2):\n   ...:     print(i)\n   ...:\n\nIn [4]: i",
			`1["for i in range(2):" "    print(i)"] 4[""] 5["i"]`, `1["for i in range(2):" "    print(i)" "" ""] 5["i"]`},
		{"an error inside brackets ends the statement", "x = (1 2,\ny",
			`1["x = (1 2,"] 2["y"]`, `1["x = (1 2,"] 2["y"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readAll(tt.in, Interactive); got != tt.interactive {
				t.Errorf("Interactive:\n got %s\nwant %s", got, tt.interactive)
			}
			if got := readAll(tt.in, FileMode); got != tt.file {
				t.Errorf("FileMode:\n got %s\nwant %s", got, tt.file)
			}
		})
	}
}

// TestReaderUnitsParse checks that each unit the Reader cuts from a
// pasted session parses as one statement.
func TestReaderUnitsParse(t *testing.T) {
	in := ">>> def f(x):\n...     if x:\n...         return 1\n...     return 2\n...\n>>> f(0)\nIn [5]: d = {'a': 1,\n   ...:      'b': 2}\n"
	lines := strings.Split(in, "\n")
	i := 0
	r := &Reader{Mode: Interactive, Names: names, Next: func() (string, error) {
		if i >= len(lines) {
			return "", io.EOF
		}
		i++
		return lines[i-1], nil
	}}
	var srcs []string
	for {
		u, err := r.Read()
		if err != nil {
			break
		}
		if strings.TrimSpace(u.Text()) == "" {
			continue
		}
		tops, err := Parse(u.Text(), u.First, names)
		if err != nil || len(tops) != 1 {
			t.Fatalf("unit %q: %d statements, %v", u.Text(), len(tops), err)
		}
		srcs = append(srcs, dump(tops[0]))
	}
	want := []string{
		"(Def f [(Param x _)] [(If x [(Return 1)]) (Return 2)])",
		"(ExprStmt (Call f [(CallArg 0)]))",
		"(Assign [d] (Dict ['a' 'b'] [1 2]))",
	}
	if strings.Join(srcs, "\n") != strings.Join(want, "\n") {
		t.Errorf("units:\n%s\nwant\n%s", strings.Join(srcs, "\n"), strings.Join(want, "\n"))
	}
}

// TestReaderRaw checks that a unit keeps its lines as typed (prompts
// included) beside the lines to run, and its first line's number.
func TestReaderRaw(t *testing.T) {
	lines := []string{"x = 1", ">>> if x:", "...     y", "... ", "z"}
	i := 0
	more := 0
	r := &Reader{Mode: Interactive, Names: names, More: func() { more++ }, Next: func() (string, error) {
		if i >= len(lines) {
			return "", io.EOF
		}
		i++
		return lines[i-1], nil
	}}
	r.Read()
	u, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if u.First != 2 || strings.Join(u.Lines, "|") != "if x:|    y" || strings.Join(u.Raw, "|") != ">>> if x:|...     y|... " {
		t.Errorf("unit %+v", u)
	}
	if more != 2 {
		t.Errorf("More called %d times for two continuation lines", more)
	}
	if u, _ := r.Read(); u.First != 5 || u.Text() != "z" {
		t.Errorf("next unit %+v", u)
	}
}

// TestReaderEnd checks the end of input: a last line without a newline is
// a statement, a block cut short by the end is run as it is, and an error
// other than io.EOF is returned after the last unit.
func TestReaderEnd(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	r := &Reader{Next: func() (string, error) {
		calls++
		switch calls {
		case 1:
			return "if x:", nil
		case 2:
			return "  y", boom // a last line comes with the error
		}
		return "", boom
	}}
	u, err := r.Read()
	if err != nil || u.Text() != "if x:\n  y" {
		t.Fatalf("the block cut short: %q, %v", u.Text(), err)
	}
	if _, err := r.Read(); err != boom {
		t.Fatalf("after the last unit: %v, want boom", err)
	}
}

// TestReaderBound checks that an unclosed bracket cannot swallow the
// rest of a long script: a statement stops at maxUnitLines lines.
func TestReaderBound(t *testing.T) {
	n := 0
	r := &Reader{Mode: FileMode, Next: func() (string, error) {
		n++
		if n == 1 {
			return "x = (", nil
		}
		if n > 5000 {
			return "", io.EOF
		}
		return "1,", nil
	}}
	u, err := r.Read()
	if err != nil || len(u.Lines) != maxUnitLines {
		t.Fatalf("unit of %d lines, %v; want %d", len(u.Lines), err, maxUnitLines)
	}
	if u, _ := r.Read(); u.First != maxUnitLines+1 {
		t.Errorf("the next unit starts at line %d", u.First)
	}
}
