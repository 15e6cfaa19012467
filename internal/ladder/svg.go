package ladder

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
)

// The SVG's measures, in pixels. Text is monospace, so a label's width is
// its cells times charWidth; charWidth is a little more than the 0.6 em
// of common monospace fonts, so that the estimate errs wide.
const (
	fontSize   = 14
	charWidth  = 8.6
	lineHeight = 22
	minSpacing = 150 // between two lanes' lines
	maxSpacing = 520
	stubLength = 44 // a short arrow (Arrival, Departure)
	pad        = 16 // around the picture
)

// svgFonts are the monospace fonts the SVG asks for, in order.
const svgFonts = `ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace`

// svgColours are the lanes' colours, in turn: dark enough for text and
// thin lines on white, and told apart by most colour-blind viewers.
var svgColours = [...]string{"#0072b2", "#d55e00", "#009e73", "#b0417f", "#8a6d00", "#3c3c99"}

// SVG draws the diagram as a standalone SVG document, sized to its
// content, for slides: the same lanes, rows and legend as Text, with lanes
// far enough apart for their labels (up to a limit past which labels are
// cut), lane names in boxes, states in rounded boxes on the lifelines,
// arrowheads as markers, and monospace text. Labels are escaped as for
// Text, then as XML.
func (d *Diagram) SVG() []byte {
	s := &svgDrawing{p: newPlan(d), minX: math.Inf(1), maxX: math.Inf(-1)}
	s.layout()
	s.header()
	for i, rows := range s.p.steps {
		s.step(i, rows)
	}
	s.lifelines()
	s.legend()
	return s.document()
}

// svgDrawing is one drawing of a plan in SVG.
type svgDrawing struct {
	p       *plan
	spacing float64   // between neighbouring lanes' lines
	x       []float64 // each lane's line
	y       float64   // the top of what is drawn next
	top     []float64 // each step's top; then the bottom of the last
	headerY float64   // the bottom of the lane headers

	// The body, in two layers: lifelines under everything else.
	under, over bytes.Buffer
	minX, maxX  float64 // what the body covers, across
}

// cut cuts the clean text s to fit in px pixels.
func cut(s string, px float64) string {
	return truncate(s, max(0, int(px/charWidth)), "…")
}

// textPx is the width of the clean text s in pixels.
func textPx(s string) float64 { return float64(textWidth(s)) * charWidth }

// layout chooses the lanes' spacing: enough for the widest label each kind
// of row puts between or beside lanes, within minSpacing and maxSpacing.
func (s *svgDrawing) layout() {
	s.spacing = minSpacing
	need := func(px float64) { s.spacing = min(maxSpacing, max(s.spacing, px)) }
	for _, l := range s.p.lanes {
		need(max(textPx(l.Label), textPx(l.Sublabel)) + 40)
	}
	for _, rows := range s.p.steps {
		for _, r := range rows {
			switch r.Kind {
			case Message:
				if r.Lane != r.Peer {
					need((textPx(r.Label) + 24) / math.Abs(float64(r.Peer-r.Lane)))
				}
			case Arrival, Departure, Note:
				need(textPx(r.Label) + 30)
			case State:
				need(textPx(r.Label) + 2*charWidth + 30)
			}
		}
	}
	s.x = make([]float64, len(s.p.lanes))
	for i := range s.x {
		s.x[i] = float64(i) * s.spacing
	}
	s.y = pad
}

// colour is lane's colour, or a dark grey for none.
func colour(lane int) string {
	if lane < 0 {
		return "#333"
	}
	return svgColours[lane%len(svgColours)]
}

// covers widens what the body covers to take in lo to hi.
func (s *svgDrawing) covers(lo, hi float64) {
	s.minX, s.maxX = min(s.minX, lo), max(s.maxX, hi)
}

// text writes the clean text t at x, y (its baseline) with the anchor
// start, middle or end; with ground, on a white ground that hides the
// lifelines it crosses (text in a box needs none).
func (s *svgDrawing) text(x, y float64, anchor, t, attrs string, ground bool) {
	w := textPx(t)
	left := x
	switch anchor {
	case "middle":
		left = x - w/2
	case "end":
		left = x - w
	}
	s.covers(left, left+w)
	if ground && t != "" {
		fmt.Fprintf(&s.over, `<rect x="%s" y="%s" width="%s" height="%d" fill="#fff"/>`+"\n",
			num(left-2), num(y-fontSize+1), num(w+4), fontSize+4)
	}
	fmt.Fprintf(&s.over, `<text x="%s" y="%s" text-anchor="%s"%s>`, num(x), num(y), anchor, attrs)
	xml.EscapeText(&s.over, []byte(t))
	s.over.WriteString("</text>\n")
}

// line draws a straight line in lane's colour; dash, if not empty, is its
// stroke-dasharray and head, if true, puts an arrowhead at x2, y2.
func (s *svgDrawing) line(buf *bytes.Buffer, x1, y1, x2, y2 float64, lane int, width, dash string, head bool) {
	s.covers(min(x1, x2), max(x1, x2))
	fmt.Fprintf(buf, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"`,
		num(x1), num(y1), num(x2), num(y2), colour(lane), width)
	if dash != "" {
		fmt.Fprintf(buf, ` stroke-dasharray="%s"`, dash)
	}
	if head {
		fmt.Fprintf(buf, ` marker-end="url(#head%d)"`, lane%len(svgColours))
	}
	buf.WriteString("/>\n")
}

// box draws a rectangle centred on x, from y down h, w wide.
func (s *svgDrawing) box(x, y, w, h float64, lane int, rx, dash string) {
	s.covers(x-w/2, x+w/2)
	fmt.Fprintf(&s.over, `<rect x="%s" y="%s" width="%s" height="%s" rx="%s" fill="#fff" stroke="%s" stroke-width="2"`,
		num(x-w/2), num(y), num(w), num(h), rx, colour(lane))
	if dash != "" {
		fmt.Fprintf(&s.over, ` stroke-dasharray="%s"`, dash)
	}
	s.over.WriteString("/>\n")
}

// header draws each lane's name, and address if any lane has one, in a box
// over its line; a peer outside the session has a dashed box.
func (s *svgDrawing) header() {
	lines := 1
	for _, l := range s.p.lanes {
		if l.Sublabel != "" {
			lines = 2
		}
	}
	h := float64(lines)*lineHeight + 8
	for i, l := range s.p.lanes {
		label, sub := cut(l.Label, s.spacing-40), cut(l.Sublabel, s.spacing-40)
		w := max(textPx(label), textPx(sub)) + 20
		dash := ""
		if l.Remote {
			dash = "6 4"
		}
		s.box(s.x[i], s.y, w, h, i, "3", dash)
		s.text(s.x[i], s.y+lineHeight-2, "middle", label, ` font-weight="bold" fill="`+colour(i)+`"`, false)
		if sub != "" {
			s.text(s.x[i], s.y+2*lineHeight-2, "middle", sub, ` fill="#444"`, false)
		}
	}
	s.y += h + 10
	s.headerY = s.y
}

// step draws one step from s.y down, and records where it starts.
func (s *svgDrawing) step(i int, rows []Row) {
	s.top = append(s.top, s.y)
	r := rows[0]
	label := func(r Row, px float64) string { return cut(r.Label, px) }
	baseline := func() float64 { return s.y + lineHeight - 6 } // text on the step's next line
	arrowY := func() float64 { return s.y + lineHeight/2 }     // an arrow on the step's next line
	dash := ""
	if r.Pending {
		dash = "6 4"
	}
	switch r.Kind {
	case Message:
		x1, x2 := s.x[r.Lane], s.x[r.Peer]
		if r.Lane == r.Peer {
			if r.Label != "" {
				s.text(x1+10, baseline(), "start", label(r, s.spacing-30), "", true)
				s.y += lineHeight
			}
			y := arrowY()
			fmt.Fprintf(&s.over, `<path d="M%s,%s h30 v%d h-28" fill="none" stroke="%s" stroke-width="2"`,
				num(x1+1), num(y), lineHeight, colour(r.Lane))
			if dash != "" {
				fmt.Fprintf(&s.over, ` stroke-dasharray="%s"`, dash)
			}
			fmt.Fprintf(&s.over, ` marker-end="url(#head%d)"/>`+"\n", r.Lane%len(svgColours))
			s.covers(x1, x1+31)
			s.y += 2 * lineHeight
			break
		}
		if r.Label != "" {
			s.text((x1+x2)/2, baseline(), "middle", label(r, math.Abs(x2-x1)-24), "", true)
			s.y += lineHeight
		}
		end := x2 - 2
		if x2 < x1 {
			end = x2 + 2
		}
		s.line(&s.over, x1, arrowY(), end, arrowY(), r.Lane, "2", dash, true)
		s.y += lineHeight
	case Arrival, Departure:
		x := s.x[r.Lane]
		leftSide, _ := stubSide(r) // an arrival points at the line, a departure away
		if r.Label != "" {
			if leftSide {
				s.text(x-8, baseline(), "end", label(r, s.spacing-30), "", true)
			} else {
				s.text(x+8, baseline(), "start", label(r, s.spacing-30), "", true)
			}
			s.y += lineHeight
		}
		near, far := x+2, x+stubLength // the ends of the stub by the line and away from it
		if leftSide {
			near, far = x-2, x-stubLength
		}
		if r.Kind == Arrival {
			s.line(&s.over, far, arrowY(), near, arrowY(), r.Lane, "2", dash, true)
		} else {
			s.line(&s.over, near, arrowY(), far, arrowY(), r.Lane, "2", dash, true)
		}
		s.y += lineHeight
	case Note:
		x := s.x[r.Lane]
		s.line(&s.over, x, arrowY(), x+12, arrowY(), r.Lane, "2", "", false)
		s.text(x+16, arrowY()+5, "start", label(r, s.spacing-30), ` fill="#333"`, true)
		s.y += lineHeight
	case State:
		for _, r := range rows {
			t := label(r, s.spacing-30-2*charWidth)
			// The text sits high in its box: room below the baseline
			// for the underscores of SYN_SENT and TIME_WAIT.
			s.box(s.x[r.Lane], s.y, textPx(t)+2*charWidth, lineHeight, r.Lane, "10", "")
			s.text(s.x[r.Lane], s.y+lineHeight/2+4, "middle", t, ` fill="`+colour(r.Lane)+`"`, false)
		}
		s.y += lineHeight
	case Gap:
		if r.Label != "" {
			right := 0.0 // the last lane's line
			if len(s.x) > 0 {
				right = s.x[len(s.x)-1]
			}
			s.text(right/2, baseline()+4, "middle", label(r, max(right, 300)), ` font-style="italic" fill="#555"`, true)
		}
		s.y += lineHeight * 1.5
	}
	s.y += 2 // a little air between steps
}

// lifelines draws each lane's line through the steps it takes part in, in
// the style of each step (solid, dashed for a peer outside the session,
// dotted across a gap), and a faint dotted line where the lane has no
// socket, so the eye can follow the column from its header.
func (s *svgDrawing) lifelines() {
	s.top = append(s.top, s.y)
	bottom := s.y
	for lane := range s.p.lanes {
		x := s.x[lane]
		from, style := s.headerY, noLifeline
		flush := func(to float64) {
			switch style {
			case noLifeline:
				fmt.Fprintf(&s.under, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#ccc" stroke-width="1" stroke-dasharray="1 5"/>`+"\n",
					num(x), num(from), num(x), num(to))
			case solidLifeline:
				s.line(&s.under, x, from, x, to, lane, "2", "", false)
			case remoteLifeline:
				s.line(&s.under, x, from, x, to, lane, "2", "8 5", false)
			case gapLifeline:
				s.line(&s.under, x, from, x, to, lane, "2", "2 5", false)
			}
			from = to
		}
		for i := range s.p.steps {
			if st := s.p.lifeline(i, lane); st != style {
				flush(s.top[i])
				style = st
			}
		}
		flush(bottom)
	}
}

// legend explains, in words, what the dashed lines mean, when there are
// any.
func (s *svgDrawing) legend() {
	y := s.y + lineHeight
	if s.p.remote {
		s.line(&s.over, 0, y-4, 0, y+lineHeight-8, -1, "2", "8 5", false)
		s.text(14, y+10, "start", "peer outside the session: drawn from what this side saw", ` fill="#333"`, true)
		y += lineHeight
	}
	if s.p.pending {
		s.line(&s.over, 0, y+6, 40, y+6, -1, "2", "6 4", true)
		s.text(50, y+10, "start", "not (yet) received", ` fill="#333"`, true)
		y += lineHeight
	}
	s.y = y
}

// document wraps the body in an <svg> element sized to what it covers.
func (s *svgDrawing) document() []byte {
	if s.minX > s.maxX {
		s.minX, s.maxX = 0, 0
	}
	x, w, h := s.minX-pad, s.maxX-s.minX+2*pad, s.y+pad
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="%s 0 %s %s" font-family="%s" font-size="%d" xml:space="preserve">
<defs>
`, num(w), num(h), num(x), num(w), num(h), svgFonts, fontSize)
	for i := -1; i < len(svgColours); i++ { // -1: the legend's grey
		fmt.Fprintf(&b, `<marker id="head%d" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>`+"\n", i, colour(i))
	}
	b.WriteString("</defs>\n")
	fmt.Fprintf(&b, `<rect x="%s" y="0" width="%s" height="%s" fill="#fff"/>`+"\n", num(x), num(w), num(h))
	b.Write(s.under.Bytes())
	b.Write(s.over.Bytes())
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// num writes a coordinate with at most one decimal.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
