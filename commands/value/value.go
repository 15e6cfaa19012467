// Package value is the shell's model of Python's values: the types a
// command returns or a variable holds (int, float, str, bytes, tuple, list,
// dict, enum members, exceptions, ...), how Python writes each one (repr,
// str, IPython's pretty printing), and what Python's operators and methods
// do with them.
//
// It is the bottom of the language layer: package syntax reads lines into
// trees whose literals are values, package interp runs those trees, and
// package commands adds the values that wrap the real sockets. It knows
// nothing of sockets, commands or the terminal loop.
//
// One rule decides what text may reach a terminal as it stands (see
// safe.go): every printer here and above uses it, so no byte from the
// network ever drives the user's terminal.
package value

import (
	"context"
	"strconv"
)

// Value is anything a command returns or a variable holds.
type Value interface {
	// Type is the value's class, as Python's type(v).
	Type() *Class
	// Repr is the text Python's REPL shows for the value.
	Repr() string
}

// Int is a Python int that fits in 64 bits; a larger one is a *BigInt.
type Int int64

// Float is a Python float.
type Float float64

// Str is a Python str: text, not bytes. It always holds valid UTF-8.
type Str string

// Bytes is a Python bytes: what a socket really carries. It is never
// changed in place once made.
type Bytes []byte

// Bool is a Python bool, a kind of int.
type Bool bool

// NoneType is Python's None; None is its only value.
type NoneType struct{}

// None is the value of a command that returns nothing.
var None Value = NoneType{}

// True and False are the two Bools, as Values.
var (
	True  Value = Bool(true)
	False Value = Bool(false)
)

// Tuple is a Python tuple, such as a socket address ('127.0.0.1', 80).
type Tuple []Value

// List is a Python list: a mutable sequence shared by every name that
// holds it.
type List struct{ V []Value }

// NewList returns a list holding vs (not a copy).
func NewList(vs []Value) *List { return &List{V: vs} }

// Range is Python's range(start, stop, step).
type Range struct{ Start, Stop, Step int64 }

// Kw is one keyword argument of a call.
type Kw struct {
	Name string
	V    Value
}

// Callable is a value that can be called: a builtin, a function defined in
// the session, a bound method, a class.
type Callable interface {
	Value
	Call(ctx context.Context, args []Value, kw []Kw) (Value, error)
}

// Attributer is a value with attributes of its own (a socket's family, an
// exception's errno, a module's names). Attr reports false when the value
// has no such attribute; methods of the value's class are found by GetAttr.
type Attributer interface {
	Attr(name string) (Value, bool)
}

// AttrNamer lists the names Attr knows, for dir().
type AttrNamer interface {
	AttrNames() []string
}

func (Int) Type() *Class      { return IntType }
func (Float) Type() *Class    { return FloatType }
func (Str) Type() *Class      { return StrType }
func (Bytes) Type() *Class    { return BytesType }
func (Bool) Type() *Class     { return BoolType }
func (NoneType) Type() *Class { return NoneClass }
func (Tuple) Type() *Class    { return TupleType }
func (*List) Type() *Class    { return ListType }
func (Range) Type() *Class    { return RangeType }

func (v Int) Repr() string      { return strconv.FormatInt(int64(v), 10) }
func (v Str) Repr() string      { return Quote(string(v), false) }
func (v Bytes) Repr() string    { return Quote(string(v), true) }
func (v NoneType) Repr() string { return "None" }
func (v Float) Repr() string    { return FormatFloat(float64(v)) }

func (v Bool) Repr() string {
	if v {
		return "True"
	}
	return "False"
}

func (v Tuple) Repr() string { return reprOf(v) }
func (v *List) Repr() string { return reprOf(v) }

func (v Range) Repr() string {
	s := "range(" + strconv.FormatInt(v.Start, 10) + ", " + strconv.FormatInt(v.Stop, 10)
	if v.Step != 1 {
		s += ", " + strconv.FormatInt(v.Step, 10)
	}
	return s + ")"
}

// Len is the number of items of the range.
func (v Range) Len() int64 {
	switch {
	case v.Step > 0 && v.Start < v.Stop:
		return (v.Stop - v.Start + v.Step - 1) / v.Step
	case v.Step < 0 && v.Start > v.Stop:
		return (v.Start - v.Stop - v.Step - 1) / -v.Step
	}
	return 0
}

// TypeName is Python's type(v).__name__.
func TypeName(v Value) string { return v.Type().Name }

// StrOf is Python's str(v): text as it is, anything else as Python
// converts it (an exception as its message, an enum member as its number).
func StrOf(v Value) string {
	switch v := v.(type) {
	case Str:
		return string(v)
	case interface{ Str() string }:
		return v.Str()
	}
	return v.Repr()
}

// Bool returns the Value for b.
func BoolOf(b bool) Value {
	if b {
		return True
	}
	return False
}
