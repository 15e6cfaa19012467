package layout

import "strings"

// LineWidth is the width the shell's own lines are made to fit: help,
// notes, the local servers' log lines.
const LineWidth = 80

// HangingWrap fills text into lines of at most width columns (fold):
// the first line starts with first, each later one with rest (a hanging
// indent), and each is as full as its own prefix leaves room for.
func HangingWrap(text string, width int, first, rest string) []string {
	lines := fold(text, width-len(first), width-len(rest))
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = rest + lines[i]
		}
	}
	return lines
}

// FoldWords breaks text at its blanks into lines of at most width
// columns; a word longer than width stays whole on a line of its own.
func FoldWords(text string, width int) []string { return fold(text, width, width) }

// CutWords is FoldWords for text that must fit whatever its words (a
// table's cell of text from outside): a word longer than width is cut.
func CutWords(text string, width int) []string {
	width = max(width, 1)
	var lines []string
	for _, l := range FoldWords(text, width) {
		for r := []rune(l); ; r = r[width:] {
			if len(r) <= width {
				lines = append(lines, string(r))
				break
			}
			lines = append(lines, string(r[:width]))
		}
	}
	return lines
}

// fold is FoldWords with a first line of its own width.
func fold(text string, first, rest int) []string {
	var lines []string
	line, width := "", first
	for _, w := range words(text) {
		switch {
		case line == "":
			line = w
		case runes(line)+1+runes(w) <= width:
			line += " " + w
		default:
			lines, line, width = append(lines, line), w, rest
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// words are text's words: its runs of characters other than blanks (a
// no-break space joins two words into one).
func words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
}

// Wrap breaks each line of text at its blanks into lines of at most width
// columns, the lines it adds starting with indent (counted in the width);
// a word too long for a line stays whole, a line's indentation stays but
// other runs of blanks become one, and a no-break space (NBSP) prints as
// a blank. The shell's own messages use it to fit the terminal;
// width 0 leaves the lines as they are.
func Wrap(text string, width int, indent string) string {
	if width <= 0 {
		return strings.ReplaceAll(text, NBSP, " ")
	}
	in := runes(indent)
	paras := strings.Split(text, "\n")
	for i, p := range paras {
		if runes(p) > width {
			// The line's own indentation stays.
			body := strings.TrimLeft(p, " ")
			lead := p[:len(p)-len(body)]
			paras[i] = lead + strings.Join(fold(body, max(width-len(lead), 1), max(width-in, 1)), "\n"+indent)
		}
	}
	return strings.ReplaceAll(strings.Join(paras, "\n"), NBSP, " ")
}

// ProseWidthFor is the width the shell's own sentences are wrapped at: 80
// columns, the most a line of the shell's own may take, or the
// terminal's width when it is narrower.
func ProseWidthFor(width int) int {
	if width <= 0 || width > 80 {
		return 80
	}
	return width
}
