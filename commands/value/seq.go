package value

import (
	"context"
	"unicode/utf8"
)

// Next is an iteration in progress: each call gives the next item, and
// false at the end.
type Next func() (Value, bool, error)

// Iter starts iterating over v as Python's for loop does: a list's
// current items (it sees appends made meanwhile), a str's characters, a
// bytes' ints, a dict's keys, a range's numbers, an iterator's items.
func Iter(v Value) (Next, error) {
	switch v := v.(type) {
	case Tuple:
		return sliceIter(v), nil
	case *List:
		i := 0
		return func() (Value, bool, error) {
			if i >= len(v.V) {
				return nil, false, nil
			}
			i++
			return v.V[i-1], true, nil
		}, nil
	case Str:
		s := string(v)
		i := 0
		return func() (Value, bool, error) {
			if i >= len(s) {
				return nil, false, nil
			}
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			return Str(s[i-size : i]), true, nil
		}, nil
	case Bytes:
		return byteIter(v), nil
	case *ByteArray:
		i := 0
		return func() (Value, bool, error) {
			if i >= len(v.B) {
				return nil, false, nil
			}
			i++
			return Int(v.B[i-1]), true, nil
		}, nil
	case *Dict:
		keys := v.Keys()
		n := v.Len()
		i := 0
		return func() (Value, bool, error) {
			if v.Len() != n {
				return nil, false, Errorf(RuntimeError, "dictionary changed size during iteration")
			}
			if i >= len(keys) {
				return nil, false, nil
			}
			i++
			return keys[i-1], true, nil
		}, nil
	case *Set:
		return sliceIter(v.Keys()), nil
	case Range:
		i, n := int64(0), v.Len()
		return func() (Value, bool, error) {
			if i >= n {
				return nil, false, nil
			}
			i++
			return Int(v.Start + (i-1)*v.Step), true, nil
		}, nil
	case *Iterator:
		return v.Next, nil
	case *DictView:
		return sliceIter(v.Items()), nil
	case Iterable:
		return v.Iter()
	}
	return nil, Errorf(TypeError, "'%s' object is not iterable", TypeName(v))
}

// Iterable is a value of a package above that Iter goes through (a
// selector's mapping, a SelectorKey).
type Iterable interface {
	Iter() (Next, error)
}

// Subscriptable is a value of a package above that GetItem (v[key])
// reads.
type Subscriptable interface {
	GetItem(key Value) (Value, error)
}

func sliceIter(vs []Value) Next {
	i := 0
	return func() (Value, bool, error) {
		if i >= len(vs) {
			return nil, false, nil
		}
		i++
		return vs[i-1], true, nil
	}
}

func byteIter(p []byte) Next {
	i := 0
	return func() (Value, bool, error) {
		if i >= len(p) {
			return nil, false, nil
		}
		i++
		return Int(p[i-1]), true, nil
	}
}

// Items returns all the items iteration over v gives, within MaxSize.
func Items(v Value) ([]Value, error) { return ItemsContext(context.Background(), v) }

// ItemsContext is Items for a statement running for ctx: a long iteration
// stops on Ctrl-C or at the statement's timeout (Stopped).
func ItemsContext(ctx context.Context, v Value) ([]Value, error) {
	switch v := v.(type) {
	case Tuple:
		return v, nil
	case *List:
		return v.V, nil
	}
	var out []Value
	err := ForEach(ctx, v, func(x Value) error {
		if len(out) >= MaxSize/16 {
			return CheckItems(MaxSize)
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// ForEach calls f with each item iteration over v gives, one at a time
// (a set built from an iterable holds no list of it meanwhile), until f's
// first error; it stops on Ctrl-C or at the statement's timeout too.
func ForEach(ctx context.Context, v Value, f func(Value) error) error {
	next, err := Iter(v)
	if err != nil {
		return err
	}
	t := Ticker{ctx: ctx}
	for {
		if err := t.Tick(); err != nil {
			return err
		}
		x, ok, err := next()
		if err != nil || !ok {
			return err
		}
		if err := f(x); err != nil {
			return err
		}
	}
}

// NewIterator wraps an iteration as an iterator object; src are the
// values it reads from (its iterables, map's function), which stay
// reachable through it.
func NewIterator(kind string, next Next, src ...Value) *Iterator {
	return &Iterator{Kind: kind, Next: next, Src: src}
}

// SliceIndices lists the positions a slice of a sequence of length n
// selects, as Python's slice.indices does; nil bounds are missing ones.
func SliceIndices(n int, lo, hi, step Value) ([]int, error) {
	start, stop, st, err := sliceBounds(n, lo, hi, step)
	if err != nil {
		return nil, err
	}
	var idx []int
	for i := start; (st > 0 && i < stop) || (st < 0 && i > stop); i += st {
		idx = append(idx, int(i))
	}
	return idx, nil
}

// sliceBounds is Python's slice.indices(n): a slice's start, stop and
// step made to fit a sequence of length n.
func sliceBounds(n int, lo, hi, step Value) (start, stop, st int64, err error) {
	st = 1
	if step != nil && step != None {
		if st, err = sliceBound(step); err != nil {
			return 0, 0, 0, err
		}
	}
	if st == 0 {
		return 0, 0, 0, Errorf(ValueError, "slice step cannot be zero")
	}
	adjust := func(b Value, dflt int64) (int64, error) {
		if b == nil || b == None {
			return dflt, nil
		}
		i, err := sliceBound(b)
		if err != nil {
			return 0, err
		}
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
		return i, nil
	}
	if st > 0 {
		if start, err = adjust(lo, 0); err == nil {
			stop, err = adjust(hi, int64(n))
		}
	} else {
		if start, err = adjust(lo, int64(n)-1); err == nil {
			stop, err = adjust(hi, -1)
		}
	}
	return start, stop, st, err
}

func sliceBound(v Value) (int64, error) {
	if !IsInt(v) {
		return 0, Errorf(TypeError, "slice indices must be integers or None or have an __index__ method")
	}
	return Index(v)
}

// Slice is a slice object, lo:hi:step, as a subscript.
type Slice struct{ Lo, Hi, Step Value }

func (Slice) Type() *Class { return SliceType }

func (s Slice) Repr() string {
	r := func(v Value) string {
		if v == nil {
			return "None"
		}
		return v.Repr()
	}
	return "slice(" + r(s.Lo) + ", " + r(s.Hi) + ", " + r(s.Step) + ")"
}

// GetItem is Python's v[key].
func GetItem(v, key Value) (Value, error) {
	if g, ok := v.(Subscriptable); ok {
		return g.GetItem(key)
	}
	if d, ok := v.(*Dict); ok {
		x, found, err := d.Get(key)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, Raise(KeyError, key)
		}
		return x, nil
	}
	if r, ok := v.(Range); ok {
		return rangeItem(r, key)
	}
	if c, ok := v.(*Class); ok && c.Enum {
		// AddressFamily['AF_INET'] is the member of that name.
		if name, isStr := key.(Str); isStr {
			if m, found := c.Attrs[string(name)]; found {
				return m, nil
			}
		}
		return nil, Raise(KeyError, key)
	}
	if sl, ok := key.(Slice); ok {
		return sliceOf(v, sl)
	}
	n, err := Len(v)
	if err != nil || !subscriptable(v) {
		return nil, Errorf(TypeError, "'%s' object is not subscriptable", TypeName(v))
	}
	if !IsInt(key) {
		return nil, Errorf(TypeError, "%s", indicesMessage(v, key))
	}
	i, err := itemIndex(key)
	if err != nil {
		return nil, err
	}
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return nil, Errorf(IndexError, "%s", outOfRange(v))
	}
	switch v := v.(type) {
	case Tuple:
		return v[i], nil
	case *List:
		return v.V[i], nil
	case Bytes:
		return Int(v[i]), nil
	case *ByteArray:
		return Int(v.B[i]), nil
	case Str:
		return Str(runeAt(string(v), int(i))), nil
	}
	return nil, Errorf(TypeError, "'%s' object is not subscriptable", TypeName(v))
}

func subscriptable(v Value) bool {
	switch v.(type) {
	case Tuple, *List, Bytes, *ByteArray, Str:
		return true
	}
	return false
}

func runeAt(s string, n int) string {
	if len(s) == utf8.RuneCountInString(s) { // ASCII: bytes are characters
		return s[n : n+1]
	}
	for i := range s {
		if n == 0 {
			_, size := utf8.DecodeRuneInString(s[i:])
			return s[i : i+size]
		}
		n--
	}
	return ""
}

func rangeItem(r Range, key Value) (Value, error) {
	if sl, ok := key.(Slice); ok {
		// In constant time, as Python: range(10**10)[1:] is a range.
		start, stop, st, err := sliceBounds(int(r.Len()), sl.Lo, sl.Hi, sl.Step)
		if err != nil {
			return nil, err
		}
		return Range{r.Start + start*r.Step, r.Start + stop*r.Step, r.Step * st}, nil
	}
	if !IsInt(key) {
		return nil, Errorf(TypeError, "range indices must be integers or slices, not %s", TypeName(key))
	}
	i, _ := Index(key)
	n := r.Len()
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return nil, Errorf(IndexError, "range object index out of range")
	}
	return Int(r.Start + i*r.Step), nil
}

// indicesMessage is Python's TypeError for v[key] with a key that is not
// an int.
func indicesMessage(v, key Value) string {
	switch v.(type) {
	case Str:
		return "string indices must be integers, not '" + TypeName(key) + "'"
	case Bytes:
		return "byte indices must be integers or slices, not " + TypeName(key)
	case *ByteArray:
		return "bytearray indices must be integers or slices, not " + TypeName(key)
	}
	return TypeName(v) + " indices must be integers or slices, not " + TypeName(key)
}

func outOfRange(v Value) string {
	switch v.(type) {
	case Str:
		return "string index out of range"
	case Bytes:
		return "index out of range"
	case *ByteArray:
		return "bytearray index out of range"
	}
	return TypeName(v) + " index out of range"
}

// sliceOf is v[lo:hi:step].
func sliceOf(v Value, sl Slice) (Value, error) {
	n, err := Len(v)
	if err != nil || !subscriptable(v) {
		return nil, Errorf(TypeError, "'%s' object is not subscriptable", TypeName(v))
	}
	idx, err := SliceIndices(int(n), sl.Lo, sl.Hi, sl.Step)
	if err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case Tuple:
		return Tuple(pick(v, idx)), nil
	case *List:
		return NewList(pick(v.V, idx)), nil
	case Bytes:
		return Bytes(pickBytes(v, idx)), nil
	case *ByteArray:
		return &ByteArray{B: pickBytes(v.B, idx)}, nil
	case Str:
		s := string(v)
		if len(s) == int(n) && (sl.Step == nil || sl.Step == None) && len(idx) > 0 {
			return Str(s[idx[0] : idx[len(idx)-1]+1]), nil
		}
		rs := []rune(s)
		out := make([]rune, len(idx))
		for k, i := range idx {
			out[k] = rs[i]
		}
		return Str(out), nil
	}
	return nil, Errorf(TypeError, "'%s' object is not subscriptable", TypeName(v))
}

func pick(vs []Value, idx []int) []Value {
	out := make([]Value, len(idx))
	for k, i := range idx {
		out[k] = vs[i]
	}
	return out
}

func pickBytes(p []byte, idx []int) []byte {
	out := make([]byte, len(idx))
	for k, i := range idx {
		out[k] = p[i]
	}
	return out
}

// SetItem is Python's v[key] = x.
func SetItem(v, key, x Value) error {
	switch c := v.(type) {
	case *Dict:
		return c.Set(key, x)
	case *List:
		if sl, ok := key.(Slice); ok {
			return setListSlice(c, sl, x)
		}
		i, err := listIndex(c.V, key, "list assignment index out of range", "list")
		if err != nil {
			return err
		}
		c.V[i] = x
		return nil
	case *ByteArray:
		n, ok := IntOf(x)
		if !ok {
			return Errorf(TypeError, "'%s' object cannot be interpreted as an integer", TypeName(x))
		}
		if n < 0 || n > 255 {
			return Errorf(ValueError, "byte must be in range(0, 256)")
		}
		vals := make([]Value, len(c.B))
		i, err := listIndex(vals, key, "bytearray index out of range", "bytearray")
		if err != nil {
			return err
		}
		c.B[i] = byte(n)
		return nil
	}
	return Errorf(TypeError, "'%s' object does not support item assignment", TypeName(v))
}

// errIndexSize is Python's error for an int beyond 64 bits where a
// position or a count is wanted.
const errIndexSize = "cannot fit 'int' into an index-sized integer"

// itemIndex is an int key as a position: Python's IndexError for one
// beyond 64 bits, rather than "out of range".
func itemIndex(key Value) (int64, error) {
	if _, big := key.(*BigInt); big {
		return 0, Errorf(IndexError, errIndexSize)
	}
	return Index(key)
}

func listIndex(vs []Value, key Value, rangeMsg, typ string) (int, error) {
	if !IsInt(key) {
		return 0, Errorf(TypeError, "%s indices must be integers or slices, not %s", typ, TypeName(key))
	}
	i, err := itemIndex(key)
	if err != nil {
		return 0, err
	}
	if i < 0 {
		i += int64(len(vs))
	}
	if i < 0 || i >= int64(len(vs)) {
		return 0, Errorf(IndexError, "%s", rangeMsg)
	}
	return int(i), nil
}

func setListSlice(l *List, sl Slice, x Value) error {
	items, err := Items(x)
	if err != nil {
		return Errorf(TypeError, "can only assign an iterable")
	}
	items = append([]Value(nil), items...)
	if sl.Step != nil && sl.Step != None {
		idx, err := SliceIndices(len(l.V), sl.Lo, sl.Hi, sl.Step)
		if err != nil {
			return err
		}
		if len(idx) != len(items) {
			return Errorf(ValueError, "attempt to assign sequence of size %d to extended slice of size %d", len(items), len(idx))
		}
		for k, i := range idx {
			l.V[i] = items[k]
		}
		return nil
	}
	lo, hi := contiguous(len(l.V), sl)
	out := append(append(append([]Value{}, l.V[:lo]...), items...), l.V[hi:]...)
	l.V = out
	return nil
}

// contiguous is the [lo, hi) range a step-less slice covers.
func contiguous(n int, sl Slice) (int, int) {
	idx, _ := SliceIndices(n, sl.Lo, sl.Hi, nil)
	if len(idx) == 0 {
		lo, _ := SliceIndices(n, sl.Lo, nil, nil)
		if len(lo) == 0 {
			return n, n
		}
		return lo[0], lo[0]
	}
	return idx[0], idx[len(idx)-1] + 1
}

// DelItem is Python's del v[key].
func DelItem(v, key Value) error {
	switch c := v.(type) {
	case *Dict:
		ok, err := c.Delete(key)
		if err != nil {
			return err
		}
		if !ok {
			return Raise(KeyError, key)
		}
		return nil
	case *List:
		if sl, ok := key.(Slice); ok {
			idx, err := SliceIndices(len(c.V), sl.Lo, sl.Hi, sl.Step)
			if err != nil {
				return err
			}
			drop := map[int]bool{}
			for _, i := range idx {
				drop[i] = true
			}
			out := c.V[:0:0]
			for i, x := range c.V {
				if !drop[i] {
					out = append(out, x)
				}
			}
			c.V = out
			return nil
		}
		i, err := listIndex(c.V, key, "list assignment index out of range", "list")
		if err != nil {
			return err
		}
		c.V = append(c.V[:i:i], c.V[i+1:]...)
		return nil
	}
	return Errorf(TypeError, "'%s' object doesn't support item deletion", TypeName(v))
}
