package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestClientsOnTerminal runs clients at the prompt against a server that
// never answers (discard): a progress line is redrawn in place while the
// clients wait, the local server's log lines are written above it rather
// than glued to it, and Ctrl-C stops every client at once: the progress
// line is cleared, the partial table says how many were interrupted, then
// KeyboardInterrupt and the prompt; every connection is closed.
func TestClientsOnTerminal(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	tm.send("d = serve discard 0\r")
	tm.expect(promptText)
	tm.send("log on\r")
	tm.expect(promptText)
	tm.send("clients 50 127.0.0.1 $d.port timeout=30\r")
	tm.expect("clients: 0/50 done, 0 ok, 0 failed, 50 open, ")
	tm.expect("clients: 0/50 done") // redrawn
	start := time.Now()
	tm.send("\x03")
	out := tm.expect("KeyboardInterrupt")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Ctrl-C took %v to stop the clients", d)
	}
	for _, want := range []string{
		"\r\x1b[K",                // the progress line, cleared
		"interrupted         50 ", // every client, as they were all waiting
		"INTERRUPTED: 50 of 50 clients had not finished",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the terminal did not show %q; it showed:\n%q", want, out)
		}
	}
	// A log line comes after a cleared status, never glued to its end.
	if glued := regexp.MustCompile(`open, [0-9.]+(ms|s)\[discard`).FindString(tm.all()); glued != "" {
		t.Errorf("a log line was glued to the progress line: %q", glued)
	}
	tm.expect(promptText)

	// The clients' connections are all closed: the server sees them go.
	tm.send("log off\r")
	tm.expect(promptText)
	deadline := time.Now().Add(5 * time.Second)
	for {
		tm.send("servers\r")
		out := tm.expect(promptText)
		if regexp.MustCompile(`discard +\('127\.0\.0\.1', [0-9]+\) +TCP\+UDP +0 +50 `).MatchString(out) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the discard server still has connections open:\n%q", out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.send("exit\r")
	if status := tm.wait(); status != 0 {
		t.Errorf("exit status %d, want 0; the terminal showed:\n%s", status, tm.all())
	}
}
