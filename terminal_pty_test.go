package main

import (
	"os"
	"strings"
	"testing"
)

// TestInteractiveWriteError runs a terminal session whose stdout is a full
// disk (sockshell > /dev/full): the first result that cannot be written
// ends the session with the error and status 1.
func TestInteractiveWriteError(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full on this system")
	}
	defer full.Close()
	tm, _ := startTermTTY(t, t.TempDir(), full)
	tm.expect(promptText)
	tm.send("x = 5\r")
	tm.expect(promptText)
	tm.send("x\r")
	tm.expect("sockshell: write error: no space left on device\r\n")
	if status := tm.wait(); status != 1 {
		t.Errorf("status %d, want 1", status)
	}
	if n := strings.Count(tm.all(), "write error"); n != 1 {
		t.Errorf("the write error was reported %d times, want once", n)
	}
}
