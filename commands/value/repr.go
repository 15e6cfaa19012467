package value

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"sockshell/internal/escape"
)

// Quote writes s as Python's repr does for str (bytes=false) or bytes:
// single quotes unless the text holds a ' and no ", and every character
// that could act on a terminal escaped. For bytes, everything outside
// printable ASCII is \xNN; for str, a character that is not printable
// (IsPrintable) is \xNN, \uXXXX or \UXXXXXXXX, and invalid UTF-8 is shown
// byte by byte as \xNN, so no input can ever reach the terminal raw.
func Quote(s string, bytes bool) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 3)
	if bytes {
		b.WriteByte('b')
	}
	b.WriteByte(q)
	quoteBody(&b, s, bytes, q)
	b.WriteByte(q)
	return b.String()
}

// quoteBody writes s escaped as inside a literal quoted with q.
func quoteBody(b *strings.Builder, s string, bytes bool, q byte) {
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
			escape.Byte(b, c, q)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			escape.Hex(b, c)
		case IsPrintable(r):
			b.WriteString(s[i : i+size])
		default:
			escapeRune(b, r)
		}
		i += size
	}
}

// escapeRune writes r as Python's repr escapes a non-printable character.
func escapeRune(b *strings.Builder, r rune) { escape.Rune(b, r) }

// ASCII is Python's ascii(v): v's repr with every character beyond ASCII
// escaped as \xNN, \uXXXX or \UXXXXXXXX.
func ASCII(v Value) string {
	s := v.Repr()
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
		} else {
			escapeRune(&b, r)
		}
	}
	return b.String()
}

// FormatFloat is repr(f): the shortest text that reads back as f, in the
// fixed or exponent form Python picks for its size.
func FormatFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	if a := math.Abs(f); a >= 1e16 || (a != 0 && a < 1e-4) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		// Go writes 1e+16 and 1e-05; Python 1e+16 and 1e-05 too, but a
		// mantissa without a point stays so in both.
		return s
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// reprOf writes a container's repr, showing a container inside itself as
// [...], {...} or (...) as Python does, rather than looping.
func reprOf(v Value) string {
	var b strings.Builder
	writeRepr(&b, v, nil)
	return b.String()
}

// identity is what tells one container from another while a repr is
// written: the pointer of a list, dict or set, and for a tuple its items'
// array and length (a tuple is a Go slice, which == cannot compare). Any
// other value has none (nil): it cannot hold itself.
func identity(v Value) any {
	switch v := v.(type) {
	case *List, *Dict, *Set:
		return v
	case Tuple:
		if len(v) > 0 {
			return tupleID{&v[0], len(v)}
		}
	}
	return nil
}

type tupleID struct {
	first *Value
	n     int
}

// recursed reports whether v is one of the containers being written
// (seen), that is, whether it holds itself.
func recursed(v Value, seen []any) bool {
	if len(seen) == 0 {
		return false
	}
	id := identity(v)
	if id == nil {
		return false
	}
	for _, s := range seen {
		if s == id {
			return true
		}
	}
	return false
}

func writeRepr(b *strings.Builder, v Value, seen []any) {
	if recursed(v, seen) {
		switch v.(type) {
		case *Dict, *Set:
			b.WriteString("{...}")
		case Tuple:
			b.WriteString("(...)")
		default:
			b.WriteString("[...]")
		}
		return
	}
	switch v := v.(type) {
	case Tuple:
		b.WriteByte('(')
		writeItems(b, v, seenWith(seen, v))
		if len(v) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *List:
		b.WriteByte('[')
		writeItems(b, v.V, seenWith(seen, v))
		b.WriteByte(']')
	case *Dict:
		inner := seenWith(seen, v)
		b.WriteByte('{')
		for i, e := range v.Items() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e.K, inner)
			b.WriteString(": ")
			writeRepr(b, e.V, inner)
		}
		b.WriteByte('}')
	case *Set:
		name := "set"
		if v.Frozen {
			name = "frozenset"
		}
		if v.Len() == 0 {
			b.WriteString(name + "()")
			return
		}
		if v.Frozen {
			b.WriteString("frozenset(")
		}
		b.WriteByte('{')
		writeItems(b, v.Keys(), seenWith(seen, v))
		b.WriteByte('}')
		if v.Frozen {
			b.WriteByte(')')
		}
	default:
		b.WriteString(v.Repr())
	}
}

// seenWith is seen plus the container v.
func seenWith(seen []any, v Value) []any {
	id := identity(v)
	if id == nil {
		return seen
	}
	return append(seen[:len(seen):len(seen)], id)
}

func writeItems(b *strings.Builder, vs []Value, seen []any) {
	for i, e := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		writeRepr(b, e, seen)
	}
}

// prettyWidth is the line width IPython (the lecture's REPL) fills before
// it breaks a container over several lines.
const prettyWidth = 79

// width is how many columns text takes as IPython counts them: one per
// character.
func width(s string) int { return utf8.RuneCountInString(s) }

// Pretty returns v as the lecture's IPython prompt shows a result: its repr
// on one line when it fits in 79 columns; otherwise each container that
// does not fit is broken one element per line. As in IPython's pretty
// printer, the lines of a broken container are indented by nesting depth
// (the width of each enclosing opening, frozenset({ included), not aligned
// under its bracket.
func Pretty(v Value) string { return PrettyWidth(v, prettyWidth) }

// PrettyWidth is Pretty filling max columns instead of 79: the shell uses
// it on a terminal narrower than IPython's 80.
func PrettyWidth(v Value, max int) string {
	flat := v.Repr()
	if len(flat) <= max || width(flat) <= max {
		return flat
	}
	var b strings.Builder
	pretty(&b, v, flat, 0, 0, 0, nil, max)
	return b.String()
}

// pretty writes v, whose repr is flat, starting at column col. indent is
// where the broken lines of the group v opens start, less its opening;
// trail is how many characters follow v on its last line before the next
// possible break; max is the width to fill.
func pretty(b *strings.Builder, v Value, flat string, col, indent, trail int, seen []any, max int) {
	if col+width(flat)+trail <= max || recursed(v, seen) {
		b.WriteString(flat)
		return
	}
	var open, close string
	var keys, elems []Value
	switch v := v.(type) {
	case *List:
		open, close, elems = "[", "]", v.V
	case Tuple:
		open, close, elems = "(", ")", v
		if len(v) == 1 {
			close = ",)"
		}
	case *Dict:
		open, close = "{", "}"
		for _, e := range v.Items() {
			keys = append(keys, e.K)
			elems = append(elems, e.V)
		}
	case *Set:
		open, close, elems = "{", "}", v.Keys()
		if v.Frozen {
			open, close = "frozenset({", "})"
		}
	default:
		b.WriteString(flat)
		return
	}
	if len(elems) == 0 {
		b.WriteString(flat)
		return
	}
	seen = seenWith(seen, v)
	b.WriteString(open)
	inner := indent + len(open)
	at := col + len(open)
	for i, e := range elems {
		if i > 0 {
			b.WriteString(",\n")
			b.WriteString(strings.Repeat(" ", inner))
			at = inner
		}
		after := 1 // the comma
		if i == len(elems)-1 {
			after = len(close) + trail
		}
		if keys != nil {
			k := keys[i].Repr()
			pretty(b, keys[i], k, at, inner, 2, seen, max)
			b.WriteString(": ")
			at += width(k) + 2
		}
		pretty(b, e, e.Repr(), at, inner, after, seen, max)
	}
	b.WriteString(close)
}
