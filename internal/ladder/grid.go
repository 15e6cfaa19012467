package ladder

import (
	"strconv"
	"strings"
)

// A cell is one terminal cell of the text drawing.
type cell struct {
	r      rune  // 0 for the right half of the wide rune to its left
	colour int16 // the lane whose colour the cell takes; -1 for none
}

// A grid is the text drawing: lines of exactly width cells, each cell
// written at most once per stroke. Writing never goes past the width: that
// is where the promise that no line is wider than the terminal is kept.
type grid struct {
	width int
	lines [][]cell
}

// newLine appends a blank line and returns its index.
func (g *grid) newLine() int {
	line := make([]cell, g.width)
	for i := range line {
		line[i] = cell{' ', -1}
	}
	g.lines = append(g.lines, line)
	return len(g.lines) - 1
}

// put writes rune r (clean) in colour at cell x of line y; off the line
// it does nothing. A wide rune that would stick out of the line is written
// as a space, and a wide rune half overwritten becomes a space, so that
// no cell is left holding half a rune.
func (g *grid) put(y, x int, r rune, colour int) {
	line := g.lines[y]
	if x < 0 || x >= g.width {
		return
	}
	w := runeWidth(r)
	if w == 2 && x+1 >= g.width {
		r, w = ' ', 1
	}
	if line[x].r == 0 { // the right half of a wide rune: its left half goes
		line[x-1].r = ' '
	}
	end := x + w // the first cell after r
	if end < g.width && line[end].r == 0 {
		line[end].r = ' ' // a wide rune whose left half r covers
	}
	line[x] = cell{r, int16(colour)}
	if w == 2 {
		line[x+1] = cell{0, int16(colour)}
	}
}

// write writes the clean text s from cell x of line y and returns the
// cell after it. Cells before 0 and from the width on are left out.
func (g *grid) write(y, x int, s string, colour int) int {
	for _, r := range s {
		g.put(y, x, r, colour)
		x += runeWidth(r)
	}
	return x
}

// ansiColours are the SGR foreground codes given to lanes in turn: cyan,
// yellow, magenta, green, blue, red (red last: it reads as an error).
var ansiColours = [...]int{36, 33, 35, 32, 34, 31}

// flush writes the lines drawn so far to b, each ending in "\n", trailing
// blanks cut, and forgets them, so that a long diagram is held a step at a
// time, not whole. With colour, each run of cells of one lane's colour is
// wrapped in ESC[3Xm ... ESC[0m; nothing else differs.
func (g *grid) flush(b *strings.Builder, colour bool) {
	for _, line := range g.lines {
		end := len(line)
		for end > 0 && line[end-1].r == ' ' {
			end--
		}
		current := int16(-1)
		for _, c := range line[:end] {
			if colour && c.colour != current {
				if current >= 0 {
					b.WriteString("\x1b[0m")
				}
				if c.colour >= 0 {
					b.WriteString("\x1b[" + strconv.Itoa(ansiColours[int(c.colour)%len(ansiColours)]) + "m")
				}
				current = c.colour
			}
			if c.r != 0 {
				b.WriteRune(c.r)
			}
		}
		if current >= 0 {
			b.WriteString("\x1b[0m")
		}
		b.WriteByte('\n')
	}
	g.lines = g.lines[:0]
}
