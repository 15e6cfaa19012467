package value

import "testing"

// TestEqualNested checks containers of bytes and tuples, which Go cannot
// compare with == (a slice), as Python compares them: item by item.
func TestEqualNested(t *testing.T) {
	for _, c := range []struct {
		a, b Value
		want bool
	}{
		{Tuple{Bytes("a")}, Tuple{Bytes("a")}, true},
		{Tuple{Bytes("a")}, Tuple{Bytes("b")}, false},
		{Tuple{Tuple{Tuple{Str("commonName"), Str("localhost")}}}, Tuple{Tuple{Tuple{Str("commonName"), Str("localhost")}}}, true},
		{Tuple{Tuple{Str("x")}}, Tuple{Tuple{Str("y")}}, false},
		{NewList([]Value{Bytes("a"), Tuple{Int(1)}}), NewList([]Value{Bytes("a"), Tuple{Int(1)}}), true},
	} {
		if got := Equal(c.a, c.b); got != c.want {
			t.Errorf("%s == %s: %v, want %v", c.a.Repr(), c.b.Repr(), got, c.want)
		}
	}
}

// TestContainsNested checks `in` over items Go cannot compare with ==.
func TestContainsNested(t *testing.T) {
	list := NewList([]Value{Tuple{Bytes("a")}, Bytes("b")})
	for _, x := range []Value{Tuple{Bytes("a")}, Bytes("b")} {
		if ok, err := Contains(list, x); err != nil || !ok {
			t.Errorf("%s in %s: %v, %v; want True", x.Repr(), list.Repr(), ok, err)
		}
	}
}
