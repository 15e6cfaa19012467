package main

import "testing"

// TestInteractiveSelectCtrlC: on a terminal, a select that waits says what
// it waits for, and Ctrl-C ends it with KeyboardInterrupt; the session,
// its sockets and its selector go on (select.select, selectors' select,
// and the docs' `while True:` loop around it).
func TestInteractiveSelectCtrlC(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	tm.send("import select; import selectors; a, b = socket.socketpair()\r")
	tm.send("sel = selectors.DefaultSelector(); k = sel.register(a, selectors.EVENT_READ)\r")
	for _, call := range []string{"select.select([a], [], [])", "sel.select()", "while True:\r    events = sel.select()\r"} {
		tm.send(call + "\r")
		tm.expect("is ready... (Ctrl-C to stop)")
		tm.send("\x03")
		tm.expect("KeyboardInterrupt")
	}
	// Still usable: data sent now is seen by both.
	tm.send("n = b.send(b'x')\r")
	tm.send("select.select([a], [], [], 5)[0] == [a], [m for k, m in sel.select(5)]\r")
	tm.expect("(True, [1])")
	tm.send("exit\r")
	if code := tm.wait(); code != 0 {
		t.Errorf("exit status %d", code)
	}
}
