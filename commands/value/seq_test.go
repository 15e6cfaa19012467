package value

import (
	"context"
	"fmt"
	"testing"
)

// TestGetItem checks indexing and its errors, as Python 3.11 printed them
// for the expression in each comment.
func TestGetItem(t *testing.T) {
	tests := []struct {
		v, key Value
		want   string
	}{
		{Tuple{Int(1), Int(2)}, Int(5), "IndexError: tuple index out of range"},                           // (1, 2)[5]
		{NewList([]Value{Int(1)}), Int(-2), "IndexError: list index out of range"},                        // [1][-2]
		{Str("a"), Int(5), "IndexError: string index out of range"},                                       // 'a'[5]
		{Bytes("a"), Int(5), "IndexError: index out of range"},                                            // b'a'[5]
		{Tuple{Int(1), Int(2)}, Str("a"), "TypeError: tuple indices must be integers or slices, not str"}, // (1, 2)['a']
		{Str("a"), Str("x"), "TypeError: string indices must be integers, not 'str'"},                     // 'a'['x']
		{Bytes("a"), Float(1.5), "TypeError: byte indices must be integers or slices, not float"},         // b'a'[1.5]
		{Int(5), Int(0), "TypeError: 'int' object is not subscriptable"},                                  // 5[0]
		{dictOf(Str("a"), Int(1)), Str("b"), "KeyError: 'b'"},                                             // {'a': 1}['b']
		{dictOf(Str("a"), Int(1)), NewList([]Value{Int(1)}), "TypeError: unhashable type: 'list'"},        // {'a': 1}[[1]]
		{Range{0, 10, 1}, Int(-1), "9"},                                                                   // range(10)[-1]
		{Range{0, 10, 3}, Int(3), "9"},                                                                    // range(0, 10, 3)[3]
		{Range{0, 3, 1}, Int(3), "IndexError: range object index out of range"},                           // range(3)[3]
		{Str("héllo"), Int(1), "'é'"},                                                                     // 'héllo'[1]
		{Bytes("HTTP"), Int(-1), "80"},                                                                    // b'HTTP'[-1]
		{Tuple{Int(1), Int(2)}, Bool(true), "2"},                                                          // (1, 2)[True]
		{None, Int(0), "TypeError: 'NoneType' object is not subscriptable"},                               // None[0]
		{setOf(Int(1)), Int(0), "TypeError: 'set' object is not subscriptable"},                           // {1}[0]
		{Bytes("HTTP/1.1"), Slice{Hi: Int(4)}, "b'HTTP'"},
		{Str("abc"), Slice{Lo: Int(5), Hi: Int(1), Step: Int(-1)}, "'c'"},                                             // 'abc'[5:1:-1]
		{Tuple{Int(1), Int(2)}, Slice{Lo: Int(1), Hi: Int(2), Step: Int(0)}, "ValueError: slice step cannot be zero"}, // (1, 2)[1:2:0]
		{Tuple{Int(1)}, Slice{Lo: Int(1), Hi: Str("a")}, "TypeError: slice indices must be integers or None or have an __index__ method"},
	}
	for _, tt := range tests {
		if got := result(GetItem(tt.v, tt.key)); got != tt.want {
			t.Errorf("%s[%s] = %s, want %s", tt.v.Repr(), tt.key.Repr(), got, tt.want)
		}
	}
}

// TestSliceIndices checks slices against what Python gives for a sequence
// of 5: list(range(5))[lo:hi:step].
func TestSliceIndices(t *testing.T) {
	p := func(n int64) Value { return Int(n) }
	tests := []struct {
		lo, hi, step Value
		want         string
	}{
		{nil, nil, nil, "[0 1 2 3 4]"},
		{p(1), p(3), nil, "[1 2]"},
		{p(-2), nil, nil, "[3 4]"},
		{nil, p(-1), nil, "[0 1 2 3]"},
		{p(-10), p(10), nil, "[0 1 2 3 4]"},
		{nil, nil, p(-1), "[4 3 2 1 0]"},
		{p(3), p(0), p(-1), "[3 2 1]"},
		{p(10), nil, p(-2), "[4 2 0]"},
		{nil, p(-10), p(-1), "[4 3 2 1 0]"},
		{p(4), p(1), nil, "[]"},
		{nil, nil, p(2), "[0 2 4]"},
		{None, None, None, "[0 1 2 3 4]"},
		{Bool(true), nil, nil, "[1 2 3 4]"},
		{largeInt(t, "-100000000000000000000"), largeInt(t, "100000000000000000000"), nil, "[0 1 2 3 4]"},
	}
	for _, tt := range tests {
		idx, err := SliceIndices(5, tt.lo, tt.hi, tt.step)
		if err != nil {
			t.Errorf("slice %v:%v:%v: %v", tt.lo, tt.hi, tt.step, err)
			continue
		}
		if got := fmt.Sprint(idx); got != tt.want {
			t.Errorf("slice %v:%v:%v = %s, want %s", tt.lo, tt.hi, tt.step, got, tt.want)
		}
	}
}

// TestSorted checks sorted(): stable, by <, with the key called once per
// item, reversed keeping the order of equal items, and Python's TypeError
// for items without an order between them.
func TestSorted(t *testing.T) {
	items := []Value{Tuple{Int(2), Str("b")}, Tuple{Int(1), Str("a")}, Tuple{Int(2), Str("a")}, Tuple{Int(1), Str("b")}}
	calls := 0
	key := &Builtin{Name: "first", Fn: func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		calls++
		return args[0].(Tuple)[0], nil
	}}
	got, err := Sorted(context.Background(), items, key, false)
	if err != nil || NewList(got).Repr() != "[(1, 'a'), (1, 'b'), (2, 'b'), (2, 'a')]" || calls != 4 {
		t.Errorf("sorted by the first item: %s, %v, %d key calls", NewList(got).Repr(), err, calls)
	}
	got, _ = Sorted(context.Background(), items, key, true)
	if NewList(got).Repr() != "[(2, 'b'), (2, 'a'), (1, 'a'), (1, 'b')]" {
		t.Errorf("sorted reversed: %s", NewList(got).Repr())
	}
	got, _ = Sorted(context.Background(), []Value{Float(2.5), Int(1), Bool(true), Int(-3)}, None, false)
	if NewList(got).Repr() != "[-3, 1, True, 2.5]" {
		t.Errorf("numbers: %s", NewList(got).Repr())
	}
	if _, err := Sorted(context.Background(), []Value{Int(1), Str("a")}, nil, false); err == nil || err.Error() != "TypeError: '<' not supported between instances of 'str' and 'int'" {
		t.Errorf("mixed items: %v", err)
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		x, container Value
		want         string
	}{
		{Str("b"), Str("abc"), "True"},
		{Str(""), Str("abc"), "True"},
		{Int(1), Str("abc"), "TypeError: 'in <string>' requires string as left operand, not int"},
		{Int(97), Bytes("abc"), "True"},
		{Int(300), Bytes("abc"), "ValueError: byte must be in range(0, 256)"},
		{Bytes("bc"), Bytes("abc"), "True"},
		{Str("a"), Bytes("abc"), "TypeError: a bytes-like object is required, not 'str'"},
		{Float(1), NewList([]Value{Int(1)}), "True"},
		{Int(5), Range{0, 10, 5}, "True"},
		{Int(6), Range{0, 10, 5}, "False"},
		{Str("k"), dictOf(Str("k"), Int(1)), "True"},
		{NewList(nil), dictOf(Str("k"), Int(1)), "TypeError: unhashable type: 'list'"},
		{Int(1), Int(5), "TypeError: argument of type 'int' is not iterable"},
	}
	for _, tt := range tests {
		got, err := Contains(tt.container, tt.x)
		if s := result(BoolOf(got), err); s != tt.want {
			t.Errorf("%s in %s = %s, want %s", tt.x.Repr(), tt.container.Repr(), s, tt.want)
		}
	}
}

// An index beyond 64 bits is Python's IndexError "cannot fit 'int' into
// an index-sized integer" ([1, 2][2**70]), not "list index out of range".
func TestIndexTooLarge(t *testing.T) {
	big := mustParseInt(t, "1180591620717411303424")
	l := NewList([]Value{Int(1), Int(2)})
	const want = "IndexError: cannot fit 'int' into an index-sized integer"
	if got := result(GetItem(l, big)); got != want {
		t.Errorf("[1, 2][2**70] = %s", got)
	}
	if got := result(GetItem(Str("ab"), big)); got != want {
		t.Errorf("'ab'[2**70] = %s", got)
	}
	if err := SetItem(l, big, Int(3)); err == nil || err.Error() != want {
		t.Errorf("l[2**70] = 3: %v", err)
	}
	if got := result(Binary("*", Str("ab"), big)); got != "OverflowError: cannot fit 'int' into an index-sized integer" {
		t.Errorf("'ab' * 2**70 = %s", got)
	}
}
