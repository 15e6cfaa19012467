package peercmd

import (
	"strings"
	"testing"
	"unicode/utf8"

	"sockshell/netinfo/loadgen"
)

// TestLayoutRows checks the clients table's layout: labels in one column,
// notes beside their value and wrapped under themselves, no line wider
// than the width, nothing lost, nothing unsafe.
func TestLayoutRows(t *testing.T) {
	long := "first: client 12345, round 999999: byte 65535 of 67108864 is 0x31 ('1'), expected 0x32 ('2')"
	rows := []loadgen.Row{
		{Label: "server", Value: "('127.0.0.1', 10000)"},
		{Label: "wrong bytes", Value: "100000", Note: long},
		{Label: "round-trip latency", Value: "p50 85.0µs  p99 1.20ms  max 3.40ms"},
		{Label: "note", Value: "a\x1b[2Jb"},
		{Label: "note", Value: "the open-file limit is 600 (hard limit 600): about 536 clients can be connected at once; raise it with ulimit -n"},
		{Label: "throughput", Value: "1.23 MB/s", Note: strings.Repeat("z", 120)},
	}
	got := layoutRows(rows, 80)
	lines := strings.Split(got, "\n")
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("a line of %d columns: %q", n, l)
		}
		if strings.ContainsRune(l, 0x1b) {
			t.Errorf("an escape reached the table: %q", l)
		}
	}
	want := []string{
		"server              ('127.0.0.1', 10000)",
		"wrong bytes         100000     first: client 12345, round 999999: byte 65535 of",
		"                               67108864 is 0x31 ('1'), expected 0x32 ('2')",
		"round-trip latency  p50 85.0µs  p99 1.20ms  max 3.40ms",
		`note                a\x1b[2Jb`,
		"note                the open-file limit is 600 (hard limit 600): about 536",
		"                    clients can be connected at once; raise it with ulimit -n",
	}
	for i, w := range want {
		if i >= len(lines) || lines[i] != w {
			t.Fatalf("line %d:\n%q\nwant\n%q\nall:\n%s", i, lines[min(i, len(lines)-1)], w, got)
		}
	}
	if strings.Count(got, "z") != 120 {
		t.Errorf("a word too long for a line lost letters:\n%s", got)
	}
}
