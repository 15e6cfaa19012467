package ladder

import (
	"strconv"
	"strings"
)

// DefaultWidth is the width Text draws in when given none: a terminal's
// classic 80 columns, what a script should use when $COLUMNS is unset.
const DefaultWidth = 80

// minSlot is the fewest columns a lane may have: its line, and room on
// each side for a short arrow ─▶ into it. With fewer, Text lists the
// events one a line instead of drawing lanes.
const minSlot = 5

// TextOptions says how Text draws.
type TextOptions struct {
	// Width is the most cells a line may take; 0 or less means
	// DefaultWidth. A wide (CJK) rune counts 2.
	Width int
	// Colour gives each lane an ANSI colour (ESC[3Xm ... ESC[0m) for its
	// line, header, arrows and labels. Colour only helps tell lanes apart:
	// without the escapes, the text is the same, character for character.
	// The caller decides it (NO_COLOR, --color, a terminal or not).
	Colour bool
	// ASCII draws with ASCII only (| - > < : ~ + ...), for terminals and
	// fonts without box drawing characters.
	ASCII bool
}

// glyphs are the characters a text drawing is made of.
type glyphs struct {
	bar, remoteBar, gapBar rune   // lifelines: a session lane, a peer outside it, a time gap
	stroke, dashed         rune   // an arrow's shaft: delivered, pending
	right, left            rune   // arrowheads
	teeRight, teeLeft      rune   // where a note leaves its lane: to the right, to the left
	loopTop, loopBottom    rune   // the far corners of a message to oneself, drawn right
	loopTopL, loopBottomL  rune   // the same, drawn left
	ellipsis               string // the end of a label cut short
	to, from               string // between two lanes' names in a list
}

var unicodeGlyphs = glyphs{
	bar: '│', remoteBar: '╎', gapBar: '⋮',
	stroke: '─', dashed: '┄',
	right: '▶', left: '◀',
	teeRight: '├', teeLeft: '┤',
	loopTop: '┐', loopBottom: '┘', loopTopL: '┌', loopBottomL: '└',
	ellipsis: "…", to: " → ", from: " ← ",
}

var asciiGlyphs = glyphs{
	bar: '|', remoteBar: ':', gapBar: '~',
	stroke: '-', dashed: '.',
	right: '>', left: '<',
	teeRight: '+', teeLeft: '+',
	loopTop: '+', loopBottom: '+', loopTopL: '+', loopBottomL: '+',
	ellipsis: "...", to: " -> ", from: " <- ",
}

// Text draws the diagram for a terminal: one column per lane, evenly
// spaced across the width, a header of lane names (staggered over two
// lines when they do not fit side by side, then cut short), and the rows
// below, every label above its arrow and cut with an ellipsis to fit.
// No line is wider than the width; no line is wrapped. When the lanes do
// not fit at all (fewer than 5 columns each), the events are listed one a
// line instead. Every line ends in "\n"; an empty diagram draws as "".
//
// Labels are escaped here (see the package doc): the result holds no
// control character but "\n" and, with Colour, the colour escapes.
func (d *Diagram) Text(o TextOptions) string {
	if o.Width <= 0 {
		o.Width = DefaultWidth
	}
	p := newPlan(d)
	n := len(p.lanes)
	if n == 0 {
		return ""
	}
	t := &textDrawing{p: p, g: unicodeGlyphs, grid: grid{width: o.Width}, colour: o.Colour}
	if o.ASCII {
		t.g = asciiGlyphs
	}
	if t.slot = o.Width / n; t.slot < minSlot {
		t.list()
	} else {
		t.col = make([]int, n)
		for i := range t.col {
			t.col[i] = i*t.slot + t.slot/2
		}
		t.header()
		for s, rows := range p.steps {
			t.grid.flush(&t.out, t.colour)
			t.step(s, rows)
		}
		t.legend()
	}
	t.grid.flush(&t.out, t.colour)
	return t.out.String()
}

// textDrawing is one drawing of a plan in text.
type textDrawing struct {
	p      *plan
	g      glyphs
	grid   grid            // the lines of the step being drawn
	colour bool            // whether to colour the lanes
	out    strings.Builder // the lines drawn
	slot   int             // columns per lane
	col    []int           // the column of each lane's line
}

// fit cuts the clean text s to at most w cells.
func (t *textDrawing) fit(s string, w int) string { return truncate(s, w, t.g.ellipsis) }

// line appends a line to step s, with the lifelines drawn through it,
// and returns its index.
func (t *textDrawing) line(s int) int {
	y := t.grid.newLine()
	for lane := range t.p.lanes {
		var r rune
		switch t.p.lifeline(s, lane) {
		case solidLifeline:
			r = t.g.bar
		case remoteLifeline:
			r = t.g.remoteBar
		case gapLifeline:
			r = t.g.gapBar
		default:
			continue
		}
		t.grid.put(y, t.col[lane], r, lane)
	}
	return y
}

// place writes the clean text s on line y, cut to the width, starting at
// cell x if it fits there, or shifted left as far as it must.
func (t *textDrawing) place(y, x int, s string, colour int) {
	s = t.fit(s, t.grid.width)
	w := textWidth(s)
	t.grid.write(y, max(0, min(x, t.grid.width-w)), s, colour)
}

// centre writes s on line y centred between cells lo and hi if it fits
// there, else from lo on (see place).
func (t *textDrawing) centre(y, lo, hi int, s string, colour int) {
	if w := textWidth(s); w <= hi-lo+1 {
		lo += (hi - lo + 1 - w) / 2
	}
	t.place(y, lo, s, colour)
}

// stub is the length in cells of a short arrow (Arrival, Departure),
// head included: at least 2, and short enough to stay in the lane's own
// slot on either side.
func (t *textDrawing) stub() int { return min(6, (t.slot+1)/2-1) }

func (t *textDrawing) step(s int, rows []Row) {
	r := rows[0]
	switch r.Kind {
	case Message:
		if r.Lane == r.Peer {
			t.loop(s, r)
		} else {
			t.message(s, r)
		}
	case Arrival, Departure:
		t.short(s, r)
	case Note:
		t.note(s, r)
	case State:
		t.states(s, rows)
	case Gap:
		y := t.line(s)
		if r.Label != "" {
			t.centre(y, 0, t.grid.width-1, " "+r.Label+" ", -1)
		}
	}
}

// shaft is the stroke of r's arrow.
func (t *textDrawing) shaft(r Row) rune {
	if r.Pending {
		return t.g.dashed
	}
	return t.g.stroke
}

// message draws an arrow from one lane's line to another's, across the
// lanes between, with its label centred above it.
func (t *textDrawing) message(s int, r Row) {
	from, to := t.col[r.Lane], t.col[r.Peer]
	lo, hi := min(from, to), max(from, to)
	if r.Label != "" {
		t.centre(t.line(s), lo+2, hi-2, r.Label, r.Lane)
	}
	y := t.line(s)
	for x := lo + 1; x < hi; x++ {
		t.grid.put(y, x, t.shaft(r), r.Lane)
	}
	if to > from {
		t.grid.put(y, to-1, t.g.right, r.Lane)
	} else {
		t.grid.put(y, to+1, t.g.left, r.Lane)
	}
}

// loop draws a message from a lane to itself, as a loop out to the
// right (to the left if there is no room) and back.
func (t *textDrawing) loop(s int, r Row) {
	c := t.col[r.Lane]
	right := c+3 < t.grid.width
	if r.Label != "" {
		y := t.line(s)
		if right {
			t.place(y, c+2, r.Label, r.Lane)
		} else {
			t.place(y, c-2-textWidth(r.Label), r.Label, r.Lane)
		}
	}
	top, bottom := t.line(s), t.line(s)
	if right {
		t.grid.write(top, c+1, string([]rune{t.shaft(r), t.shaft(r), t.g.loopTop}), r.Lane)
		t.grid.write(bottom, c+1, string([]rune{t.g.left, t.shaft(r), t.g.loopBottom}), r.Lane)
	} else {
		t.grid.write(top, c-3, string([]rune{t.g.loopTopL, t.shaft(r), t.shaft(r)}), r.Lane)
		t.grid.write(bottom, c-3, string([]rune{t.g.loopBottomL, t.shaft(r), t.g.right}), r.Lane)
	}
}

// short draws a short arrow beside a lane's line, on its left side or
// its right, pointing at the line (an arrival) or away from it (a
// departure), with the label above it, against the line.
func (t *textDrawing) short(s int, r Row) {
	leftSide, pointsRight := stubSide(r)
	c, k := t.col[r.Lane], t.stub()
	if r.Label != "" {
		y := t.line(s)
		if leftSide {
			t.place(y, c-1-textWidth(r.Label), r.Label, r.Lane)
		} else {
			t.place(y, c+2, r.Label, r.Lane)
		}
	}
	y := t.line(s)
	lo := c + 1 // the arrow's first cell
	if leftSide {
		lo = c - k
	}
	for x := lo; x < lo+k; x++ {
		t.grid.put(y, x, t.shaft(r), r.Lane)
	}
	if pointsRight {
		t.grid.put(y, lo+k-1, t.g.right, r.Lane)
	} else {
		t.grid.put(y, lo, t.g.left, r.Lane)
	}
}

// note writes a note beside its lane's line, on the right if it fits
// there, else on the left if it fits there, else on the roomier side, cut.
func (t *textDrawing) note(s int, r Row) {
	y, c, w := t.line(s), t.col[r.Lane], textWidth(r.Label)
	roomRight, roomLeft := t.grid.width-(c+3), c-2
	if w <= roomRight || w > roomLeft && roomRight >= roomLeft {
		t.grid.write(y, c, string([]rune{t.g.teeRight, t.g.stroke}), r.Lane)
		t.grid.write(y, c+3, t.fit(r.Label, roomRight), r.Lane)
		return
	}
	label := t.fit(r.Label, roomLeft)
	t.grid.write(y, c-2-textWidth(label), label, r.Lane)
	t.grid.write(y, c-1, string([]rune{t.g.stroke, t.g.teeLeft}), r.Lane)
}

// states writes each lane's new state, bracketed, across its line: side
// by side where they do not overlap, on further lines where they would.
func (t *textDrawing) states(s int, rows []Row) {
	type span struct{ lo, hi int }
	var lines []int
	var used [][]span // per line, the cells taken
	for _, r := range rows {
		label := "[" + t.fit(r.Label, t.grid.width-2) + "]"
		label = t.fit(label, t.grid.width)
		w := textWidth(label)
		x := max(0, min(t.col[r.Lane]-(w-1)/2, t.grid.width-w))
		at := span{x - 1, x + w} // with a blank on each side
		i := 0
		for ; i < len(lines); i++ {
			free := true
			for _, u := range used[i] {
				if at.lo <= u.hi && u.lo <= at.hi {
					free = false
				}
			}
			if free {
				break
			}
		}
		if i == len(lines) {
			lines, used = append(lines, t.line(s)), append(used, nil)
		}
		used[i] = append(used[i], span{x, x + w - 1})
		t.grid.write(lines[i], x, label, r.Lane)
	}
}

// header writes the lanes' labels and sublabels, each centred on its
// lane's column. When one does not fit in its lane's share of the width,
// the lanes take turns over two lines (odd lanes on the second, the even
// lanes' lines running through it), each with twice the room; what still
// does not fit is cut short.
func (t *textDrawing) header() {
	all := make([]int, len(t.p.lanes))
	for i := range all {
		all[i] = i
	}
	groups := [][]int{all}
	if len(all) > 1 && !t.headerFits(all) {
		var even, odd []int
		for i := range all {
			if i%2 == 0 {
				even = append(even, i)
			} else {
				odd = append(odd, i)
			}
		}
		groups = [][]int{even, odd}
	}
	var above []int // the lanes named on earlier lines
	for _, lanes := range groups {
		for _, field := range []func(Lane) string{
			func(l Lane) string { return l.Label },
			func(l Lane) string { return l.Sublabel },
		} {
			if !t.anyText(lanes, field) {
				continue
			}
			y := t.grid.newLine()
			for _, lane := range above {
				bar := t.g.bar
				if t.p.lanes[lane].Remote {
					bar = t.g.remoteBar
				}
				t.grid.put(y, t.col[lane], bar, lane)
			}
			for j, lane := range lanes {
				lo, hi := t.room(lanes, j)
				text := t.fit(field(t.p.lanes[lane]), hi-lo+1)
				w := textWidth(text)
				x := max(lo, min(t.col[lane]-(w-1)/2, hi-w+1))
				t.grid.write(y, x, text, lane)
			}
		}
		above = append(above, lanes...)
	}
}

func (t *textDrawing) anyText(lanes []int, field func(Lane) string) bool {
	for _, lane := range lanes {
		if field(t.p.lanes[lane]) != "" {
			return true
		}
	}
	return false
}

// headerFits reports whether every label and sublabel fits in its lane's
// room when all lanes share one line.
func (t *textDrawing) headerFits(lanes []int) bool {
	for j, lane := range lanes {
		lo, hi := t.room(lanes, j)
		l := t.p.lanes[lane]
		if textWidth(l.Label) > hi-lo+1 || textWidth(l.Sublabel) > hi-lo+1 {
			return false
		}
	}
	return true
}

// room is the cells that lane lanes[j] may write its header in, on a line
// it shares with the other lanes: up to a blank cell half way to its
// neighbours, or to the edge.
func (t *textDrawing) room(lanes []int, j int) (lo, hi int) {
	lo, hi = 0, t.grid.width-1
	if j > 0 {
		lo = (t.col[lanes[j-1]]+t.col[lanes[j]])/2 + 1
	}
	if j < len(lanes)-1 {
		hi = (t.col[lanes[j]]+t.col[lanes[j+1]])/2 - 1
	}
	return lo, hi
}

// legend explains, in words, the lines that colour alone would not.
func (t *textDrawing) legend() {
	var lines []string
	if t.p.remote {
		lines = append(lines, string(t.g.remoteBar)+"  peer outside the session: drawn from what this side saw")
	}
	if t.p.pending {
		lines = append(lines, string([]rune{t.g.dashed, t.g.dashed, t.g.right})+" not (yet) received")
	}
	if len(lines) == 0 {
		return
	}
	t.grid.newLine()
	for _, l := range lines {
		t.grid.write(t.grid.newLine(), 0, t.fit(l, t.grid.width), -1)
	}
}

// list writes the events one a line, for when the lanes do not fit side
// by side: "client → conn: send 21 b'Hey'", "conn ← client: recv 16 ...",
// "conn: [ESTABLISHED]".
func (t *textDrawing) list() {
	name := func(lane int) string {
		if lane == NoLane {
			return "?"
		}
		return t.fit(t.p.lanes[lane].Label, 20)
	}
	t.place(t.grid.newLine(), 0, strconv.Itoa(len(t.p.lanes))+" lanes do not fit in "+
		strconv.Itoa(t.grid.width)+" columns; one event a line:", -1)
	for _, rows := range t.p.steps {
		for _, r := range rows {
			var s string
			switch r.Kind {
			case Message, Departure:
				s = name(r.Lane) + t.g.to + name(r.Peer) + ": " + r.Label
			case Arrival:
				s = name(r.Lane) + t.g.from + name(r.Peer) + ": " + r.Label
			case Note:
				s = name(r.Lane) + ": " + r.Label
			case State:
				s = name(r.Lane) + ": [" + r.Label + "]"
			case Gap:
				s = string(t.g.gapBar) + " " + r.Label
			}
			if r.Pending {
				s += " (not (yet) received)"
			}
			t.place(t.grid.newLine(), 0, s, r.Lane)
			t.grid.flush(&t.out, t.colour)
		}
	}
}
