package main

import (
	"strings"
	"testing"
)

// TestInteractiveSocketCompletion checks that TAB completes a socket's
// name where a command takes a socket, after a command name was
// completed, and that the completed line runs.
func TestInteractiveSocketCompletion(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	tm.send("listening_socket = socket\r")
	tm.expect(promptText)
	tm.send("bind listening_socket 127.0.0.1 0\r")
	tm.expect(promptText)
	// A command, then the socket: both by TAB.
	tm.send("lis\t")
	tm.expect("listen")
	tm.send(" listening_s\t")
	tm.expect("listen listening_socket ")
	tm.send("3\r")
	tm.send("getsockop\t")
	tm.expect("getsockopt ")
	tm.send("listening_s\t")
	tm.expect("getsockopt listening_socket ")
	tm.send("SOL_SOCKET SO_ACCEPTCONN\r")
	if out := tm.expect("1\r\n"); strings.Contains(out, "Error") {
		t.Errorf("the completed lines failed: %q", out)
	}
	tm.send("\x04")
	if status := tm.wait(); status != 0 {
		t.Errorf("Ctrl-D: exit status %d, want 0", status)
	}
}
