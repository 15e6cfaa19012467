package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInteractiveCtrlCDuringAccept drives the shell on a terminal: accept
// waits, says what for, Ctrl-C stops the wait with KeyboardInterrupt and a
// prompt, and the server socket still takes the next connection. Errors
// come with their plain-words hint.
func TestInteractiveCtrlCDuringAccept(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	for _, line := range []string{"server = socket", "bind server 127.0.0.1 0", "listen server 1", "address = getsockname server"} {
		tm.send(line + "\r")
		tm.expect(line + "\r\n")
	}
	tm.send("conn, addr = accept server\r")
	tm.expect("waiting for a connection on ('127.0.0.1', ")
	tm.expect("(Ctrl-C to stop)")
	start := time.Now()
	tm.send("\x03")
	tm.expect("KeyboardInterrupt")
	tm.expect(promptText)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Ctrl-C took %v to end the wait", d)
	}

	// The socket is still open and listening: a client connects, and the
	// next accept takes the queued connection at once.
	tm.send("client = socket; connect client $address\r")
	tm.expect("connect client $address\r\n")
	tm.send("conn, addr = accept server; addr[0]\r")
	out := tm.expect("'127.0.0.1'\r\n")
	if strings.Contains(out, "Error") || strings.Contains(out, "waiting") {
		t.Errorf("the accept after Ctrl-C failed: %q", out)
	}
	tm.send("sockets\r")
	tm.expect("ESTABLISHED")

	// An error shows Python's words, then a hint (EADDRINUSE names
	// SO_REUSEADDR, as the homework does).
	tm.send("other = socket; bind other $address\r")
	tm.expect("OSError: [Errno 98] Address already in use")
	tm.expect("SO_REUSEADDR")

	// recv waits too, and Ctrl-C leaves the connection usable.
	tm.send("recv conn\r")
	tm.expect("waiting for data from ('127.0.0.1', ")
	tm.send("\x03")
	tm.expect("KeyboardInterrupt")
	tm.send("sendall client b'after'; recv conn\r")
	tm.expect("b'after'\r\n")

	// sendall waits while the peer does not read; the note says how much
	// it is sending, and Ctrl-C stops it.
	tm.send("big = b'x' * 64000000; sendall client big\r")
	tm.expect("sending 64000000 bytes: waiting for the peer to read...")
	tm.send("\x03")
	tm.expect("KeyboardInterrupt")
	tm.expect(promptText)

	tm.send("exit\r")
	if status := tm.wait(); status != 0 {
		t.Errorf("exit status %d, want 0", status)
	}
}

// TestPrivilegedPort checks that binding a port below 1024 as an ordinary
// user is Python's PermissionError. The test usually runs as root, who may
// bind them: then it runs the program as the user nobody (a copy of it in a
// directory nobody can reach).
func TestPrivilegedPort(t *testing.T) {
	bin := sockshellBin(t)
	if data, err := os.ReadFile("/proc/sys/net/ipv4/ip_unprivileged_port_start"); err == nil {
		if start, _ := strconv.Atoi(strings.TrimSpace(string(data))); start <= 80 {
			t.Skipf("this kernel lets every user bind port 80 (ip_unprivileged_port_start=%d)", start)
		}
	}
	cmd := exec.Command(bin, "-c", "s = socket; bind s 127.0.0.1 80")
	if os.Geteuid() == 0 {
		dir, err := os.MkdirTemp("", "sockshell-nobody")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		data, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		copyPath := filepath.Join(dir, "sockshell") // the name selects the program
		if err := os.WriteFile(copyPath, data, 0o755); err != nil {
			t.Fatal(err)
		}
		os.Chmod(dir, 0o755)
		cmd = exec.Command(copyPath, "-c", "s = socket; bind s 127.0.0.1 80")
		cmd.Dir = dir
		cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "XDG_STATE_HOME=" + dir}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1; output:\n%s", err, out)
	}
	if want := "-c:2: PermissionError: [Errno 13] Permission denied\n"; string(out) != want {
		t.Fatalf("output %q, want %q", out, want)
	}
}

// TestClientServerTwoShells runs the two-shell version of
// docs/client-server.md: the ```sockshell-server block in one process and
// the ```sockshell-client block in another, started once the server
// listens, and checks each transcript line for line.
func TestClientServerTwoShells(t *testing.T) {
	const page = "docs/client-server.md"
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string]string{}
	for _, role := range []string{"server", "client"} {
		_, rest, ok := strings.Cut(string(data), "```sockshell-"+role+"\n")
		block, _, closed := strings.Cut(rest, "```")
		if !ok || !closed {
			t.Fatalf("%s has no ```sockshell-%s block", page, role)
		}
		blocks[role] = block
	}
	bin := sockshellBin(t)
	start := func(role string) (*exec.Cmd, *strings.Builder) {
		var script strings.Builder
		for _, line := range strings.Split(blocks[role], "\n") {
			if cmd, ok := strings.CutPrefix(line, "sockshell> "); ok {
				script.WriteString(cmd + "\n")
			}
		}
		dir := t.TempDir()
		cmd := exec.Command(bin, "--echo", "--timeout=20")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir, "HOME="+dir, "NO_COLOR=1")
		cmd.Stdin = strings.NewReader(script.String())
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, out
	}
	server, serverOut := start("server")
	defer server.Process.Kill()
	if !waitListening(30000, 30*time.Second) {
		server.Process.Kill()
		server.Wait()
		t.Fatalf("the server never listened; it printed:\n%s", serverOut)
	}
	client, clientOut := start("client")
	clientErr, serverErr := client.Wait(), server.Wait()
	for _, r := range []struct {
		role string
		err  error
		out  string
	}{{"server", serverErr, serverOut.String()}, {"client", clientErr, clientOut.String()}} {
		if r.err != nil || r.out != blocks[r.role] {
			t.Errorf("the %s shell (exit: %v) printed (first difference: %s):\n%s", r.role, r.err, firstDiff(blocks[r.role], r.out), r.out)
		}
	}
}
