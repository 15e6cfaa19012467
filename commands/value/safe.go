package value

import (
	"strings"
	"unicode/utf8"

	"sockshell/internal/escape"
)

// The one rule for text the shell shows is escape.IsPrintable (Python's
// str.isprintable()); everything else is written as its escape (\x1b,
// \u202e). The shell's printers use it through the functions of this
// file, so they never disagree.

// IsPrintable reports whether r may be shown as it stands.
func IsPrintable(r rune) bool { return escape.IsPrintable(r) }

// Printable reports whether all of s may be shown as it stands.
func Printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c >= 0x7f {
			return printableSlow(s[i:])
		}
	}
	return true
}

func printableSlow(s string) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if !IsPrintable(r) {
			return false
		}
	}
	return true
}

// Safe returns s with every character that is not printable written as
// its escape, without quotes: what the shell shows of text it did not
// write itself. keep lists characters that may stay as they are (a
// newline and a tab for print's output).
func Safe(s string, keep string) string {
	if Printable(s) {
		return s
	}
	return escape.Text(s, func(r rune) bool {
		return IsPrintable(r) || r < utf8.RuneSelf && strings.IndexByte(keep, byte(r)) >= 0
	})
}

// ShowLine returns a line of input as it can safely be shown again (echoed
// in a transcript): what was typed, with every character that is not
// printable escaped. Tabs stay.
func ShowLine(line string) string { return Safe(line, "\t") }

// PrintText is what print() writes for text: as it is, with newlines and
// tabs, and a CR only before a newline; every other character that is not
// printable escaped, since decoded network data must not drive the
// terminal.
func PrintText(t string) string {
	if Printable(t) {
		return t
	}
	var b strings.Builder
	for i := 0; i < len(t); {
		if t[i] == '\r' && i+1 < len(t) && t[i+1] == '\n' {
			b.WriteString("\r\n")
			i += 2
			continue
		}
		j := i + 1
		for j < len(t) && t[j] != '\r' {
			j++
		}
		b.WriteString(Safe(t[i:j], "\n\t"))
		i = j
	}
	return b.String()
}

// ForMessage makes text safe to put in an error message: escaped as by
// Safe, and cut to about 60 bytes, so that a mistyped megabyte does not
// come back whole.
func ForMessage(s string) string {
	short := CutText(s)
	cut := ""
	if len(short) < len(s) {
		short, cut = short[:len(short)-3], "..."
	}
	return Safe(short, "") + cut
}

// CutText shortens s to about 60 bytes, on a rune boundary, ending it with
// "..." when something was cut.
func CutText(s string) string {
	const most = 60
	if len(s) <= most {
		return s
	}
	n := most
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// TextOrRepr is s when it is printable, else its repr: for a name that
// came from the network (a canonical name from DNS) shown in plain text.
func TextOrRepr(s string) string {
	if Printable(s) {
		return s
	}
	return Quote(s, false)
}
