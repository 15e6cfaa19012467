package value

import (
	"context"
	"sort"
)

// The methods of list, tuple, dict and set, and of the numbers.

// method0 adapts a method with a checked signature.
func sigMethod(sig Sig, f func(ctx context.Context, recv Value, a []Value) (Value, error)) Method {
	return func(ctx context.Context, recv Value, args []Value, kw []Kw) (Value, error) {
		s := sig
		if s.Style == One || s.Style == NoArgs {
			s.Name = TypeName(recv) + "." + s.Name
		}
		a, err := s.Bind(args, kw)
		if err != nil {
			return nil, err
		}
		return f(ctx, recv, a)
	}
}

func init() {
	ListType.Methods = map[string]Method{
		"append": sigMethod(Sig{Name: "append", Style: One, Min: 1, Names: []string{"object"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			l := r.(*List)
			if err := CheckItems(int64(len(l.V) + 1)); err != nil {
				return nil, err
			}
			l.V = append(l.V, a[0])
			return None, nil
		}),
		"extend": sigMethod(Sig{Name: "extend", Style: One, Min: 1, Names: []string{"iterable"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			_, err := InPlace("+", r, a[0])
			return None, err
		}),
		"insert": sigMethod(Sig{Name: "insert", Style: Expected, Min: 2, Names: []string{"index", "object"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			l := r.(*List)
			i, err := Index(a[0])
			if err != nil {
				return nil, err
			}
			n := int64(len(l.V))
			if i < 0 {
				i = max(i+n, 0)
			}
			i = min(i, n)
			l.V = append(l.V, nil)
			copy(l.V[i+1:], l.V[i:])
			l.V[i] = a[1]
			return None, nil
		}),
		"pop": sigMethod(Sig{Name: "pop", Style: Expected, Names: []string{"index"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			l := r.(*List)
			if len(l.V) == 0 {
				return nil, Errorf(IndexError, "pop from empty list")
			}
			i, err := optIndex(a[0], -1)
			if err != nil {
				return nil, err
			}
			if i < 0 {
				i += int64(len(l.V))
			}
			if i < 0 || i >= int64(len(l.V)) {
				return nil, Errorf(IndexError, "pop index out of range")
			}
			v := l.V[i]
			l.V = append(l.V[:i:i], l.V[i+1:]...)
			return v, nil
		}),
		"remove": sigMethod(Sig{Name: "remove", Style: One, Min: 1, Names: []string{"value"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			l := r.(*List)
			for i, x := range l.V {
				if identical(x, a[0]) || Equal(x, a[0]) {
					l.V = append(l.V[:i:i], l.V[i+1:]...)
					return None, nil
				}
			}
			return nil, Errorf(ValueError, "list.remove(x): x not in list")
		}),
		"index": sigMethod(Sig{Name: "index", Style: Expected, Min: 1, Names: []string{"value", "start", "stop"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			for i, x := range r.(*List).V {
				if identical(x, a[0]) || Equal(x, a[0]) {
					return Int(i), nil
				}
			}
			return nil, Errorf(ValueError, "%s is not in list", a[0].Repr())
		}),
		"count":   sigMethod(Sig{Name: "count", Style: One, Min: 1, Names: []string{"value"}, NoKw: true}, countItems),
		"reverse": sigMethod(Sig{Name: "reverse", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) { reverse(r.(*List).V); return None, nil }),
		"clear":   sigMethod(Sig{Name: "clear", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) { r.(*List).V = nil; return None, nil }),
		"copy": sigMethod(Sig{Name: "copy", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			return NewList(append([]Value{}, r.(*List).V...)), nil
		}),
		"sort": func(ctx context.Context, recv Value, args []Value, kw []Kw) (Value, error) {
			if len(args) > 0 {
				return nil, Errorf(TypeError, "sort() takes no positional arguments")
			}
			a, err := (&Sig{Name: "sort", KwOnly: []string{"key", "reverse"}}).Bind(nil, kw)
			if err != nil {
				return nil, err
			}
			l := recv.(*List)
			sorted, err := Sorted(ctx, l.V, a[0], a[1] != nil && Truth(a[1]))
			if err != nil {
				return nil, err
			}
			l.V = sorted
			return None, nil
		},
	}
	TupleType.Methods = map[string]Method{
		"count": sigMethod(Sig{Name: "count", Style: One, Min: 1, Names: []string{"value"}, NoKw: true}, countItems),
		"index": sigMethod(Sig{Name: "index", Style: Expected, Min: 1, Names: []string{"value", "start", "stop"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			for i, x := range r.(Tuple) {
				if identical(x, a[0]) || Equal(x, a[0]) {
					return Int(i), nil
				}
			}
			return nil, Errorf(ValueError, "tuple.index(x): x not in tuple")
		}),
	}
	DictType.Methods = map[string]Method{
		"get": sigMethod(Sig{Name: "get", Style: Expected, Min: 1, Names: []string{"key", "default"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			v, ok, err := r.(*Dict).Get(a[0])
			if err != nil {
				return nil, err
			}
			if !ok {
				if a[1] == nil {
					return None, nil
				}
				return a[1], nil
			}
			return v, nil
		}),
		"keys": sigMethod(Sig{Name: "keys", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			return &DictView{Kind: "dict_keys", D: r.(*Dict)}, nil
		}),
		"values": sigMethod(Sig{Name: "values", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			return &DictView{Kind: "dict_values", D: r.(*Dict)}, nil
		}),
		"items": sigMethod(Sig{Name: "items", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			return &DictView{Kind: "dict_items", D: r.(*Dict)}, nil
		}),
		"setdefault": sigMethod(Sig{Name: "setdefault", Style: Expected, Min: 1, Names: []string{"key", "default"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			d := r.(*Dict)
			v, ok, err := d.Get(a[0])
			if err != nil || ok {
				return v, err
			}
			if a[1] == nil {
				a[1] = None
			}
			return a[1], d.Set(a[0], a[1])
		}),
		"pop": sigMethod(Sig{Name: "pop", Style: Expected, Min: 1, Names: []string{"key", "default"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			d := r.(*Dict)
			v, ok, err := d.Get(a[0])
			if err != nil {
				return nil, err
			}
			if !ok {
				if a[1] != nil {
					return a[1], nil
				}
				return nil, Raise(KeyError, a[0])
			}
			d.Delete(a[0])
			return v, nil
		}),
		"popitem": sigMethod(Sig{Name: "popitem", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			d := r.(*Dict)
			items := d.Items()
			if len(items) == 0 {
				return nil, Raise(KeyError, Str("popitem(): dictionary is empty"))
			}
			last := items[len(items)-1]
			d.Delete(last.K)
			return Tuple{last.K, last.V}, nil
		}),
		"update": func(ctx context.Context, recv Value, args []Value, kw []Kw) (Value, error) {
			if len(args) > 1 {
				return nil, Errorf(TypeError, "update expected at most 1 argument, got %d", len(args))
			}
			d := recv.(*Dict)
			if len(args) == 1 {
				if err := UpdateDict(ctx, d, args[0]); err != nil {
					return nil, err
				}
			}
			for _, k := range kw {
				d.Set(Str(k.Name), k.V)
			}
			return None, nil
		},
		"copy": sigMethod(Sig{Name: "copy", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) { return r.(*Dict).Copy(), nil }),
		"clear": sigMethod(Sig{Name: "clear", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			*r.(*Dict) = *NewDict()
			return None, nil
		}),
	}
	DictType.Attrs = map[string]Value{"fromkeys": &Builtin{Name: "fromkeys", Fn: func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		a, err := (&Sig{Name: "fromkeys", Style: Expected, Min: 1, Names: []string{"iterable", "value"}, NoKw: true}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		if a[1] == nil {
			a[1] = None
		}
		d := NewDict()
		if err := ForEach(ctx, a[0], func(k Value) error { return d.Set(k, a[1]) }); err != nil {
			return nil, err
		}
		return d, nil
	}}}
	if ByteArrayType.Methods == nil {
		ByteArrayType.Methods = map[string]Method{}
	}
	ByteArrayType.Methods["append"] = sigMethod(Sig{Name: "append", Style: One, Min: 1, Names: []string{"item"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
		n, err := Index(a[0])
		if err != nil {
			return nil, err
		}
		if n < 0 || n > 255 {
			return nil, Errorf(ValueError, "byte must be in range(0, 256)")
		}
		r.(*ByteArray).B = append(r.(*ByteArray).B, byte(n))
		return None, nil
	})
	ByteArrayType.Methods["extend"] = sigMethod(Sig{Name: "extend", Style: One, Min: 1, Names: []string{"iterable_of_ints"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
		p, err := bytesFrom(ctx, "bytearray", []Value{a[0]}, nil)
		if err != nil {
			return nil, err
		}
		r.(*ByteArray).B = append(r.(*ByteArray).B, p...)
		return None, nil
	})
	ByteArrayType.Methods["pop"] = sigMethod(Sig{Name: "pop", Style: Expected, Names: []string{"index"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
		ba := r.(*ByteArray)
		if len(ba.B) == 0 {
			return nil, Errorf(IndexError, "pop from empty bytearray")
		}
		i, err := optIndex(a[0], -1)
		if err != nil {
			return nil, err
		}
		if i < 0 {
			i += int64(len(ba.B))
		}
		if i < 0 || i >= int64(len(ba.B)) {
			return nil, Errorf(IndexError, "pop index out of range")
		}
		v := ba.B[i]
		ba.B = append(ba.B[:i:i], ba.B[i+1:]...)
		return Int(v), nil
	})
	ByteArrayType.Methods["clear"] = sigMethod(Sig{Name: "clear", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
		r.(*ByteArray).B = nil
		return None, nil
	})
	ByteArrayType.Methods["copy"] = sigMethod(Sig{Name: "copy", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
		return &ByteArray{B: append([]byte{}, r.(*ByteArray).B...)}, nil
	})
	SetType.Methods = map[string]Method{
		"issubset":   setPredicate("issubset", func(a, b *Set) bool { return subset(a, b) }),
		"issuperset": setPredicate("issuperset", func(a, b *Set) bool { return subset(b, a) }),
		"isdisjoint": setPredicate("isdisjoint", func(a, b *Set) bool {
			for _, k := range a.Keys() {
				if in, _ := b.Has(k); in {
					return false
				}
			}
			return true
		}),
		"update": func(ctx context.Context, recv Value, args []Value, kw []Kw) (Value, error) {
			s := recv.(*Set)
			for _, a := range args {
				if err := ForEach(ctx, a, s.Add); err != nil {
					return nil, err
				}
			}
			return None, nil
		},
		"add": sigMethod(Sig{Name: "add", Style: One, Min: 1, Names: []string{"elem"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			return None, r.(*Set).Add(a[0])
		}),
		"remove": sigMethod(Sig{Name: "remove", Style: One, Min: 1, Names: []string{"elem"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			ok, err := r.(*Set).Remove(a[0])
			if err == nil && !ok {
				err = Raise(KeyError, a[0])
			}
			return None, err
		}),
		"discard": sigMethod(Sig{Name: "discard", Style: One, Min: 1, Names: []string{"elem"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			_, err := r.(*Set).Remove(a[0])
			return None, err
		}),
		"pop": sigMethod(Sig{Name: "pop", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			s := r.(*Set)
			keys := s.Keys()
			if len(keys) == 0 {
				return nil, Raise(KeyError, Str("pop from an empty set"))
			}
			s.Remove(keys[0])
			return keys[0], nil
		}),
		"union": setMethod("|"), "intersection": setMethod("&"), "difference": setMethod("-"), "symmetric_difference": setMethod("^"),
		"copy": sigMethod(Sig{Name: "copy", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			c := NewSet()
			for _, k := range r.(*Set).Keys() {
				c.Add(k)
			}
			return c, nil
		}),
		"clear": sigMethod(Sig{Name: "clear", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) { *r.(*Set) = *NewSet(); return None, nil }),
	}
	// A frozenset has the methods of a set that change nothing; its copy is
	// itself.
	FrozenSetType.Methods = map[string]Method{
		"copy": sigMethod(Sig{Name: "copy", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) { return r, nil }),
	}
	for _, name := range []string{"issubset", "issuperset", "isdisjoint", "union", "intersection", "difference", "symmetric_difference"} {
		FrozenSetType.Methods[name] = SetType.Methods[name]
	}
	IntType.Methods = map[string]Method{
		"bit_length": sigMethod(Sig{Name: "bit_length", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			b := bigOf(r)
			return Int(b.BitLen()), nil
		}),
		"to_bytes": sigMethod(Sig{Name: "to_bytes", Names: []string{"length", "byteorder"}, KwOnly: []string{"signed"}}, intToBytes),
	}
	IntType.Attrs = map[string]Value{"from_bytes": &Builtin{Name: "from_bytes", Fn: intFromBytes}}
	FloatType.Methods = map[string]Method{
		"is_integer": sigMethod(Sig{Name: "is_integer", Style: NoArgs}, func(ctx context.Context, r Value, a []Value) (Value, error) {
			f := float64(r.(Float))
			return BoolOf(f == float64(int64(f))), nil
		}),
	}
}

func setMethod(op string) Method {
	return func(ctx context.Context, recv Value, args []Value, kw []Kw) (Value, error) {
		frozen := recv.(*Set).Frozen
		r := Value(recv)
		for _, a := range args {
			other, err := asSet(ctx, a)
			if err != nil {
				return nil, err
			}
			if r, err = setOp(op, r.(*Set), other, frozen); err != nil {
				return nil, err
			}
		}
		if r == recv {
			return setOp("|", recv.(*Set), NewSet(), frozen)
		}
		return r, nil
	}
}

func countItems(ctx context.Context, r Value, a []Value) (Value, error) {
	items, _ := Items(r)
	n := 0
	for _, x := range items {
		if identical(x, a[0]) || Equal(x, a[0]) {
			n++
		}
	}
	return Int(n), nil
}

func reverse(vs []Value) {
	for i, j := 0, len(vs)-1; i < j; i, j = i+1, j-1 {
		vs[i], vs[j] = vs[j], vs[i]
	}
}

// Sorted returns items sorted as Python's sorted(items, key=key,
// reverse=rev) does: stable, by <, with key (a Callable or None) applied
// once per item.
func Sorted(ctx context.Context, items []Value, key Value, rev bool) ([]Value, error) {
	keys := items
	if key != nil && key != None {
		f, ok := key.(Callable)
		if !ok {
			return nil, Errorf(TypeError, "'%s' object is not callable", TypeName(key))
		}
		keys = make([]Value, len(items))
		t := Ticker{ctx: ctx}
		for i, it := range items {
			if err := t.Tick(); err != nil {
				return nil, err
			}
			k, err := f.Call(ctx, []Value{it}, nil)
			if err != nil {
				return nil, err
			}
			keys[i] = k
		}
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	var cmpErr error
	t := Ticker{ctx: ctx}
	sort.SliceStable(idx, func(i, j int) bool {
		if cmpErr != nil {
			return false
		}
		if cmpErr = t.Tick(); cmpErr != nil {
			return false
		}
		a, b := keys[idx[i]], keys[idx[j]]
		if rev {
			a, b = b, a
		}
		less, err := Less(a, b)
		if err != nil {
			cmpErr = err
		}
		return less
	})
	if cmpErr != nil {
		return nil, cmpErr
	}
	out := make([]Value, len(items))
	for k, i := range idx {
		out[k] = items[i]
	}
	return out, nil
}

// UpdateDict adds the pairs of src (a dict, or an iterable of pairs) to d.
func UpdateDict(ctx context.Context, d *Dict, src Value) error {
	if s, ok := src.(*Dict); ok {
		for _, e := range s.Items() {
			if err := d.Set(e.K, e.V); err != nil {
				return err
			}
		}
		return nil
	}
	i := -1
	return ForEach(ctx, src, func(it Value) error {
		i++
		pair, err := Items(it)
		if err != nil {
			return Errorf(TypeError, "cannot convert dictionary update sequence element #%d to a sequence", i)
		}
		if len(pair) != 2 {
			return Errorf(ValueError, "dictionary update sequence element #%d has length %d; 2 is required", i, len(pair))
		}
		return d.Set(pair[0], pair[1])
	})
}

// DictView is what dict.keys(), values() and items() return: a live view.
type DictView struct {
	Kind string // dict_keys, dict_values, dict_items
	D    *Dict
}

func (v *DictView) Type() *Class { return &Class{Name: v.Kind, Base: ObjectType} }
func (v *DictView) Len() int     { return v.D.Len() }

// Items are the view's items now.
func (v *DictView) Items() []Value {
	items := v.D.Items()
	out := make([]Value, len(items))
	for i, e := range items {
		switch v.Kind {
		case "dict_keys":
			out[i] = e.K
		case "dict_values":
			out[i] = e.V
		default:
			out[i] = Tuple{e.K, e.V}
		}
	}
	return out
}

func (v *DictView) Repr() string { return v.Kind + "(" + NewList(v.Items()).Repr() + ")" }

func intToBytes(ctx context.Context, r Value, a []Value) (Value, error) {
	length, err := optIndex(a[0], 1)
	if err != nil {
		return nil, err
	}
	order := "big"
	if a[1] != nil {
		s, err := textArg(a[1], "to_bytes() argument 'byteorder'")
		if err != nil {
			return nil, err
		}
		order = s
	}
	if order != "big" && order != "little" {
		return nil, Errorf(ValueError, "byteorder must be either 'little' or 'big'")
	}
	signed := a[2] != nil && Truth(a[2])
	b := bigOf(r)
	if b.Sign() < 0 && !signed {
		return nil, Errorf(OverflowError, "can't convert negative int to unsigned")
	}
	if err := CheckSize(length); err != nil {
		return nil, err
	}
	out := make([]byte, length)
	v := new(bigInt).set(b)
	if b.Sign() < 0 {
		v.addPow(length * 8)
	}
	raw := v.bytes()
	if int64(len(raw)) > length || (signed && length > 0 && len(raw) == int(length) && ((b.Sign() >= 0 && raw[0]&0x80 != 0) || (b.Sign() < 0 && raw[0]&0x80 == 0))) {
		return nil, Errorf(OverflowError, "int too big to convert")
	}
	copy(out[int(length)-len(raw):], raw)
	if order == "little" {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return Bytes(out), nil
}

func intFromBytes(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	a, err := (&Sig{Name: "from_bytes", Names: []string{"bytes", "byteorder"}, KwOnly: []string{"signed"}}).Bind(args, kw)
	if err != nil {
		return nil, err
	}
	if a[0] == nil {
		return nil, Errorf(TypeError, "from_bytes() missing required argument 'bytes' (pos 1)")
	}
	p, ok := BytesLike(a[0])
	if !ok {
		if _, err := Iter(a[0]); err != nil {
			return nil, Errorf(TypeError, "cannot convert '%s' object to bytes", TypeName(a[0]))
		}
		items, err := ItemsContext(ctx, a[0])
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			n, _ := IntOf(it)
			p = append(p, byte(n))
		}
	}
	order := "big"
	if a[1] != nil {
		if order, err = textArg(a[1], "from_bytes() argument 'byteorder'"); err != nil {
			return nil, err
		}
	}
	if order != "big" && order != "little" {
		return nil, Errorf(ValueError, "byteorder must be either 'little' or 'big'")
	}
	buf := append([]byte{}, p...)
	if order == "little" {
		for i, j := 0, len(buf)-1; i < j; i, j = i+1, j-1 {
			buf[i], buf[j] = buf[j], buf[i]
		}
	}
	v := new(bigInt).setBytes(buf)
	if a[2] != nil && Truth(a[2]) && len(buf) > 0 && buf[0]&0x80 != 0 {
		v.subPow(int64(len(buf)) * 8)
	}
	return MakeBig(&v.b)
}

// asSet is a set method's or operator's argument as a set: any iterable
// will do.
func asSet(ctx context.Context, v Value) (*Set, error) {
	if s, ok := v.(*Set); ok {
		return s, nil
	}
	s := NewSet()
	if err := ForEach(ctx, v, s.Add); err != nil {
		return nil, err
	}
	return s, nil
}

func setPredicate(name string, f func(a, b *Set) bool) Method {
	return sigMethod(Sig{Name: name, Style: One, Min: 1, Names: []string{"other"}, NoKw: true}, func(ctx context.Context, r Value, a []Value) (Value, error) {
		other, err := asSet(ctx, a[0])
		if err != nil {
			return nil, err
		}
		return BoolOf(f(r.(*Set), other)), nil
	})
}
