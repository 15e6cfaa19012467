package ladder

import (
	"errors"
	"strings"
	"testing"
)

// lines splits a drawing into its lines, as rune slices so that columns
// can be indexed (the test drawings use narrow runes only).
func lines(text string) [][]rune {
	var out [][]rune
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		out = append(out, []rune(l))
	}
	return out
}

// at is the rune at column x of line l, or a space past its end.
func at(l []rune, x int) rune {
	if x < len(l) {
		return l[x]
	}
	return ' '
}

// TestOneSendTwoRecvs checks the example: one sendall of 21 bytes
// read as 16 then 5 is one arrow from the sender's line to the receiver's,
// and two short arrows into the receiver's line, neither from the sender's.
func TestOneSendTwoRecvs(t *testing.T) {
	d := new(Diagram)
	client := d.AddLane(Lane{Label: "client"})
	conn := d.AddLane(Lane{Label: "conn"})
	d.Message(client, conn, "sendall 21 b'Hey, can you hear me?'")
	d.Arrival(conn, client, "recv 16 b'Hey, can you hea'")
	d.Arrival(conn, client, "recv 5 b'r me?'")
	text := d.Text(TextOptions{Width: 60})
	const clientCol, connCol = 15, 45 // 30 columns a lane, lines in the middle
	var long, short int
	for _, l := range lines(text) {
		if at(l, connCol-1) != '▶' {
			continue
		}
		switch at(l, clientCol+1) {
		case '─':
			long++
			if at(l, clientCol) != '│' || at(l, connCol) != '│' {
				t.Errorf("the send's arrow does not run from line to line: %q", string(l))
			}
		case ' ':
			short++
		}
	}
	if long != 1 || short != 2 {
		t.Errorf("%d long and %d short arrows, want 1 and 2:\n%s", long, short, text)
	}
	for _, label := range []string{"sendall 21 b'Hey, can you hear me?'", "recv 16 b'Hey, can you hea'", "recv 5 b'r me?'"} {
		if !strings.Contains(text, label) {
			t.Errorf("%q is not drawn whole:\n%s", label, text)
		}
	}
}

// TestLifelines checks that a lane's line is drawn only from its first row
// to its last, and dashed for a peer outside the session.
func TestLifelines(t *testing.T) {
	d := new(Diagram)
	a := d.AddLane(Lane{Label: "a"})
	b := d.AddLane(Lane{Label: "b"})
	peer := d.AddLane(Lane{Label: "peer", Remote: true})
	d.Note(a, "one")    // a alone
	d.Message(a, b, "") // b starts
	d.Note(a, "two")
	d.Message(b, peer, "") // a has ended; the peer starts
	d.Note(peer, "three")
	text := d.Text(TextOptions{Width: 60})
	const colA, colB, colPeer = 10, 30, 50
	want := []struct{ a, b, peer rune }{
		{'a', 'b', 'e'}, // the header: the lanes' names centred on their columns
		{'├', ' ', ' '}, // one
		{'│', '│', ' '}, // a to b
		{'├', '│', ' '}, // two
		{' ', '│', '╎'}, // b to the peer
		{' ', ' ', '├'}, // three
		{' ', ' ', ' '}, // the blank line before the legend
	}
	got := lines(text)
	if len(got) != len(want)+1 {
		t.Fatalf("%d lines, want %d:\n%s", len(got), len(want)+1, text)
	}
	for i, w := range want {
		if at(got[i], colA) != w.a || at(got[i], colB) != w.b || at(got[i], colPeer) != w.peer {
			t.Errorf("line %d is %q; want %q, %q, %q in the lanes' columns", i, string(got[i]), w.a, w.b, w.peer)
		}
	}
	if !strings.HasPrefix(string(got[len(want)]), "╎  peer outside the session") {
		t.Errorf("no legend for the dashed line:\n%s", text)
	}
}

// TestColourPerLane checks that each lane's line, arrows and labels take
// its colour, and that colour adds escapes and nothing else.
func TestColourPerLane(t *testing.T) {
	d := lecture()
	coloured := d.Text(TextOptions{Width: 80, Colour: true})
	for _, want := range []string{
		"\x1b[36mclient\x1b[0m",          // lane 0, cyan
		"\x1b[33mserver\x1b[0m",          // lane 1, yellow
		"\x1b[35mconn\x1b[0m",            // lane 2, magenta
		"\x1b[36m[SYN_SENT]\x1b[0m",      // a state takes its lane's colour
		"\x1b[33m◀─────",                 // an arrow takes its sender's
		"\x1b[35mrecv 16 b'Hey, can you", // a recv takes its receiver's
	} {
		if !strings.Contains(coloured, want) {
			t.Errorf("no %q in the coloured drawing:\n%s", want, coloured)
		}
	}
	if plain := d.Text(TextOptions{Width: 80}); sgr.ReplaceAllString(coloured, "") != plain {
		t.Errorf("colour changed more than the escapes")
	}
	if strings.Contains(d.Text(TextOptions{Width: 80}), "\x1b") {
		t.Errorf("escape sequences without colour")
	}
}

// TestHeader checks that lane names that do not fit side by side are
// staggered over two lines, whole, and cut only when even that is not
// enough.
func TestHeader(t *testing.T) {
	d := new(Diagram)
	for _, name := range []string{"listening_socket", "connected_socket", "accepted_socket"} {
		d.AddLane(Lane{Label: name})
	}
	for _, tc := range []struct {
		width       int
		headerLines int
		whole       bool
	}{
		{80, 1, true},  // 26 columns a lane: side by side
		{45, 2, true},  // 15 columns a lane: staggered, whole
		{24, 2, false}, // 8 columns a lane: staggered, cut
	} {
		text := d.Text(TextOptions{Width: tc.width})
		got := lines(text)
		n := 0
		for n < len(got) && strings.Contains(string(got[n]), "_socket") || n < len(got) && strings.Contains(string(got[n]), "…") {
			n++
		}
		if n != tc.headerLines {
			t.Errorf("width %d: %d header lines, want %d:\n%s", tc.width, n, tc.headerLines, text)
		}
		whole := strings.Contains(text, "listening_socket") && strings.Contains(text, "connected_socket") && strings.Contains(text, "accepted_socket")
		if whole != tc.whole {
			t.Errorf("width %d: names whole = %v, want %v:\n%s", tc.width, whole, tc.whole, text)
		}
		checkText(t, tc.width, text, tc.width)
	}
}

// TestStatesSideBySide checks that states changing at one moment share a
// line when they fit, take more lines when they would overlap, and always
// cross their own lane's line.
func TestStatesSideBySide(t *testing.T) {
	d := new(Diagram)
	for range 4 {
		d.AddLane(Lane{Label: "s"})
	}
	for lane := range 4 {
		d.State(lane, "ESTABLISHED")
	}
	for _, tc := range []struct{ width, lines int }{{80, 1}, {40, 2}, {20, 4}} {
		text := d.Text(TextOptions{Width: tc.width})
		got := lines(text)[1:] // after the header
		if len(got) != tc.lines {
			t.Errorf("width %d: %d lines of states, want %d:\n%s", tc.width, len(got), tc.lines, text)
		}
		slot := tc.width / 4
		for lane := range 4 {
			col, crossed := lane*slot+slot/2, false
			for _, l := range got {
				if r := at(l, col); r == '[' || r == ']' || r >= 'A' && r <= 'Z' {
					crossed = true
				}
			}
			if !crossed {
				t.Errorf("width %d: lane %d's state does not cross its line:\n%s", tc.width, lane, text)
			}
		}
	}
}

// TestListWhenLanesDoNotFit checks the fallback: with fewer than minSlot
// columns a lane, the events are listed one a line.
func TestListWhenLanesDoNotFit(t *testing.T) {
	d := new(Diagram)
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		d.AddLane(Lane{Label: name})
	}
	d.Message(0, 4, "SYN")
	d.Arrival(4, 0, "recv 1 b'x'")
	d.State(2, "LISTEN")
	d.Add(Row{Kind: Message, Lane: 1, Peer: 3, Label: "send", Pending: true})
	got := d.Text(TextOptions{Width: 24, ASCII: true})
	want := "5 lanes do not fit in...\na -> e: SYN\ne <- a: recv 1 b'x'\nc: [LISTEN]\nb -> d: send (not (ye...\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if d.Text(TextOptions{Width: 25}) == d.Text(TextOptions{Width: 24}) {
		t.Errorf("25 columns (5 a lane) should draw lanes, not a list")
	}
}

func TestDefaultWidthAndEmpty(t *testing.T) {
	d := lecture()
	if d.Text(TextOptions{}) != d.Text(TextOptions{Width: DefaultWidth}) {
		t.Errorf("no width is not the default width")
	}
	if got := new(Diagram).Text(TextOptions{}); got != "" {
		t.Errorf("empty diagram drawn as %q", got)
	}
	d = new(Diagram)
	d.Gap("1 s") // rows, but no lanes
	if got := d.Text(TextOptions{}); got != "" {
		t.Errorf("diagram without lanes drawn as %q", got)
	}
}

// TestInvalidRows checks that Validate reports rows naming lanes that do
// not exist, and that the renderers draw what is left of them.
func TestInvalidRows(t *testing.T) {
	for _, d := range []*Diagram{lecture(), reset(), outside(), four(), long()} {
		if err := d.Validate(); err != nil {
			t.Errorf("scenario does not validate: %v", err)
		}
	}
	d := new(Diagram)
	a := d.AddLane(Lane{Label: "a"})
	b := d.AddLane(Lane{Label: "b"})
	d.Message(a, b, "fine")
	d.Message(a, 7, "to nowhere") // drawn as a departure
	d.Note(-3, "nowhere")         // left out
	d.Add(Row{Kind: Kind(42)})    // left out
	var rowErr *RowError
	err := d.Validate()
	if !errors.As(err, &rowErr) || rowErr.Row != 1 {
		t.Errorf("Validate() = %v, want a *RowError for row 1", err)
	} else if want := "ladder: row 1: Message names lane 7, which does not exist (2 lanes)"; err.Error() != want {
		t.Errorf("Validate() = %q, want %q", err, want)
	}
	text := d.Text(TextOptions{Width: 40})
	if !strings.Contains(text, "to nowhere") || strings.Contains(text, "nowhere\n") && !strings.Contains(text, "to nowhere\n") {
		t.Errorf("rows drawn wrong:\n%s", text)
	}
	if strings.Count(text, "▶") != 2 {
		t.Errorf("want the message and the departure, 2 arrowheads:\n%s", text)
	}
	if (&Diagram{Rows: []Row{{Kind: Arrival, Lane: 0, Peer: NoLane}}}).Validate() == nil {
		t.Errorf("an arrival into no lane validates")
	}
	if (&Diagram{Lanes: []Lane{{}}, Rows: []Row{{Kind: Arrival, Lane: 0, Peer: NoLane}}}).Validate() != nil {
		t.Errorf("an arrival from NoLane does not validate")
	}
}
