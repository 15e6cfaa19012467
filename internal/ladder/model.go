package ladder

import "strconv"

// NoLane stands for a lane that is not drawn: the unknown source of an
// Arrival, or the undrawn destination of a Departure.
const NoLane = -1

// A Lane is one endpoint: one vertical line of the diagram.
type Lane struct {
	// Label heads the lane: the shell variable that holds the socket
	// ("client", "conn"), or the address of a peer outside the session
	// ("('127.0.0.1', 50000)").
	Label string
	// Sublabel, if not empty, is a second header line, such as the
	// endpoint's address.
	Sublabel string
	// Remote marks a peer outside the session: the lane is drawn from what
	// this side saw (its lifeline is dashed, and a legend says so).
	Remote bool
}

// Kind says what a Row draws.
type Kind int

const (
	// Message is an arrow from lane Lane (the sender) to lane Peer: a send
	// whose receiver is drawn, or a segment such as SYN, FIN or RST. Peer
	// may be Lane itself (a datagram sent to oneself).
	Message Kind = iota
	// Arrival is a short arrow into lane Lane from lane Peer's side: bytes
	// taken in by a recv. Peer may be NoLane when the source is not drawn.
	Arrival
	// Departure is a short arrow out of lane Lane toward lane Peer's side:
	// a send whose receiver is not drawn. Peer may be NoLane.
	Departure
	// Note is text beside lane Lane: a call that sends nothing of its own
	// (listen 1, shutdown SHUT_RD, close of a listening socket).
	Note
	// State is lane Lane's TCP state changing to Label (LISTEN,
	// ESTABLISHED, TIME_WAIT, ...). Consecutive State rows on different
	// lanes are drawn side by side, as one moment.
	State
	// Gap is time passing; Label, if not empty, says how much.
	Gap
)

var kindNames = [...]string{"Message", "Arrival", "Departure", "Note", "State", "Gap"}

// String names the kind as Go does: Message, Arrival, ...
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// A Row is one event, drawn on its own lines below the rows before it:
// time runs downward.
type Row struct {
	Kind Kind
	// Lane is the lane the row belongs to, whose colour it takes: a
	// message's sender, an arrival's receiver, the lane of a departure,
	// note or state. Unused by Gap.
	Lane int
	// Peer is the other end: a message's receiver, the lane an arrival
	// comes from or a departure goes toward (NoLane when not drawn).
	// Unused by Note, State and Gap.
	Peer int
	// Label is the text of the row: "send 21 b'Hey, can you hear me?'",
	// "SYN", "ESTABLISHED", "2.5 s later". It may hold any bytes: the
	// renderers escape what a terminal or an SVG must not see raw, and
	// cut it to fit.
	Label string
	// Pending draws a message or departure dashed: the bytes or segment
	// have not been seen arriving (not yet received, or lost).
	Pending bool
}

// A Diagram is a ladder diagram: lanes from left to right, rows from top
// to bottom. Its zero value is an empty diagram; build it with AddLane and
// Add (or the helpers named after the kinds), then draw it with Text or
// SVG. Drawing does not change it.
type Diagram struct {
	Lanes []Lane
	Rows  []Row
}

// AddLane appends a lane and returns its index, by which rows name it.
func (d *Diagram) AddLane(l Lane) int {
	d.Lanes = append(d.Lanes, l)
	return len(d.Lanes) - 1
}

// Add appends a row.
func (d *Diagram) Add(r Row) { d.Rows = append(d.Rows, r) }

// Message appends an arrow from lane from to lane to.
func (d *Diagram) Message(from, to int, label string) {
	d.Add(Row{Kind: Message, Lane: from, Peer: to, Label: label})
}

// Arrival appends a short arrow into lane lane from lane from's side
// (from may be NoLane).
func (d *Diagram) Arrival(lane, from int, label string) {
	d.Add(Row{Kind: Arrival, Lane: lane, Peer: from, Label: label})
}

// Departure appends a short arrow out of lane lane toward lane to's side
// (to may be NoLane).
func (d *Diagram) Departure(lane, to int, label string) {
	d.Add(Row{Kind: Departure, Lane: lane, Peer: to, Label: label})
}

// Note appends text beside lane lane.
func (d *Diagram) Note(lane int, label string) {
	d.Add(Row{Kind: Note, Lane: lane, Label: label})
}

// State appends lane lane's change to TCP state state.
func (d *Diagram) State(lane int, state string) {
	d.Add(Row{Kind: State, Lane: lane, Label: state})
}

// Gap appends a mark of time passing, with an optional label.
func (d *Diagram) Gap(label string) { d.Add(Row{Kind: Gap, Label: label}) }

// A RowError says why a row cannot be drawn as given.
type RowError struct {
	Row    int    // the row's index in Diagram.Rows
	Reason string // what is wrong with it
}

func (e *RowError) Error() string {
	return "ladder: row " + strconv.Itoa(e.Row) + ": " + e.Reason
}

// Validate reports the first row that names a lane the diagram does not
// have, or has an unknown kind, as a *RowError. The renderers do not
// need a valid diagram: they draw a lane that does not exist as NoLane
// (a Message with one such end becomes an Arrival or a Departure) and
// leave out the rows that have nothing left to draw; Validate is for
// the code that builds the diagram, to catch its own mistakes.
func (d *Diagram) Validate() error {
	for i, r := range d.Rows {
		var lanes []int // the lanes the row must name
		switch r.Kind {
		case Message:
			lanes = []int{r.Lane, r.Peer}
		case Arrival, Departure:
			lanes = []int{r.Lane}
			if r.Peer != NoLane {
				lanes = append(lanes, r.Peer)
			}
		case Note, State:
			lanes = []int{r.Lane}
		case Gap:
		default:
			return &RowError{Row: i, Reason: "unknown kind " + r.Kind.String()}
		}
		for _, l := range lanes {
			if l < 0 || l >= len(d.Lanes) {
				return &RowError{Row: i, Reason: r.Kind.String() + " names lane " + strconv.Itoa(l) +
					", which does not exist (" + strconv.Itoa(len(d.Lanes)) + " lanes)"}
			}
		}
	}
	return nil
}
