package value

import (
	"math"
	"strings"
	"testing"
)

func largeInt(t *testing.T, s string) Value {
	t.Helper()
	return mustParseInt(t, s)
}

func setOf(vs ...Value) *Set {
	s := NewSet()
	for _, v := range vs {
		if err := s.Add(v); err != nil {
			panic(err)
		}
	}
	return s
}

// result is a value's repr, or an error as the shell shows it.
func result(v Value, err error) string {
	if err != nil {
		return err.Error()
	}
	return v.Repr()
}

// TestBinary checks Python's binary operators on edge cases: overflow into
// big ints and back, floor division and modulo of negatives, division by
// zero, powers, shifts, bools, sequences, sets and the TypeErrors. Every
// expected text was printed by Python 3.11 for the expression in the
// comment.
func TestBinary(t *testing.T) {
	tests := []struct {
		op   string
		a, b Value
		want string
	}{
		{`+`, Int(1 << 62), Int(1 << 62), `9223372036854775808`},                                                                 // 2**62 + 2**62
		{`*`, Int(math.MaxInt64), Int(2), `18446744073709551614`},                                                                // 2**63-1 * 2
		{`//`, Int(math.MinInt64), Int(-1), `9223372036854775808`},                                                               // -2**63 // -1
		{`%`, Int(math.MinInt64), Int(-1), `0`},                                                                                  // -2**63 % -1
		{`-`, Int(math.MinInt64), Int(1), `-9223372036854775809`},                                                                // -2**63 - 1
		{`-`, largeInt(t, "18446744073709551616"), Int(1), `18446744073709551615`},                                               // 2**64 - 1
		{`-`, largeInt(t, "18446744073709551616"), largeInt(t, "18446744073709551616"), `0`},                                     // 2**64 - 2**64
		{`//`, Int(-7), Int(2), `-4`},                                                                                            // -7 // 2
		{`%`, Int(-7), Int(2), `1`},                                                                                              // -7 % 2
		{`%`, Int(7), Int(-2), `-1`},                                                                                             // 7 % -2
		{`//`, Int(7), Int(-2), `-4`},                                                                                            // 7 // -2
		{`//`, Float(7.5), Int(2), `3.0`},                                                                                        // 7.5 // 2
		{`%`, Float(-7.5), Int(2), `0.5`},                                                                                        // -7.5 % 2
		{`%`, Float(7.5), Int(-2), `-0.5`},                                                                                       // 7.5 % -2
		{`/`, Int(1), Int(2), `0.5`},                                                                                             // 1 / 2
		{`/`, Int(4), Int(2), `2.0`},                                                                                             // 4 / 2
		{`/`, Int(1), Int(0), `ZeroDivisionError: division by zero`},                                                             // 1 / 0
		{`//`, Int(1), Int(0), `ZeroDivisionError: integer division or modulo by zero`},                                          // 1 // 0
		{`%`, Int(1), Int(0), `ZeroDivisionError: integer modulo by zero`},                                                       // 1 % 0
		{`/`, Float(1), Int(0), `ZeroDivisionError: float division by zero`},                                                     // 1.0 / 0
		{`/`, Int(1), Float(0), `ZeroDivisionError: float division by zero`},                                                     // 1 / 0.0
		{`//`, Float(1), Float(0), `ZeroDivisionError: float floor division by zero`},                                            // 1.0 // 0.0
		{`%`, Float(1), Int(0), `ZeroDivisionError: float modulo`},                                                               // 1.0 % 0
		{`/`, largeInt(t, "1000000000000000000000000000000"), Int(10000000000), `1e+20`},                                         // 10**30 / 10**10
		{`/`, largeInt(t, "1"+strings.Repeat("0", 400)), Int(1), `OverflowError: integer division result too large for a float`}, // 10**400 / 1
		{`+`, largeInt(t, "1"+strings.Repeat("0", 400)), Float(1), `OverflowError: int too large to convert to float`},           // 10**400 + 1.0
		{`**`, Int(2), Int(-1), `0.5`},                                                                                           // 2 ** -1
		{`**`, Int(0), Int(-1), `ZeroDivisionError: 0.0 cannot be raised to a negative power`},                                   // 0 ** -1
		{`**`, Float(0), Int(-1), `ZeroDivisionError: 0.0 cannot be raised to a negative power`},                                 // 0.0 ** -1
		{`**`, Int(2), Float(0.5), `1.4142135623730951`},                                                                         // 2 ** 0.5
		{`**`, Int(10), Int(20), `100000000000000000000`},                                                                        // 10 ** 20
		{`**`, Int(-2), Int(63), `-9223372036854775808`},                                                                         // -2 ** 63
		{`**`, Float(10), Int(400), `OverflowError: (34, 'Numerical result out of range')`},                                      // 10.0 ** 400
		{`*`, Float(1e308), Int(10), `inf`},                                                                                      // 1e308 * 10
		{`+`, Float(0.1), Float(0.2), `0.30000000000000004`},                                                                     // 0.1 + 0.2
		{`<<`, Int(1), Int(64), `18446744073709551616`},                                                                          // 1 << 64
		{`<<`, Int(1), Int(-1), `ValueError: negative shift count`},                                                              // 1 << -1
		{`>>`, Int(1), Int(-1), `ValueError: negative shift count`},                                                              // 1 >> -1
		{`>>`, Int(-1), Int(100), `-1`},                                                                                          // -1 >> 100
		{`>>`, largeInt(t, "18446744073709551616"), Int(60), `16`},                                                               // 2**64 >> 60
		{`&`, Int(5), Int(3), `1`},                                                                                               // 5 & 3
		{`|`, Int(5), Int(3), `7`},                                                                                               // 5 | 3
		{`^`, Int(5), Int(3), `6`},                                                                                               // 5 ^ 3
		{`&`, Int(-5), Int(0xff), `251`},                                                                                         // -5 & 0xff
		{`&`, Bool(true), Bool(true), `True`},                                                                                    // True & True
		{`|`, Bool(true), Int(0), `1`},                                                                                           // True | 0
		{`^`, Bool(true), Bool(true), `False`},                                                                                   // True ^ True
		{`+`, Bool(true), Bool(true), `2`},                                                                                       // True + True
		{`/`, Bool(true), Int(2), `0.5`},                                                                                         // True / 2
		{`&`, Float(1.5), Int(1), `TypeError: unsupported operand type(s) for &: 'float' and 'int'`},                             // 1.5 & 1
		{`+`, Str("a"), Str("b"), `'ab'`},                                                                                        // 'a' + 'b'
		{`*`, Str("ab"), Int(3), `'ababab'`},                                                                                     // 'ab' * 3
		{`*`, Int(3), Str("ab"), `'ababab'`},                                                                                     // 3 * 'ab'
		{`*`, Str("a"), Int(-1), `''`},                                                                                           // 'a' * -1
		{`*`, Str("a"), Bool(true), `'a'`},                                                                                       // 'a' * True
		{`*`, Str("a"), Float(2), `TypeError: can't multiply sequence by non-int of type 'float'`},                               // 'a' * 2.0
		{`*`, Str("a"), Str("b"), `TypeError: can't multiply sequence by non-int of type 'str'`},                                 // 'a' * 'b'
		{`+`, Str("a"), Int(1), `TypeError: can only concatenate str (not "int") to str`},                                        // 'a' + 1
		{`+`, Int(1), Str("a"), `TypeError: unsupported operand type(s) for +: 'int' and 'str'`},                                 // 1 + 'a'
		{`-`, Str("a"), Str("a"), `TypeError: unsupported operand type(s) for -: 'str' and 'str'`},                               // 'a' - 'a'
		{`+`, Bytes("a"), Str("a"), `TypeError: can't concat str to bytes`},                                                      // b'a' + 'a'
		{`+`, Bytes("a"), &ByteArray{B: []byte("b")}, `b'ab'`},                                                                   // b'a' + bytearray(b'b')
		{`+`, &ByteArray{B: []byte("a")}, Bytes("b"), `bytearray(b'ab')`},                                                        // bytearray(b'a') + b'b'
		{`*`, Bytes("ab"), Int(2), `b'abab'`},                                                                                    // b'ab' * 2
		{`+`, NewList([]Value{Int(1)}), Tuple{Int(2)}, `TypeError: can only concatenate list (not "tuple") to list`},             // [1] + (2,)
		{`+`, Tuple{Int(1)}, NewList([]Value{Int(2)}), `TypeError: can only concatenate tuple (not "list") to tuple`},            // (1,) + [2]
		{`+`, Tuple{Int(1)}, Tuple{Int(2)}, `(1, 2)`},                                                                            // (1,) + (2,)
		{`*`, NewList([]Value{Int(1), Int(2)}), Int(2), `[1, 2, 1, 2]`},                                                          // [1, 2] * 2
		{`*`, NewList([]Value{Int(0)}), Int(-3), `[]`},                                                                           // [0] * -3
		{`+`, None, Int(1), `TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'`},                                // None + 1
		{`|`, setOf(Int(1), Int(2)), setOf(Int(3)), `{1, 2, 3}`},                                                                 // {1, 2} | {3}
		{`&`, setOf(Int(1), Int(2)), setOf(Int(2), Int(3)), `{2}`},                                                               // {1, 2} & {2, 3}
		{`-`, setOf(Int(1), Int(2)), setOf(Int(2)), `{1}`},                                                                       // {1, 2} - {2}
		{`^`, setOf(Int(1), Int(2)), setOf(Int(2), Int(3)), `{1, 3}`},                                                            // {1, 2} ^ {2, 3}
		{`+`, setOf(Int(1)), setOf(Int(2)), `TypeError: unsupported operand type(s) for +: 'set' and 'set'`},                     // {1} + {2}
		{`%`, Str("%s-%d"), Tuple{Str("a"), Int(1)}, `'a-1'`},                                                                    // '%s-%d' % ('a', 1)
	}
	for _, tt := range tests {
		if got := result(Binary(tt.op, tt.a, tt.b)); got != tt.want {
			t.Errorf("%s %s %s = %s, want %s", tt.a.Repr(), tt.op, tt.b.Repr(), got, tt.want)
		}
	}
}

func TestUnary(t *testing.T) {
	tests := []struct {
		op   string
		x    Value
		want string
	}{
		{`-`, Bool(true), `-1`},                          // -True
		{`~`, Bool(true), `-2`},                          // ~True
		{`+`, Bool(true), `1`},                           // +True
		{`-`, Int(math.MinInt64), `9223372036854775808`}, // -(-2**63)
		{`~`, Int(5), `-6`},
		{`-`, Float(0), `-0.0`},
		{`+`, Str("a"), `TypeError: bad operand type for unary +: 'str'`},
		{`-`, Bytes("a"), `TypeError: bad operand type for unary -: 'bytes'`},
		{`~`, Float(1.5), `TypeError: bad operand type for unary ~: 'float'`},
		{`-`, None, `TypeError: bad operand type for unary -: 'NoneType'`},
		{`-`, largeInt(t, "18446744073709551616"), `-18446744073709551616`},
		{`~`, largeInt(t, "18446744073709551616"), `-18446744073709551617`},
		{`-`, largeInt(t, "9223372036854775808"), `-9223372036854775808`}, // back to 64 bits
	}
	for _, tt := range tests {
		got, err := Unary(tt.op, tt.x)
		if s := result(got, err); s != tt.want {
			t.Errorf("%s(%s) = %s, want %s", tt.op, tt.x.Repr(), s, tt.want)
		}
	}
	// A result that fits in 64 bits is an Int again, never a BigInt.
	v, _ := Unary("-", largeInt(t, "9223372036854775808"))
	if _, ok := v.(Int); !ok {
		t.Errorf("-(2**63) is a %T, want Int", v)
	}
	v, _ = Binary("-", largeInt(t, "18446744073709551616"), largeInt(t, "18446744073709551615"))
	if v != Int(1) {
		t.Errorf("2**64 - (2**64-1) = %#v, want Int(1)", v)
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a    Value
		op   string
		b    Value
		want string
	}{
		{Str("a"), `<`, Int(1), `TypeError: '<' not supported between instances of 'str' and 'int'`},
		{Str("a"), `>=`, Int(1), `TypeError: '>=' not supported between instances of 'str' and 'int'`},
		{NewList([]Value{Int(1), Int(2)}), `<`, NewList([]Value{Int(1), Int(3)}), `True`},
		{Tuple{Int(1), Str("a")}, `<`, Tuple{Int(1), Str("b")}, `True`},
		{Tuple{Int(1), Int(2)}, `<`, Tuple{Int(1), Str("a")}, `TypeError: '<' not supported between instances of 'int' and 'str'`},
		{Tuple{Int(1)}, `<`, Tuple{Int(1), Int(0)}, `True`},
		{Tuple{Int(1), Str("a")}, `==`, Tuple{Int(1), Int(2)}, `False`},
		{None, `<`, None, `TypeError: '<' not supported between instances of 'NoneType' and 'NoneType'`},
		{None, `==`, None, `True`},
		{Int(1), `<`, Float(2.5), `True`},
		{Str("a"), `==`, Int(1), `False`},
		{Str("a"), `!=`, Bytes("a"), `True`},
		{Str("abc"), `<`, Str("abd"), `True`},
		{Str("Z"), `<`, Str("a"), `True`},
		{Str("é"), `>`, Str("z"), `True`},
		{Bytes("\xff"), `>`, Bytes("a"), `True`},
		{setOf(Int(1)), `<`, setOf(Int(1), Int(2)), `True`},
		{setOf(Int(1), Int(2)), `<=`, setOf(Int(1), Int(2)), `True`},
		{setOf(Int(1), Int(2)), `<`, setOf(Int(1), Int(2)), `False`},
		{setOf(Int(1), Int(3)), `>`, setOf(Int(1)), `True`},
		{Float(math.NaN()), `==`, Float(math.NaN()), `False`},
		{Float(math.NaN()), `!=`, Float(math.NaN()), `True`},
		{Float(math.NaN()), `<`, Int(1), `False`},
		{Bool(true), `>`, Float(0.5), `True`},
		{NewDict(), `<`, NewDict(), `TypeError: '<' not supported between instances of 'dict' and 'dict'`},
		{NewList(nil), `>=`, Tuple{}, `TypeError: '>=' not supported between instances of 'list' and 'tuple'`},
		{largeInt(t, "18446744073709551616"), `>`, largeInt(t, "9223372036854775808"), `True`},
		{largeInt(t, "-18446744073709551616"), `<`, Int(-1), `True`},
	}
	for _, tt := range tests {
		got, err := Compare(tt.op, tt.a, tt.b)
		if s := result(BoolOf(got), err); s != tt.want {
			t.Errorf("%s %s %s = %s, want %s", tt.a.Repr(), tt.op, tt.b.Repr(), s, tt.want)
		}
	}
}

func TestInPlace(t *testing.T) {
	// l += x extends the list in place (any iterable), where l + x would
	// refuse a tuple; everything else is a op b.
	l := NewList([]Value{Int(1)})
	v, err := InPlace("+", l, Tuple{Int(2)})
	if err != nil || v != Value(l) || l.Repr() != "[1, 2]" {
		t.Errorf("l += (2,): %v, %v, l = %s", v, err, l.Repr())
	}
	if _, err := InPlace("+", l, Int(3)); err == nil || err.Error() != "TypeError: 'int' object is not iterable" {
		t.Errorf("l += 3: %v", err)
	}
	v, err = InPlace("+", Str("a"), Str("b"))
	if result(v, err) != "'ab'" {
		t.Errorf("s += 'b': %s", result(v, err))
	}
	if _, err := InPlace("+", Bytes("a"), Str("b")); err == nil || err.Error() != "TypeError: can't concat str to bytes" {
		t.Errorf("b += 'b': %v", err)
	}
	ba := &ByteArray{B: []byte("a")}
	if v, err := InPlace("+", ba, Bytes("b")); err != nil || v != Value(ba) || ba.Repr() != "bytearray(b'ab')" {
		t.Errorf("bytearray += b'b': %v, %v", v, err)
	}
}

// TestMemoryLimit checks that a value past MaxSize is a MemoryError, not an
// allocation that takes the machine's memory, and that a size that
// overflows is caught too.
func TestMemoryLimit(t *testing.T) {
	tests := []struct {
		op   string
		a, b Value
	}{
		{"*", Bytes("x"), Int(1_000_000_000)},
		{"*", Str("xy"), Int(MaxSize/2 + 1)},
		{"*", Int(1 << 40), Bytes("abc")},
		{"*", Bytes("xx"), Int(math.MaxInt64/2 + 1)}, // the size overflows int64
		{"*", NewList([]Value{Int(1)}), Int(1 << 30)},
		{"*", Tuple{Int(1), Int(2)}, Int(1 << 29)},
		{"*", &ByteArray{B: []byte("x")}, Int(1 << 40)},
		{"<<", Int(1), Int(1 << 40)},
		{"**", Int(10), Int(1 << 30)},
	}
	for _, tt := range tests {
		_, err := Binary(tt.op, tt.a, tt.b)
		if err == nil || !strings.HasPrefix(err.Error(), "MemoryError: ") {
			t.Errorf("%s %s %s: %v, want a MemoryError", CutText(tt.a.Repr()), tt.op, tt.b.Repr(), err)
		}
	}
	if err := CheckSize(MaxSize); err != nil {
		t.Errorf("CheckSize(MaxSize) = %v: the limit itself is allowed", err)
	}
	if err := CheckSize(-1); err == nil {
		t.Error("CheckSize(-1): an overflowed size must be refused")
	}
}

// Python compares an int with a float exactly, without rounding the int
// to a float: 2**53 + 1 == 2.0**53 is False, 2**53 + 1 > 2.0**53 True, and
// so for ints beyond 64 bits and against infinities.
func TestIntFloatCompareExact(t *testing.T) {
	tests := []struct {
		a    Value
		op   string
		b    Value
		want bool
	}{
		{Int(1<<53 + 1), "==", Float(1 << 53), false},
		{Int(1<<53 + 1), ">", Float(1 << 53), true},
		{Float(1 << 53), "<", Int(1<<53 + 1), true},
		{Int(-1<<63 + 1), "!=", Float(-1 << 63), true},
		{mustParseInt(t, "-9223372036854775809"), "==", Float(-1 << 63), false},
		{mustParseInt(t, "9223372036854775809"), ">", Float(1 << 63), true},
		// An int beyond a float's range is still less than infinity.
		{Float(math.Inf(1)), ">", mustParseInt(t, "1"+strings.Repeat("0", 400)), true},
		{mustParseInt(t, "-1"+strings.Repeat("0", 400)), ">", Float(math.Inf(-1)), true},
	}
	for _, tt := range tests {
		got, err := Compare(tt.op, tt.a, tt.b)
		if err != nil || got != tt.want {
			t.Errorf("%s %s %s = %v, %v; want %v", tt.a.Repr(), tt.op, tt.b.Repr(), got, err, tt.want)
		}
	}
}

// A comparison Python answers False for every operator: with a NaN, or of
// two sets neither of which holds the other.
func TestCompareUnordered(t *testing.T) {
	tests := []struct {
		a  Value
		op string
		b  Value
	}{
		{Float(math.NaN()), ">", Int(1)},
		{Float(math.NaN()), ">=", Int(1)},
		{Int(1), ">=", Float(math.NaN())},
		{Float(math.NaN()), ">", Float(math.NaN())},
		{setOf(Int(1), Int(3)), ">", setOf(Int(2))},
		{setOf(Int(1), Int(3)), ">=", setOf(Int(2))},
	}
	for _, tt := range tests {
		if got, err := Compare(tt.op, tt.a, tt.b); got || err != nil {
			t.Errorf("%s %s %s = %v, %v; want False", tt.a.Repr(), tt.op, tt.b.Repr(), got, err)
		}
	}
}

// A failed comparison of two sequences names the operator used: (1, 2) >
// (1, 'a') is "TypeError: '>' not supported between instances of 'int'
// and 'str'".
func TestCompareSequenceNamesOperator(t *testing.T) {
	for _, op := range []string{">", ">=", "<="} {
		_, err := Compare(op, Tuple{Int(1), Int(2)}, Tuple{Int(1), Str("a")})
		want := "TypeError: '" + op + "' not supported between instances of 'int' and 'str'"
		if err == nil || err.Error() != want {
			t.Errorf("(1, 2) %s (1, 'a'): %v, want %s", op, err, want)
		}
	}
}

// The matrix operator is refused for numbers: 1 @ 2 is "TypeError:
// unsupported operand type(s) for @: 'int' and 'int'" (with a float it
// once panicked).
func TestMatMulNumbers(t *testing.T) {
	for _, tt := range []struct {
		a, b Value
		want string
	}{
		{Int(1), Int(2), "TypeError: unsupported operand type(s) for @: 'int' and 'int'"},
		{Float(2), Int(3), "TypeError: unsupported operand type(s) for @: 'float' and 'int'"},
		{Int(2), Float(3), "TypeError: unsupported operand type(s) for @: 'int' and 'float'"},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s @ %s panics: %v", tt.a.Repr(), tt.b.Repr(), r)
				}
			}()
			if got := result(Binary("@", tt.a, tt.b)); got != tt.want {
				t.Errorf("%s @ %s = %s, want %s", tt.a.Repr(), tt.b.Repr(), got, tt.want)
			}
		}()
	}
}

// A set operation keeps the left operand's type: frozenset([1, 2]) | {3}
// is frozenset({1, 2, 3}), {3} | frozenset([1]) a set. Dict key and item
// views take set operations with any iterable and give a set, and compare
// equal to the set of their members.
func TestSetOperationTypes(t *testing.T) {
	f := &Set{Frozen: true, d: NewDict()}
	f.Add(Int(1))
	f.Add(Int(2))
	if got := result(Binary("|", f, setOf(Int(3)))); got != "frozenset({1, 2, 3})" {
		t.Errorf("frozenset([1, 2]) | {3} = %s", got)
	}
	// A set, in the order its members were added (Python shows its hash
	// table's order, {1, 2, 3}: docs/python.md).
	if got := result(Binary("|", setOf(Int(3)), f)); got != "{3, 1, 2}" {
		t.Errorf("{3} | frozenset([1, 2]) = %s", got)
	}
	d := dictOf(Int(1), Int(2))
	keys := &DictView{Kind: "dict_keys", D: d}
	items := &DictView{Kind: "dict_items", D: d}
	values := &DictView{Kind: "dict_values", D: d}
	for _, tt := range []struct {
		op   string
		a, b Value
		want string
	}{
		{"&", keys, setOf(Int(1), Int(3)), "{1}"},       // {1: 2}.keys() & {1, 3}
		{"&", setOf(Int(1), Int(3)), keys, "{1}"},       // {1, 3} & {1: 2}.keys()
		{"|", keys, NewList([]Value{Int(3)}), "{1, 3}"}, // {1: 2}.keys() | [3]
		{"-", keys, setOf(Int(1)), "set()"},             // {1: 2}.keys() - {1}
		{"&", items, setOf(Tuple{Int(1), Int(2)}), "{(1, 2)}"},
		{"|", keys, Int(5), "TypeError: 'int' object is not iterable"},
		{"&", values, setOf(Int(2)), "TypeError: unsupported operand type(s) for &: 'dict_values' and 'set'"},
	} {
		if got := result(Binary(tt.op, tt.a, tt.b)); got != tt.want {
			t.Errorf("%s %s %s = %s, want %s", tt.a.Repr(), tt.op, tt.b.Repr(), got, tt.want)
		}
	}
	if !Equal(keys, setOf(Int(1))) || !Equal(setOf(Tuple{Int(1), Int(2)}), items) || Equal(keys, setOf(Int(2))) {
		t.Errorf("{1: 2}.keys() == {1} and {(1, 2)} == {1: 2}.items() must hold, not {1: 2}.keys() == {2}")
	}
	if le, err := Compare("<=", keys, setOf(Int(1), Int(2))); !le || err != nil {
		t.Errorf("{1: 2}.keys() <= {1, 2}: %v, %v", le, err)
	}
	u := callMethod(f, "union", NewList([]Value{Int(3)}))
	if u != "frozenset({1, 2, 3})" {
		t.Errorf("frozenset([1, 2]).union([3]) = %s", u)
	}
}
