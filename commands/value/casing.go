package value

//go:generate python3 testdata/casing/gen.py

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Python's case mappings are Unicode's full ones: a character may become
// several ('ß'.upper() is 'SS'), casefold is not lower ('ß'.casefold() is
// 'ss'), and a capital sigma ending a word lowers to a final sigma ('ΑΣ'
// .lower() is 'ας'). Go's unicode package maps one rune to one rune; the
// characters it cannot map so are in specialCases (casing_table.go).

// specialCase is one character's four full mappings.
type specialCase struct {
	r                         rune
	upper, lower, title, fold string
}

// special returns r's entry in specialCases, or nil.
func special(r rune) *specialCase {
	if r < specialCases[0].r {
		return nil
	}
	i, ok := slices.BinarySearchFunc(specialCases[:], r, func(c specialCase, r rune) int { return cmp.Compare(c.r, r) })
	if !ok {
		return nil
	}
	return &specialCases[i]
}

// isASCII reports whether s is all ASCII, whose case Go maps as Python.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// mapRunes writes f of each character of s (f gets the byte offset, for
// the final sigma's context).
func mapRunes(s string, f func(b *strings.Builder, s string, i int, r rune)) string {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		f(&b, s, i, r)
	}
	return b.String()
}

func writeUpper(b *strings.Builder, r rune) {
	if c := special(r); c != nil {
		b.WriteString(c.upper)
		return
	}
	b.WriteRune(unicode.ToUpper(r))
}

func writeTitle(b *strings.Builder, r rune) {
	if c := special(r); c != nil {
		b.WriteString(c.title)
		return
	}
	b.WriteRune(unicode.ToTitle(r))
}

// writeLower writes r, at byte offset i of s, lowered.
func writeLower(b *strings.Builder, s string, i int, r rune) {
	switch c := special(r); {
	case r == 'Σ' && finalSigma(s, i):
		b.WriteRune('ς')
	case c != nil:
		b.WriteString(c.lower)
	default:
		b.WriteRune(unicode.ToLower(r))
	}
}

// finalSigma reports whether the capital sigma at byte offset i of s ends
// a word, Unicode's Final_Sigma context: a cased letter before it and none
// after it (case-ignorable characters between are skipped).
func finalSigma(s string, i int) bool {
	before := strings.TrimRightFunc(s[:i], caseIgnorable)
	r, _ := utf8.DecodeLastRuneInString(before)
	if before == "" || !cased(r) {
		return false
	}
	after := strings.TrimLeftFunc(s[i+len("Σ"):], caseIgnorable)
	r, _ = utf8.DecodeRuneInString(after)
	return after == "" || !cased(r)
}

// cased is Unicode's Cased property: upper, lower or title case.
func cased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Uppercase, unicode.Other_Lowercase)
}

// isUpperCase and isLowerCase are Unicode's Uppercase and Lowercase
// properties, which Python's isupper, islower and swapcase use.
func isUpperCase(r rune) bool { return unicode.In(r, unicode.Lu, unicode.Other_Uppercase) }
func isLowerCase(r rune) bool { return unicode.In(r, unicode.Ll, unicode.Other_Lowercase) }

// caseIgnorable is Unicode's Case_Ignorable property: marks, format
// characters, modifiers, and the apostrophes, periods and colons that may
// sit inside a word.
func caseIgnorable(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk) ||
		strings.ContainsRune("'.:\u00b7\u0387\u055f\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a", r)
}

// upper is str.upper.
func upper(s string) string {
	if isASCII(s) {
		return strings.ToUpper(s)
	}
	return mapRunes(s, func(b *strings.Builder, s string, i int, r rune) { writeUpper(b, r) })
}

// lower is str.lower.
func lower(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return mapRunes(s, writeLower)
}

// casefold is str.casefold.
func casefold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return mapRunes(s, func(b *strings.Builder, s string, i int, r rune) {
		if c := special(r); c != nil {
			b.WriteString(c.fold)
			return
		}
		b.WriteRune(unicode.ToLower(r))
	})
}

// swapCase is str.swapcase: what is upper case is lowered, what is lower
// case is raised, the rest (a title-case ǅ) is kept.
func swapCase(s string) string {
	return mapRunes(s, func(b *strings.Builder, s string, i int, r rune) {
		switch {
		case isUpperCase(r):
			writeLower(b, s, i, r)
		case isLowerCase(r):
			writeUpper(b, r)
		default:
			b.WriteRune(r)
		}
	})
}

// titleCase is str.title: a cased character after another is lowered, the
// first of a run is title-cased.
func titleCase(s string) string {
	prevCased := false
	return mapRunes(s, func(b *strings.Builder, s string, i int, r rune) {
		if prevCased {
			writeLower(b, s, i, r)
		} else {
			writeTitle(b, r)
		}
		prevCased = cased(r)
	})
}

// capitalize is str.capitalize: the first character title-cased, the rest
// lowered.
func capitalize(s string) string {
	first := true
	return mapRunes(s, func(b *strings.Builder, s string, i int, r rune) {
		if first {
			writeTitle(b, r)
			first = false
			return
		}
		writeLower(b, s, i, r)
	})
}
