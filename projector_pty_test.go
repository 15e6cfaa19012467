package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/creack/pty"
)

// The terminal tests of a class in front of a projector (issue 16): on
// an 80-column terminal every table and message fits, with no word
// broken by the terminal's own wrapping.

// shownLines are the lines a piece of terminal output shows, without its
// control sequences and carriage returns.
func shownLines(out string) []string {
	out = csi.ReplaceAllString(out, "")
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if i := strings.LastIndexByte(strings.TrimRight(l, "\r"), '\r'); i >= 0 {
			l = l[i+1:] // what a carriage return wrote over
		}
		lines = append(lines, strings.TrimRight(l, "\r"))
	}
	return lines
}

// run types line and returns the lines shown until the next prompt.
func (tm *term) run(line string) []string {
	tm.t.Helper()
	tm.send(line + "\r")
	// readline redraws the prompt and the line as keys arrive: the output
	// starts after the line's last echo.
	tm.expect(line + "\r\n")
	lines := shownLines(tm.expect(promptText))
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1] // the prompt's line
	}
	return lines
}

// fits fails the test for a line wider than width.
func fits(t *testing.T, what string, lines []string, width int) {
	t.Helper()
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n > width {
			t.Errorf("%s: a line of %d columns on a %d-column terminal: %q", what, n, width, l)
		}
	}
}

// projector is sockshell on an 80x30 terminal.
func projector(t *testing.T, args ...string) *term {
	t.Helper()
	tm := startTermArgs(t, t.TempDir(), args)
	if err := pty.Setsize(tm.ptmx, &pty.Winsize{Rows: 30, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	tm.expect(promptText)
	return tm
}

// TestProjectorSockets lists sockets of every kind on an 80-column
// terminal: one line per socket, in the compact form, nothing wider; then
// the window is made narrower and the same command gives one block per
// socket.
func TestProjectorSockets(t *testing.T) {
	tm := projector(t)
	dir := filepath.Join(t.TempDir(), "a-long-directory-name", "for-the-class-demo")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	setup := []string{
		"srv = socket", "bind srv 127.0.0.1 0", "listen srv 5", "port = srv.getsockname()[1]",
		"client = socket", "connect client 127.0.0.1 $port", "conn, addr = accept srv",
		"udp = socket AF_INET SOCK_DGRAM", "bind udp 127.0.0.1 0",
		"u = socket AF_UNIX", "bind u " + filepath.Join(dir, "server.sock"), "listen u 1",
	}
	names := []string{"srv", "client", "conn", "udp", "u"}
	if ok, _ := scriptCondition("ipv6"); ok {
		setup = append(setup, "srv6 = socket AF_INET6", "bind srv6 ::1 0", "listen srv6 5",
			"port6 = srv6.getsockname()[1]", "c6 = socket AF_INET6", "connect c6 ::1 $port6")
		names = append(names, "srv6", "c6")
	}
	for _, l := range setup {
		if out := tm.run(l); len(out) > 0 {
			t.Fatalf("%s: %q", l, out)
		}
	}
	table := tm.run("sockets")
	fits(t, "sockets at 80 columns", table, 80)
	t.Logf("sockets at 80 columns:\n%s", strings.Join(table, "\n"))
	if len(table) != len(names)+1 || !strings.HasPrefix(table[0], "NAME ") {
		t.Errorf("sockets at 80 columns: %d lines for %d sockets, or no header (a row broke):\n%s", len(table), len(names), strings.Join(table, "\n"))
	}
	for _, want := range []string{"INET/STREAM", "127.0.0.1:", "ESTAB", "LISTEN", "UNCONN", "server.sock"} {
		if !strings.Contains(strings.Join(table, "\n"), want) {
			t.Errorf("sockets at 80 columns: no %q:\n%s", want, strings.Join(table, "\n"))
		}
	}

	// A window made narrower counts at the next command.
	if err := pty.Setsize(tm.ptmx, &pty.Winsize{Rows: 30, Cols: 50}); err != nil {
		t.Fatal(err)
	}
	blocks := tm.run("sockets")
	fits(t, "sockets at 50 columns", blocks, 50)
	if got := strings.Count(strings.Join(blocks, "\n"), "\nname:"); got != len(names)-1 || !strings.HasPrefix(blocks[0], "name:") {
		t.Errorf("sockets at 50 columns: not one block per socket:\n%s", strings.Join(blocks, "\n"))
	}
}

// TestProjectorHelp checks that help fits one 80x30 screen and a
// section fits the width.
func TestProjectorHelp(t *testing.T) {
	tm := projector(t)
	overview := tm.run("help")
	fits(t, "help", overview, 80)
	if len(overview)+1 > 30 { // and the prompt under it
		t.Errorf("help takes %d rows of a 30-row screen", len(overview)+1)
	}
	fits(t, "help client", tm.run("help client"), 80)
	fits(t, "help clients", tm.run("help clients"), 80)
}

// TestProjectorHints checks the hints a class meets most, as a terminal
// shows them: right for the socket's state, and within 80 columns.
func TestProjectorHints(t *testing.T) {
	tm := projector(t)
	for _, tt := range []struct{ setup, line, err, hint string }{
		{"s = socket", "sendall s b'hi'", "BrokenPipeError: [Errno 32] Broken pipe",
			"hint: this socket was never connected, so there is no one to send to"},
		{"bind s 127.0.0.1 0", "bind s 127.0.0.1 0", "OSError: [Errno 22] Invalid argument",
			"hint: this socket is already bound to ('127.0.0.1', "},
		{"listen s 1", "s.recv(10)", "OSError: [Errno 107] Transport endpoint is not connected",
			"hint: this is a listening socket: it accepts connections and carries no"},
		{"c = socket", "accept c", "OSError: [Errno 22] Invalid argument",
			"hint: this socket is neither bound nor listening"},
		{"x = 1", "hlep", "NameError: name 'hlep' is not defined; did you mean help?", ""},
	} {
		tm.run(tt.setup)
		out := tm.run(tt.line)
		fits(t, tt.line, out, 80)
		text := strings.Join(out, "\n")
		if !strings.Contains(text, tt.err) || !strings.Contains(text, tt.hint) {
			t.Errorf("%s: want %q and %q, the terminal showed:\n%s", tt.line, tt.err, tt.hint, text)
		}
	}
}

// TestOfflineHint looks a remote name up on a machine with no network:
// sockshell in a network namespace of its own (unshare -n, as root),
// which has no route out, so nothing is ever sent. The error is Python's
// (python3 says the same there); the hint says why and points at the
// local peers.
func TestOfflineHint(t *testing.T) {
	if err := exec.Command("unshare", "-n", "true").Run(); err != nil {
		t.Skipf("no network namespace here (unshare -n: %v)", err)
	}
	cmd := exec.Command("unshare", "-n", sockshellBin(t))
	state := t.TempDir()
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+state, "HOME="+state, "TERM=xterm", "NO_COLOR=1")
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 80})
	if err != nil {
		t.Fatalf("starting on a pty: %v", err)
	}
	tm := newTerm(t, cmd, ptmx)
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		ptmx.Close()
		<-tm.done
	})
	tm.expect(promptText)
	for _, line := range []string{"gethostbyname google.com", "socket.getaddrinfo('www.python.org', 80)"} {
		out := tm.run(line)
		fits(t, line, out, 80)
		text := strings.Join(out, " ")
		if !strings.Contains(text, "socket.gaierror: [Errno -3] Temporary failure in name resolution") ||
			!strings.Contains(text, "hint: this machine has no network") || !strings.Contains(text, "serve http") {
			t.Errorf("%s: the terminal showed:\n%s", line, strings.Join(out, "\n"))
		}
	}
	// Its own names still resolve.
	if out := tm.run("gethostbyname localhost"); len(out) != 1 || out[0] != "'127.0.0.1'" {
		t.Errorf("gethostbyname localhost: %q", out)
	}
}
