package layout

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// socketColumns are columns as the shell's sockets table has them: a
// kind and a state with shorter forms, addresses, queues that may break.
var socketColumns = []Column{
	PlainColumn("NAME"),
	PlainColumn("FD"),
	CompactColumn("KIND", func(k string) string { return strings.NewReplacer("AF_", "", "SOCK_", "").Replace(k) }),
	AddrColumn("LOCAL"),
	AddrColumn("REMOTE"),
	CompactColumn("STATE", func(st string) string {
		return strings.NewReplacer("ESTABLISHED", "ESTAB", "UNCONNECTED", "UNCONN").Replace(st)
	}),
	WrapColumn("QUEUES"),
}

// tableCases are tables as the shell prints them: sockets of every kind
// (with a long AF_UNIX path), local servers, explain's list, with their
// columns written here as the commands lay them out (the real sockets
// table's are package sockcmd's; its tests pin their layouts).
var tableCases = []struct {
	name string
	cols []Column
	rows [][]string
}{
	{"sockets", socketColumns, [][]string{
		{"server", "4", "AF_INET/SOCK_STREAM", "('127.0.0.1', 50000)", "-", "LISTEN", "accept" + NBSP + "0/1"},
		{"client", "5", "AF_INET/SOCK_STREAM", "('127.0.0.1', 41234)", "('127.0.0.1', 50000)", "ESTABLISHED", "recv" + NBSP + "0, send" + NBSP + "0"},
		{"conn", "6", "AF_INET/SOCK_STREAM", "('127.0.0.1', 50000)", "('127.0.0.1', 41234)", "ESTABLISHED", "recv" + NBSP + "21, send" + NBSP + "0"},
		{"v6", "7", "AF_INET6/SOCK_STREAM", "('::1', 50001, 0, 0)", "('::1', 39876, 0, 0)", "ESTABLISHED", "recv" + NBSP + "0+12, send" + NBSP + "0"},
		{"udp", "8", "AF_INET/SOCK_DGRAM", "('127.0.0.1', 9999)", "-", "UNCONNECTED", "recv" + NBSP + "0, send" + NBSP + "0"},
		{"u", "9", "AF_UNIX/SOCK_STREAM", "/tmp/sockshell-demo/a-rather-long-directory/server.sock", "-", "LISTEN", "-"},
		{"fresh", "10", "AF_INET/SOCK_STREAM", "('0.0.0.0', 0)", "-", "UNCONNECTED", "recv" + NBSP + "0, send" + NBSP + "0"},
	}},
	{"servers", []Column{{header: "ID"}, {header: "KIND"}, AddrColumn("ADDRESS"), {header: "PROTO"}, {header: "OPEN"}, {header: "TOTAL"}, {header: "IN"}, {header: "OUT"}}, [][]string{
		{"1", "echo", "('127.0.0.1', 50007)", "tcp", "1", "12", "3400", "3400"},
		{"2", "tls-echo", "('::1', 50443, 0, 0)", "tcp", "0", "0", "0", "0"},
	}},
	{"explain", append(PlainColumns("NAME", "ERRNO", "PYTHON"), WrapColumn("MESSAGE")), [][]string{
		{"EADDRNOTAVAIL", "99", "OSError", "Cannot assign requested address"},
		{"ECONNREFUSED", "111", "ConnectionRefusedError", "Connection refused"},
	}},
}

// TestTableFits lays each table out at widths from a wide terminal to a
// phone's and checks that no line is wider, that no word is broken (each
// word shown is a whole word of a cell, or marked as cut with an
// ellipsis), and that every row is still there.
func TestTableFits(t *testing.T) {
	for _, tc := range tableCases {
		whole := map[string]bool{}
		for _, c := range tc.cols {
			whole[c.header] = true
			whole[strings.ToLower(c.header)+":"] = true
		}
		for _, r := range tc.rows {
			for _, form := range [][]string{r, compactCells(tc.cols, [][]string{r})[0]} {
				for _, cell := range form {
					for _, w := range strings.Fields(strings.ReplaceAll(cell, NBSP, " ")) {
						whole[w] = true
					}
				}
			}
		}
		for _, width := range []int{200, 100, 80, 60, 40} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, width), func(t *testing.T) {
				out := layoutTable(width, tc.cols, tc.rows)
				for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
					if n := utf8.RuneCountInString(line); n > width {
						t.Errorf("%d columns, wider than %d: %q", n, width, line)
					}
					for _, w := range strings.Fields(line) {
						if !whole[w] && !strings.Contains(w, ellipsis) {
							t.Errorf("%q is not a whole word of a cell: %q", w, line)
						}
					}
				}
				for _, r := range tc.rows {
					if !strings.Contains(out, r[0]) {
						t.Errorf("row %s missing:\n%s", r[0], out)
					}
				}
				if t.Failed() {
					t.Logf("the table at %d columns:\n%s", width, out)
				}
			})
		}
	}
}

func TestCompactAddr(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"('127.0.0.1', 50000)", "127.0.0.1:50000"},
		{"('::1', 50000, 0, 0)", "[::1]:50000"},
		{"('fe80::1', 80, 0, 2)", "[fe80::1%2]:80"},
		{"('0.0.0.0', 0)", "0.0.0.0:0"},
		{"/tmp/x.sock", "/tmp/x.sock"},
		{"-", "-"},
		{"(unnamed)", "(unnamed)"},
		{"b'\\x00abstract'", "b'\\x00abstract'"},
	} {
		if got := compactAddr(tt.in); got != tt.want {
			t.Errorf("compactAddr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestElideAddr(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"127.0.0.1:50000", 15, "127.0.0.1:50000"},
		{"127.0.0.1:50000", 13, "127…0.1:50000"},
		{"[fe80::1234:5678]:50000", 16, "[fe80…678]:50000"},
		{"/tmp/demo/a/server.sock", 14, "…/server.sock"},
		{"/tmp/demo/a/server.sock", 8, "…er.sock"},
		{"127.0.0.1:50000", 7, "127.0.…"}, // no room for a host: cut, marked
	} {
		got := elideAddr(tt.in, tt.n)
		if got != tt.want {
			t.Errorf("elideAddr(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if utf8.RuneCountInString(got) > tt.n {
			t.Errorf("elideAddr(%q, %d) = %q: too wide", tt.in, tt.n, got)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tt := range []struct {
		text   string
		width  int
		indent string
		want   string
	}{
		{"short", 80, "", "short"},
		{"one two three four", 9, "", "one two\nthree\nfour"},
		{"hint: one two three four", 12, "      ", "hint: one\n      two\n      three\n      four"},
		{"a verylongword b", 5, "", "a\nverylongword\nb"},
		{"first line\nsecond line here", 11, "", "first line\nsecond line\nhere"},
		{"no limit at all", 0, "", "no limit at all"},
		{"    indented words here", 14, "    ", "    indented\n    words here"},
	} {
		if got := Wrap(tt.text, tt.width, tt.indent); got != tt.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}
