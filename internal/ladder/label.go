package ladder

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"sockshell/internal/escape"
)

// clean returns s made safe to draw. Every rune that a terminal would not
// show as one or two visible cells is written as a Python escape: control
// characters (\x1b; \n, \r and \t by letter), format characters such as
// the bidirectional overrides that reorder what follows (\u202e),
// combining and enclosing marks, unassigned and private-use code points,
// spaces other than ' ', and bytes that are not UTF-8 (\xff). The result is safe, not reversible: a
// backslash is left as it is, since labels are usually reprs already
// (b'\r\n') and doubling their backslashes would only make them unreadable.
func clean(s string) string {
	if !needsCleaning(s) {
		return s
	}
	return escape.Text(s, shown)
}

// needsCleaning reports whether clean would change s.
func needsCleaning(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !shown(r) {
			return true
		}
		i += size
	}
	return false
}

// shown reports whether r is drawn as it is: printable by the shell's one
// rule, and taking cells of its own. A mark that combines with the rune
// before it is escaped too, since the diagram lays text out by cells.
func shown(r rune) bool {
	return escape.IsPrintable(r) && !unicode.In(r, unicode.Mn, unicode.Me)
}

// runeWidth is how many terminal cells a rune that clean keeps takes: 2
// for East Asian wide and fullwidth runes (CJK, Hangul, fullwidth forms,
// most emoji), 1 for the rest. East Asian "ambiguous" runes (Greek, box
// drawing, ▶) count 1, as terminals show them outside CJK locales; there,
// the ASCII drawing is the one to use.
func runeWidth(r rune) int {
	if r < 0x1100 {
		return 1
	}
	_, wide := slices.BinarySearchFunc(wideRunes, r, func(e runeRange, r rune) int {
		switch {
		case r < e.lo:
			return 1
		case r > e.hi:
			return -1
		}
		return 0
	})
	if wide {
		return 2
	}
	return 1
}

// textWidth is how many terminal cells s takes once cleaned.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// truncate cuts the clean text s to at most w cells, ending it with
// ellipsis when it cuts, or with as much of s as fits when even the
// ellipsis does not.
func truncate(s string, w int, ellipsis string) string {
	if textWidth(s) <= w {
		return s
	}
	keep := w - textWidth(ellipsis)
	if keep < 0 {
		keep, ellipsis = w, ""
	}
	n := 0
	for i, r := range s {
		if n+runeWidth(r) > keep {
			return s[:i] + ellipsis
		}
		n += runeWidth(r)
	}
	return s + ellipsis // not reached: s is wider than keep
}

type runeRange struct{ lo, hi rune }

// wideRunes are the ranges of East Asian Width W and F (Unicode 15's
// EastAsianWidth.txt, merged into blocks; a few narrow runes inside
// the emoji blocks count 2 with them, which misaligns a line but never
// makes it wider than it is counted).
var wideRunes = []runeRange{
	{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec},
	{0x23f0, 0x23f0}, {0x23f3, 0x23f3}, {0x25fd, 0x25fe}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267f, 0x267f}, {0x2693, 0x2693}, {0x26a1, 0x26a1},
	{0x26aa, 0x26ab}, {0x26bd, 0x26be}, {0x26c4, 0x26c5}, {0x26ce, 0x26ce},
	{0x26d4, 0x26d4}, {0x26ea, 0x26ea}, {0x26f2, 0x26f3}, {0x26f5, 0x26f5},
	{0x26fa, 0x26fa}, {0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b},
	{0x2728, 0x2728}, {0x274c, 0x274c}, {0x274e, 0x274e}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27b0, 0x27b0}, {0x27bf, 0x27bf},
	{0x2b1b, 0x2b1c}, {0x2b50, 0x2b50}, {0x2b55, 0x2b55}, {0x2e80, 0x303e},
	{0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff}, {0xa000, 0xa4cf},
	{0xa960, 0xa97f}, {0xac00, 0xd7a3}, {0xf900, 0xfaff}, {0xfe10, 0xfe19},
	{0xfe30, 0xfe6f}, {0xff00, 0xff60}, {0xffe0, 0xffe6}, {0x16fe0, 0x16fe4},
	{0x17000, 0x18aff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
	{0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f251}, {0x1f300, 0x1f64f},
	{0x1f680, 0x1f6ff}, {0x1f7e0, 0x1f7eb}, {0x1f90c, 0x1f9ff}, {0x1fa70, 0x1faff},
	{0x20000, 0x2fffd}, {0x30000, 0x3fffd},
}
