package value

import (
	"context"
	"fmt"
	"sort"
	"strconv"
)

// Enum is a member of one of the socket module's IntEnums, shown as
// <AddressFamily.AF_INET: 2>. It equals the int of its value.
type Enum struct {
	Class *Class
	Name  string
	Value int64
}

func (v Enum) Type() *Class { return v.Class }

func (v Enum) Repr() string {
	return "<" + v.Class.Name + "." + v.Name + ": " + strconv.FormatInt(v.Value, 10) + ">"
}

// Str is str() of the member: its number, as Python 3.11's IntEnum gives.
func (v Enum) Str() string { return strconv.FormatInt(v.Value, 10) }

// Attr gives the member's name and value (socket.AF_INET.name).
func (v Enum) Attr(name string) (Value, bool) {
	switch name {
	case "name", "_name_":
		return Str(v.Name), true
	case "value", "_value_":
		return Int(v.Value), true
	}
	return nil, false
}

// AttrNames lists name and value.
func (v Enum) AttrNames() []string { return []string{"name", "value"} }

// EnumClass returns a new enum class (AddressFamily) derived from int.
func EnumClass(name, module string) *Class {
	return &Class{Name: name, Module: module, Base: IntType, Enum: true, Attrs: map[string]Value{}}
}

// Builtin is a function written in Go: a builtin such as len, a function
// of the socket module, or a method bound to its value.
type Builtin struct {
	Name string // as in messages: len, getservbyname
	// Qual is the name Python's repr uses, when it differs (socket.recv
	// for a method); Self is the value a bound method belongs to.
	Qual string
	Self Value
	Fn   func(ctx context.Context, args []Value, kw []Kw) (Value, error)
}

// NewBuiltin is the function name that calls f.
func NewBuiltin(name string, f func(ctx context.Context, args []Value, kw []Kw) (Value, error)) *Builtin {
	return &Builtin{Name: name, Fn: f}
}

func (b *Builtin) Type() *Class {
	return BuiltinType
}

func (b *Builtin) Repr() string {
	if b.Self != nil {
		return fmt.Sprintf("<built-in method %s of %s object at %p>", b.Name, TypeName(b.Self), b)
	}
	return "<built-in function " + b.Name + ">"
}

// Call runs the function.
func (b *Builtin) Call(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	return b.Fn(ctx, args, kw)
}

// Module is a module: socket, select, ssl. Its names are its attributes.
type Module struct {
	Name  string
	Doc   string
	Names map[string]Value
}

func (*Module) Type() *Class   { return ModuleType }
func (m *Module) Repr() string { return "<module '" + m.Name + "' (built into sockshell)>" }

// Attr is one of the module's names.
func (m *Module) Attr(name string) (Value, bool) {
	if name == "__name__" {
		return Str(m.Name), true
	}
	v, ok := m.Names[name]
	return v, ok
}

// AttrNames lists the module's names, sorted, as dir(module) does.
func (m *Module) AttrNames() []string {
	names := make([]string, 0, len(m.Names))
	for n := range m.Names {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ByteArray is a Python bytearray: bytes that can change in place.
type ByteArray struct{ B []byte }

func (*ByteArray) Type() *Class { return ByteArrayType }

func (v *ByteArray) Repr() string { return "bytearray(" + Quote(string(v.B), true) + ")" }

// Iterator is an iterator object: what iter(), enumerate(), zip(), map(),
// reversed() and a generator expression give. Next returns false at the
// end.
type Iterator struct {
	Kind string // enumerate, zip, list_iterator, generator, ...
	Next func() (Value, bool, error)
	Src  []Value // what Next reads from: a socket in it is still in use
}

// Holds returns the values the iterator reads from, for the shell's
// reachability walk (a socket reached only through an iterator is kept).
func (it *Iterator) Holds() []Value { return it.Src }

func (it *Iterator) Type() *Class {
	if it.Kind == "generator" {
		return GeneratorType
	}
	return &Class{Name: it.Kind, Base: IteratorType}
}

func (it *Iterator) Repr() string {
	if it.Kind == "generator" {
		return fmt.Sprintf("<generator object <genexpr> at %p>", it)
	}
	return fmt.Sprintf("<%s object at %p>", it.Kind, it)
}

// MemoryView is a Python memoryview over bytes: sockshell keeps a copy
// of the bytes, which is what sending one needs (it cannot write through
// to a bytearray).
type MemoryView struct{ B []byte }

// MemoryViewType is the class of memoryviews.
var MemoryViewType = &Class{Name: "memoryview", Base: ObjectType}

func (*MemoryView) Type() *Class   { return MemoryViewType }
func (m *MemoryView) Repr() string { return fmt.Sprintf("<memory at %p>", m) }
func (m *MemoryView) Len() int     { return len(m.B) }
