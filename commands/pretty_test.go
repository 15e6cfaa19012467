package commands

import (
	"strings"
	"testing"

	"sockshell/netinfo"
)

func addrinfo(typ string, kind int64, proto int64) Value {
	return Tuple{
		Enum{Class: netinfo.ClassAddressFamily, Name: "AF_INET", Value: 2},
		Enum{Class: netinfo.ClassSocketKind, Name: typ, Value: kind},
		Int(proto),
		Str(""),
		Tuple{Str("127.0.0.1"), Int(80)},
	}
}

func ints(n int) List {
	l := make(List, n)
	for i := range l {
		l[i] = Int(i)
	}
	return l
}

// The layouts below are IPython's (the lecture's REPL): a container that
// does not fit in 79 columns is broken one element per line, nested ones
// are indented one column per bracket.
func TestPretty(t *testing.T) {
	tests := []struct {
		name string
		in   Value
		want string
	}{
		{"short stays on one line", List{Int(1), Str("a")}, "[1, 'a']"},
		{"scalar", Str(strings.Repeat("x", 100)), "'" + strings.Repeat("x", 100) + "'"},
		{
			"the lecture's getaddrinfo listing",
			List{addrinfo("SOCK_STREAM", 1, 6), addrinfo("SOCK_DGRAM", 2, 17), addrinfo("SOCK_RAW", 3, 0)},
			`[(<AddressFamily.AF_INET: 2>,
  <SocketKind.SOCK_STREAM: 1>,
  6,
  '',
  ('127.0.0.1', 80)),
 (<AddressFamily.AF_INET: 2>,
  <SocketKind.SOCK_DGRAM: 2>,
  17,
  '',
  ('127.0.0.1', 80)),
 (<AddressFamily.AF_INET: 2>,
  <SocketKind.SOCK_RAW: 3>,
  0,
  '',
  ('127.0.0.1', 80))]`,
		},
		{
			"a list of short tuples keeps each tuple whole",
			List{Tuple{Str("127.0.0.1"), Int(50000)}, Tuple{Str("127.0.0.1"), Int(50001)}, Tuple{Str("127.0.0.1"), Int(50002)}, Tuple{Str("127.0.0.1"), Int(50003)}},
			`[('127.0.0.1', 50000),
 ('127.0.0.1', 50001),
 ('127.0.0.1', 50002),
 ('127.0.0.1', 50003)]`,
		},
		{"many ints", ints(30), "[0,\n 1,\n 2,\n 3,\n 4,\n 5,\n 6,\n 7,\n 8,\n 9,\n 10,\n 11,\n 12,\n 13,\n 14,\n 15,\n 16,\n 17,\n 18,\n 19,\n 20,\n 21,\n 22,\n 23,\n 24,\n 25,\n 26,\n 27,\n 28,\n 29]"},
		{
			"79 columns fit",
			List{Str(strings.Repeat("a", 35)), Str(strings.Repeat("b", 36))},
			"['" + strings.Repeat("a", 35) + "', '" + strings.Repeat("b", 36) + "']",
		},
		{
			"80 columns do not",
			List{Str(strings.Repeat("a", 35)), Str(strings.Repeat("b", 37))},
			"['" + strings.Repeat("a", 35) + "',\n '" + strings.Repeat("b", 37) + "']",
		},
		{
			"the closing bracket counts",
			List{Tuple{Str(strings.Repeat("a", 71)), Int(1)}},
			"[('" + strings.Repeat("a", 71) + "',\n  1)]",
		},
		{
			"a one-tuple that cannot fit",
			Tuple{Str(strings.Repeat("z", 80))},
			"('" + strings.Repeat("z", 80) + "',)",
		},
		{
			"dict values continue at the dict's indentation plus one",
			Dict{Keys: []Value{Str("ports")}, Vals: []Value{ints(30)}},
			"{'ports': [0,\n  1,\n  2,\n  3,\n  4,\n  5,\n  6,\n  7,\n  8,\n  9,\n  10,\n  11,\n  12,\n  13,\n  14,\n  15,\n  16,\n  17,\n  18,\n  19,\n  20,\n  21,\n  22,\n  23,\n  24,\n  25,\n  26,\n  27,\n  28,\n  29]}",
		},
		{
			"a broken dict",
			Dict{Keys: []Value{Str("a"), Str("b")}, Vals: []Value{Str(strings.Repeat("x", 40)), Str(strings.Repeat("y", 40))}},
			"{'a': '" + strings.Repeat("x", 40) + "',\n 'b': '" + strings.Repeat("y", 40) + "'}",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Pretty(tt.in)
			if got != tt.want {
				t.Errorf("Pretty:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
