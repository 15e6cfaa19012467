package commands

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sockshell/internal/escape"
	"sockshell/netinfo"
)

// Value is anything a command returns or a variable holds. Repr gives the
// text Python's REPL shows for the same value.
type Value interface {
	Repr() string
}

// Int is a Python int.
type Int int64

// Float is a Python float (timeouts).
type Float float64

// Str is a Python str: text, not bytes.
type Str string

// Bytes is a Python bytes: what a socket really carries.
type Bytes []byte

// Bool is a Python bool.
type Bool bool

// NoneType is Python's None; None is its only value.
type NoneType struct{}

// None is the value of a command that returns nothing.
var None Value = NoneType{}

// Tuple is a Python tuple, such as a socket address ('127.0.0.1', 80).
type Tuple []Value

// List is a Python list, such as getaddrinfo's answer.
type List []Value

// Dict is a Python dict with its keys in display order.
type Dict struct {
	Keys, Vals []Value
}

// Enum is a member of one of the socket module's IntEnums, shown as
// <AddressFamily.AF_INET: 2>. An Enum equals the Int of its value.
type Enum struct {
	Class netinfo.Class
	Name  string
	Value int64
}

// Repr implementations, as Python writes each value.

func (v Int) Repr() string      { return strconv.FormatInt(int64(v), 10) }
func (v Str) Repr() string      { return quote(string(v), false) }
func (v Bytes) Repr() string    { return quote(string(v), true) }
func (v NoneType) Repr() string { return "None" }
func (v Enum) Repr() string {
	return "<" + v.Class.String() + "." + v.Name + ": " + strconv.FormatInt(v.Value, 10) + ">"
}

// Attr gives an enum member's name and value, as Python's
// socket.AF_INET.name and socket.AF_INET.value do.
func (v Enum) Attr(name string) (Value, error) {
	switch name {
	case "name":
		return Str(v.Name), nil
	case "value":
		return Int(v.Value), nil
	}
	return nil, pyErrorf("AttributeError", "'%s' object has no attribute '%s'", v.Class.String(), escapeForMessage(name))
}

func (v Bool) Repr() string {
	if v {
		return "True"
	}
	return "False"
}

func (v Float) Repr() string {
	f := float64(v)
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if a := math.Abs(f); a >= 1e16 || (a != 0 && a < 1e-4) {
		return s // exponent form, as Python uses at these sizes
	}
	s = strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

func (v Tuple) Repr() string {
	if len(v) == 1 {
		return "(" + v[0].Repr() + ",)"
	}
	return "(" + joinReprs(v) + ")"
}

func (v List) Repr() string { return "[" + joinReprs(v) + "]" }

func (v Dict) Repr() string {
	var b strings.Builder
	b.WriteByte('{')
	for i := range v.Keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v.Keys[i].Repr())
		b.WriteString(": ")
		b.WriteString(v.Vals[i].Repr())
	}
	b.WriteByte('}')
	return b.String()
}

func joinReprs(vs []Value) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.Repr()
	}
	return strings.Join(parts, ", ")
}

// StrOf is Python's str(v): text as it is, anything else as its repr.
func StrOf(v Value) string {
	if s, ok := v.(Str); ok {
		return string(s)
	}
	return v.Repr()
}

// quote writes s as Python's repr does for str (bytes=false) or bytes: single
// quotes unless the text holds a ' and no ", and every character that could
// act on a terminal escaped. For bytes, everything outside printable ASCII is
// \xNN; for str, invalid UTF-8 is shown byte by byte as \xNN as well, so no
// input can ever reach the terminal raw.
func quote(s string, bytes bool) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 3) // the common repr: s, its quotes, the b of bytes
	if bytes {
		b.WriteByte('b')
	}
	b.WriteByte(q)
	for i := 0; i < len(s); {
		// A run of printable ASCII other than the quote and the backslash
		// (most of what a repr holds) is copied as it stands.
		j := i
		for j < len(s) && s[j] >= ' ' && s[j] < 0x7f && s[j] != q && s[j] != '\\' {
			j++
		}
		b.WriteString(s[i:j])
		if i = j; i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf || bytes {
			escape.Byte(&b, c, q)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			escape.Hex(&b, c)
		case unicode.IsPrint(r):
			b.WriteString(s[i : i+size])
		case r <= 0xff:
			escape.Hex(&b, byte(r))
		case r <= 0xffff:
			b.WriteString(`\u`)
			b.WriteString(leftPad(strconv.FormatInt(int64(r), 16), 4))
		default:
			b.WriteString(`\U`)
			b.WriteString(leftPad(strconv.FormatInt(int64(r), 16), 8))
		}
		i += size
	}
	b.WriteByte(q)
	return b.String()
}

// leftPad pads the hex digits s with zeros to n digits.
func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}
