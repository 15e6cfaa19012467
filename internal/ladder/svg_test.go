package ladder

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSVGScenarios checks that each scenario's SVG is well-formed and shows
// every label, escaped as the text drawing escapes it.
func TestSVGScenarios(t *testing.T) {
	for i, d := range []*Diagram{lecture(), reset(), outside(), four(), long()} {
		texts := checkSVG(t, i, d.SVG())
		for _, l := range d.Lanes {
			if !slices.Contains(texts, clean(l.Label)) && !strings.HasSuffix(texts[0], "…") {
				t.Errorf("case %d: lane %q not drawn; texts: %q", i, l.Label, texts)
			}
		}
	}
	texts := checkSVG(t, 0, long().SVG())
	for _, want := range []string{`b\x1b[31mred\x1b[0m`, `recv 65536 \x07\x1b]0;owned\x07 \u202eevil`} {
		if !slices.Contains(texts, want) {
			t.Errorf("no text %q in %q", want, texts)
		}
	}
}

// TestSVGEscapesXML checks that labels holding XML's own characters come
// back whole once the SVG is parsed.
func TestSVGEscapesXML(t *testing.T) {
	d := new(Diagram)
	a := d.AddLane(Lane{Label: `<a & "b">`})
	b := d.AddLane(Lane{Label: "]]><!--"})
	d.Message(a, b, `send 9 b'</text>&amp;'`)
	texts := checkSVG(t, 0, d.SVG())
	for _, want := range []string{`<a & "b">`, "]]><!--", `send 9 b'</text>&amp;'`} {
		if !slices.Contains(texts, want) {
			t.Errorf("no text %q in %q", want, texts)
		}
	}
}

// svgAttrs returns the attributes of the root element and of every element
// named name, in order.
func svgAttrs(t *testing.T, svg []byte, name string) (root map[string]string, elems []map[string]string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok {
			m := map[string]string{}
			for _, a := range se.Attr {
				m[a.Name.Local] = a.Value
			}
			if root == nil {
				root = m
			}
			if se.Name.Local == name {
				elems = append(elems, m)
			}
		}
	}
	return root, elems
}

// TestSVGLayout checks the size, the lanes' spacing and the dashes.
func TestSVGLayout(t *testing.T) {
	spacing := func(label string) (float64, []map[string]string) {
		d := new(Diagram)
		a := d.AddLane(Lane{Label: "a"})
		b := d.AddLane(Lane{Label: "peer", Remote: true})
		d.Add(Row{Kind: Message, Lane: a, Peer: b, Label: label, Pending: true})
		svg := d.SVG()
		root, lines := svgAttrs(t, svg, "line")
		vb := strings.Fields(root["viewBox"])
		if len(vb) != 4 || vb[2] != root["width"] || vb[3] != root["height"] {
			t.Fatalf("viewBox %q does not match width %q and height %q", root["viewBox"], root["width"], root["height"])
		}
		// The arrow is the line with a marker; it runs from a's line to
		// the peer's, less 2 pixels for the arrowhead's tip.
		for _, l := range lines {
			if l["marker-end"] != "" {
				x1, _ := strconv.ParseFloat(l["x1"], 64)
				x2, _ := strconv.ParseFloat(l["x2"], 64)
				if l["stroke-dasharray"] == "" {
					t.Errorf("a pending message is drawn solid")
				}
				return x2 + 2 - x1, lines
			}
		}
		t.Fatalf("no arrow in\n%s", svg)
		return 0, nil
	}
	if got, _ := spacing("SYN"); got != minSpacing {
		t.Errorf("a short label: spacing %v, want %v", got, minSpacing)
	}
	label := strings.Repeat("x", 40)
	if got, _ := spacing(label); got != float64(len(label))*charWidth+24 {
		t.Errorf("a 40-cell label: spacing %v, want %v", got, float64(len(label))*charWidth+24)
	}
	got, lines := spacing(strings.Repeat("x", 500))
	if got != maxSpacing {
		t.Errorf("a 500-cell label: spacing %v, want %v", got, maxSpacing)
	}
	var dashed []string // the x of each dashed vertical line
	for _, l := range lines {
		if l["x1"] == l["x2"] && l["stroke-dasharray"] == "8 5" {
			dashed = append(dashed, l["x1"])
		}
	}
	// The peer's lifeline, and the legend's sample at a's x.
	if want := []string{strconv.Itoa(maxSpacing), "0"}; !slices.Equal(dashed, want) {
		t.Errorf("dashed lines at x = %q, want %q", dashed, want)
	}
}

func TestSVGEmpty(t *testing.T) {
	checkSVG(t, 0, new(Diagram).SVG())
}
