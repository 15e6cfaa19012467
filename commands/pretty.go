package commands

import "strings"

// prettyWidth is the line width IPython (the lecture's REPL) fills before it
// breaks a container over several lines.
const prettyWidth = 79

// Pretty returns v as the lecture's IPython prompt shows a result: its repr on
// one line when it fits in 79 columns; otherwise each container that does not
// fit is broken one element per line. As in IPython's pretty printer, the
// lines of a broken container are indented by nesting depth (one column per
// enclosing bracket), not aligned under its bracket: a list inside a dict
// value starts after its key but continues at the dict's indentation plus one.
func Pretty(v Value) string {
	flat := v.Repr()
	if len(flat) <= prettyWidth {
		return flat // most results: their repr is the answer, with no copy
	}
	var b strings.Builder
	pretty(&b, v, flat, 0, 0, 0)
	return b.String()
}

// pretty writes v, whose repr is flat, starting at column col. indent is the indentation of the
// group v opens (where its broken lines start, less its bracket); trail is
// how many characters (closing brackets, a comma) follow v on its last line
// before the next possible line break.
func pretty(b *strings.Builder, v Value, flat string, col, indent, trail int) {
	if col+len(flat)+trail <= prettyWidth {
		b.WriteString(flat)
		return
	}
	var open, close string
	var keys, elems []Value
	switch v := v.(type) {
	case List:
		open, close, elems = "[", "]", v
	case Tuple:
		if len(v) == 1 {
			open, close, elems = "(", ",)", v
		} else {
			open, close, elems = "(", ")", v
		}
	case Dict:
		open, close, keys, elems = "{", "}", v.Keys, v.Vals
	default:
		b.WriteString(flat)
		return
	}
	if len(elems) == 0 {
		b.WriteString(flat)
		return
	}
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
			pretty(b, keys[i], k, at, inner, 2)
			b.WriteString(": ")
			at += len(k) + 2
		}
		pretty(b, e, e.Repr(), at, inner, after)
	}
	b.WriteString(close)
}
