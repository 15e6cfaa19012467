package value

import (
	"bytes"
	"context"
	"math"
	"strings"
	"unicode/utf8"
)

// MaxSize bounds one value built by an operation (b'x' * n, a + b, a
// comprehension, str.join): past it the shell answers MemoryError rather
// than let a typo take the machine's memory. For a str or bytes it counts
// bytes; for a list or tuple, items at 16 bytes each; for a dict or set,
// entries at dictEntrySize each.
const MaxSize = 256 << 20

// dictEntrySize is what one entry of a dict or set costs in memory: the
// entry, its key in the index and the index's room to grow (measured:
// from 140 to 190 bytes for an int key).
const dictEntrySize = 192

// CheckSize is the MemoryError for a value of n bytes, or nil.
func CheckSize(n int64) error {
	if n > MaxSize || n < 0 {
		return Errorf(MemoryError, "the result would be larger than sockshell's limit of %d MiB", MaxSize>>20)
	}
	return nil
}

// CheckItems is CheckSize for a sequence of n items.
func CheckItems(n int64) error {
	if n > MaxSize/16 {
		return CheckSize(MaxSize + 1)
	}
	return nil
}

// Binary computes a op b for Python's binary operators: + - * / // % **
// << >> & | ^ @.
func Binary(op string, a, b Value) (Value, error) {
	if v, ok, err := arith(op, a, b); ok || err != nil {
		return v, err
	}
	switch op {
	case "+":
		return add(a, b)
	case "*":
		if v, ok, err := repeat(a, b); ok {
			return v, err
		}
		if v, ok, err := repeat(b, a); ok {
			return v, err
		}
	case "%":
		switch f := a.(type) {
		case Str:
			s, err := PercentFormat(string(f), b, false)
			if err != nil {
				return nil, err
			}
			return Str(s), nil
		case Bytes:
			s, err := PercentFormat(string(f), b, true)
			if err != nil {
				return nil, err
			}
			return Bytes(s), nil
		}
	case "|", "&", "-", "^":
		if sa, ok := a.(*Set); ok {
			if sb, ok := b.(*Set); ok {
				return setOp(op, sa, sb, sa.Frozen)
			}
		}
		if isSetView(a) || isSetView(b) {
			// A dict's keys and items views take any iterable on either
			// side, and give a set.
			sa, err := asSet(context.Background(), a)
			if err != nil {
				return nil, err
			}
			sb, err := asSet(context.Background(), b)
			if err != nil {
				return nil, err
			}
			return setOp(op, sa, sb, false)
		}
		if da, ok := a.(*Dict); ok && op == "|" {
			if db, ok := b.(*Dict); ok {
				r := da.Copy()
				for _, e := range db.Items() {
					r.Set(e.K, e.V)
				}
				return r, nil
			}
		}
	}
	if op == "**" {
		op = "** or pow()"
	}
	return nil, Errorf(TypeError, "unsupported operand type(s) for %s: '%s' and '%s'", op, TypeName(a), TypeName(b))
}

// InPlace computes a op= b: a list grows in place with += (and takes any
// iterable), everything else is a op b.
func InPlace(op string, a, b Value) (Value, error) {
	if l, ok := a.(*List); ok && op == "+" {
		items, err := Items(b)
		if err != nil {
			if _, isExc := err.(*Exception); isExc {
				return nil, Errorf(TypeError, "'%s' object is not iterable", TypeName(b))
			}
			return nil, err
		}
		if err := CheckItems(int64(len(l.V) + len(items))); err != nil {
			return nil, err
		}
		l.V = append(l.V, items...)
		return l, nil
	}
	if ba, ok := a.(*ByteArray); ok && op == "+" {
		p, ok := BytesLike(b)
		if !ok {
			return nil, Errorf(TypeError, "can't concat %s to bytearray", TypeName(b))
		}
		ba.B = append(ba.B, p...)
		return ba, nil
	}
	return Binary(op, a, b)
}

// add is Python's + for the values that are not numbers.
func add(a, b Value) (Value, error) {
	switch a := a.(type) {
	case Str:
		if b, ok := b.(Str); ok {
			if err := CheckSize(int64(len(a) + len(b))); err != nil {
				return nil, err
			}
			return a + b, nil
		}
		return nil, Errorf(TypeError, `can only concatenate str (not "%s") to str`, TypeName(b))
	case Bytes:
		p, ok := BytesLike(b)
		if !ok {
			return nil, Errorf(TypeError, "can't concat %s to bytes", TypeName(b))
		}
		if err := CheckSize(int64(len(a) + len(p))); err != nil {
			return nil, err
		}
		return Bytes(append(append(make([]byte, 0, len(a)+len(p)), a...), p...)), nil
	case *ByteArray:
		p, ok := BytesLike(b)
		if !ok {
			return nil, Errorf(TypeError, "can't concat %s to bytearray", TypeName(b))
		}
		return &ByteArray{B: append(append([]byte{}, a.B...), p...)}, nil
	case Tuple:
		if b, ok := b.(Tuple); ok {
			if err := CheckItems(int64(len(a) + len(b))); err != nil {
				return nil, err
			}
			return append(append(Tuple{}, a...), b...), nil
		}
		return nil, Errorf(TypeError, `can only concatenate tuple (not "%s") to tuple`, TypeName(b))
	case *List:
		if b, ok := b.(*List); ok {
			if err := CheckItems(int64(len(a.V) + len(b.V))); err != nil {
				return nil, err
			}
			return NewList(append(append([]Value{}, a.V...), b.V...)), nil
		}
		return nil, Errorf(TypeError, `can only concatenate list (not "%s") to list`, TypeName(b))
	}
	return nil, Errorf(TypeError, "unsupported operand type(s) for +: '%s' and '%s'", TypeName(a), TypeName(b))
}

// repeat is seq * n; ok is false when seq is not a sequence.
func repeat(seq, n Value) (Value, bool, error) {
	switch seq.(type) {
	case Str, Bytes, Tuple, *List, *ByteArray:
	default:
		return nil, false, nil
	}
	if _, isFloat := n.(Float); isFloat || !IsInt(n) {
		if numeric(n) || isSequence(n) {
			return nil, true, Errorf(TypeError, "can't multiply sequence by non-int of type '%s'", TypeName(n))
		}
		return nil, false, nil
	}
	if _, big := n.(*BigInt); big {
		return nil, true, Errorf(OverflowError, errIndexSize)
	}
	count, _ := Index(n)
	if count < 0 {
		count = 0
	}
	var size int64
	switch s := seq.(type) {
	case Str:
		size = int64(len(s))
	case Bytes:
		size = int64(len(s))
	case *ByteArray:
		size = int64(len(s.B))
	case Tuple:
		size = int64(len(s)) * 16
	case *List:
		size = int64(len(s.V)) * 16
	}
	if size > 0 && count > MaxSize/size {
		return nil, true, CheckSize(MaxSize + 1)
	}
	switch s := seq.(type) {
	case Str:
		return Str(strings.Repeat(string(s), int(count))), true, nil
	case Bytes:
		return Bytes(bytes.Repeat(s, int(count))), true, nil
	case *ByteArray:
		return &ByteArray{B: bytes.Repeat(s.B, int(count))}, true, nil
	case Tuple:
		out := make(Tuple, 0, len(s)*int(count))
		for i := int64(0); i < count; i++ {
			out = append(out, s...)
		}
		return out, true, nil
	case *List:
		out := make([]Value, 0, len(s.V)*int(count))
		for i := int64(0); i < count; i++ {
			out = append(out, s.V...)
		}
		return NewList(out), true, nil
	}
	return nil, false, nil
}

func isSequence(v Value) bool {
	switch v.(type) {
	case Str, Bytes, Tuple, *List, *ByteArray:
		return true
	}
	return false
}

// isSetView reports whether v is a dict's keys or items view, which take
// part in set operations.
func isSetView(v Value) bool {
	dv, ok := v.(*DictView)
	return ok && dv.Kind != "dict_values"
}

// setLike is v as a set for comparisons: a set, a frozenset, or a dict's
// keys or items view.
func setLike(v Value) (*Set, bool) {
	if s, ok := v.(*Set); ok {
		return s, true
	}
	if !isSetView(v) {
		return nil, false
	}
	s, err := asSet(context.Background(), v)
	return s, err == nil
}

// setOp computes a op b for two sets; the result is a frozenset when
// frozen (the left operand's type, as in Python).
func setOp(op string, a, b *Set, frozen bool) (Value, error) {
	r := &Set{d: NewDict(), Frozen: frozen}
	switch op {
	case "|":
		for _, k := range a.Keys() {
			r.Add(k)
		}
		for _, k := range b.Keys() {
			r.Add(k)
		}
	case "&":
		for _, k := range a.Keys() {
			if ok, _ := b.Has(k); ok {
				r.Add(k)
			}
		}
	case "-":
		for _, k := range a.Keys() {
			if ok, _ := b.Has(k); !ok {
				r.Add(k)
			}
		}
	case "^":
		for _, k := range a.Keys() {
			if ok, _ := b.Has(k); !ok {
				r.Add(k)
			}
		}
		for _, k := range b.Keys() {
			if ok, _ := a.Has(k); !ok {
				r.Add(k)
			}
		}
	}
	return r, nil
}

// Unary computes -x, +x and ~x.
func Unary(op string, x Value) (Value, error) {
	switch v := x.(type) {
	case Float:
		switch op {
		case "-":
			return -v, nil
		case "+":
			return v, nil
		}
	case Int, Bool, Enum, *BigInt:
		switch op {
		case "-":
			return intArith("-", Int(0), v)
		case "+":
			if b, ok := v.(*BigInt); ok {
				return b, nil
			}
			n, _ := IntOf(v)
			return Int(n), nil
		case "~":
			return intArith("-", Int(-1), v)
		}
	}
	return nil, Errorf(TypeError, "bad operand type for unary %s: '%s'", op, TypeName(x))
}

// Truth is Python's bool(v).
func Truth(v Value) bool {
	switch v := v.(type) {
	case Bool:
		return bool(v)
	case NoneType:
		return false
	case Int:
		return v != 0
	case Float:
		return v != 0
	case *BigInt:
		return v.Sign() != 0
	case Enum:
		return v.Value != 0
	case Str:
		return v != ""
	case Bytes:
		return len(v) > 0
	case *ByteArray:
		return len(v.B) > 0
	case Tuple:
		return len(v) > 0
	case *List:
		return len(v.V) > 0
	case *Dict:
		return v.Len() > 0
	case *Set:
		return v.Len() > 0
	case Range:
		return v.Len() > 0
	case interface{ Len() int }:
		return v.Len() > 0
	}
	return true
}

// Equal is Python's ==.
func Equal(a, b Value) bool {
	if numeric(a) {
		if !numeric(b) {
			return false
		}
		c, ok := compareNumbers(a, b)
		return ok && c == 0
	}
	switch a := a.(type) {
	case Str:
		b, ok := b.(Str)
		return ok && a == b
	case Bytes:
		p, ok := bytesEq(b)
		return ok && bytes.Equal(a, p)
	case *ByteArray:
		p, ok := bytesEq(b)
		return ok && bytes.Equal(a.B, p)
	case NoneType:
		_, ok := b.(NoneType)
		return ok
	case Tuple:
		bt, ok := b.(Tuple)
		return ok && equalItems(a, bt)
	case *List:
		bl, ok := b.(*List)
		return ok && (a == bl || equalItems(a.V, bl.V))
	case *Dict:
		bd, ok := b.(*Dict)
		if !ok || a.Len() != bd.Len() {
			return false
		}
		for _, e := range a.Items() {
			v, found, err := bd.Get(e.K)
			if err != nil || !found || !Equal(e.V, v) {
				return false
			}
		}
		return true
	case *Set, *DictView:
		as, ok := setLike(a)
		if !ok {
			return a == b
		}
		bs, ok := setLike(b)
		if !ok || as.Len() != bs.Len() {
			return false
		}
		for _, k := range as.Keys() {
			if in, _ := bs.Has(k); !in {
				return false
			}
		}
		return true
	case Range:
		br, ok := b.(Range)
		if !ok {
			return false
		}
		if a.Len() == 0 || br.Len() == 0 {
			return a.Len() == br.Len()
		}
		return a.Start == br.Start && a.Len() == br.Len() && (a.Len() == 1 || a.Step == br.Step)
	}
	return a == b
}

func bytesEq(v Value) ([]byte, bool) {
	switch v := v.(type) {
	case Bytes:
		return v, true
	case *ByteArray:
		return v.B, true
	case *MemoryView:
		return v.B, true
	}
	return nil, false
}

func equalItems(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !identical(a[i], b[i]) && !Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// identical is Python's `is` for two items, which a container's equality
// tries first. Bytes and tuples are slices, which Go cannot compare with
// ==, so they are never taken for identical here (Equal compares them).
func identical(x, y Value) bool {
	switch x.(type) {
	case Bytes, Tuple:
		return false
	}
	switch y.(type) {
	case Bytes, Tuple:
		return false
	}
	return x == y
}

// Compare computes a op b for the comparison operators < <= > >= == !=
// (is, in and their negations are the evaluator's).
func Compare(op string, a, b Value) (bool, error) {
	switch op {
	case "==":
		return Equal(a, b), nil
	case "!=":
		return !Equal(a, b), nil
	}
	c, ok, err := order(op, a, b)
	if err != nil {
		return false, err
	}
	if !ok {
		return false, Errorf(TypeError, "'%s' not supported between instances of '%s' and '%s'", op, TypeName(a), TypeName(b))
	}
	if c == unordered {
		return false, nil
	}
	switch op {
	case "<":
		return c < 0, nil
	case "<=":
		return c <= 0, nil
	case ">":
		return c > 0, nil
	case ">=":
		return c >= 0, nil
	}
	return false, nil
}

// unordered marks a comparison that is false whatever the operator: with
// a NaN, or of two sets neither of which holds the other.
const unordered = 2

// order compares two values that have an order: -1, 0, 1 (unordered when
// no operator holds); ok is false when they cannot be compared. op, the
// operator asked for, names a failed comparison of items inside them.
func order(op string, a, b Value) (int, bool, error) {
	if numeric(a) && numeric(b) {
		c, ok := compareNumbers(a, b)
		if !ok {
			return unordered, true, nil
		}
		return c, true, nil
	}
	switch a := a.(type) {
	case Str:
		if b, ok := b.(Str); ok {
			return strings.Compare(string(a), string(b)), true, nil
		}
	case Bytes:
		if p, ok := bytesEq(b); ok {
			return bytes.Compare(a, p), true, nil
		}
	case *ByteArray:
		if p, ok := bytesEq(b); ok {
			return bytes.Compare(a.B, p), true, nil
		}
	case Tuple:
		if b, ok := b.(Tuple); ok {
			return orderItems(op, a, b)
		}
	case *List:
		if b, ok := b.(*List); ok {
			return orderItems(op, a.V, b.V)
		}
	case *Set, *DictView:
		if a, ok := setLike(a); ok {
			b, ok := setLike(b)
			if !ok {
				break
			}
			sub := subset(a, b)
			sup := subset(b, a)
			switch {
			case sub && sup:
				return 0, true, nil
			case sub:
				return -1, true, nil
			case sup:
				return 1, true, nil
			}
			return unordered, true, nil
		}
	}
	return 0, false, nil
}

func subset(a, b *Set) bool {
	for _, k := range a.Keys() {
		if in, _ := b.Has(k); !in {
			return false
		}
	}
	return true
}

func orderItems(op string, a, b []Value) (int, bool, error) {
	for i := 0; i < len(a) && i < len(b); i++ {
		if Equal(a[i], b[i]) {
			continue
		}
		c, ok, err := order(op, a[i], b[i])
		if !ok && err == nil {
			return 0, false, Errorf(TypeError, "'%s' not supported between instances of '%s' and '%s'", op, TypeName(a[i]), TypeName(b[i]))
		}
		return c, ok, err
	}
	switch {
	case len(a) < len(b):
		return -1, true, nil
	case len(a) > len(b):
		return 1, true, nil
	}
	return 0, true, nil
}

// Less is a < b for sorting, with Python's TypeError for values that have
// no order between them.
func Less(a, b Value) (bool, error) { return Compare("<", a, b) }

// Contains is Python's `x in container`.
func Contains(container, x Value) (bool, error) {
	return ContainsContext(context.Background(), container, x)
}

// ContainsContext is Contains for a statement running for ctx: a search
// through a long iteration stops on Ctrl-C or at the statement's timeout.
func ContainsContext(ctx context.Context, container, x Value) (bool, error) {
	switch c := container.(type) {
	case interface{ Contains(x Value) (bool, error) }:
		return c.Contains(x)
	case Str:
		s, ok := x.(Str)
		if !ok {
			return false, Errorf(TypeError, "'in <string>' requires string as left operand, not %s", TypeName(x))
		}
		return strings.Contains(string(c), string(s)), nil
	case Bytes, *ByteArray:
		hay, _ := bytesEq(c)
		if n, ok := IntOf(x); ok {
			if n < 0 || n > 255 {
				return false, Errorf(ValueError, "byte must be in range(0, 256)")
			}
			return bytes.IndexByte(hay, byte(n)) >= 0, nil
		}
		p, ok := BytesLike(x)
		if !ok {
			return false, Errorf(TypeError, "a bytes-like object is required, not '%s'", TypeName(x))
		}
		return bytes.Contains(hay, p), nil
	case *Dict:
		_, ok, err := c.Get(x)
		return ok, err
	case *Set:
		return c.Has(x)
	case Range:
		n, ok := IntOf(x)
		if !ok {
			if f, isFloat := x.(Float); isFloat && float64(f) == math.Trunc(float64(f)) {
				n, ok = int64(f), true
			}
		}
		if !ok {
			return false, nil
		}
		if c.Step > 0 {
			return n >= c.Start && n < c.Stop && (n-c.Start)%c.Step == 0, nil
		}
		return n <= c.Start && n > c.Stop && (c.Start-n)%(-c.Step) == 0, nil
	}
	it, err := Iter(container)
	if err != nil {
		return false, Errorf(TypeError, "argument of type '%s' is not iterable", TypeName(container))
	}
	t := Ticker{ctx: ctx}
	for {
		if err := t.Tick(); err != nil {
			return false, err
		}
		v, ok, err := it()
		if err != nil || !ok {
			return false, err
		}
		if identical(v, x) || Equal(v, x) {
			return true, nil
		}
	}
}

// Len is Python's len(v).
func Len(v Value) (int64, error) {
	switch v := v.(type) {
	case Str:
		return int64(utf8.RuneCountInString(string(v))), nil
	case Bytes:
		return int64(len(v)), nil
	case *ByteArray:
		return int64(len(v.B)), nil
	case Tuple:
		return int64(len(v)), nil
	case *List:
		return int64(len(v.V)), nil
	case *Dict:
		return int64(v.Len()), nil
	case *Set:
		return int64(v.Len()), nil
	case Range:
		return v.Len(), nil
	case interface{ Len() int }:
		return int64(v.Len()), nil
	}
	return 0, Errorf(TypeError, "object of type '%s' has no len()", TypeName(v))
}

// BytesLike returns the bytes of a bytes or bytearray.
func BytesLike(v Value) ([]byte, bool) { return bytesEq(v) }
