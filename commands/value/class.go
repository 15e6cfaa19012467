package value

import (
	"context"
	"sort"
)

// Class is a Python class: a built-in type (int, str, list), an exception
// class (OSError, socket.gaierror), an enum of the socket module
// (AddressFamily), or a class a package above adds (socket.socket).
type Class struct {
	Name   string // as type(v).__name__: int, ConnectionRefusedError, socket
	Module string // "" for a builtin; "socket" for socket.gaierror
	Base   *Class // nil only for object
	// Also are the further bases of a class with more than one, after
	// Base (ssl.SSLCertVerificationError is an SSLError and a ValueError).
	Also []*Class
	Enum bool // an enum class: shown as <enum 'AddressFamily'>
	// New makes an instance, as calling the class does; nil when the class
	// cannot be called from the shell.
	New func(ctx context.Context, args []Value, kw []Kw) (Value, error)
	// Methods are the functions instances have (str.upper, list.append),
	// each called with the instance first.
	Methods map[string]Method
	// Attrs are the class's own attributes (an enum's members).
	Attrs map[string]Value
}

// Method is a method of a class: what it does when called on recv.
type Method func(ctx context.Context, recv Value, args []Value, kw []Kw) (Value, error)

// TypeType is the class of classes.
var TypeType = &Class{Name: "type"}

// ObjectType is the root of every class.
var ObjectType = &Class{Name: "object"}

// The built-in types.
var (
	IntType       = &Class{Name: "int", Base: ObjectType}
	BoolType      = &Class{Name: "bool", Base: IntType}
	FloatType     = &Class{Name: "float", Base: ObjectType}
	StrType       = &Class{Name: "str", Base: ObjectType}
	BytesType     = &Class{Name: "bytes", Base: ObjectType}
	ByteArrayType = &Class{Name: "bytearray", Base: ObjectType}
	NoneClass     = &Class{Name: "NoneType", Base: ObjectType}
	TupleType     = &Class{Name: "tuple", Base: ObjectType}
	ListType      = &Class{Name: "list", Base: ObjectType}
	DictType      = &Class{Name: "dict", Base: ObjectType}
	SetType       = &Class{Name: "set", Base: ObjectType}
	FrozenSetType = &Class{Name: "frozenset", Base: ObjectType}
	SliceType     = &Class{Name: "slice", Base: ObjectType}
	RangeType     = &Class{Name: "range", Base: ObjectType}
	FunctionType  = &Class{Name: "function", Base: ObjectType}
	BuiltinType   = &Class{Name: "builtin_function_or_method", Base: ObjectType}
	MethodType    = &Class{Name: "method", Base: ObjectType}
	ModuleType    = &Class{Name: "module", Base: ObjectType}
	IteratorType  = &Class{Name: "iterator", Base: ObjectType}
	GeneratorType = &Class{Name: "generator", Base: ObjectType}
)

func (c *Class) Type() *Class {
	if c.Enum {
		return EnumMetaType
	}
	return TypeType
}

// EnumMetaType is the class of the socket module's enums.
var EnumMetaType = &Class{Name: "EnumType", Module: "enum", Base: TypeType}

// QualName is the class's name as a traceback shows it: socket.gaierror,
// but ValueError for a builtin.
func (c *Class) QualName() string {
	if c.Module == "" || c.Module == "builtins" {
		return c.Name
	}
	return c.Module + "." + c.Name
}

func (c *Class) Repr() string {
	if c.Enum {
		return "<enum '" + c.Name + "'>"
	}
	return "<class '" + c.QualName() + "'>"
}

// Call makes an instance of the class.
func (c *Class) Call(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	if c.New == nil {
		return nil, Errorf(TypeError, "cannot create '%s' instances", c.QualName())
	}
	return c.New(ctx, args, kw)
}

// Attr is one of the class's attributes: an enum member, or a method as a
// plain function (str.upper).
func (c *Class) Attr(name string) (Value, bool) {
	switch name {
	case "__name__":
		return Str(c.Name), true
	case "__qualname__":
		return Str(c.Name), true
	case "__module__":
		if c.Module == "" {
			return Str("builtins"), true
		}
		return Str(c.Module), true
	case "__mro__":
		var mro Tuple
		for _, k := range c.MRO() {
			mro = append(mro, k)
		}
		return mro, true
	case "__bases__":
		if c.Base == nil {
			return Tuple{}, true
		}
		bases := Tuple{c.Base}
		for _, b := range c.Also {
			bases = append(bases, b)
		}
		return bases, true
	}
	if v, ok := c.Attrs[name]; ok {
		return v, true
	}
	for k := c; k != nil; k = k.Base {
		if m, ok := k.Methods[name]; ok {
			return &Builtin{Name: name, Qual: c.Name + "." + name, Fn: func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
				if len(args) == 0 {
					return nil, Errorf(TypeError, "unbound method %s.%s() needs an argument", c.Name, name)
				}
				return m(ctx, args[0], args[1:], kw)
			}}, true
		}
	}
	return nil, false
}

// AttrNames lists the class's attributes and its instances' methods.
func (c *Class) AttrNames() []string {
	seen := map[string]bool{}
	for k, v := range c.Attrs {
		_ = v
		seen[k] = true
	}
	for k := c; k != nil; k = k.Base {
		for m := range k.Methods {
			seen[m] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// IsSubclass reports whether c is sup or derives from it.
func (c *Class) IsSubclass(sup *Class) bool {
	for k := c; k != nil; k = k.Base {
		if k == sup {
			return true
		}
		for _, b := range k.Also {
			if b.IsSubclass(sup) {
				return true
			}
		}
	}
	return false
}

// MRO is the class's method resolution order, as Python's __mro__: the
// class, then its bases merged by C3 linearization (for a class with one
// base, the chain of bases up to object).
func (c *Class) MRO() []*Class {
	if len(c.Also) == 0 {
		var out []*Class
		for k := c; k != nil; k = k.Base {
			if len(k.Also) > 0 {
				return append(out, k.MRO()...)
			}
			out = append(out, k)
		}
		return out
	}
	bases := append([]*Class{c.Base}, c.Also...)
	var seqs [][]*Class
	for _, b := range bases {
		seqs = append(seqs, b.MRO())
	}
	seqs = append(seqs, bases)
	out := []*Class{c}
	for {
		var next *Class
	pick:
		for _, s := range seqs {
			if len(s) == 0 {
				continue
			}
			// A head that is in no other sequence's tail comes next.
			for _, t := range seqs {
				for _, k := range t[min(1, len(t)):] {
					if k == s[0] {
						continue pick
					}
				}
			}
			next = s[0]
			break
		}
		if next == nil {
			return out // every sequence is used up (or no order exists)
		}
		out = append(out, next)
		for i, s := range seqs {
			if len(s) > 0 && s[0] == next {
				seqs[i] = s[1:]
			}
		}
	}
}

// IsInstance reports whether v's class is c or derives from it.
func IsInstance(v Value, c *Class) bool {
	if c == ObjectType {
		return true
	}
	return v.Type().IsSubclass(c)
}

// method finds a method of v's class (or its bases).
func method(v Value, name string) (Method, bool) {
	for k := v.Type(); k != nil; k = k.Base {
		if m, ok := k.Methods[name]; ok {
			return m, true
		}
	}
	return nil, false
}
