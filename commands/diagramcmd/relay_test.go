package diagramcmd

import (
	"slices"
	"strings"
	"testing"
	"time"

	"sockshell/commands"
	"sockshell/commands/peercmd"
	"sockshell/commands/shelltest"
	"sockshell/internal/ladder"
)

// relaySession is a session with a listener srv, a relay p to it with
// the options words, a client c connected through the relay and conn, the
// connection srv accepted from the relay.
func relaySession(t *testing.T, words string) *commands.Session {
	t.Helper()
	s, _, _ := shelltest.New(t, commands.Options{Timeout: 10 * time.Second})
	shelltest.Exec(t, s,
		"srv = socket",
		"bind srv 127.0.0.1 0",
		"listen srv 1",
		"port = srv.getsockname()[1]",
		"p = proxy 0 127.0.0.1 $port "+words,
		"c = socket",
		"connect c $p.laddr",
		"conn, addr = accept srv",
	)
	return s
}

// draw builds the diagram of the session's sockets (or those named), as
// diagram does.
func draw(t *testing.T, s *commands.Session, names ...string) *ladder.Diagram {
	t.Helper()
	noteStates(s, true)
	socks := s.Sockets()
	if len(names) > 0 {
		socks = nil
		for _, n := range names {
			sk, err := diagramSocket(s, n)
			if err != nil {
				t.Fatal(err)
			}
			socks = append(socks, sk)
		}
	}
	d, _ := buildDiagram(s, socks, peercmd.RelayEvents(s), mark{})
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	return d
}

// labels are the lanes' labels, in order.
func labels(d *ladder.Diagram) []string {
	var l []string
	for _, lane := range d.Lanes {
		l = append(l, lane.Label)
	}
	return l
}

// row is a row as the tests look at it: the labels of its lanes.
type row struct {
	kind            ladder.Kind
	from, to, label string
}

// messages are the diagram's arrows and arrivals, by lane label.
func messages(d *ladder.Diagram) []row {
	name := func(i int) string {
		if i == ladder.NoLane {
			return ""
		}
		return d.Lanes[i].Label
	}
	var rows []row
	for _, r := range d.Rows {
		if r.Kind == ladder.Message || r.Kind == ladder.Arrival {
			rows = append(rows, row{r.Kind, name(r.Lane), name(r.Peer), r.Label})
		}
	}
	return rows
}

// index is where want is among rows, -1 if it is not.
func index(rows []row, want row) int { return slices.Index(rows, want) }

// The client and the accepted socket pair with the relay by address: one
// lane, "proxy N", between the client and the listener, that the client's
// bytes reach and that sends each split piece on; without the relay's
// events, the client's peer would be a lane of its own and the accepted
// socket's another, unrelated.
func TestRelayLane(t *testing.T) {
	s := relaySession(t, "split=1")
	shelltest.Exec(t, s,
		"sendall c b'hi'",
		"recv conn 1024",
		"sendall conn b'abc'",
		"wait 0.3",
		"recv c 1024",
	)
	d := draw(t, s)
	if got, want := labels(d), []string{"c", "proxy 1", "srv", "conn"}; !slices.Equal(got, want) {
		t.Fatalf("lanes %q, want %q", got, want)
	}
	if d.Lanes[1].Remote {
		t.Error("the relay's lane is drawn as a peer outside the session")
	}
	rows := messages(d)
	order := []row{
		{ladder.Message, "c", "proxy 1", "connect: SYN"},
		{ladder.Message, "proxy 1", "srv", "connect: SYN"},
		{ladder.Message, "c", "proxy 1", "send 2 b'hi'"},
		{ladder.Message, "proxy 1", "conn", "send 2 b'hi'"},
		{ladder.Arrival, "conn", "proxy 1", "recv 2 b'hi'"},
		{ladder.Message, "conn", "proxy 1", "send 3 b'abc'"},
		{ladder.Message, "proxy 1", "c", "send 1 b'a'"},
		{ladder.Message, "proxy 1", "c", "send 1 b'b'"},
		{ladder.Message, "proxy 1", "c", "send 1 b'c'"},
		{ladder.Arrival, "c", "proxy 1", "recv 3 b'abc'"},
	}
	last := -1
	for _, want := range order {
		i := index(rows, want)
		if i < 0 {
			t.Fatalf("no row %+v in\n%+v", want, rows)
		}
		if i < last {
			t.Errorf("row %+v comes before the row above it in the list", want)
		}
		last = i
	}

	// Without the relay's events: no relay lane.
	noRelay, _ := buildDiagram(s, s.Sockets(), peercmd.RelayHistory{}, mark{})
	for _, l := range labels(noRelay) {
		if strings.HasPrefix(l, "proxy 1") {
			t.Errorf("a lane %q without the relay's events", l)
		}
	}
}

// A recv that took the bytes the relay passed on is drawn after the
// relay's send, on every run, however the two clocks' readings fall; and
// the FIN close_after makes comes from the relay before the client's recv
// of 0 bytes.
func TestRelayOrderCloseAfter(t *testing.T) {
	for range 5 {
		s := relaySession(t, "close_after=2")
		shelltest.Exec(t, s,
			"sendall c b'x'",
			"recv conn 1024",
			"sendall conn b'yz!'",
			"recv c 1024",
			"recv c 1024",
			"recv conn 1024",
		)
		rows := messages(draw(t, s))
		send := index(rows, row{ladder.Message, "proxy 1", "conn", "send 1 b'x'"})
		recv := index(rows, row{ladder.Arrival, "conn", "proxy 1", "recv 1 b'x'"})
		fin := index(rows, row{ladder.Message, "proxy 1", "c", "close_after=2: FIN"})
		eof := index(rows, row{ladder.Arrival, "c", "proxy 1", "recv 0 b''"})
		upFin := index(rows, row{ladder.Message, "proxy 1", "conn", "close: FIN"})
		upEOF := index(rows, row{ladder.Arrival, "conn", "proxy 1", "recv 0 b''"})
		if send < 0 || recv < send || fin < 0 || eof < fin || upFin < fin || upEOF < upFin {
			t.Fatalf("rows out of order (send %d, recv %d, FIN %d, recv 0 %d, close %d, recv 0 %d):\n%+v",
				send, recv, fin, eof, upFin, upEOF, rows)
		}
	}
}

// Only the client drawn: it still pairs with the relay, and the relay's
// target, a socket not drawn, is a peer outside.
func TestRelayOnlyClient(t *testing.T) {
	s := relaySession(t, "")
	shelltest.Exec(t, s, "sendall c b'hi'", "recv conn 1024")
	d := draw(t, s, "c")
	got := labels(d)
	if len(got) != 3 || got[0] != "c" || got[1] != "proxy 1" || !d.Lanes[2].Remote {
		t.Fatalf("lanes %q (remote %v), want c, proxy 1, and the target outside", got, d.Lanes[len(d.Lanes)-1].Remote)
	}
	if index(messages(d), row{ladder.Message, "proxy 1", got[2], "send 2 b'hi'"}) < 0 {
		t.Errorf("no arrow from the relay to the target:\n%+v", messages(d))
	}
}

// diagram reset leaves the relay's events before it out of the picture.
func TestRelayReset(t *testing.T) {
	s := relaySession(t, "")
	out := new(strings.Builder)
	shelltest.Exec(t, s,
		"sendall c b'before'",
		"recv conn 1024",
		"diagram reset",
		"sendall c b'after'",
		"recv conn 1024",
	)
	st := stateOf(s)
	d, _ := buildDiagram(s, s.Sockets(), peercmd.RelayEvents(s), st.from)
	for _, r := range messages(d) {
		out.WriteString(r.label + "\n")
	}
	if strings.Contains(out.String(), "before") || strings.Contains(out.String(), "connect") ||
		!strings.Contains(out.String(), "send 5 b'after'\nsend 5 b'after'\nrecv 5 b'after'") {
		t.Errorf("after diagram reset, the rows are:\n%s", out)
	}
}

// A client's abortive close is passed on by the relay as an RST: drawn
// from the relay's lane, before the accepted socket's failed recv and its
// CLOSE state.
func TestRelayPassesReset(t *testing.T) {
	for range 3 {
		s := relaySession(t, "")
		shelltest.Exec(t, s,
			"sendall conn b'unread'",
			"wait 0.2",
			"setsockopt c SOL_SOCKET SO_LINGER b'\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00'",
			"close c",
			"wait 0.2",
		)
		shelltest.Exec(t, s, "try:\n    recv conn 10\nexcept ConnectionResetError:\n    pass\n")
		d := draw(t, s)
		rst, failed, closed := -1, -1, -1
		for i, r := range d.Rows {
			switch {
			case r.Kind == ladder.Message && d.Lanes[r.Lane].Label == "proxy 1" && d.Lanes[r.Peer].Label == "conn" && r.Label == "close: RST":
				rst = i
			case r.Kind == ladder.Arrival && d.Lanes[r.Lane].Label == "conn" && strings.HasPrefix(r.Label, "recv: ConnectionResetError"):
				failed = i
			case r.Kind == ladder.State && d.Lanes[r.Lane].Label == "conn" && r.Label == "CLOSE":
				closed = i
			}
		}
		if rst < 0 || failed < rst || closed < rst {
			t.Fatalf("the relay's RST at row %d, conn's failed recv at %d, its CLOSE at %d:\n%+v", rst, failed, closed, d.Rows)
		}
	}
}

// The session keeps its relays' last RelayEventsMax events: a diagram
// that draws a relay says when older ones are not drawn.
func TestRelayDroppedNote(t *testing.T) {
	s, out, errw := shelltest.New(t, commands.Options{Timeout: 10 * time.Second})
	shelltest.Exec(t, s,
		"srv = socket",
		"bind srv 127.0.0.1 0",
		"listen srv 1",
		"port = srv.getsockname()[1]",
		"p = proxy 0 127.0.0.1 $port",
		"c = socket",
		"connect c $p.laddr",
		"conn, addr = accept srv",
		"c.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)",
		"for i in range(6000):\n    c.send(b'x')\n    conn.recv(10)\n",
	)
	out.Reset()
	errw.Reset()
	shelltest.Exec(t, s, "diagram")
	s.Flush()
	if !strings.Contains(errw.String(), "the session keeps its relays' last 10000 events: the ") {
		t.Errorf("no note of the relay's events dropped:\n%s", errw.String())
	}
	if !strings.Contains(out.String(), "proxy 1") {
		t.Errorf("no relay lane:\n%s", out.String())
	}
}

// A relay's arrows preview as many bytes as a socket's do, though its
// events keep more: every lane's labels are alike.
func TestRelayPreviewLikeSockets(t *testing.T) {
	s := relaySession(t, "")
	shelltest.Exec(t, s, "sendall c b'0123456789abcdefghijklmnopqrstuvwxyzABCD'", "recv conn 1024")
	want := "send 40 b'0123456789abcdefghijklmnopqrstuv'..."
	rows := messages(draw(t, s))
	if index(rows, row{ladder.Message, "proxy 1", "conn", want}) < 0 || index(rows, row{ladder.Message, "c", "proxy 1", want}) < 0 {
		t.Errorf("no arrow %q from the client and from the relay in\n%+v", want, rows)
	}
}
