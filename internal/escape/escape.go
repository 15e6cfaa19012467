// Package escape writes bytes as they stand inside a Python bytes literal,
// so that no byte read from the network reaches a terminal raw. Both the
// shell's values (commands) and the system-call trace (netinfo) use it;
// netinfo must not import commands, so the one copy lives here.
package escape

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Byte writes c as Python's bytes repr shows it inside quotes q: the quote
// and the backslash escaped, \n, \r and \t by letter, printable ASCII as
// it is, and every other byte as \xNN.
func Byte(b *strings.Builder, c, q byte) {
	switch {
	case c == q || c == '\\':
		b.WriteByte('\\')
		b.WriteByte(c)
	case c == '\n':
		b.WriteString(`\n`)
	case c == '\r':
		b.WriteString(`\r`)
	case c == '\t':
		b.WriteString(`\t`)
	case c < 0x20 || c >= 0x7f:
		Hex(b, c)
	default:
		b.WriteByte(c)
	}
}

// Hex writes c as \xNN, with lower-case digits as Python writes them.
func Hex(b *strings.Builder, c byte) {
	const digits = "0123456789abcdef"
	b.WriteString(`\x`)
	b.WriteByte(digits[c>>4])
	b.WriteByte(digits[c&15])
}

// IsPrintable is the one rule for text the shell shows: a character may
// reach the terminal as it stands only if it is printable as Python's
// str.isprintable() defines it (letters, marks, numbers, punctuation,
// symbols and the ASCII space; no control, format, separator other than
// space, surrogate or unassigned character). Every printer of the shell
// decides by it (package value's Printable and Safe, the trace, the
// diagrams), so that none lets through what another escapes.
func IsPrintable(r rune) bool { return unicode.IsPrint(r) }

// Rune writes r as Python writes a character it escapes: \xNN up to
// U+00FF, \uNNNN up to U+FFFF, \UNNNNNNNN beyond.
func Rune(b *strings.Builder, r rune) {
	const digits = "0123456789abcdef"
	var n int
	switch {
	case r <= 0xff:
		Hex(b, byte(r))
		return
	case r <= 0xffff:
		b.WriteString(`\u`)
		n = 4
	default:
		b.WriteString(`\U`)
		n = 8
	}
	for i := n - 1; i >= 0; i-- {
		b.WriteByte(digits[(r>>(4*i))&15])
	}
}

// Text returns s with every character that shown refuses written as its
// escape, without quotes: \n, \r and \t by letter, a byte that is not
// UTF-8 as \xNN, any other character as Rune writes it. A backslash that
// shown accepts stays as it is: the result is safe to show, not a literal
// to read back.
func Text(s string, shown func(r rune) bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			Hex(&b, s[i])
		case shown(r):
			b.WriteString(s[i : i+size])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		default:
			Rune(&b, r)
		}
		i += size
	}
	return b.String()
}
