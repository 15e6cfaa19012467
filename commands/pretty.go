package commands

import "strings"

// prettyWidth is the line width IPython (the lecture's REPL) fills before it
// breaks a container over several lines.
const prettyWidth = 79

// Pretty returns v as the lecture's IPython prompt shows a result: its repr on
// one line when it fits in 79 columns, otherwise each container that does not
// fit broken one element per line, indented under its opening bracket.
func Pretty(v Value) string {
	var b strings.Builder
	pretty(&b, v, 0, 0)
	return b.String()
}

// pretty writes v starting at column col; trail is how many characters
// (closing brackets, a comma) will follow v on its last line.
func pretty(b *strings.Builder, v Value, col, trail int) {
	flat := v.Repr()
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
	inner := col + len(open)
	for i, e := range elems {
		if i > 0 {
			b.WriteString(",\n")
			b.WriteString(strings.Repeat(" ", inner))
		}
		after := 1 // the comma
		if i == len(elems)-1 {
			after = len(close) + trail
		}
		at := inner
		if keys != nil {
			k := keys[i].Repr() + ": "
			b.WriteString(k)
			at += len(k)
		}
		pretty(b, e, at, after)
	}
	b.WriteString(close)
}
