package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// On a terminal: serve's notes and errors with their hints, the chat's
// and a relay's log lines arriving between prompts (escaped, within 80
// columns), and the session CA's file gone when the shell leaves.
func TestPeersOnTerminal(t *testing.T) {
	state := t.TempDir()
	tmp := t.TempDir()
	notes := filepath.Join(state, "notes.txt")
	if err := os.WriteFile(notes, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, state, "TMPDIR="+tmp, "NO_COLOR=1")
	tm.expect(promptText)

	tm.send("serve discard 0 split=2\r")
	tm.expect("note: split=2 changes nothing here: discard never sends anything")
	tm.expect(promptText)

	tm.send("serve https 0 ca='" + notes + "'\r")
	tm.expect("FileExistsError: serve: ca=")
	tm.expect("hint: serve replaces a CA file it wrote in an earlier session")
	tm.expect(promptText)

	tm.send("t = serve tls-echo 0\r")
	tm.expect("note: the session's CA certificate is in")
	tm.expect(tmp + "/sockshell-")
	tm.expect(promptText)
	tm.send("t.cafile\r")
	tm.expect("'" + tmp + "/sockshell-")
	tm.expect(promptText)

	tm.send("log on\r")
	tm.expect(promptText)
	tm.send("c = serve chat 0; a = socket; connect a $c.laddr; b = socket; connect b $c.laddr; wait 0.2\r")
	tm.expect(promptText)
	tm.send("sendall a b'\\x1b[2Jhi\\n'; recv b 100\r")
	tm.expect(`says b'\x1b[2Jhi\n' (to 1 client)`)
	tm.send("e = serve echo 0; p = proxy 0 127.0.0.1 $e.port split=4; s = socket; connect s $p.laddr\r")
	tm.expect(promptText)
	tm.send("sendall s b'" + strings.Repeat("0123456789", 12) + "'; wait 0.3\r")
	tm.expect(promptText)
	tm.send("servers\r")
	tm.expect("SETTINGS")
	tm.expect(promptText)

	all := sgr.ReplaceAllString(tm.all(), "")
	for _, want := range []string{
		"] 127.0.0.1:",
		" -> target 120 bytes: b'0123456789",
		" <- target 4 bytes: b'0123'",
		"target ('127.0.0.1', ",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the terminal never showed %q", want)
		}
	}
	if strings.Contains(all, "\x1b[2J") {
		t.Error("a byte from the network reached the terminal raw")
	}
	logLine := regexp.MustCompile(`\[(chat|proxy|echo) \d+\][^\r\n]*`)
	for _, l := range logLine.FindAllString(all, -1) {
		if len(l) > 80 {
			t.Errorf("a log line of %d columns: %q", len(l), l)
		}
	}

	tm.send("exit\r")
	if status := tm.wait(); status != 0 {
		t.Errorf("exit status %d; the terminal showed:\n%s", status, tm.all())
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "sockshell-*")); len(left) != 0 {
		t.Errorf("the session's CA directory is still there: %v", left)
	}
	if data, _ := os.ReadFile(notes); string(data) != "mine\n" {
		t.Errorf("the user's file was changed: %q", data)
	}
}
