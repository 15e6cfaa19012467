package value

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// Dict is a Python dict: keys in insertion order, looked up by Python's
// equality (1, 1.0 and True are one key), shared by every name holding it.
type Dict struct {
	index   map[hashKey]int // key -> position in entries
	entries []DictEntry     // in insertion order; deleted ones have K == nil
	n       int             // live entries
}

// DictEntry is one key and its value.
type DictEntry struct{ K, V Value }

// NewDict returns an empty dict.
func NewDict() *Dict { return &Dict{index: map[hashKey]int{}} }

func (*Dict) Type() *Class     { return DictType }
func (d *Dict) Repr() string   { return reprOf(d) }
func (d *Dict) Len() int       { return d.n }
func (d *Dict) String() string { return d.Repr() }

// Items returns the entries in order.
func (d *Dict) Items() []DictEntry {
	if d.n == len(d.entries) {
		return d.entries
	}
	d.compact()
	return d.entries
}

// Keys returns the keys in order.
func (d *Dict) Keys() []Value {
	items := d.Items()
	keys := make([]Value, len(items))
	for i, e := range items {
		keys[i] = e.K
	}
	return keys
}

func (d *Dict) compact() {
	live := d.entries[:0]
	for _, e := range d.entries {
		if e.K != nil {
			d.index[mustHash(e.K)] = len(live)
			live = append(live, e)
		}
	}
	for i := len(live); i < len(d.entries); i++ {
		d.entries[i] = DictEntry{}
	}
	d.entries = live
}

// Get returns the value for key.
func (d *Dict) Get(key Value) (Value, bool, error) {
	h, err := Hash(key)
	if err != nil {
		return nil, false, err
	}
	i, ok := d.index[h]
	if !ok {
		return nil, false, nil
	}
	return d.entries[i].V, true, nil
}

// Set sets the value for key; a new key goes last, an existing one keeps
// its place (and its first spelling: d[1] = 'a'; d[1.0] = 'b' keeps 1).
func (d *Dict) Set(key, v Value) error {
	h, err := Hash(key)
	if err != nil {
		return err
	}
	if i, ok := d.index[h]; ok {
		d.entries[i].V = v
		return nil
	}
	if d.n >= MaxSize/dictEntrySize {
		return CheckSize(MaxSize + 1)
	}
	d.index[h] = len(d.entries)
	d.entries = append(d.entries, DictEntry{key, v})
	d.n++
	return nil
}

// Delete removes key, reporting whether it was there.
func (d *Dict) Delete(key Value) (bool, error) {
	h, err := Hash(key)
	if err != nil {
		return false, err
	}
	i, ok := d.index[h]
	if !ok {
		return false, nil
	}
	delete(d.index, h)
	d.entries[i] = DictEntry{}
	d.n--
	if d.n == 0 {
		d.entries = d.entries[:0]
	}
	return true, nil
}

// Copy returns a shallow copy.
func (d *Dict) Copy() *Dict {
	c := NewDict()
	for _, e := range d.Items() {
		c.Set(e.K, e.V)
	}
	return c
}

// Set is a Python set, or a frozenset when Frozen.
type Set struct {
	d      *Dict
	Frozen bool
}

// NewSet returns an empty set.
func NewSet() *Set { return &Set{d: NewDict()} }

func (s *Set) Type() *Class {
	if s.Frozen {
		return FrozenSetType
	}
	return SetType
}

func (s *Set) Repr() string { return reprOf(s) }
func (s *Set) Len() int     { return s.d.Len() }

// Add adds v.
func (s *Set) Add(v Value) error { return s.d.Set(v, None) }

// Has reports whether v is in the set.
func (s *Set) Has(v Value) (bool, error) {
	_, ok, err := s.d.Get(v)
	return ok, err
}

// Remove removes v, reporting whether it was there.
func (s *Set) Remove(v Value) (bool, error) { return s.d.Delete(v) }

// Keys returns the members in insertion order.
func (s *Set) Keys() []Value { return s.d.Keys() }

// hashKey is what a dict indexes a key by: equal values (by Python's ==)
// have equal keys.
type hashKey struct {
	kind byte // 'n' number, 's' str, 'b' bytes, 't' tuple, 'o' object
	i    int64
	f    float64
	s    string
	p    Value
}

// Hash is the key a value has in a dict or set, or Python's TypeError for
// an unhashable value (a list, a dict, a set).
func Hash(v Value) (hashKey, error) {
	switch v := v.(type) {
	case Int:
		return hashKey{kind: 'n', i: int64(v)}, nil
	case Bool:
		if v {
			return hashKey{kind: 'n', i: 1}, nil
		}
		return hashKey{kind: 'n'}, nil
	case Enum:
		return hashKey{kind: 'n', i: v.Value}, nil
	case Float:
		f := float64(v)
		if f != math.Trunc(f) || math.IsInf(f, 0) {
			return hashKey{kind: 'f', f: f}, nil
		}
		if f >= -1<<63 && f < 1<<63 {
			return hashKey{kind: 'n', i: int64(f)}, nil
		}
		// An integral float beyond 64 bits equals the int it stands for
		// (2.0**63 == 2**63), so it is that int's key.
		b, _ := big.NewFloat(f).Int(nil)
		return hashKey{kind: 'N', s: b.String()}, nil
	case *BigInt:
		return hashKey{kind: 'N', s: v.String()}, nil
	case Str:
		return hashKey{kind: 's', s: string(v)}, nil
	case Bytes:
		return hashKey{kind: 'b', s: string(v)}, nil
	case NoneType:
		return hashKey{kind: '0'}, nil
	case Tuple:
		var b strings.Builder
		for _, e := range v {
			k, err := Hash(e)
			if err != nil {
				return hashKey{}, err
			}
			b.WriteString(k.encode())
		}
		return hashKey{kind: 't', s: b.String()}, nil
	case *Set:
		if v.Frozen {
			var keys []string
			for _, k := range v.Keys() {
				h, _ := Hash(k)
				keys = append(keys, h.encode())
			}
			sort.Strings(keys)
			return hashKey{kind: 'F', s: strings.Join(keys, "")}, nil
		}
		return hashKey{}, Errorf(TypeError, "unhashable type: '%s'", TypeName(v))
	case *List, *Dict, *ByteArray, Slice:
		return hashKey{}, Errorf(TypeError, "unhashable type: '%s'", TypeName(v))
	}
	return hashKey{kind: 'o', p: v}, nil
}

// encode writes a key as text, for the key of a tuple holding it; an
// object (a socket, a function) by its identity.
func (k hashKey) encode() string {
	body := k.s
	switch k.kind {
	case 'n':
		body = strconv.FormatInt(k.i, 10)
	case 'f':
		body = strconv.FormatFloat(k.f, 'g', -1, 64)
	case 'o':
		body = fmt.Sprintf("%T@%p", k.p, k.p)
	}
	return string(k.kind) + strconv.Itoa(len(body)) + ":" + body
}

func mustHash(v Value) hashKey {
	h, err := Hash(v)
	if err != nil {
		panic(err)
	}
	return h
}
