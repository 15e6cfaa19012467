package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/creack/pty"
)

// The terminal tests of a class: a demo stepped on a projector-sized
// terminal (80 columns, 30 rows), where no line may wrap and nothing may
// be dim.

// startTermSize starts sockshell as startTermArgs does, on a terminal of
// the given size.
func startTermSize(t *testing.T, state string, rows, cols uint16, args []string, env ...string) *term {
	t.Helper()
	cmd := exec.Command(sockshellBin(t), args...)
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+state, "HOME="+state, "TERM=xterm", "NO_COLOR=")
	cmd.Env = append(cmd.Env, env...)
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: rows, Cols: cols})
	if err != nil {
		t.Fatalf("starting on a pty: %v", err)
	}
	tm := newTerm(t, cmd, ptmx)
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		ptmx.Close()
		<-tm.done
	})
	return tm
}

// csi matches a terminal control sequence (colour, cursor, erase).
var csi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// checkScreen fails the test for a line the terminal would wrap (wider
// than cols, once the control sequences are taken out; a line is what
// lies between two line feeds or carriage returns) and for dim text (the
// SGR parameter 2, faint).
func checkScreen(t *testing.T, all string, cols int) {
	t.Helper()
	for _, m := range sgr.FindAllString(all, -1) {
		for _, p := range strings.Split(strings.Trim(m, "\x1b[m"), ";") {
			if p == "2" {
				t.Errorf("dim text (%q) on the screen", m)
			}
		}
	}
	plain := csi.ReplaceAllString(all, "")
	for _, l := range strings.FieldsFunc(plain, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if n := len([]rune(l)); n > cols {
			t.Errorf("a line of %d columns wraps at %d: %q", n, cols, l)
		}
	}
}

// demo is a fifteen-command demo as an instructor prepares one: a server
// and a client on loopback, narrated, with a call split over two lines and
// a block.
const demo = `## A conversation on loopback
# The server's socket, bound to a port the kernel picks.
server = socket AF_INET SOCK_STREAM IPPROTO_TCP
bind server 127.0.0.1 0
listen server 1
port = server.getsockname()[1]
# The client connects: the kernel completes the handshake at once, before
# the server accepts, which is why connect returns before accept is called.
client = socket
connect client 127.0.0.1 $port
conn, addr = accept server
sendall client b'Hey, can you hear me?'
recv conn 4096
# The Python form works too; a call may take several lines.
conn.sendall(
    b'Loud and clear')
recv client 4096
for s in (conn, client):
    print(s.getsockname()[0])

close conn
close client
close server
# That was the whole conversation.
`

// TestClassDemo steps through a fifteen-command demo at 80x30, with the
// traps an instructor falls into: a jump to accept before the client
// exists (Ctrl-C stops the wait; the step is offered again), step back
// and step N typed over the offered line (they run alone), a call split
// over lines and a block (one step each). Nothing wraps, nothing is dim.
func TestClassDemo(t *testing.T) {
	state := t.TempDir()
	file := filepath.Join(state, "demo.ss")
	if err := os.WriteFile(file, []byte(demo), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startTermSize(t, state, 30, 80, []string{"--step", file})
	tm.expect("sockshell ")
	tm.expect(" - type help for the commands, lesson to follow the lecture")
	tm.expect("15 commands.")
	tm.expect("## A conversation on loopback")
	tm.expect("# The server's socket, bound to a port the kernel picks.")
	tm.expect("step 1/15> ")
	tm.expect("server = socket AF_INET SOCK_STREAM IPPROTO_TCP")
	for i, line := range []string{"bind server 127.0.0.1 0", "listen server 1", "port = server.getsockname()[1]"} {
		tm.send("\r")
		tm.expect("step " + string(rune('2'+i)) + "/15> ")
		tm.expect(line)
	}
	tm.send("\r")
	// The narration of step 5 comes broken in two comment lines, as written.
	tm.expect("# The client connects: the kernel completes the handshake at once, before")
	tm.expect("\r\n")
	tm.expect("# the server accepts, which is why connect returns before accept is called.")
	tm.expect("step 5/15> ")
	tm.expect("client = socket")

	// The trap: a jump to accept (line 11), typed over the offered line.
	tm.send("step 11\r")
	tm.expect("step 7/15> ")
	tm.expect("conn, addr = accept server")
	tm.send("\r")
	tm.expect("waiting for a connection")
	tm.send("\x03")
	tm.expect("KeyboardInterrupt")
	tm.expect("(interrupted: offered again; step skip passes it)")
	tm.expect("step 7/15> ")
	tm.expect("conn, addr = accept server")
	// step back, typed over it, runs alone: the connect is offered.
	tm.send("step back\r")
	tm.expect("step 6/15> ")
	tm.expect("connect client 127.0.0.1 $port")
	// step 9, a line of the narration, goes to the statement after it.
	tm.send("step 9\r")
	tm.expect("# The client connects")
	tm.expect("step 5/15> ")
	tm.expect("client = socket")
	for _, want := range []string{"step 6/15> ", "step 7/15> ", "step 8/15> ", "step 9/15> "} {
		tm.send("\r")
		tm.expect(want)
	}
	tm.send("\r")
	tm.expect("b'Hey, can you hear me?'\r\n")
	// The call split over two lines is one step, shown above an empty
	// prompt.
	tm.expect("    conn.sendall(\r\n")
	tm.expect("        b'Loud and clear')\r\n")
	tm.expect("(2 lines: Enter on the empty prompt runs them)")
	tm.expect("step 10/15> ")
	tm.send("\r")
	tm.expect("step 11/15> ")
	tm.expect("recv client 4096")
	tm.send("\r")
	tm.expect("b'Loud and clear'\r\n")
	tm.expect("step 12/15> ")
	tm.send("\r")
	tm.expect("127.0.0.1\r\n127.0.0.1\r\n")
	for _, want := range []string{"step 13/15> ", "step 14/15> ", "step 15/15> "} {
		tm.expect(want)
		tm.expect("close ")
		tm.send("\r")
	}
	tm.expect("# That was the whole conversation.")
	tm.expect("end of " + file)
	tm.expect(promptText)
	tm.send("\x04")
	if status := tm.wait(); status != 0 {
		t.Errorf("status %d", status)
	}
	all := tm.all()
	for _, bad := range []string{"Error", "Traceback", "NameError"} {
		if strings.Contains(all, bad) {
			t.Errorf("the demo showed %q:\n%q", bad, all)
		}
	}
	checkScreen(t, all, 80)
}

// TestClassMessagesFit runs the shell's own messages at 80 columns with
// the results sent elsewhere (sockshell | tee log): the lesson's parts,
// stepping's notes, record, %history and %save, errors with their hints.
// None wraps, none is dim.
func TestClassMessagesFit(t *testing.T) {
	state := t.TempDir()
	if err := os.WriteFile(filepath.Join(state, "demo-of-the-first-lecture.ss"), []byte(demo), 0o644); err != nil {
		t.Fatal(err)
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 30, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(state, "results"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(sockshellBin(t))
	cmd.Dir = state
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+state, "HOME="+state, "TERM=xterm", "NO_COLOR=")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, out, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	tm := newTerm(t, cmd, ptmx)
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		ptmx.Close()
		<-tm.done
	}()
	tm.expect(promptText)
	steps := []struct{ keys, want string }{
		{"lesson\r", "getservbyname ssh"},
		{"\r", "getservbyport 80"},
		{"\x15step\r", "command 2 of"},
		{"\x15lesson\r", "The lesson, in 8 parts"},
		{"\x15step off\r", "stopped the lesson"},
		{"step demo-of-the-first-lecture.ss\r", "step 1/15> "},
		{"\x03", "set aside"},
		{"record record-of-the-first-lecture.ss\r", "recording to"},
		{"step\r", "command 1 of 15 is next (line 3):"},
		{"\r", "step 1/15> "},
		{"step 99\r", "ValueError"},
		{"\x15step off\r", "stopped stepping through"},
		{"getservbyname no-such-service-with-a-long-name\r", "OSError"},
		{"connect_ex_typo = 1; connect_ex_typ\r", "NameError"},
		{"c = socket; sendall c hello\r", "BrokenPipeError"},
		{"%history\r", promptText},
		{"%save saved-session-of-the-first-lecture\r", "saved"},
		{"%timeit 1\r", "UsageError"},
		{"record off\r", "recorded"},
	}
	for _, s := range steps {
		tm.send(s.keys)
		tm.expect(s.want)
	}
	tm.send("\x04")
	tm.wait()
	checkScreen(t, tm.all(), 80)
}

// TestBanner: a terminal session starts with a one-line banner, which -q
// leaves out; the narration shows without colour under NO_COLOR, its "#"
// saying what it is.
func TestBanner(t *testing.T) {
	state := t.TempDir()
	file := filepath.Join(state, "demo.ss")
	if err := os.WriteFile(file, []byte("# Narration.\nx = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startTermSize(t, state, 30, 80, []string{"--step", file}, "NO_COLOR=1")
	tm.expect("type help for the commands")
	tm.expect("\r\n# Narration.\r\n")
	tm.expect("step 1/1> ")
	tm.send("\x03")
	tm.expect("set aside")
	tm.send("\x04")
	tm.expect("stopped")
	tm.send("\x04")
	tm.wait()
	if m := sgr.FindString(tm.all()); m != "" {
		t.Errorf("colour %q under NO_COLOR: %q", m, tm.all())
	}

	tm = startTermSize(t, state, 30, 80, []string{"-q"})
	tm.expect(promptText)
	tm.send("\x04")
	tm.wait()
	if strings.Contains(tm.all(), "type help") {
		t.Errorf("-q showed the banner: %q", tm.all())
	}
}
