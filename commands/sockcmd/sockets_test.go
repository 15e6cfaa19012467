package sockcmd

import (
	"sockshell/internal/layout"
	"strings"
	"testing"
	"unicode/utf8"
)

// socketRows are sockets of every kind as the sockets table lists them,
// with a long AF_UNIX path: the core's TestTableFits lays out the same
// rows, in columns made as socketColumns are.
var socketRows = [][]string{
	{"server", "4", "AF_INET/SOCK_STREAM", "('127.0.0.1', 50000)", "-", "LISTEN", "accept" + layout.NBSP + "0/1"},
	{"client", "5", "AF_INET/SOCK_STREAM", "('127.0.0.1', 41234)", "('127.0.0.1', 50000)", "ESTABLISHED", "recv" + layout.NBSP + "0, send" + layout.NBSP + "0"},
	{"conn", "6", "AF_INET/SOCK_STREAM", "('127.0.0.1', 50000)", "('127.0.0.1', 41234)", "ESTABLISHED", "recv" + layout.NBSP + "21, send" + layout.NBSP + "0"},
	{"v6", "7", "AF_INET6/SOCK_STREAM", "('::1', 50001, 0, 0)", "('::1', 39876, 0, 0)", "ESTABLISHED", "recv" + layout.NBSP + "0+12, send" + layout.NBSP + "0"},
	{"udp", "8", "AF_INET/SOCK_DGRAM", "('127.0.0.1', 9999)", "-", "UNCONNECTED", "recv" + layout.NBSP + "0, send" + layout.NBSP + "0"},
	{"u", "9", "AF_UNIX/SOCK_STREAM", "/tmp/sockshell-demo/a-rather-long-directory/server.sock", "-", "LISTEN", "-"},
	{"fresh", "10", "AF_INET/SOCK_STREAM", "('0.0.0.0', 0)", "-", "UNCONNECTED", "recv" + layout.NBSP + "0, send" + layout.NBSP + "0"},
}

// table is the sockets table of rows at width columns (0: no limit).
func table(width int, rows [][]string) string {
	var b strings.Builder
	layout.PrintTable(&b, width, socketColumns, rows)
	return b.String()
}

// TestTableLayouts pins what each width gives the sockets table: the
// full form where it fits, then the compact one on one line per socket at
// 80 columns, then one block per socket.
func TestTableLayouts(t *testing.T) {
	rows := socketRows[:5]
	full := table(0, rows)
	if got := table(200, rows); got != full {
		t.Errorf("at 200 columns the table is not in full:\n%s", got)
	}
	if !strings.Contains(full, "('127.0.0.1', 41234)  ('127.0.0.1', 50000)  ESTABLISHED  recv 0, send 0") {
		t.Errorf("the full table lost its Python forms:\n%s", full)
	}
	at80 := table(80, rows)
	if lines := strings.Count(at80, "\n"); lines != len(rows)+1 {
		t.Errorf("at 80 columns, %d lines for %d sockets (a row broke):\n%s", lines, len(rows), at80)
	}
	for _, want := range []string{"INET/STREAM", "127.0.0.1:41234", "[::1]:39876", "ESTAB ", "UNCONN", "recv 0+12, send 0"} {
		if !strings.Contains(at80, want) {
			t.Errorf("at 80 columns, no %q:\n%s", want, at80)
		}
	}
	at40 := table(40, rows)
	if !strings.HasPrefix(at40, "name:   server\nfd:     4\nkind:   AF_INET/SOCK_STREAM\nlocal:  ('127.0.0.1', 50000)\n") ||
		!strings.Contains(at40, "\n\nname:   client\n") {
		t.Errorf("at 40 columns, not one block per socket:\n%s", at40)
	}
}

// TestTableWidths lays the sockets table out in its own columns at widths
// from a wide terminal to a phone's: no line is wider, and every socket
// is there.
func TestTableWidths(t *testing.T) {
	for _, width := range []int{200, 100, 80, 60, 40} {
		out := table(width, socketRows)
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if n := utf8.RuneCountInString(line); n > width {
				t.Errorf("at %d columns, a line of %d: %q", width, n, line)
			}
		}
		for _, r := range socketRows {
			if !strings.Contains(out, r[0]) {
				t.Errorf("at %d columns, row %s missing:\n%s", width, r[0], out)
			}
		}
	}
}
