package commands

import (
	"bytes"
	"context"
	"math"
)

// maxBuilt bounds a value built by * (b'x' * n): past it the shell answers
// MemoryError rather than let a typo take the machine's memory.
const maxBuilt = 256 << 20

// eval of X[I]: an element of a tuple, list, str or bytes (negative I counts
// from the end), or a dict's value for key I.
func (x *pyIndex) eval(ctx context.Context, s *Session) (Value, error) {
	v, i, err := evalPair(ctx, s, x.X, x.I)
	if err != nil {
		return nil, err
	}
	if d, ok := v.(Dict); ok {
		for k, key := range d.Keys {
			if pyEqual(key, i) {
				return d.Vals[k], nil
			}
		}
		return nil, pyErrorf("KeyError", "%s", i.Repr())
	}
	n, isInt := intValue(i)
	length, err := subscriptLength(v)
	if err != nil {
		return nil, err
	}
	if !isInt {
		return nil, typeErrorf("%s", indicesMessage(v, i))
	}
	if n < 0 {
		n += int64(length)
	}
	if n < 0 || n >= int64(length) {
		return nil, pyErrorf("IndexError", "%s", outOfRange(v))
	}
	switch v := v.(type) {
	case Tuple:
		return v[n], nil
	case List:
		return v[n], nil
	case Bytes:
		return Int(v[n]), nil // an element of bytes is an int, as in Python
	}
	return Str([]rune(string(v.(Str)))[n]), nil
}

// subscriptLength is len(v) for the values X[I] and X[LO:HI] take apart
// (a str counts characters, not bytes), or Python's TypeError for others.
func subscriptLength(v Value) (int, error) {
	switch v := v.(type) {
	case Tuple:
		return len(v), nil
	case List:
		return len(v), nil
	case Bytes:
		return len(v), nil
	case Str:
		return len([]rune(string(v))), nil
	}
	return 0, typeErrorf("'%s' object is not subscriptable", typeName(v))
}

// indicesMessage is Python's TypeError message for X[I] with an I that is
// not an int.
func indicesMessage(v, i Value) string {
	switch v.(type) {
	case Str:
		return "string indices must be integers, not '" + typeName(i) + "'"
	case Bytes:
		return "byte indices must be integers or slices, not " + typeName(i)
	}
	return typeName(v) + " indices must be integers or slices, not " + typeName(i)
}

// outOfRange is Python's IndexError message for X[I] past either end.
func outOfRange(v Value) string {
	switch v.(type) {
	case Str:
		return "string index out of range"
	case Bytes:
		return "index out of range"
	}
	return typeName(v) + " index out of range"
}

// evalPair evaluates a, then b.
func evalPair(ctx context.Context, s *Session, a, b Expr) (Value, Value, error) {
	x, err := s.eval(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	y, err := s.eval(ctx, b)
	return x, y, err
}

// eval of X[LO:HI:STEP], with Python's rules for missing, negative and
// out-of-range bounds.
func (x *pySlice) eval(ctx context.Context, s *Session) (Value, error) {
	v, err := s.eval(ctx, x.X)
	if err != nil {
		return nil, err
	}
	var bounds [3]*int64
	for k, e := range []Expr{x.Lo, x.Hi, x.Step} {
		if e == nil {
			continue
		}
		b, err := s.eval(ctx, e)
		if err != nil {
			return nil, err
		}
		if _, none := b.(NoneType); none {
			continue
		}
		n, ok := intValue(b)
		if !ok {
			return nil, typeErrorf("slice indices must be integers or None or have an __index__ method")
		}
		bounds[k] = &n
	}
	length, err := subscriptLength(v)
	if err != nil {
		return nil, err
	}
	idx, err := sliceIndices(length, bounds[0], bounds[1], bounds[2])
	if err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case Tuple:
		return Tuple(pick(v, idx)), nil
	case List:
		return List(pick(v, idx)), nil
	case Bytes:
		out := make(Bytes, len(idx))
		for k, i := range idx {
			out[k] = v[i]
		}
		return out, nil
	}
	rs := []rune(string(v.(Str)))
	out := make([]rune, len(idx))
	for k, i := range idx {
		out[k] = rs[i]
	}
	return Str(out), nil
}

// pick is the elements of vs at the positions idx.
func pick(vs []Value, idx []int) []Value {
	out := make([]Value, len(idx))
	for k, i := range idx {
		out[k] = vs[i]
	}
	return out
}

// sliceIndices lists the positions a slice of a sequence of length n
// selects, as Python's slice.indices does; nil bounds are missing ones.
func sliceIndices(n int, lo, hi, step *int64) ([]int, error) {
	st := int64(1)
	if step != nil {
		st = *step
	}
	if st == 0 {
		return nil, valueErrorf("slice step cannot be zero")
	}
	adjust := func(b *int64, dflt int64) int64 {
		if b == nil {
			return dflt
		}
		i := *b
		if i < 0 {
			i += int64(n)
			if i < 0 {
				i = 0
				if st < 0 {
					i = -1
				}
			}
		} else if i >= int64(n) {
			i = int64(n)
			if st < 0 {
				i = int64(n) - 1
			}
		}
		return i
	}
	var start, stop int64
	if st > 0 {
		start, stop = adjust(lo, 0), adjust(hi, int64(n))
	} else {
		start, stop = adjust(lo, int64(n)-1), adjust(hi, -1)
	}
	var idx []int
	for i := start; (st > 0 && i < stop) || (st < 0 && i > stop); i += st {
		idx = append(idx, int(i))
	}
	return idx, nil
}

// eval of X + Y, X - Y, X * Y, X == Y, X != Y.
func (x *pyBinary) eval(ctx context.Context, s *Session) (Value, error) {
	a, b, err := evalPair(ctx, s, x.X, x.Y)
	if err != nil {
		return nil, err
	}
	switch x.Op {
	case "==":
		return Bool(pyEqual(a, b)), nil
	case "!=":
		return Bool(!pyEqual(a, b)), nil
	}
	if v, ok, err := arith(x.Op, a, b); ok || err != nil {
		return v, err
	}
	switch x.Op {
	case "+":
		switch a.(type) {
		case Str, Bytes:
			return add(a, b) // the same + that += uses, and its messages
		case Tuple, List:
			if typeName(a) == typeName(b) {
				sa, _ := sequence(a)
				sb, _ := sequence(b)
				sum := append(append([]Value{}, sa...), sb...)
				if _, isTuple := a.(Tuple); isTuple {
					return Tuple(sum), nil
				}
				return List(sum), nil
			}
			return nil, typeErrorf(`can only concatenate %s (not "%s") to %s`, typeName(a), typeName(b), typeName(a))
		}
	case "*":
		if v, ok, err := repeat(a, b); ok {
			return v, err
		}
		if v, ok, err := repeat(b, a); ok {
			return v, err
		}
	}
	return nil, typeErrorf("unsupported operand type(s) for %s: '%s' and '%s'", x.Op, typeName(a), typeName(b))
}

// arith computes op on two numbers (int, bool, enum, float); ok is false
// when either is not a number.
func arith(op string, a, b Value) (Value, bool, error) {
	fa, aFloat := a.(Float)
	fb, bFloat := b.(Float)
	ia, aInt := intValue(a)
	ib, bInt := intValue(b)
	if !(aInt || aFloat) || !(bInt || bFloat) {
		return nil, false, nil
	}
	if aFloat || bFloat {
		if aInt {
			fa = Float(ia)
		}
		if bInt {
			fb = Float(ib)
		}
		switch op {
		case "+":
			return fa + fb, true, nil
		case "-":
			return fa - fb, true, nil
		}
		return fa * fb, true, nil
	}
	var r int64
	var overflow bool
	switch op {
	case "+":
		r = ia + ib
		overflow = (ia >= 0) == (ib >= 0) && (r >= 0) != (ia >= 0)
	case "-":
		r = ia - ib
		overflow = (ia >= 0) != (ib >= 0) && (r >= 0) != (ia >= 0)
	default:
		r = ia * ib
		overflow = ia != 0 && (r/ia != ib || (ia == -1 && ib == math.MinInt64))
	}
	if overflow {
		return nil, true, pyErrorf("OverflowError", "integer too large for sockshell (it keeps 64-bit integers)")
	}
	return Int(r), true, nil
}

// repeat is seq * n for str, bytes, tuple and list; ok is false when seq is
// not a sequence.
func repeat(seq, n Value) (Value, bool, error) {
	switch seq.(type) {
	case Str, Bytes, Tuple, List:
	default:
		return nil, false, nil
	}
	count, ok := intValue(n)
	if !ok {
		return nil, true, typeErrorf("can't multiply sequence by non-int of type '%s'", typeName(n))
	}
	count = max(count, 0)
	size := int64(1)
	switch v := seq.(type) {
	case Str:
		size = int64(len(v))
	case Bytes:
		size = int64(len(v))
	}
	if items, ok := sequence(seq); ok {
		size = int64(len(items)) * 16
	}
	if size > 0 && count > maxBuilt/size {
		return nil, true, pyErrorf("MemoryError", "the result would be larger than sockshell's limit of %d MiB", maxBuilt>>20)
	}
	switch v := seq.(type) {
	case Str:
		return Str(bytes.Repeat([]byte(v), int(count))), true, nil
	case Bytes:
		return Bytes(bytes.Repeat(v, int(count))), true, nil
	}
	items, _ := sequence(seq)
	var out []Value
	for range count {
		out = append(out, items...)
	}
	if _, isTuple := seq.(Tuple); isTuple {
		return Tuple(out), true, nil
	}
	return List(out), true, nil
}

// eval of -X.
func (x *pyNeg) eval(ctx context.Context, s *Session) (Value, error) {
	v, err := s.eval(ctx, x.X)
	if err != nil {
		return nil, err
	}
	if f, ok := v.(Float); ok {
		return -f, nil
	}
	if n, ok := intValue(v); ok {
		if n == math.MinInt64 {
			return nil, pyErrorf("OverflowError", "integer too large for sockshell (it keeps 64-bit integers)")
		}
		return Int(-n), nil
	}
	return nil, typeErrorf("bad operand type for unary -: '%s'", typeName(v))
}

// pyEqual is Python's ==, for the values a dict key or a comparison meets:
// numbers by value (an enum equals its int), text, bytes, containers
// element by element, sockets by identity.
func pyEqual(a, b Value) bool {
	if na, ok := numberOf(a); ok {
		nb, ok := numberOf(b)
		return ok && na == nb
	}
	switch a := a.(type) {
	case Str:
		b, ok := b.(Str)
		return ok && a == b
	case Bytes:
		b, ok := b.(Bytes)
		return ok && bytes.Equal(a, b)
	case NoneType:
		_, ok := b.(NoneType)
		return ok
	case Tuple, List:
		if typeName(a) != typeName(b) {
			return false
		}
		sa, _ := sequence(a)
		sb, _ := sequence(b)
		if len(sa) != len(sb) {
			return false
		}
		for i := range sa {
			if !pyEqual(sa[i], sb[i]) {
				return false
			}
		}
		return true
	case *Socket:
		return a == b
	}
	return false
}

func numberOf(v Value) (float64, bool) {
	if f, ok := v.(Float); ok {
		return float64(f), true
	}
	n, ok := intValue(v)
	return float64(n), ok
}
