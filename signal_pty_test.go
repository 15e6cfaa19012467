package main

import (
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// startServer starts `serve echo 0` at the prompt and returns its address.
func (tm *term) startServer() string {
	tm.t.Helper()
	tm.send("serve echo 0\r")
	tm.expect("listening on ('127.0.0.1', ")
	port := tm.expect(")")
	tm.expect(promptText)
	return net.JoinHostPort("127.0.0.1", port)
}

// termModes returns the terminal's local modes (ICANON, ECHO, ...).
func termModes(t *testing.T, tty interface{ Fd() uintptr }) uint32 {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatalf("reading the terminal's modes: %v", err)
	}
	return tio.Lflag
}

// TestInteractiveSIGTERMAtPrompt sends SIGTERM to a shell waiting at its
// prompt (its terminal in raw mode, a server running): it must leave at
// once with status 143, the terminal given back in its own modes, the
// server stopped.
func TestInteractiveSIGTERMAtPrompt(t *testing.T) {
	tm, tty := startTermTTY(t, t.TempDir(), nil)
	tm.expect(promptText)
	address := tm.startServer()
	time.Sleep(100 * time.Millisecond) // the prompt is drawn after the switch to raw mode
	if modes := termModes(t, tty); modes&unix.ICANON != 0 {
		t.Fatalf("the terminal is not in raw mode at the prompt (lflag %#x)", modes)
	}
	tm.cmd.Process.Signal(syscall.SIGTERM)
	if status := tm.wait(); status != 143 {
		t.Errorf("status %d, want 143", status)
	}
	if modes := termModes(t, tty); modes&(unix.ICANON|unix.ECHO) != unix.ICANON|unix.ECHO {
		t.Errorf("the terminal was left in raw mode (lflag %#x)", modes)
	}
	if c, err := net.DialTimeout("tcp", address, 5*time.Second); err == nil {
		c.Close()
		t.Errorf("the server still accepts on %s", address)
	} else if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("connecting after the shell left: %v, want connection refused", err)
	}
}

// TestInteractiveSIGTERMDuringCommand: SIGTERM while a command waits ends
// the shell with 143 too.
func TestInteractiveSIGTERMDuringCommand(t *testing.T) {
	tm, tty := startTermTTY(t, t.TempDir(), nil)
	tm.expect(promptText)
	tm.startServer()
	tm.send("wait\r")
	tm.expect("waiting while the servers run")
	tm.cmd.Process.Signal(syscall.SIGTERM)
	if status := tm.wait(); status != 143 {
		t.Errorf("status %d, want 143", status)
	}
	if modes := termModes(t, tty); modes&(unix.ICANON|unix.ECHO) != unix.ICANON|unix.ECHO {
		t.Errorf("the terminal was left in raw mode (lflag %#x)", modes)
	}
}

// TestInteractiveCtrlCAtPrompt checks that at the prompt Ctrl-C, typed (a
// key, in raw mode) or sent from outside (kill -INT), only clears the line:
// the shell goes on and leaves with status 0.
func TestInteractiveCtrlCAtPrompt(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	tm.send("half typed")
	tm.expect("half typed")
	tm.send("\x03")
	tm.expect("^C")
	tm.expect(promptText)
	tm.cmd.Process.Signal(syscall.SIGINT)
	time.Sleep(100 * time.Millisecond)
	tm.send("x = 2\r")
	tm.expect("x = 2\r\n")
	tm.send("x\r")
	if out := tm.expect("2\r\n"); strings.Contains(out, "Error") || strings.Contains(out, "half") {
		t.Errorf("after Ctrl-C: %q", out)
	}
	if strings.Contains(tm.all(), "KeyboardInterrupt") {
		t.Errorf("Ctrl-C at the prompt interrupted a command: %q", tm.all())
	}
	tm.send("\x04")
	if status := tm.wait(); status != 0 {
		t.Errorf("status %d, want 0", status)
	}
}

// TestInteractiveCtrlDDuringCommand types Ctrl-D while a command runs (the
// terminal is in cooked mode then, so it is the terminal's end of file):
// once the command ends the shell leaves, as Python's does; it must never
// hang. Lines typed ahead during a command run after it, and a Ctrl-D
// after text typed ahead only ends that text, as a terminal does.
func TestInteractiveCtrlDDuringCommand(t *testing.T) {
	t.Run("wait", func(t *testing.T) {
		tm := startTerm(t, t.TempDir())
		tm.expect(promptText)
		tm.startServer()
		tm.send("wait 1\r")
		tm.expect("waiting while the servers run")
		tm.send("\x04")
		tm.expect("exit\r\n")
		if status := tm.wait(); status != 0 {
			t.Errorf("status %d, want 0", status)
		}
	})
	t.Run("recv", func(t *testing.T) {
		tm := startTerm(t, t.TempDir())
		tm.expect(promptText)
		tm.send("u = socket AF_INET SOCK_DGRAM; bind u 127.0.0.1 0; settimeout u 1\r")
		tm.expect(promptText)
		tm.send("recv u 100\r")
		tm.expect("recv u 100\r\n")
		time.Sleep(200 * time.Millisecond)
		tm.send("\x04")
		tm.expect("TimeoutError")
		tm.expect("exit\r\n")
		if status := tm.wait(); status != 0 {
			t.Errorf("status %d, want 0", status)
		}
	})
	t.Run("typed ahead", func(t *testing.T) {
		tm := startTerm(t, t.TempDir())
		tm.expect(promptText)
		tm.startServer()
		tm.send("wait 1\r")
		tm.expect("waiting while the servers run")
		tm.send("x = 7\r")
		tm.send("getservbyname ssh\x04") // ends the text, not the session
		tm.expect("x = 7\r\n")
		tm.expect("getservbyname ssh")
		tm.send("\r")
		tm.expect("22\r\n")
		tm.send("x\r")
		tm.expect("7\r\n")
		tm.send("\x04")
		if status := tm.wait(); status != 0 {
			t.Errorf("status %d, want 0", status)
		}
	})
}
