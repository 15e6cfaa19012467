package value

import (
	"math"
	"strings"
	"testing"
)

// set builds a dict by setting each pair in turn, as d[k] = v does.
func setPairs(t *testing.T, kv ...Value) *Dict {
	t.Helper()
	d := NewDict()
	for i := 0; i < len(kv); i += 2 {
		if err := d.Set(kv[i], kv[i+1]); err != nil {
			t.Fatalf("d[%s] = %s: %v", kv[i].Repr(), kv[i+1].Repr(), err)
		}
	}
	return d
}

// TestDictKeys checks Python's rule for keys: values that are == are one
// key (1, 1.0 and True; 0, -0.0 and False; (1, 2) and (1.0, 2.0)), the
// key keeps its first spelling and its place, the value is the last one.
// Each expected repr was printed by Python 3.11.
func TestDictKeys(t *testing.T) {
	inet := Enum{Class: testFamily, Name: "AF_INET", Value: 2}
	tests := []struct {
		kv   []Value
		want string
	}{
		{[]Value{Int(1), Str("int"), Float(1), Str("float"), Bool(true), Str("bool")}, "{1: 'bool'}"},
		{[]Value{Bool(true), Str("b"), Int(1), Str("i")}, "{True: 'i'}"},
		{[]Value{Int(0), Str("z"), Float(math.Copysign(0, -1)), Str("nz"), Bool(false), Str("f")}, "{0: 'f'}"},
		{[]Value{Tuple{Int(1), Int(2)}, Int(1), Tuple{Float(1), Float(2)}, Int(2)}, "{(1, 2): 2}"},
		{[]Value{Str("a"), Int(1), Bytes("a"), Int(2)}, "{'a': 1, b'a': 2}"},
		{[]Value{Float(0.5), Int(1), Float(1.0 / 2), Int(2)}, "{0.5: 2}"},
		{[]Value{Int(2), Str("two"), inet, Str("family")}, "{2: 'family'}"},
		{[]Value{inet, Str("family"), Int(2), Str("two")}, "{<AddressFamily.AF_INET: 2>: 'two'}"},
		{[]Value{None, Int(1), Str("None"), Int(2)}, "{None: 1, 'None': 2}"},
		{[]Value{Range{0, 3, 1}, Int(1), Range{0, 3, 1}, Int(2)}, "{range(0, 3): 2}"},
		{[]Value{Float(1.5), Int(1), Int(1), Int(2)}, "{1.5: 1, 1: 2}"},
	}
	for _, tt := range tests {
		if got := setPairs(t, tt.kv...).Repr(); got != tt.want {
			t.Errorf("%v: %s, want %s", tt.kv, got, tt.want)
		}
	}
}

func TestDictOrderAfterDelete(t *testing.T) {
	d := setPairs(t, Int(1), Int(1), Int(2), Int(2), Int(3), Int(3))
	if ok, err := d.Delete(Float(2)); !ok || err != nil {
		t.Fatalf("del d[2.0]: %v, %v", ok, err)
	}
	if ok, _ := d.Delete(Int(2)); ok {
		t.Fatal("a key deleted twice")
	}
	d.Set(Int(2), Int(4))
	if got := d.Repr(); got != "{1: 1, 3: 3, 2: 4}" {
		t.Errorf("after del d[2]; d[2] = 4: %s", got)
	}
	if v, ok, _ := d.Get(Bool(true)); !ok || v != Int(1) {
		t.Errorf("d[True] = %v, %v", v, ok)
	}
	// Many deletions and insertions keep the order and the index in step.
	for i := 0; i < 1000; i++ {
		d.Set(Int(int64(i+10)), Int(int64(i)))
		if i%3 == 0 {
			d.Delete(Int(int64(i + 10)))
		}
	}
	keys := d.Keys()
	for i, k := range keys {
		v, ok, _ := d.Get(k)
		if !ok {
			t.Fatalf("key %s listed but not found", k.Repr())
		}
		if i > 3 && v.(Int) != k.(Int)-10 {
			t.Fatalf("d[%s] = %s", k.Repr(), v.Repr())
		}
	}
	if d.Len() != len(keys) || d.Len() != 3+666 {
		t.Errorf("len %d, %d keys", d.Len(), len(keys))
	}
}

func TestUnhashable(t *testing.T) {
	tests := []struct {
		key  Value
		want string
	}{
		{NewList(nil), "TypeError: unhashable type: 'list'"},
		{Tuple{Int(1), NewList(nil)}, "TypeError: unhashable type: 'list'"},
		{NewDict(), "TypeError: unhashable type: 'dict'"},
		{NewSet(), "TypeError: unhashable type: 'set'"},
		{&ByteArray{}, "TypeError: unhashable type: 'bytearray'"},
	}
	for _, tt := range tests {
		d := NewDict()
		err := d.Set(tt.key, Int(1))
		if err == nil || err.Error() != tt.want {
			t.Errorf("d[%s] = 1: %v, want %s", tt.key.Repr(), err, tt.want)
		}
		if _, _, err := d.Get(tt.key); err == nil || err.Error() != tt.want {
			t.Errorf("d[%s]: %v, want %s", tt.key.Repr(), err, tt.want)
		}
		s := NewSet()
		if err := s.Add(tt.key); err == nil || err.Error() != tt.want {
			t.Errorf("set add %s: %v", tt.key.Repr(), err)
		}
	}
}

func TestSetMembers(t *testing.T) {
	s := NewSet()
	for _, v := range []Value{Int(1), Float(1), Bool(true), Int(2), Str("1"), Bytes("1")} {
		if err := s.Add(v); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Repr(); got != "{1, 2, '1', b'1'}" {
		t.Errorf("set: %s", got)
	}
	for _, v := range []Value{Bool(true), Float(2)} {
		if ok, _ := s.Has(v); !ok {
			t.Errorf("%s not in %s", v.Repr(), s.Repr())
		}
	}
	// A frozenset is a key, equal to another with the same members in
	// any order.
	a, b := &Set{Frozen: true, d: NewDict()}, &Set{Frozen: true, d: NewDict()}
	a.Add(Int(1))
	a.Add(Int(2))
	b.Add(Int(2))
	b.Add(Float(1))
	d := setPairs(t, a, Int(1), b, Int(2))
	if v, ok, _ := d.Get(a); d.Len() != 1 || !ok || v != Int(2) {
		t.Errorf("frozenset keys: %d keys, d[a] = %v", d.Len(), v)
	}
	if !Equal(a, b) {
		t.Error("frozenset({1, 2}) != frozenset({2, 1.0})")
	}
}

func TestEqual(t *testing.T) {
	big := mustParseInt(t, "100000000000000000000")
	tests := []struct {
		a, b Value
		want bool
	}{
		{Int(1), Float(1), true},
		{Int(1), Bool(true), true},
		{Int(0), Bool(false), true},
		{Str("a"), Bytes("a"), false},
		{Bytes("a"), &ByteArray{B: []byte("a")}, true},
		{Tuple{Int(1)}, NewList([]Value{Int(1)}), false},
		{NewList([]Value{Int(1), Str("x")}), NewList([]Value{Float(1), Str("x")}), true},
		{Float(math.NaN()), Float(math.NaN()), false},
		{big, mustParseInt(t, "100000000000000000000"), true},
		{big, Float(1e20), true},
		{None, None, true},
		{None, Int(0), false},
		{Range{0, 3, 1}, Range{0, 3, 1}, true},
		{Range{0, 0, 1}, Range{5, 2, 1}, true}, // two empty ranges
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("%s == %s: %v, want %v", tt.a.Repr(), tt.b.Repr(), got, tt.want)
		}
	}
}

func mustParseInt(t *testing.T, s string) Value {
	t.Helper()
	v, ok := ParseInt(s, 10)
	if !ok {
		t.Fatalf("ParseInt(%q) failed", s)
	}
	return v
}

// TestDictLarge checks a dict of many keys of mixed kinds.
func TestDictLarge(t *testing.T) {
	d := NewDict()
	for i := 0; i < 5000; i++ {
		d.Set(Int(int64(i)), Int(int64(i)))
		d.Set(Str(strings.Repeat("k", i%50)+string(rune('a'+i%26))), Int(int64(i)))
	}
	for i := 0; i < 5000; i++ {
		if v, ok, _ := d.Get(Float(float64(i))); !ok || v != Int(int64(i)) {
			t.Fatalf("d[%d.0] = %v, %v", i, v, ok)
		}
	}
}

// An int too large for 64 bits and the float equal to it are one key, as
// they are ==: {2**63: 'big', 2.0**63: 'float'} is {9223372036854775808:
// 'float'} in Python.
func TestHashBigIntEqualsFloat(t *testing.T) {
	for _, s := range []string{"9223372036854775808", "100000000000000000000", "-9223372036854777856", "-18446744073709551616"} {
		big := mustParseInt(t, s)
		f := Float(big.(*BigInt).Float())
		if !Equal(big, f) {
			t.Fatalf("%s != %s", big.Repr(), f.Repr())
		}
		d := setPairs(t, big, Str("big"), f, Str("float"))
		if want := "{" + s + ": 'float'}"; d.Repr() != want {
			t.Errorf("d[%s] then d[%s]: %s, want %s", s, f.Repr(), d.Repr(), want)
		}
	}
}

// A slice is unhashable in Python 3.11 (TypeError: unhashable type:
// 'slice'), whatever its bounds: d[1:2] = 3 on a dict fails, and so does
// d[(1,):2] = 4 (which once panicked).
func TestSliceUnhashable(t *testing.T) {
	for _, s := range []Slice{{Lo: Int(1), Hi: Int(2)}, {Lo: Tuple{Int(1)}, Hi: Int(2)}} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("d[%s] = 3 panics: %v", s.Repr(), r)
				}
			}()
			err := NewDict().Set(s, Int(3))
			if err == nil || err.Error() != "TypeError: unhashable type: 'slice'" {
				t.Errorf("d[%s] = 3: %v, want TypeError: unhashable type: 'slice'", s.Repr(), err)
			}
		}()
	}
}
