package ladder

import (
	"encoding/xml"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// sgr matches the colour escapes Text may write, and nothing else.
var sgr = regexp.MustCompile("\x1b\\[(3[1-6]|0)m")

// randomLabel returns a label that may be empty, long, or hold what a
// hostile peer would send: control bytes, escape sequences, bytes that are
// not UTF-8, bidirectional overrides, combining marks, wide runes.
func randomLabel(rng *rand.Rand) string {
	parts := []string{
		"send", "recv 16", "b'Hey, can you hea'", "SYN", "FIN", "RST", "ESTABLISHED",
		"\x1b[2J", "\x1b]0;title\x07", "\r\n", "\x00", "\x7f", "\x9b", "\xff\xfe",
		"\u202e", "\u200d", "e\u0301", "\u00a0", "日本語", "한국어", "ｆｕｌｌ", "🙂", "\U0010ffff",
		"\\x41", "<&>\"'", " ", strings.Repeat("A", 150),
	}
	var b strings.Builder
	for range rng.IntN(6) {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()
}

// randomDiagram returns a diagram of 0 to 12 lanes and up to 40 rows of
// every kind, some naming lanes that do not exist.
func randomDiagram(rng *rand.Rand) *Diagram {
	d := new(Diagram)
	for range rng.IntN(13) {
		d.AddLane(Lane{Label: randomLabel(rng), Sublabel: randomLabel(rng), Remote: rng.IntN(4) == 0})
	}
	lane := func() int { return rng.IntN(len(d.Lanes)+3) - 2 } // NoLane and out of range too
	for range rng.IntN(41) {
		d.Add(Row{Kind: Kind(rng.IntN(7)), Lane: lane(), Peer: lane(), Label: randomLabel(rng), Pending: rng.IntN(5) == 0})
	}
	return d
}

// TestTextProperties draws random diagrams at random widths and checks
// what must hold of every drawing: no line wider than the width, no
// control byte but "\n" and the colour escapes, the same text with and
// without colour, and ASCII only when asked for ASCII with ASCII labels.
func TestTextProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		d := randomDiagram(rng)
		width := 20 + rng.IntN(181)
		ascii := rng.IntN(2) == 0
		plain := d.Text(TextOptions{Width: width, ASCII: ascii})
		coloured := d.Text(TextOptions{Width: width, ASCII: ascii, Colour: true})
		if got := sgr.ReplaceAllString(coloured, ""); got != plain {
			t.Fatalf("case %d: colour changes more than the escapes:\n%s\n---\n%s", i, got, plain)
		}
		checkText(t, i, plain, width)
		if strings.Contains(sgr.ReplaceAllString(coloured, ""), "\x1b") {
			t.Fatalf("case %d: an escape other than a colour's:\n%q", i, coloured)
		}
		if len(d.Lanes) > 0 && !strings.HasSuffix(plain, "\n") {
			t.Fatalf("case %d: drawing does not end in a newline: %q", i, plain)
		}
	}
}

// checkText fails the test if a line of text is wider than width or holds
// a control character.
func checkText(t *testing.T, i int, text string, width int) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if w := textWidth(line); w > width {
			t.Fatalf("case %d: line %d cells wide, more than %d: %q", i, w, width, line)
		}
		for _, r := range line {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || !shown(r) {
				t.Fatalf("case %d: control or unshown rune %U in %q", i, r, line)
			}
		}
	}
}

// TestASCIIOnly checks that the ASCII drawing of ASCII labels is ASCII,
// whatever the layout (list form included).
func TestASCIIOnly(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 500 {
		d := randomDiagram(rng)
		for j := range d.Lanes {
			d.Lanes[j].Label, d.Lanes[j].Sublabel = "lane", "127.0.0.1:1"
		}
		for j := range d.Rows {
			d.Rows[j].Label = "send 3 b'abc'"
		}
		text := d.Text(TextOptions{Width: 20 + rng.IntN(181), ASCII: true})
		for _, r := range text {
			if r >= 0x80 {
				t.Fatalf("case %d: %q in an ASCII drawing:\n%s", i, r, text)
			}
		}
	}
}

// TestSVGProperties checks that the SVG of random diagrams is well-formed
// XML with an <svg> root, holds no control character, and draws arrowheads
// that are defined.
func TestSVGProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 500 {
		svg := randomDiagram(rng).SVG()
		checkSVG(t, i, svg)
	}
}

// markerRef is a reference to an arrowhead marker.
var markerRef = regexp.MustCompile(`url\(#([^)]*)\)`)

// checkSVG parses svg and fails the test if it is not a well-formed
// document, or its root is not svg, or it holds a control character, or it
// refers to a marker it does not define. It returns the text of the
// <text> elements.
func checkSVG(t *testing.T, i int, svg []byte) []string {
	t.Helper()
	for _, c := range string(svg) {
		if c < 0x20 && c != '\n' || c == 0x7f {
			t.Fatalf("case %d: control character %U in the SVG", i, c)
		}
	}
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	ids := map[string]bool{}
	var texts []string
	inText, root := false, ""
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("case %d: the SVG does not parse: %v\n%s", i, err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Space + " " + tok.Name.Local
			}
			for _, a := range tok.Attr {
				if a.Name.Local == "id" {
					ids[a.Value] = true
				}
			}
			if tok.Name.Local == "text" {
				inText = true
				texts = append(texts, "")
			}
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts[len(texts)-1] += string(tok)
			}
		}
	}
	if root != "http://www.w3.org/2000/svg svg" {
		t.Fatalf("case %d: root element is %q, not svg", i, root)
	}
	for _, m := range markerRef.FindAllSubmatch(svg, -1) {
		if !ids[string(m[1])] {
			t.Fatalf("case %d: marker %s is used but not defined", i, m[1])
		}
	}
	return texts
}

// FuzzText draws diagrams whose labels, lanes and width come from the
// fuzzer, and checks what TestTextProperties checks. go test runs the
// seeds; go test -fuzz=FuzzText searches further.
func FuzzText(f *testing.F) {
	f.Add("client", "send 21 b'Hey'", uint8(3), uint8(80), uint16(0x1234))
	f.Add("\x1b[31m", "日本語\u202e\xff", uint8(9), uint8(20), uint16(0xffff))
	f.Fuzz(func(t *testing.T, lane, label string, lanes, width uint8, shape uint16) {
		w := 20 + int(width)%181
		d := new(Diagram)
		for i := range int(lanes % 13) {
			d.AddLane(Lane{Label: lane, Sublabel: label[:len(label)*i/13], Remote: shape>>i&1 == 1})
		}
		n := len(d.Lanes) + 1
		for i := range 16 {
			k := int(shape>>i) + i
			d.Add(Row{Kind: Kind(k % 6), Lane: k%n - 1, Peer: (k/7)%n - 1, Label: label, Pending: k%5 == 0})
		}
		plain := d.Text(TextOptions{Width: w})
		if coloured := d.Text(TextOptions{Width: w, Colour: true}); sgr.ReplaceAllString(coloured, "") != plain {
			t.Fatalf("colour changes more than the escapes")
		}
		checkText(t, 0, plain, w)
		checkSVG(t, 0, d.SVG())
	})
}
