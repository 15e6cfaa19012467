package repl

import (
	"strings"
	"testing"
)

// TestRunScript checks scripted mode end to end: results on stdout,
// errors on stderr prefixed with source:line:, the exit status, -e, -x
// transcripts, blocks ending at a blank line (piped) or a dedent (FILE),
// a byte-order mark and CRLF line ends.
func TestRunScript(t *testing.T) {
	tests := []struct {
		name           string
		src            string
		file, echo, e  bool
		status         int
		stdout, stderr string
	}{
		{"an error does not stop the script", "x = 1\nnosuch\ny = (1,\n2)\ny\n", false, false, false,
			ExitFailed, "(1, 2)\n", "t.ss:2: NameError: name 'nosuch' is not defined\n"},
		{"-e stops at the first failure", "x = 1\nnosuch\ny = 2\ny\n", false, false, true,
			ExitFailed, "", "t.ss:2: NameError: name 'nosuch' is not defined\n"},
		{"a FILE's block ends at a dedent", "if True:\n    a = 1\nb = a + 1\nb\n", true, false, false,
			ExitOK, "2\n", ""},
		{"a piped block ends at a blank line", "if True:\n    a = 1\n\nb = a + 1\nb\n", false, false, false,
			ExitOK, "2\n", ""},
		{"a byte-order mark and CRLF", "\ufeffx = 'bom'\r\nx\r\n", false, false, false,
			ExitOK, "'bom'\n", ""},
		{"exit with a status", "x = 1\nexit(3)\nx\n", false, false, false,
			3, "", ""},
		{"exit with a message", "exit('bye')\n", false, false, false,
			ExitFailed, "", "bye\n"},
		{"exit() after a failure", "nosuch\nexit()\n", false, false, false,
			ExitFailed, "", "t.ss:1: NameError: name 'nosuch' is not defined\n"},
		{"a transcript, escaped", "x = 1\nx\nfor i in range(2):\n    i\n\nsend s '\x1b[2J'\n", false, true, false,
			ExitFailed, "sockshell> x = 1\nsockshell> x\n1\nsockshell> for i in range(2):\n      ...:     i\n      ...:\n0\n1\nsockshell> send s '\\x1b[2J'\n",
			"NameError: name 's' is not defined (send: SOCKET must name a socket)\n"},
		{"an error's line in a block", "for i in range(3):\n    x = 1\n    1/i\n", true, false, false,
			ExitFailed, "", "t.ss:3: ZeroDivisionError: division by zero\n"}, // the line in the block, as Python says
		{"a syntax error's own line", "x = 1\ny = (1,\n2 3)\nz = 2\n", true, false, false,
			ExitFailed, "", "t.ss:3: SyntaxError: invalid syntax. Perhaps you forgot a comma?\n"},
		{"a message never holds a raw control byte", "x = '\x1b[31m'\nint(x)\n", false, false, false,
			ExitFailed, "", "t.ss:2: ValueError: invalid literal for int() with base 10: '\\x1b[31m'\n"},
		{"print's text is made safe", "print('a\\x1b[2Jb\\tc\\r\\nd\\re')\n", false, false, false,
			ExitOK, "a\\x1b[2Jb\tc\r\nd\\re\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sess, out, errw := newScriptSession(t)
			status := RunScript(sess, strings.NewReader(tt.src), Config{Source: "t.ss", Stderr: errw, Echo: tt.echo, ExitOnError: tt.e, Colors: NewColors(false, false)}, tt.file)
			if status != tt.status || out.String() != tt.stdout || errw.String() != tt.stderr {
				t.Errorf("status %d, stdout %q, stderr %q\nwant %d, %q, %q", status, out.String(), errw.String(), tt.status, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestRunScriptLongLine checks that a line of several megabytes (a pasted
// payload) is read, as a filter reads it.
func TestRunScriptLongLine(t *testing.T) {
	sess, out, errw := newScriptSession(t)
	src := "x = '" + strings.Repeat("y", 3<<20) + "'\nlen(x)\n"
	if status := RunScript(sess, strings.NewReader(src), Config{Source: "t.ss", Stderr: errw, Colors: NewColors(false, false)}, false); status != ExitOK {
		t.Fatalf("status %d: %s", status, errw)
	}
	if out.String() != "3145728\n" {
		t.Errorf("printed %q", out.String())
	}
}

// TestRunCommands checks -c: statements numbered one by one across ';'
// and lines (a block counts as one), and a statement that cannot be read
// does not stop the others on its line.
func TestRunCommands(t *testing.T) {
	tests := []struct {
		src            string
		status         int
		stdout, stderr string
	}{
		{"x = 1; nosuch; y = 2; y", ExitFailed, "2\n", "-c:2: NameError: name 'nosuch' is not defined\n"},
		{"for i in range(2):\n  i\nnosuch", ExitFailed, "0\n1\n", "-c:2: NameError: name 'nosuch' is not defined\n"},
		{"x = 1; y = 'a; b'; y", ExitOK, "'a; b'\n", ""},
		{"getservbyname ssh; getservbyport 80 # comment; not run", ExitOK, "22\n'http'\n", ""},
		{"a = 'unterminated; b = 2; b", ExitFailed, "", "-c:1: SyntaxError: unterminated string literal (detected at line 1)\n"},
		{"x = 5 5; y = 2; y", ExitFailed, "2\n", "-c:1: SyntaxError: invalid syntax\n"},
	}
	for _, tt := range tests {
		sess, out, errw := newScriptSession(t)
		status := RunCommands(sess, tt.src, Config{Source: "-c", Stderr: errw, Colors: NewColors(false, false)})
		if status != tt.status || out.String() != tt.stdout || errw.String() != tt.stderr {
			t.Errorf("-c %q: status %d, stdout %q, stderr %q\nwant %d, %q, %q", tt.src, status, out.String(), errw.String(), tt.status, tt.stdout, tt.stderr)
		}
	}
}
