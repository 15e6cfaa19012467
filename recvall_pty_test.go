package main

import (
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestRecvallInterrupted: recvall from chargen, which never stops sending,
// runs until Ctrl-C; what arrived is not lost: the error says how many
// bytes, and _ holds them all. chargen sends in pieces with a pause, so
// that recvall waits (and says so) between them, however fast the
// machine: at full speed it could reach the value limit before any wait.
func TestRecvallInterrupted(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	tm.send("gen = serve chargen 0 split=1000 delay=0.3; c = socket; connect c $gen.laddr\r")
	tm.expect(promptText)
	tm.send("recvall c\r")
	tm.expect("waiting for data")
	time.Sleep(time.Second) // a few pieces arrive
	tm.send("\x03")
	before := tm.expect(promptText)
	m := regexp.MustCompile(`KeyboardInterrupt: recvall stopped: (\d+) bytes arrived and are kept in _`).FindStringSubmatch(before)
	if m == nil {
		t.Fatalf("Ctrl-C did not say what was kept:\n%q", before)
	}
	n, _ := strconv.Atoi(m[1])
	if n == 0 {
		t.Fatal("Ctrl-C came before any byte: the test proves nothing")
	}
	// The bytes in _ are chargen's: each line is 72 characters and CRLF.
	tm.send("kept = _; len(kept), kept[:10], kept[72:74]\r")
	tm.expect("(" + m[1] + ", b' !\"#$%&\\'()', b'\\r\\n')")
	tm.expect(promptText)
	tm.send("exit\r")
	tm.wait()
}
