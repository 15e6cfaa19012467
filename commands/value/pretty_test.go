package value

import (
	"strings"
	"testing"
)

func addrinfo(kinds *Class, typ string, kind int64, proto int64) Value {
	return Tuple{
		Enum{Class: testFamily, Name: "AF_INET", Value: 2},
		Enum{Class: kinds, Name: typ, Value: kind},
		Int(proto),
		Str(""),
		Tuple{Str("127.0.0.1"), Int(80)},
	}
}

var (
	testFamily = EnumClass("AddressFamily", "socket")
	testKind   = EnumClass("SocketKind", "socket")
)

func ints(n int) *List {
	l := make([]Value, n)
	for i := range l {
		l[i] = Int(i)
	}
	return NewList(l)
}

func dictOf(kv ...Value) *Dict {
	d := NewDict()
	for i := 0; i < len(kv); i += 2 {
		if err := d.Set(kv[i], kv[i+1]); err != nil {
			panic(err)
		}
	}
	return d
}

// lines joins lines with newlines, for the broken layouts below.
func lines(l ...string) string { return strings.Join(l, "\n") }

// The layouts below are IPython's (the lecture's REPL), printed by
// IPython.lib.pretty.pretty: a container that does not fit in 79 columns
// is broken one element per line, nested ones are indented one column per
// bracket.
func TestPretty(t *testing.T) {
	a35, b36, b37 := strings.Repeat("a", 35), strings.Repeat("b", 36), strings.Repeat("b", 37)
	x40, y40 := strings.Repeat("x", 40), strings.Repeat("y", 40)
	tests := []struct {
		name string
		in   Value
		want string
	}{
		{"short stays on one line", NewList([]Value{Int(1), Str("a")}), "[1, 'a']"},
		{"a long scalar is never cut", Str(strings.Repeat("x", 100)), "'" + strings.Repeat("x", 100) + "'"},
		{
			"the lecture's getaddrinfo listing",
			NewList([]Value{addrinfo(testKind, "SOCK_STREAM", 1, 6), addrinfo(testKind, "SOCK_DGRAM", 2, 17), addrinfo(testKind, "SOCK_RAW", 3, 0)}),
			lines(
				"[(<AddressFamily.AF_INET: 2>,",
				"  <SocketKind.SOCK_STREAM: 1>,",
				"  6,",
				"  '',",
				"  ('127.0.0.1', 80)),",
				" (<AddressFamily.AF_INET: 2>,",
				"  <SocketKind.SOCK_DGRAM: 2>,",
				"  17,",
				"  '',",
				"  ('127.0.0.1', 80)),",
				" (<AddressFamily.AF_INET: 2>,",
				"  <SocketKind.SOCK_RAW: 3>,",
				"  0,",
				"  '',",
				"  ('127.0.0.1', 80))]"),
		},
		{
			"a list of short tuples keeps each tuple whole",
			NewList([]Value{Tuple{Str("127.0.0.1"), Int(50000)}, Tuple{Str("127.0.0.1"), Int(50001)}, Tuple{Str("127.0.0.1"), Int(50002)}, Tuple{Str("127.0.0.1"), Int(50003)}}),
			lines(
				"[('127.0.0.1', 50000),",
				" ('127.0.0.1', 50001),",
				" ('127.0.0.1', 50002),",
				" ('127.0.0.1', 50003)]"),
		},
		{"many ints", ints(30), "[0,\n 1,\n 2,\n 3,\n 4,\n 5,\n 6,\n 7,\n 8,\n 9,\n 10,\n 11,\n 12,\n 13,\n 14,\n 15,\n 16,\n 17,\n 18,\n 19,\n 20,\n 21,\n 22,\n 23,\n 24,\n 25,\n 26,\n 27,\n 28,\n 29]"},
		{"79 columns fit", NewList([]Value{Str(a35), Str(b36)}), "['" + a35 + "', '" + b36 + "']"},
		{"80 columns do not", NewList([]Value{Str(a35), Str(b37)}), "['" + a35 + "',\n '" + b37 + "']"},
		{
			"the closing bracket counts",
			NewList([]Value{Tuple{Str(strings.Repeat("a", 71)), Int(1)}}),
			"[('" + strings.Repeat("a", 71) + "',\n  1)]",
		},
		{"a one-tuple that cannot fit", Tuple{Str(strings.Repeat("z", 80))}, "('" + strings.Repeat("z", 80) + "',)"},
		{
			"dict values continue at the dict's indentation plus one",
			dictOf(Str("ports"), ints(30)),
			"{'ports': [0,\n  1,\n  2,\n  3,\n  4,\n  5,\n  6,\n  7,\n  8,\n  9,\n  10,\n  11,\n  12,\n  13,\n  14,\n  15,\n  16,\n  17,\n  18,\n  19,\n  20,\n  21,\n  22,\n  23,\n  24,\n  25,\n  26,\n  27,\n  28,\n  29]}",
		},
		{"a broken dict", dictOf(Str("a"), Str(x40), Str("b"), Str(y40)), "{'a': '" + x40 + "',\n 'b': '" + y40 + "'}"},
		{"a dict of one item has nowhere to break", dictOf(Str(strings.Repeat("k", 40)), Str(strings.Repeat("v", 40))), "{'" + strings.Repeat("k", 40) + "': '" + strings.Repeat("v", 40) + "'}"},
		{"a broken dict in a list", NewList([]Value{dictOf(Str("a"), Str(x40), Str("b"), Str(y40))}), "[{'a': '" + x40 + "',\n  'b': '" + y40 + "'}]"},
		{"a broken tuple key", dictOf(Tuple{Str(x40), Str(y40)}, Int(1)), "{('" + x40 + "',\n  '" + y40 + "'): 1}"},
		{"an inner tuple that fits stays whole", Tuple{Str(x40), Tuple{Str(y40), Str("z")}}, "('" + x40 + "',\n ('" + y40 + "', 'z'))"},
		{
			"nesting indents one column per bracket",
			NewList([]Value{Int(1), NewList([]Value{Int(2), NewList([]Value{Int(3), NewList([]Value{Str(strings.Repeat("q", 80))})})})}),
			lines("[1,", " [2,", "  [3,", "   ['"+strings.Repeat("q", 80)+"']]]]"),
		},
		{"bytes are not broken", NewList([]Value{Bytes(strings.Repeat("x", 100))}), "[b'" + strings.Repeat("x", 100) + "']"},
		{
			"escapes count as they are shown",
			NewList([]Value{Str(strings.Repeat("\x1b", 10)), Str(strings.Repeat("b", 50))}),
			"['" + strings.Repeat(`\x1b`, 10) + "',\n '" + strings.Repeat("b", 50) + "']",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Pretty(tt.in); got != tt.want {
				t.Errorf("Pretty:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestPrettyLinesFit checks, for containers of many shapes, that every
// line Pretty breaks off fits in 79 columns unless it holds a single
// element too long to fit anywhere, and that joining the lines back gives
// the one-line repr.
func TestPrettyLinesFit(t *testing.T) {
	var values []Value
	for n := 1; n < 40; n += 3 {
		inner := NewList(nil)
		for i := 0; i < n; i++ {
			inner.V = append(inner.V, Tuple{Str(strings.Repeat("h", i)), Int(i * 1000)})
		}
		values = append(values, inner, Tuple{inner, Str("tail")}, dictOf(Str("k"), inner, Int(n), ints(n)))
	}
	for _, v := range values {
		got := Pretty(v)
		flat := strings.ReplaceAll(got, ",\n", ", ")
		flat = strings.Join(strings.Fields(flat), " ")
		if want := strings.Join(strings.Fields(v.Repr()), " "); flat != want {
			t.Fatalf("Pretty's lines do not join back into the repr:\n%s\nwant\n%s", got, v.Repr())
		}
		for _, l := range strings.Split(got, "\n") {
			if len(l) > 79 && strings.Count(l, ",") > 1 {
				t.Errorf("line of %d columns holds several elements:\n%s", len(l), l)
			}
		}
	}
}

// IPython breaks a set or frozenset that does not fit, as it breaks a list,
// its lines indented by the width of its opening ({ or frozenset({).
func TestPrettySet(t *testing.T) {
	s := NewSet()
	f := &Set{Frozen: true, d: NewDict()}
	for i := 0; i < 30; i++ {
		s.Add(Int(int64(i)))
		f.Add(Int(int64(i)))
	}
	var want, wantFrozen []string
	for i := 0; i < 30; i++ {
		want = append(want, strings.Repeat(" ", min(i, 1))+Int(int64(i)).Repr())
		wantFrozen = append(wantFrozen, strings.Repeat(" ", min(i, 1)*11)+Int(int64(i)).Repr())
	}
	if got := Pretty(s); got != "{"+strings.Join(want, ",\n")+"}" {
		t.Errorf("Pretty(set(range(30))):\n%s", got)
	}
	if got := Pretty(f); got != "frozenset({"+strings.Join(wantFrozen, ",\n")+"})" {
		t.Errorf("Pretty(frozenset(range(30))):\n%s", got)
	}
}

// Pretty counts characters, as IPython does, not bytes: ['é'*35, 'b'*36]
// is 79 columns wide and fits on one line.
func TestPrettyWidthInCharacters(t *testing.T) {
	v := NewList([]Value{Str(strings.Repeat("é", 35)), Str(strings.Repeat("b", 36))})
	if got := Pretty(v); got != v.Repr() {
		t.Errorf("Pretty of a 79-column list of non-ASCII text:\n%s\nwant\n%s", got, v.Repr())
	}
}
