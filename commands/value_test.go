package commands

import (
	"math"
	"testing"

	"sockshell/netinfo"
)

// The expected reprs were taken from Python 3.11's repr() on this machine.
func TestReprStr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `''`},
		{"abc", `'abc'`},
		{"it's", `"it's"`},                  // a ' and no ": double quotes
		{`say "hi"`, `'say "hi"'`},          // a " only: single quotes
		{`both ' and "`, `'both \' and "'`}, // both: single quotes, ' escaped
		{`\`, `'\\'`},                       // backslash doubled
		{"a\nb\r\t", `'a\nb\r\t'`},          // the three named escapes
		{"\x00\x07\x1b[31m\x7f", `'\x00\x07\x1b[31m\x7f'`}, // no raw control byte
		{"\u0080\u009f\u00a0\u00ad\u00ff", `'\x80\x9f\xa0\xadÿ'`},
		{"héllo ünïcode", `'héllo ünïcode'`},
		{"日本語", `'日本語'`},
		{"\u200b\u2028\ufeff", `'\u200b\u2028\ufeff'`}, // format and separator characters
		{"\U0001F600", `'😀'`},
		{"\U000E0001", `'\U000e0001'`},
		{"\ue000", `'\ue000'`},     // private use
		{"\xff\xfe", `'\xff\xfe'`}, // invalid UTF-8 (from the network): byte by byte
	}
	for _, tt := range tests {
		if got := Str(tt.in).Repr(); got != tt.want {
			t.Errorf("Str(%q).Repr() = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestReprBytes(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, `b''`},
		{[]byte("abc"), `b'abc'`},
		{[]byte("it's"), `b"it's"`},
		{[]byte(`"`), `b'"'`},
		{[]byte(`'"`), `b'\'"'`},
		{[]byte{0, 0xff, 0x7f, 0x80}, `b'\x00\xff\x7f\x80'`},
		{[]byte("\r\n\t\\"), `b'\r\n\t\\'`},
		{[]byte("é"), `b'\xc3\xa9'`}, // bytes never show as text beyond ASCII
		{[]byte("GET / HTTP/1.1\r\n\r\n"), `b'GET / HTTP/1.1\r\n\r\n'`},
	}
	for _, tt := range tests {
		if got := Bytes(tt.in).Repr(); got != tt.want {
			t.Errorf("Bytes(%q).Repr() = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestReprFloat(t *testing.T) {
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
		{2.5, "2.5"},
		{1e15, "1000000000000000.0"},
		{123456789012345.6, "123456789012345.6"},
		{1e16, "1e+16"}, // Python switches to an exponent at 1e16
		{1e22, "1e+22"},
		{1e100, "1e+100"},
		{1.5e300, "1.5e+300"},
		{1e-4, "0.0001"},
		{9.999e-5, "9.999e-05"}, // and below 1e-4
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
	af := Enum{Class: netinfo.ClassAddressFamily, Name: "AF_INET", Value: 2}
	tests := []struct {
		in   Value
		want string
	}{
		{Int(0), "0"},
		{Int(-42), "-42"},
		{Int(math.MaxInt64), "9223372036854775807"},
		{Bool(true), "True"},
		{Bool(false), "False"},
		{None, "None"},
		{Tuple{}, "()"},
		{Tuple{Int(1)}, "(1,)"}, // a one-tuple keeps its comma
		{Tuple{Str("127.0.0.1"), Int(80)}, "('127.0.0.1', 80)"},
		{List{}, "[]"},
		{List{Int(1), Str("a"), Bytes("b")}, "[1, 'a', b'b']"},
		{List{Tuple{Int(1)}}, "[(1,)]"},
		{Dict{}, "{}"},
		{Dict{Keys: []Value{Str("a"), Int(2)}, Vals: []Value{Int(1), None}}, "{'a': 1, 2: None}"},
		{af, "<AddressFamily.AF_INET: 2>"},
		{Tuple{af, Tuple{Str("::1"), Int(80), Int(0), Int(0)}}, "(<AddressFamily.AF_INET: 2>, ('::1', 80, 0, 0))"},
	}
	for _, tt := range tests {
		if got := tt.in.Repr(); got != tt.want {
			t.Errorf("%#v.Repr() = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestStrOf(t *testing.T) {
	tests := []struct {
		in   Value
		want string
	}{
		{Str("it's"), "it's"},
		{Int(5), "5"},
		{Bytes("x"), "b'x'"},
		{None, "None"},
	}
	for _, tt := range tests {
		if got := StrOf(tt.in); got != tt.want {
			t.Errorf("StrOf(%#v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEnumAttr(t *testing.T) {
	af := Enum{Class: netinfo.ClassAddressFamily, Name: "AF_INET6", Value: 10}
	if v, err := af.Attr("name"); err != nil || v != Str("AF_INET6") {
		t.Errorf("name = %v, %v", v, err)
	}
	if v, err := af.Attr("value"); err != nil || v != Int(10) {
		t.Errorf("value = %v, %v", v, err)
	}
	if _, err := af.Attr("nope"); err == nil || err.Error() != "AttributeError: 'AddressFamily' object has no attribute 'nope'" {
		t.Errorf("nope: %v", err)
	}
}
