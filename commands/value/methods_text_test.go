package value

import (
	"context"
	"testing"
)

// callMethod is recv.name(args...) as its repr, or the error.
func callMethod(recv Value, name string, args ...Value) string {
	m, err := GetAttr(recv, name)
	if err != nil {
		return err.Error()
	}
	return result(m.(Callable).Call(context.Background(), args, nil))
}

// str and bytes methods at their edges (each expected result printed by
// Python 3.11 for the call in the comment):
//   - center puts the odd fill character on the right when the width is
//     even (CPython: left = pad/2 + (pad & width & 1));
//   - split(None, maxsplit) keeps the rest of the string as it is,
//     trailing white space included;
//   - bytes.find, rfind, count and index take an int for a single byte.
func TestTextMethods(t *testing.T) {
	tests := []struct {
		recv Value
		name string
		args []Value
		want string
	}{
		{Str("abc"), "center", []Value{Int(8), Str("*")}, "'**abc***'"}, // 'abc'.center(8, '*')
		{Str("ab"), "center", []Value{Int(5)}, "'  ab '"},               // 'ab'.center(5)
		{Str("abc"), "center", []Value{Int(4)}, "'abc '"},               // 'abc'.center(4)
		{Str("x"), "center", []Value{Int(6), Str("-")}, "'--x---'"},     // 'x'.center(6, '-')
		{Bytes("abc"), "center", []Value{Int(8), Bytes("*")}, "b'**abc***'"},
		{Str("  a b  "), "split", []Value{None, Int(1)}, "['a', 'b  ']"},   // '  a b  '.split(None, 1)
		{Str("  a  b  "), "rsplit", []Value{None, Int(1)}, "['  a', 'b']"}, // '  a  b  '.rsplit(None, 1)
		{Bytes("abc"), "find", []Value{Int(98)}, "1"},                      // b'abc'.find(98)
		{Bytes("abc"), "rfind", []Value{Int(99)}, "2"},                     // b'abc'.rfind(99)
		{Bytes("abc"), "count", []Value{Int(98)}, "1"},                     // b'abc'.count(98)
		{Bytes("abc"), "index", []Value{Int(99)}, "2"},                     // b'abc'.index(99)
	}
	for _, tt := range tests {
		if got := callMethod(tt.recv, tt.name, tt.args...); got != tt.want {
			t.Errorf("%s.%s%v = %s, want %s", tt.recv.Repr(), tt.name, tt.args, got, tt.want)
		}
	}
}

// Unicode's special casing, which Python follows and Go's unicode package
// (one rune to one rune) does not: 'ß'.casefold() is 'ss', 'ﬁ'.upper()
// 'FI', 'ΑΣ'.lower() ends with a final sigma 'ας', 'İ'.lower() is 'i'
// plus a combining dot, and 'ǅ'.swapcase() leaves the title-case letter.
func TestSpecialCasing(t *testing.T) {
	tests := []struct{ s, method, want string }{
		{"ß", "casefold", "'ss'"},
		{"ﬁ", "upper", "'FI'"},
		{"ΑΣ", "lower", "'ας'"},
		{"İ", "lower", "'i\u0307'"},
		{"ǅ", "swapcase", "'ǅ'"},
		{"ΑΣ ΑΣ.", "lower", "'ας ας.'"}, // a sigma ending a word, before a space or a period
		{"ΣΑ Σ", "lower", "'σα σ'"},     // not at a word's end, nor alone
		{"ΑΣ́Α", "lower", "'ασ́α'"},     // a mark does not end the word
		{"ΑΣ", "swapcase", "'ας'"},
		{"ΑΣ", "casefold", "'ασ'"},
		{"ﬁx ǆa", "title", "'Fix ǅa'"},
		{"a中b", "title", "'A中B'"},  // 中 is a letter but not cased
		{"Ⅰv", "swapcase", "'ⅰV'"}, // Roman numerals have a case
		{"ŉ", "upper", "'ʼN'"},
		{"ßa", "capitalize", "'Ssa'"},
		{"ſ", "casefold", "'s'"},
	}
	for _, tt := range tests {
		if got := callMethod(Str(tt.s), tt.method); got != tt.want {
			t.Errorf("%q.%s() = %s, want %s", tt.s, tt.method, got, tt.want)
		}
	}
}
