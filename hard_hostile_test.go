package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"sockshell/commands"
)

// hostileSession builds one session of a few hundred malformed lines
// between good ones: every control byte, every byte that is not UTF-8,
// the invisible and bidirectional characters, broken quotes, escapes and
// brackets in both syntaxes, unknown commands, each command with one
// argument too many, socket commands given no socket, and data from the
// network full of terminal escapes. It returns the input and the numbers of
// the lines that must fail.
func hostileSession() (input []byte, bad map[int]bool) {
	var lines []string
	bad = map[int]bool{}
	good := func(l string) { lines = append(lines, l) }
	fail := func(l string) { lines = append(lines, l); bad[len(lines)] = true }

	good("server = socket")
	good("bind server 127.0.0.1 0")
	good("listen server")
	good("address = getsockname server")
	good("client = socket")
	good("connect client $address")
	good("conn, addr = accept server")
	// Bytes from the network that would drive a terminal if printed raw.
	good(`sendall client b'\x1b]0;owned\x07\x1b[2J\x00\x9b\xff\xc2\x9b\xe2\x80\xae'`)
	good("recv conn 4096")
	good(`sendall client b'\r\x08\x7f\x1bc'`)
	good("data = recv conn 4096")
	good("data")

	for c := byte(0); c < 0x20; c++ {
		if c == '\t' || c == '\n' || c == '\r' {
			continue // whitespace and line ends
		}
		fail("getservbyname ss" + string(c) + "h")
		if c != '\f' { // a form feed is white space, as in Python: the line is good
			fail("getservbyport 80 " + string(c))
		}
	}
	fail("getservbyname \x7f")
	for b := 0x80; b <= 0xff; b++ {
		fail("getservbyname s" + string([]byte{byte(b)}) + "h")
	}
	for _, r := range []rune{0x85, 0x9b, 0xa0, 0xad, 0x200b, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff, 0xfff9} {
		fail("help" + string(r))
	}
	// (A line with a bracket left open is not here: the shell reads on to
	// the next lines to complete it, as Python does with a call typed over
	// several lines; the script reports it at its first line.)
	for _, l := range []string{
		"'unterminated", `"unterminated`, "b'unterminated",
		`x = '\x4'`, `x = '\N{NOPE}'`, `x = b'é'`,
		"x = )", "x =", "= 1", "x, = 1", "1 = x", "x = 1 +",
		"$", "$.", "$1", "x.", "..", "x = 0777",
		"nosuchvariable += 1", "None = 1",
		"socket.nosuch()",
		"import os", "from os import path", "client.nosuch()", "server_socket.accept()",
		"socket.socket().", "1 +* 2", "x = 'a' 'b",
	} {
		fail(l)
	}
	// Python accepts these (an unknown escape keeps its backslash).
	good(`x = 'bad \q'`)
	good(`x = b'\u0041'`)
	good("f = lambda: 1")
	// A block's header with no body: the blank line that ends it is where
	// Python reports the missing block.
	for _, l := range []string{"for x in y:", "def f():", "while True:"} {
		good(l)
		fail("")
	}
	for i := range 20 {
		fail(fmt.Sprintf("nosuchcommand%d %d", i, i))
	}
	for _, name := range commands.Names() {
		cmd, _ := commands.Lookup(name)
		fail(name + strings.Repeat(" 1", len(cmd.Params)+1))
		if len(cmd.Params) > 0 && cmd.Params[0].Kind == commands.KindSocket {
			fail(name + " nosocket")
			fail(name + " 42")
			fail(name + ` '\x1b[2J'`)
		}
	}
	good("sendall client b'x'")
	good("recv conn 1")
	good("'still here'")
	return []byte(strings.Join(lines, "\n") + "\n"), bad
}

// TestHostileSession runs the hostile session through the real program:
// the session survives every line, each bad line gets exactly one error
// line naming it, the good lines' results are all there, and nothing
// printed carries a control character, from the input or the network.
func TestHostileSession(t *testing.T) {
	bin := sockshellBin(t)
	input, bad := hostileSession()
	if len(bad) < 300 {
		t.Fatalf("only %d malformed lines", len(bad))
	}
	cmd := exec.Command(bin)
	cmd.Stdin = bytes.NewReader(input)
	cmd.Env = append(cmd.Environ(), "XDG_STATE_HOME="+t.TempDir(), "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("exit status %d (%v), want 1; stderr:\n%s", code, err, errb.Bytes())
	}
	for name, data := range map[string][]byte{"stdout": out.Bytes(), "stderr": errb.Bytes()} {
		if i := bytes.IndexFunc(data, func(r rune) bool {
			return r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0xfffd
		}); i >= 0 {
			t.Errorf("%s holds a control character at %d: %q", name, i, data[max(0, i-30):min(len(data), i+30)])
		}
	}

	errLine := regexp.MustCompile(`^<stdin>:(\d+): [A-Za-z.]+(Error|Exception|gaierror|herror|Interrupt)(: .*)?$`)
	failed := map[int]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(errb.String(), "\n"), "\n") {
		m := errLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("stderr line is not one error: %q", line)
			continue
		}
		var n int
		fmt.Sscan(m[1], &n)
		if failed[n] {
			t.Errorf("line %d has more than one error line: %q", n, line)
		}
		failed[n] = true
		if !bad[n] {
			t.Errorf("good line %d failed: %q", n, line)
		}
	}
	for n := range bad {
		if !failed[n] {
			t.Errorf("malformed line %d gave no error: %q", n, strings.Split(string(input), "\n")[n-1])
		}
	}

	wantOut := `b'\x1b]0;owned\x07\x1b[2J\x00\x9b\xff\xc2\x9b\xe2\x80\xae'` + "\n" +
		`b'\r\x08\x7f\x1bc'` + "\n" +
		"b'x'\n'still here'\n"
	if out.String() != wantOut {
		t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), wantOut)
	}
}
