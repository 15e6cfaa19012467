package value

import (
	"math"
	"math/big"
	"testing"
)

// The expected reprs below were printed by Python 3.11's repr().

func TestQuoteStr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `''`},
		{"abc", `'abc'`},
		{"it's", `"it's"`},                  // a ' and no ": double quotes
		{`say "hi"`, `'say "hi"'`},          // a " only: single quotes
		{`both ' and "`, `'both \' and "'`}, // both: single quotes, ' escaped
		{`\`, `'\\'`},
		{"a\nb\r\t", `'a\nb\r\t'`},
		{"\x00\x07\x1b[31m\x7f", `'\x00\x07\x1b[31m\x7f'`},
		{"\u0080\u0085\u009f\u00a0\u00ad\u00ff", `'\x80\x85\x9f\xa0\xadÿ'`},
		{"héllo ünïcode", `'héllo ünïcode'`},
		{"e\u0301", "'e\u0301'"}, // a combining mark is printable
		{"日本語", `'日本語'`},
		{"\u200b\u2028\u2029\ufeff\u202e\u2066", `'\u200b\u2028\u2029\ufeff\u202e\u2066'`},
		{"\u3000\u1680x\u2000", `'\u3000\u1680x\u2000'`}, // spaces other than ' '
		{"\u0378", `'\u0378'`},                           // unassigned
		{"\U0001F600", `'😀'`},
		{"\U000E0001", `'\U000e0001'`},
		{"\U0010ffff", `'\U0010ffff'`},
		{"\ue000", `'\ue000'`},     // private use
		{"\xff\xfe", `'\xff\xfe'`}, // invalid UTF-8 (from the network): byte by byte
		{"a\xe2\x80b", `'a\xe2\x80b'`},
	}
	for _, tt := range tests {
		if got := Str(tt.in).Repr(); got != tt.want {
			t.Errorf("Str(%q).Repr() = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestQuoteBytes(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", `b''`},
		{"abc", `b'abc'`},
		{"it's", `b"it's"`},
		{`"`, `b'"'`},
		{`'"`, `b'\'"'`},
		{"\x00\xff\x7f\x80", `b'\x00\xff\x7f\x80'`},
		{"\r\n\t\\", `b'\r\n\t\\'`},
		{"é", `b'\xc3\xa9'`}, // bytes never show as text beyond ASCII
		{"\u202e", `b'\xe2\x80\xae'`},
		{"GET / HTTP/1.1\r\n\r\n", `b'GET / HTTP/1.1\r\n\r\n'`},
	}
	for _, tt := range tests {
		if got := Bytes(tt.in).Repr(); got != tt.want {
			t.Errorf("Bytes(%q).Repr() = %s, want %s", tt.in, got, tt.want)
		}
	}
	if got := (&ByteArray{B: []byte("a\x00'")}).Repr(); got != `bytearray(b"a\x00'")` {
		t.Errorf("bytearray repr = %s", got)
	}
}

func TestFormatFloat(t *testing.T) {
	tenth := 0.1 // a variable, so that 0.1+0.2 is computed in float64
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{1, "1.0"},
		{0.5, "0.5"},
		{-3, "-3.0"},
		{100, "100.0"},
		{1e15, "1000000000000000.0"},
		{123456789012345.6, "123456789012345.6"},
		{1e16, "1e+16"}, // Python switches to an exponent at 1e16
		{123456789012345678, "1.2345678901234568e+17"},
		{1 << 63, "9.223372036854776e+18"},
		{1e22, "1e+22"},
		{1.5e300, "1.5e+300"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{1e-4, "0.0001"},
		{9.999e-5, "9.999e-05"}, // and below 1e-4
		{5e-324, "5e-324"},
		{tenth + 2*tenth, "0.30000000000000004"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
	}
	for _, tt := range tests {
		if got := Float(tt.in).Repr(); got != tt.want {
			t.Errorf("Float(%v).Repr() = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestReprOthers(t *testing.T) {
	af := EnumClass("AddressFamily", "socket")
	inet := Enum{Class: af, Name: "AF_INET", Value: 2}
	huge, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	bigv, err := MakeBig(huge)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDict()
	d.Set(Str("a"), Int(1))
	d.Set(Int(2), None)
	set := NewSet()
	set.Add(Int(1))
	frozen := &Set{Frozen: true, d: NewDict()}
	frozen.Add(Str("x"))
	tests := []struct {
		in   Value
		want string
	}{
		{Int(0), "0"},
		{Int(-42), "-42"},
		{Int(math.MaxInt64), "9223372036854775807"},
		{bigv, "123456789012345678901234567890"},
		{Bool(true), "True"},
		{Bool(false), "False"},
		{None, "None"},
		{Tuple{}, "()"},
		{Tuple{Int(1)}, "(1,)"}, // a one-tuple keeps its comma
		{Tuple{Str("127.0.0.1"), Int(80)}, "('127.0.0.1', 80)"},
		{NewList(nil), "[]"},
		{NewList([]Value{Int(1), Str("a"), Bytes("b")}), "[1, 'a', b'b']"},
		{NewList([]Value{Tuple{Int(1)}}), "[(1,)]"},
		{NewDict(), "{}"},
		{d, "{'a': 1, 2: None}"},
		{NewSet(), "set()"},
		{set, "{1}"},
		{&Set{Frozen: true, d: NewDict()}, "frozenset()"},
		{frozen, "frozenset({'x'})"},
		{Range{0, 3, 1}, "range(0, 3)"},
		{Range{0, 5, -1}, "range(0, 5, -1)"},
		{inet, "<AddressFamily.AF_INET: 2>"},
		{Tuple{inet, Tuple{Str("::1"), Int(80), Int(0), Int(0)}}, "(<AddressFamily.AF_INET: 2>, ('::1', 80, 0, 0))"},
		{ErrnoException(111, "Connection refused"), "ConnectionRefusedError(111, 'Connection refused')"},
		{Raise(KeyError, Str("k")), "KeyError('k')"},
		{Raise(ValueError), "ValueError()"},
		{af, "<enum 'AddressFamily'>"},
		{IntType, "<class 'int'>"},
		{GAIError, "<class 'socket.gaierror'>"},
	}
	for _, tt := range tests {
		if got := tt.in.Repr(); got != tt.want {
			t.Errorf("%#v.Repr() = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestReprRecursive checks that a container holding itself is shown as
// Python shows it, rather than looping.
func TestReprRecursive(t *testing.T) {
	l := NewList([]Value{Int(1)})
	l.V = append(l.V, l)
	if got := l.Repr(); got != "[1, [...]]" {
		t.Errorf("l = [1]; l.append(l): %s", got)
	}
	d := NewDict()
	d.Set(Str("a"), d)
	if got := d.Repr(); got != "{'a': {...}}" {
		t.Errorf("d['a'] = d: %s", got)
	}
	// Two names for one list are not a recursion.
	inner := NewList([]Value{Int(2)})
	outer := NewList([]Value{inner, inner})
	if got := outer.Repr(); got != "[[2], [2]]" {
		t.Errorf("a list holding one list twice: %s", got)
	}
	if got := Pretty(l); got != "[1, [...]]" {
		t.Errorf("Pretty of a recursive list: %s", got)
	}
}

func TestStrOf(t *testing.T) {
	inet := Enum{Class: EnumClass("AddressFamily", "socket"), Name: "AF_INET", Value: 2}
	tests := []struct {
		in   Value
		want string
	}{
		{Str("it's"), "it's"},
		{Str("\x1b"), "\x1b"}, // str() is the text itself; printers escape it
		{Int(5), "5"},
		{Float(2), "2.0"},
		{Bytes("x"), "b'x'"},
		{None, "None"},
		{Bool(true), "True"},
		{inet, "2"}, // Python 3.11's IntEnum
		{ErrnoException(111, "Connection refused"), "[Errno 111] Connection refused"},
		{Raise(KeyError, Str("k")), "'k'"}, // KeyError shows its key's repr
		{Raise(ValueError, Str("a"), Int(1)), "('a', 1)"},
		{Tuple{Str("a")}, "('a',)"},
	}
	for _, tt := range tests {
		if got := StrOf(tt.in); got != tt.want {
			t.Errorf("StrOf(%s) = %q, want %q", tt.in.Repr(), got, tt.want)
		}
	}
}

func TestEnumAttr(t *testing.T) {
	v := Enum{Class: EnumClass("AddressFamily", "socket"), Name: "AF_INET6", Value: 10}
	if got, err := GetAttr(v, "name"); err != nil || got != Str("AF_INET6") {
		t.Errorf("name = %v, %v", got, err)
	}
	if got, err := GetAttr(v, "value"); err != nil || got != Int(10) {
		t.Errorf("value = %v, %v", got, err)
	}
	_, err := GetAttr(v, "nope")
	if err == nil || err.Error() != "AttributeError: 'AddressFamily' object has no attribute 'nope'" {
		t.Errorf("nope: %v", err)
	}
	if !Equal(v, Int(10)) || Equal(v, Int(2)) {
		t.Error("an IntEnum member equals its value, and only it")
	}
}

// A frozenset inside a container shows as one, as Python shows it:
// [frozenset({1})] and (frozenset(), 1).
func TestReprFrozensetInContainer(t *testing.T) {
	f := &Set{Frozen: true, d: NewDict()}
	f.Add(Int(1))
	empty := &Set{Frozen: true, d: NewDict()}
	for _, tt := range []struct {
		v    Value
		want string
	}{
		{NewList([]Value{f}), "[frozenset({1})]"},
		{Tuple{empty, Int(1)}, "(frozenset(), 1)"},
		{dictOf(f, Int(2)), "{frozenset({1}): 2}"},
	} {
		if got := tt.v.Repr(); got != tt.want {
			t.Errorf("repr = %s, want %s", got, tt.want)
		}
	}
}

// A tuple reached again through a list inside it shows as (...), as in
// Python: t = ([],); t[0].append(t) prints ([(...)],).
func TestReprRecursiveTuple(t *testing.T) {
	l := NewList(nil)
	tu := Tuple{l}
	l.V = append(l.V, tu)
	if got := tu.Repr(); got != "([(...)],)" {
		t.Errorf("t = ([],); t[0].append(t): %s, want ([(...)],)", got)
	}
}
