package diagramcmd

import (
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"sockshell/commands/peercmd"
	"sockshell/netinfo"
	"sockshell/netinfo/peers"
)

// A relay of the session (proxy) that the sockets of the picture talk
// through is a lane of its own, "proxy 2", drawn from the relay's own
// events (peercmd.RelayEvents): what each client sent reaches it, each
// chunk it passes on leaves it (one arrow per split piece), and its FIN
// and RST (close_after, reset_after, a FIN or reset passed on) come from
// it. Its sockets pair with the session's by address: a client's peer is
// the relay's listening address (the Local of its events toward the
// client), and the socket a listener of the session accepted from the
// relay has for peer the relay's own end toward the target (the Local of
// its Upstream events).

// relaySide is one side of a relayed connection, as the relay saw it: the
// client (its events toward the client) or the target (Upstream).
type relaySide struct {
	sock int      // the socket of the picture at that end, -1 when outside
	ep   endpoint // that end's address
	// While the rows are made: the bytes the relay sent toward that end
	// and read from it so far, and the FIN and RST it sent that way.
	sent, got int
	fin, rst  bool
	finIn     bool // that end's FIN, drawn (an end outside the picture)
	gotTotal  int  // the bytes the relay read from that end, in all
}

// relayConn is one relayed connection of a relay lane.
type relayConn struct {
	lane     int // the relay's lane (a ref, as rows name lanes)
	server   int // the relay's id
	client   relaySide
	target   relaySide
	listener int      // the listener of the picture the relay connected to, -1 if none
	ownEP    endpoint // the relay's address toward its client
	upLocal  endpoint // the relay's address toward the target
	// upConnected is set once the relay's connection to the target is drawn.
	upConnected bool
}

// side is the side of c an event is on, and the other one.
func (c *relayConn) side(upstream bool) (this, other *relaySide) {
	if upstream {
		return &c.target, &c.client
	}
	return &c.client, &c.target
}

// relayItem is a relay's event and the connection it belongs to.
type relayItem struct {
	peercmd.RelayEvent
	c *relayConn
}

// endpointOfAP is endpointOf for an address of the relay's.
func endpointOfAP(ap netip.AddrPort) endpoint {
	return endpoint{ip: ap.Addr().Unmap(), port: int(ap.Port())}
}

// learnRelays pairs the relays' connections with the sockets of the
// picture, makes a lane for each relay that talks with one of them, and
// returns the events of the connections paired, oldest first.
func (b *diagramBuild) learnRelays(h peercmd.RelayHistory) []relayItem {
	type key struct{ server, conn int }
	conns := map[key]*relayConn{}
	var order []*relayConn
	for _, re := range h.Events {
		k := key{re.Server, re.Conn}
		c := conns[k]
		if c == nil {
			c = &relayConn{server: re.Server, client: relaySide{sock: -1}, target: relaySide{sock: -1}, listener: -1}
			conns[k] = c
			order = append(order, c)
		}
		switch {
		case re.Upstream && re.Local.IsValid():
			c.upLocal = endpointOfAP(re.Local)
			c.target.ep = endpointOfAP(re.Remote)
		case re.Upstream:
			c.target.ep = endpointOfAP(re.Remote)
		case re.Local.IsValid():
			c.client.ep = endpointOfAP(re.Remote)
			c.ownEP = endpointOfAP(re.Local)
		}
		if re.Type == peers.Received {
			this, _ := c.side(re.Upstream)
			this.gotTotal += re.N
		}
	}
	taken := map[int]bool{}
	pair := func(match func(d *dsock) bool) int {
		for i, d := range b.socks {
			if d.tcp && !taken[i] && match(d) {
				taken[i] = true
				return i
			}
		}
		return -1
	}
	paired := map[*relayConn]bool{}
	for _, c := range order {
		c.client.sock = pair(func(d *dsock) bool {
			return !d.accepted && c.client.ep.valid() && d.local == c.client.ep && d.peer == c.ownEP
		})
		c.target.sock = pair(func(d *dsock) bool {
			return d.accepted && c.upLocal.valid() && d.peer == c.upLocal
		})
		for j, o := range b.socks {
			if o.listens && o.tcp && c.target.ep.reaches(o.local) {
				c.listener = j
			}
		}
		if c.client.sock < 0 && c.target.sock < 0 {
			continue
		}
		paired[c] = true
		c.lane = b.relayLane(c)
		b.byEP[c.ownEP] = c.lane - len(b.socks)
		if c.upLocal.valid() {
			b.byEP[c.upLocal] = c.lane - len(b.socks)
			b.relayUp[c.upLocal] = c
		}
		for _, s := range []relaySide{c.client, c.target} {
			if s.sock >= 0 {
				b.socks[s.sock].relay = c
			}
		}
	}
	var items []relayItem
	for _, re := range h.Events {
		if c := conns[key{re.Server, re.Conn}]; paired[c] {
			items = append(items, relayItem{re, c})
		}
	}
	return items
}

// relayLane returns the lane of c's relay, made the first time: beside
// the client of the picture, else beside the target's socket.
func (b *diagramBuild) relayLane(c *relayConn) int {
	for j, r := range b.remotes {
		if r.relay == c.server {
			return len(b.socks) + j
		}
	}
	owner := c.client.sock
	if owner < 0 {
		owner = c.target.sock
	}
	b.remotes = append(b.remotes, remoteLane{ep: c.ownEP, owner: owner, relay: c.server})
	return len(b.socks) + len(b.remotes) - 1
}

// isRelay reports a relay's lane.
func (b *diagramBuild) isRelay(lane int) bool {
	return lane >= len(b.socks) && b.remotes[lane-len(b.socks)].relay != 0
}

// sideLane is the lane of one end of a relayed connection: its socket, or
// the peer outside the picture.
func (b *diagramBuild) sideLane(s *relaySide) int {
	if s.sock >= 0 {
		return s.sock
	}
	return b.remote(s.ep, -1)
}

// finished reports whether socket i has sent its FIN or closed, so far.
func (b *diagramBuild) finished(i int) bool {
	return i < 0 || b.socks[i].finOut || b.socks[i].closed
}

// relayReady reports whether the relay's event can be drawn now: the
// bytes it read, or passed on, have been sent by the socket of the
// picture they came from, and the FIN it passed on was sent. (The relay's
// events and the sockets' are timed apart, by two clocks read just after
// each call: the order of the times alone may put an answer before the
// question.)
func (b *diagramBuild) relayReady(it relayItem) bool {
	this, other := it.c.side(it.Upstream)
	switch it.Type {
	case peers.Connected:
		return it.Upstream || this.sock < 0 || b.socks[this.sock].connected
	case peers.Received:
		return this.sock < 0 || b.socks[this.sock].sent >= this.got+it.N
	case peers.Sent:
		return other.sock < 0 || b.socks[other.sock].sent >= this.sent+it.N
	case peers.FinReceived:
		return b.finished(this.sock)
	case peers.FinSent:
		return !strings.HasPrefix(it.Note, "passed on") || b.finished(other.sock)
	}
	return true
}

// sockReady reports whether socket i's event e can be drawn now: what it
// received from a relay, the relay has sent, and the relay's connection
// to a listener is drawn before the listener accepts it.
func (b *diagramBuild) sockReady(i int, e netinfo.Event) bool {
	d := b.socks[i]
	if e.Kind == netinfo.EventAccept && e.Errno == 0 {
		if c := b.relayUp[endpointOf(e.Peer)]; c != nil {
			return c.upConnected
		}
	}
	c := d.relay
	if c == nil {
		return true
	}
	from := &c.client
	if c.target.sock == i {
		from = &c.target
		if e.Kind == netinfo.EventAccepted {
			return c.upConnected
		}
	}
	switch e.Kind {
	case netinfo.EventRecv:
		switch {
		case e.Errno == unix.ECONNRESET:
			return from.rst
		case e.Errno != 0:
		case e.N == 0:
			return from.fin || from.rst
		default:
			return from.sent >= d.got+e.N
		}
	case netinfo.EventState:
		switch e.State {
		case "CLOSE_WAIT", "TIME_WAIT", "CLOSING", "LAST_ACK":
			return from.fin
		case "CLOSE": // before its own close, only the relay's RST leads there
			return d.closed || from.rst
		}
	}
	return true
}

// relayEvent draws one event of a relay.
func (b *diagramBuild) relayEvent(it relayItem) {
	c := it.c
	this, _ := c.side(it.Upstream)
	lane, to := c.lane, b.sideLane(this)
	switch it.Type {
	case peers.Connected:
		if !it.Upstream {
			return // the client's connect drew the handshake
		}
		ln := to
		if c.listener >= 0 {
			ln = c.listener
		}
		b.message(lane, ln, "connect: SYN", false)
		b.message(ln, lane, "SYN+ACK", false)
		b.message(lane, ln, "ACK", false)
		c.upConnected = true
	case peers.Received:
		this.got += it.N
		if this.sock < 0 { // the sender is outside: its bytes as they came
			b.message(to, lane, relayData("recv", it.Event), false)
		}
	case peers.Sent:
		this.sent += it.N
		pending := this.sock >= 0 && b.socks[this.sock].recvd < this.sent
		b.message(lane, to, relayData("send", it.Event), pending)
	case peers.FinReceived:
		if this.sock < 0 && !this.finIn {
			b.message(to, lane, "FIN", false)
			this.finIn = true
		}
	case peers.FinSent:
		label := "shutdown SHUT_WR: FIN" // passed on
		if !strings.HasPrefix(it.Note, "passed on") {
			label = it.Note + ": FIN" // half_close
		}
		b.message(lane, to, label, false)
		this.fin = true
	case peers.Closed:
		if it.Upstream && it.Local.IsValid() {
			// close_after and reset_after end the client's side first,
			// and only then the target's: its Closed event comes first.
			client := &c.client
			b.relayClosed(c, false, it.Note, client, b.sideLane(client), true)
		}
		b.relayClosed(c, it.Upstream, it.Note, this, to, false)
	}
}

// relayClosed draws the end of one side of a relayed connection, as the
// Closed event's note says why: the RST or FIN the relay sends as it
// closes its socket (to is that side's lane), if it has not sent one.
// With only set, it draws only the end that close_after and reset_after
// make.
func (b *diagramBuild) relayClosed(c *relayConn, upstream bool, note string, this *relaySide, to int, only bool) {
	lane := c.lane
	option := func(name string) string { // "close_after=3"
		k := strings.Index(note, name+"=")
		if k < 0 || upstream {
			return ""
		}
		return strings.TrimSuffix(note[k:], ")")
	}
	switch {
	case this.rst || this.fin && option("reset_after") == "":
	case option("reset_after") != "":
		b.message(lane, to, option("reset_after")+": RST", false)
		this.rst = true
	case option("close_after") != "":
		b.message(lane, to, option("close_after")+": FIN", false)
		this.fin = true
	case only:
	case upstream && strings.HasPrefix(note, "could not connect: "): // it never connected
		b.note(lane, "connect to the target: "+strings.TrimPrefix(note, "could not connect: "))
	case !upstream && (note == peers.ResetByTarget || note == peers.TargetFailed),
		upstream && note == peers.ClosedByReset:
		b.message(lane, to, "close: RST", false)
		this.rst = true
	case upstream && note == peers.ResetByTarget, !upstream && note == peers.ClosedByReset:
	default:
		b.message(lane, to, "close: FIN", false)
		this.fin = true
	}
}

// relayData is a relay's data label: "send 2 b'he'". It shows as many
// bytes as a socket's label (netinfo.HeadMax), though the relay's event
// keeps more, so that every lane's previews are alike.
func relayData(call string, ev peers.Event) string {
	return dataText(call, ev.N, ev.Data[:min(len(ev.Data), netinfo.HeadMax)])
}

// relayName is a relay lane's name, as the log names the relay.
func relayName(server int) string { return "proxy " + strconv.Itoa(server) }
