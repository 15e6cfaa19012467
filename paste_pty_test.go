package main

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestInteractivePaste pastes long lines at the prompt (one write to the
// terminal, as a terminal sends a paste) and checks that each runs as
// pasted: at the end of a line, in its middle, with multi-byte characters
// cut across the terminal's reads, several lines at once, and into the
// history search. readline alone took about 50 s for the 20 KB line
// (it redraws the whole line for each character); the time is logged,
// not asserted.
func TestInteractivePaste(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)

	for _, n := range []int{20000, 100} {
		start := time.Now()
		tm.send("x = '" + strings.Repeat("a", n) + "'\r")
		tm.send("len(x)\r")
		tm.expect("len(x)\r\n") // (then maybe readline's clearing of the line)
		tm.expect(strconv.Itoa(n) + "\r\n")
		t.Logf("a pasted line of %d bytes ran in %v", n+6, time.Since(start))
	}

	// Into the middle of a line: between the quotes typed before it.
	tm.send("y = b''")
	tm.expect("y = b''")
	tm.send("\x1b[D") // left arrow
	tm.send(strings.Repeat("0123456789", 1000))
	tm.send("\r")
	tm.send("len(y), y[:12], y[-3:]\r")
	tm.expect("(10000, b'012345678901', b'789')\r\n")

	// Multi-byte characters: a 4095-byte read of the terminal ends in the
	// middle of one.
	tm.send("z = '" + strings.Repeat("é", 6000) + "'\r")
	tm.send("len(z), z == 'é' * 6000\r")
	tm.expect("(6000, True)\r\n")

	// Several lines at once run one after the other.
	tm.send("first_pasted_name = 40\rsecond_pasted_name = 2\rfirst_pasted_name + second_pasted_name\r")
	tm.expect("first_pasted_name + second_pasted_name\r\n")
	tm.expect("42\r\n")

	// Into the history search (Ctrl-R): the text is the pattern.
	tm.send("getservbyname domain\r")
	tm.expect("53\r\n")
	tm.send("len(x)\r")
	// (readline may clear the line before the result: whether it does
	// depends on when its redraw runs.)
	tm.expect("len(x)\r\n")
	tm.expect("100\r\n")
	tm.send("\x12getservbyname domai") // a pattern of more than a few characters, in one write
	tm.expect("getservbyname domain")
	tm.send("\r")
	tm.send("\r")
	tm.expect("53\r\n")

	tm.send("\x04")
	if status := tm.wait(); status != 0 {
		t.Errorf("status %d, want 0", status)
	}
}
