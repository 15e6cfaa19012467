package diagramcmd

import (
	"net/netip"
	"slices"
	"strconv"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/peercmd"
	"sockshell/commands/value"
	"sockshell/internal/ladder"
	"sockshell/netinfo"
)

// This file turns the histories of the session's sockets into a ladder
// diagram (package ladder draws it): one lane per socket, one per peer
// outside the picture, and a row per event, in the order the events
// happened (their Seq), as internal/ladder's package doc maps them.

// gapMin is the pause between two events that the diagram shows as a gap
// ("5 s later"): long enough that a script's own pace never shows one.
const gapMin = 3 * time.Second

// endpoint is an address as the diagram pairs them: IPv4 and IPv6 alike
// (an IPv4-mapped address is its IPv4 address), flow and scope left out.
type endpoint struct {
	ip   netip.Addr
	port int
	path string
	unix bool
}

func endpointOf(a netinfo.Addr) endpoint {
	if a.Family == unix.AF_UNIX {
		return endpoint{path: a.Path, unix: true}
	}
	return endpoint{ip: a.IP.Unmap(), port: a.Port}
}

// valid reports an address that names something: an IP and a port, or a
// path.
func (e endpoint) valid() bool {
	if e.unix {
		return e.path != ""
	}
	return e.ip.IsValid() && e.port != 0
}

// reaches reports whether a datagram or a connection sent to e arrives at
// a socket bound to local: the same port and address, or a socket bound
// to every address (0.0.0.0, ::).
func (e endpoint) reaches(local endpoint) bool {
	if e.unix || local.unix {
		return e.unix && local.unix && e.path != "" && e.path == local.path
	}
	return e.port == local.port && e.port != 0 &&
		(e.ip == local.ip || local.ip.IsUnspecified() || e.ip.IsUnspecified())
}

// String is the address as the diagram shows it: 127.0.0.1:50000,
// [::1]:50000, or an AF_UNIX path ("" for an unnamed socket).
func (e endpoint) String() string {
	switch {
	case e.unix:
		return e.path
	case !e.ip.IsValid():
		return ""
	}
	return netip.AddrPortFrom(e.ip, uint16(e.port)).String()
}

// dsock is one socket of the picture, with what its history says of it.
type dsock struct {
	v       *commands.Socket
	events  []netinfo.Event
	label   string
	tcp     bool // a TCP socket (states, handshake, FIN)
	dgram   bool
	local   endpoint // the last address it had
	peer    endpoint // its connection's other end, once connected
	listens bool
	// accepted is the connection (local, peer) of an accepted socket;
	// listener the index of the socket that accepted it, -1 if none.
	accepted bool
	listener int
	// target is the listener a client connected to, -1 if none.
	target int
	// partner is the socket at the connection's other end, -1 if none.
	partner int

	recvd  int  // bytes its recvs took in, in all
	sent   int  // bytes sent so far, while the rows are made
	got    int  // bytes received so far, while the rows are made
	closed bool // its close was played
	finOut bool // it sent its FIN (shutdown or close)
	finIn  bool // the FIN of a peer outside the picture was drawn
	rstIn  bool // the reset of a peer outside the picture was drawn
	// connected is set once its connect is drawn; relay is the relayed
	// connection it is an end of (relay.go), nil if none.
	connected bool
	relay     *relayConn
}

// diagramBuild makes the diagram.
type diagramBuild struct {
	s        *commands.Session
	socks    []*dsock
	remotes  []remoteLane
	byEP     map[endpoint]int        // remote lanes by address
	relayUp  map[endpoint]*relayConn // relayed connections by the relay's address toward the target
	rows     []ladder.Row            // lanes as refs: socket i is i, remote j is len(socks)+j
	state    map[int]string          // the state each lane shows now
	drawing  bool                    // rows are kept (past the reset)
	fromMark bool                    // the picture starts at a reset
	last     time.Time               // the time of the last event drawn, or of the last before the reset
}

// remoteLane is a peer outside the picture: drawn from what the sockets
// of the picture saw of it.
type remoteLane struct {
	ep    endpoint
	owner int // the socket that first met it, beside which it is drawn
	relay int // the id of the relay (proxy) it is, drawn from its events; 0 for a peer outside
}

// mark is where a picture starts: after the sockets' event numbered seq
// and the relays' event numbered relay (0, 0: all of it).
type mark struct{ seq, relay uint64 }

// drops says what the picture could not draw: the most events a socket
// dropped (its history keeps netinfo.HistoryMax), and, when a relay is
// drawn, the relays' events the session dropped or lost (see
// peercmd.RelayHistory).
type drops struct {
	socket, relay uint64
	relayLost     int
}

// buildDiagram draws the history of socks, and of the relays they talk
// through (relays), after from.
func buildDiagram(s *commands.Session, socks []*commands.Socket, relays peercmd.RelayHistory, from mark) (*ladder.Diagram, drops) {
	b := &diagramBuild{s: s, byEP: map[endpoint]int{}, relayUp: map[endpoint]*relayConn{}, state: map[int]string{}}
	var dr drops
	for _, v := range socks {
		ev, drop := v.Sock().History()
		dr.socket = max(dr.socket, drop)
		b.socks = append(b.socks, &dsock{v: v, events: ev, listener: -1, target: -1, partner: -1})
	}
	b.learn()
	b.fromMark = from != mark{}
	items := b.learnRelays(relays)
	if len(items) > 0 {
		dr.relay, dr.relayLost = relays.Dropped, relays.Lost
	}
	b.play(b.newOrder(items, from))
	return b.diagram(), dr
}

// learn reads what the histories say of each socket: its addresses, its
// role, and which sockets of the picture are the two ends of one
// connection.
func (b *diagramBuild) learn() {
	seen := map[string]int{}
	for i, d := range b.socks {
		sk := d.v.Sock()
		d.tcp = sk.Type == unix.SOCK_STREAM && sk.Family != unix.AF_UNIX
		d.dgram = sk.Type == unix.SOCK_DGRAM
		for _, e := range d.events {
			if e.Local.Family != 0 && e.Errno == 0 {
				d.local = endpointOf(e.Local)
			}
			switch {
			case e.Errno != 0:
			case e.Kind == netinfo.EventListen:
				d.listens = true
			case e.Kind == netinfo.EventConnect && !d.dgram, e.Kind == netinfo.EventAccepted, e.Kind == netinfo.EventClose:
				if e.Peer.Family != 0 {
					d.peer = endpointOf(e.Peer)
				}
				d.accepted = d.accepted || e.Kind == netinfo.EventAccepted
			case e.Kind == netinfo.EventRecv:
				d.recvd += e.N
			}
		}
		if !sk.Closed() {
			if a, err := sk.LocalAddr(); err == nil {
				d.local = endpointOf(a)
			}
			if a, err := sk.PeerAddr(); err == nil && !d.dgram {
				d.peer = endpointOf(a)
			}
		}
		d.label = d.v.Name()
		if d.label == "" {
			d.label = "socket " + strconv.Itoa(i+1)
			if fd := sk.FD(); fd >= 0 {
				d.label = "fd " + strconv.Itoa(fd)
			}
		}
		// A name used again for a new socket: the lanes must differ
		// (a socket that did nothing has no lane).
		if len(d.events) == 0 {
			continue
		}
		seen[d.label]++
		if n := seen[d.label]; n > 1 {
			d.label += "#" + strconv.Itoa(n)
		}
	}
	for i, d := range b.socks {
		if !d.tcp || !d.peer.valid() {
			continue
		}
		for j, o := range b.socks {
			switch {
			case j == i || !o.tcp:
			case o.local == d.peer && o.peer == d.local:
				d.partner = j
			case o.listens && d.peer.reaches(o.local) && !d.accepted:
				d.target = j
			case o.listens && d.accepted && b.acceptedBy(o, d):
				d.listener = j
			}
		}
	}
}

// acceptedBy reports whether listener ln's history took connection d.
func (b *diagramBuild) acceptedBy(ln, d *dsock) bool {
	for _, e := range ln.events {
		if e.Kind == netinfo.EventAccept && e.Errno == 0 && endpointOf(e.Local) == d.local && endpointOf(e.Peer) == d.peer {
			return true
		}
	}
	return false
}

// play goes through every event in order (see order.go), drawing those
// after the mark.
func (b *diagramBuild) play(o *order) {
	started := false
	start := func() {
		started, b.drawing = true, true
		if !b.fromMark {
			return
		}
		// The picture starts at a reset: each lane with a state shows it
		// first, as it was at that moment.
		for i, d := range b.socks {
			if st := b.state[i]; st != "" && st != "CLOSE" && (!d.closed || b.lingers(d)) {
				b.add(ladder.Row{Kind: ladder.State, Lane: i, Label: st})
			}
		}
	}
	for {
		it, ok := o.next(b)
		if !ok {
			break
		}
		if !started && it.after {
			start()
		}
		b.drawing = started && it.after
		if b.drawing && !b.last.IsZero() && it.time().Sub(b.last) >= gapMin {
			b.add(ladder.Row{Kind: ladder.Gap, Label: gapLabel(it.time().Sub(b.last))})
		}
		if it.relay != nil {
			b.relayEvent(*it.relay)
		} else {
			b.event(it.sock, it.Event)
		}
		if it.time().After(b.last) {
			b.last = it.time()
		}
	}
	if !started {
		start()
	}
}

// lingers reports a closed socket whose connection the kernel still keeps
// (TIME_WAIT): one closed before the reset shows that state if it still
// does.
func (b *diagramBuild) lingers(d *dsock) bool {
	_, _, _, ok := d.v.Sock().Lingering()
	return ok
}

// gapLabel says how long a pause was: "5 s later", "2 min later".
func gapLabel(d time.Duration) string {
	if d < 2*time.Minute {
		return strconv.Itoa(int(d.Seconds())) + " s later"
	}
	return strconv.Itoa(int(d.Minutes())) + " min later"
}

// add keeps a row, past the reset.
func (b *diagramBuild) add(r ladder.Row) {
	if b.drawing {
		b.rows = append(b.rows, r)
	}
}

func (b *diagramBuild) message(from, to int, label string, pending bool) {
	switch {
	case to == ladder.NoLane:
		b.add(ladder.Row{Kind: ladder.Departure, Lane: from, Peer: to, Label: label, Pending: pending})
	case from == ladder.NoLane:
		b.add(ladder.Row{Kind: ladder.Arrival, Lane: to, Peer: from, Label: label})
	default:
		b.add(ladder.Row{Kind: ladder.Message, Lane: from, Peer: to, Label: label, Pending: pending})
	}
}

func (b *diagramBuild) arrival(lane, from int, label string) {
	b.add(ladder.Row{Kind: ladder.Arrival, Lane: lane, Peer: from, Label: label})
}

func (b *diagramBuild) note(lane int, label string) {
	b.add(ladder.Row{Kind: ladder.Note, Lane: lane, Label: label})
}

// setState shows lane's new state, if it is new.
func (b *diagramBuild) setState(lane int, st string) {
	if b.state[lane] == st {
		return
	}
	b.state[lane] = st
	if st != "" {
		b.add(ladder.Row{Kind: ladder.State, Lane: lane, Label: st})
	}
}

// remote returns the lane of a peer outside the picture at ep, made the
// first time it is met (by socket owner); NoLane for no address.
func (b *diagramBuild) remote(ep endpoint, owner int) int {
	if !ep.valid() {
		return ladder.NoLane
	}
	if j, ok := b.byEP[ep]; ok {
		return len(b.socks) + j
	}
	b.remotes = append(b.remotes, remoteLane{ep: ep, owner: owner})
	b.byEP[ep] = len(b.remotes) - 1
	return len(b.socks) + len(b.remotes) - 1
}

// isRemote reports a lane of a peer outside the picture (not a relay's,
// which its own events draw).
func (b *diagramBuild) isRemote(lane int) bool { return lane >= len(b.socks) && !b.isRelay(lane) }

// peerLane is the lane at the other end of socket i's connection: the
// socket of the picture that is its other end, or the peer outside.
func (b *diagramBuild) peerLane(i int) int {
	d := b.socks[i]
	if d.partner >= 0 {
		return d.partner
	}
	if d.v.Sock().Family == unix.AF_UNIX {
		return ladder.NoLane // an AF_UNIX connection's ends have no names to pair by
	}
	return b.remote(d.peer, i)
}

// destLane is where a datagram sent by socket i to a arrives: a socket of
// the picture bound there, or the peer outside.
func (b *diagramBuild) destLane(i int, a netinfo.Addr) int {
	ep := endpointOf(a)
	for j, o := range b.socks {
		if j != i && o.dgram && ep.reaches(o.local) {
			return j
		}
	}
	return b.remote(ep, i)
}

// srcLane is where a datagram received by socket i from a came from: the
// socket of the picture bound to a, or the peer outside.
func (b *diagramBuild) srcLane(i int, a netinfo.Addr) int {
	ep := endpointOf(a)
	for j, o := range b.socks {
		if j != i && o.dgram && o.local.reaches(ep) {
			return j
		}
	}
	return b.remote(ep, i)
}

// errText names an errno as Python's exception does, shortly:
// "ConnectionResetError [Errno 104]".
func errText(errno unix.Errno) string {
	return value.ErrnoClass(int(errno)).Name + " [Errno " + strconv.Itoa(int(errno)) + "]"
}

// dataLabel is a send's or recv's label: the call, the count, and the
// first bytes as Python shows bytes ("send 21 b'Hey, can you hear me?'").
func dataLabel(call string, e netinfo.Event) string { return dataText(call, e.N, e.Data) }

// dataText is a data label of n bytes whose first are data.
func dataText(call string, n int, data []byte) string {
	s := call + " " + strconv.Itoa(n) + " " + value.Bytes(data).Repr()
	if n > len(data) {
		s += "..."
	}
	return s
}

// event draws one event of socket i.
func (b *diagramBuild) event(i int, e netinfo.Event) {
	d := b.socks[i]
	failed := func(call string) { b.note(i, call+": "+errText(e.Errno)) }
	switch e.Kind {
	case netinfo.EventBind:
		if e.Errno != 0 {
			failed("bind")
		}
	case netinfo.EventListen:
		if e.Errno != 0 {
			failed("listen")
			return
		}
		if d.tcp {
			b.setState(i, "LISTEN")
		} else {
			b.note(i, "listen "+strconv.Itoa(e.N))
		}
	case netinfo.EventConnect:
		b.connect(i, e)
	case netinfo.EventAccept:
		if e.Errno != 0 {
			failed("accept")
			return
		}
		what := "accept"
		if ep := endpointOf(e.Peer).String(); ep != "" {
			what += ": " + ep
		}
		if c := b.relayUp[endpointOf(e.Peer)]; c != nil {
			what = "accept: " + relayName(c.server)
		}
		for _, o := range b.socks {
			if o.accepted && o.local == endpointOf(e.Local) && o.peer == endpointOf(e.Peer) && e.Peer.Family != unix.AF_UNIX {
				what = "accept: " + o.label
			}
		}
		b.note(i, what)
	case netinfo.EventAccepted:
		if d.tcp {
			b.setState(i, "ESTABLISHED")
		}
	case netinfo.EventSend:
		b.send(i, e)
	case netinfo.EventRecv:
		b.recv(i, e)
	case netinfo.EventShutdown:
		how := map[int]string{unix.SHUT_RD: "SHUT_RD", unix.SHUT_WR: "SHUT_WR", unix.SHUT_RDWR: "SHUT_RDWR"}[e.N]
		if e.Errno != 0 {
			failed("shutdown")
			return
		}
		if !d.tcp || e.N == unix.SHUT_RD || d.finOut || !d.peer.valid() {
			b.note(i, "shutdown "+how)
			return
		}
		b.message(i, b.peerLane(i), "shutdown "+how+": FIN", false)
		d.finOut = true
	case netinfo.EventClose:
		b.close(i, e)
	case netinfo.EventState:
		if p := b.peerLane(i); b.isRemote(p) && !d.finIn {
			switch e.State {
			case "CLOSE_WAIT", "TIME_WAIT", "CLOSING", "LAST_ACK":
				// Only the peer's FIN leads there; it came from outside.
				b.message(p, i, "FIN", false)
				d.finIn = true
			}
		}
		b.setState(i, e.State)
	}
}

// connect draws a connect: the handshake it implies for TCP (to the
// listener of the picture, the other end, or the peer outside), and its
// refusal.
func (b *diagramBuild) connect(i int, e netinfo.Event) {
	d := b.socks[i]
	if d.dgram {
		if e.Errno != 0 {
			b.note(i, "connect: "+errText(e.Errno))
		} else {
			b.note(i, "connect "+endpointOf(e.Peer).String())
		}
		return
	}
	to := d.target
	if to < 0 {
		to = d.partner
	}
	if to < 0 {
		to = b.remote(endpointOf(e.Peer), i)
		if d.v.Sock().Family == unix.AF_UNIX {
			to = ladder.NoLane
			for j, o := range b.socks {
				if o.listens && endpointOf(e.Peer).reaches(o.local) {
					to = j
				}
			}
		}
	}
	if !d.tcp {
		if e.Errno != 0 {
			b.note(i, "connect: "+errText(e.Errno))
			return
		}
		b.message(i, to, "connect", false)
		return
	}
	b.setState(i, "SYN_SENT")
	b.message(i, to, "connect: SYN", false)
	switch e.Errno {
	case 0:
		d.connected = true
		b.message(to, i, "SYN+ACK", false)
		b.message(i, to, "ACK", false)
		b.setState(i, "ESTABLISHED")
	case unix.ECONNREFUSED:
		b.message(to, i, "RST", false)
		b.note(i, "connect: "+errText(e.Errno))
		b.setState(i, "CLOSE")
	default:
		b.note(i, "connect: "+errText(e.Errno))
	}
}

// send draws a send: an arrow to the receiver, dashed while the receiver
// has not taken all its bytes in.
func (b *diagramBuild) send(i int, e netinfo.Event) {
	d := b.socks[i]
	call := "send"
	if e.Peer.Family != 0 && d.dgram {
		call = "sendto"
	}
	if e.Errno != 0 {
		b.note(i, call+": "+errText(e.Errno))
		return
	}
	to := ladder.NoLane
	switch {
	case d.dgram && e.Peer.Family != 0:
		to = b.destLane(i, e.Peer)
	case d.dgram:
		to = b.destLane(i, b.peerAddr(d))
	default:
		to = b.peerLane(i)
	}
	d.sent += e.N
	pending := d.partner >= 0 && to == d.partner && b.socks[d.partner].recvd < d.sent
	if c := d.relay; c != nil && to == c.lane {
		from, _ := c.side(c.target.sock == i)
		pending = from.gotTotal < d.sent
	}
	b.message(i, to, dataLabel(call, e), pending)
}

// peerAddr is the address a connected datagram socket sends to.
func (b *diagramBuild) peerAddr(d *dsock) netinfo.Addr {
	for _, e := range slices.Backward(d.events) {
		if e.Kind == netinfo.EventConnect && e.Errno == 0 {
			return e.Peer
		}
	}
	return netinfo.Addr{}
}

// recv draws a recv: a short arrow into the receiver from the sender's
// side, or, when the sender is outside the picture, an arrow from its
// lane standing for the bytes as they arrived.
func (b *diagramBuild) recv(i int, e netinfo.Event) {
	d := b.socks[i]
	call := "recv"
	from := ladder.NoLane
	switch {
	case d.dgram && e.Peer.Family != 0:
		call = "recvfrom"
		from = b.srcLane(i, e.Peer)
	case d.dgram:
		from = b.srcLane(i, b.peerAddr(d))
	default:
		from = b.peerLane(i)
	}
	outside := b.isRemote(from)
	if e.Errno != 0 {
		if outside && e.Errno == unix.ECONNRESET && !d.rstIn {
			b.message(from, i, "RST", false)
			d.rstIn = true
		}
		b.arrival(i, from, call+": "+errText(e.Errno))
		return
	}
	d.got += e.N
	switch {
	case outside && e.N == 0 && !d.dgram:
		if !d.finIn {
			b.message(from, i, "FIN", false)
			d.finIn = true
		}
		b.arrival(i, from, dataLabel(call, e))
	case outside:
		b.message(from, i, dataLabel(call, e), false)
	default:
		b.arrival(i, from, dataLabel(call, e))
	}
}

// close draws a close: the FIN it sends (or the RST of an abortive
// close) on a connection that has not sent its FIN yet, a note
// otherwise. The lane's state is gone with it; what the kernel keeps
// after (FIN_WAIT2, TIME_WAIT) comes as states.
func (b *diagramBuild) close(i int, e netinfo.Event) {
	d := b.socks[i]
	d.closed = true
	connected := d.tcp && e.Peer.Family != 0 && endpointOf(e.Peer).valid()
	switch {
	case e.Errno != 0:
		b.note(i, "close: "+errText(e.Errno))
	case connected && e.N == 1:
		b.message(i, b.peerLane(i), "close: RST", false)
	case connected && !d.finOut && b.state[i] != "CLOSE":
		b.message(i, b.peerLane(i), "close: FIN", false)
		d.finOut = true
	default:
		b.note(i, "close")
	}
	b.state[i] = ""
}

// diagram lays the lanes out and makes the ladder diagram: the lanes that
// take part in a row, each client beside the listener it connected to
// and the sockets that listener accepted, each peer outside the picture
// beside the socket that met it first.
func (b *diagramBuild) diagram() *ladder.Diagram {
	used := map[int]bool{}
	for _, r := range b.rows {
		switch r.Kind {
		case ladder.Gap:
		case ladder.Note, ladder.State:
			used[r.Lane] = true
		default:
			used[r.Lane] = true
			if r.Peer != ladder.NoLane {
				used[r.Peer] = true
			}
		}
	}
	var order []int
	placed := map[int]bool{}
	group := func(ln int) []int {
		var g []int
		for j := range b.socks {
			if b.targetOf(j) == ln {
				g = append(g, j)
			}
		}
		g = append(g, ln)
		for j, d := range b.socks {
			if d.listener == ln {
				g = append(g, j)
			}
		}
		return g
	}
	for i, d := range b.socks {
		var g []int
		switch {
		case d.listens:
			g = group(i)
		case b.targetOf(i) >= 0:
			g = group(b.targetOf(i))
		case d.listener >= 0:
			g = group(d.listener)
		default:
			g = []int{i}
		}
		for _, lane := range g {
			if placed[lane] || !used[lane] {
				continue
			}
			placed[lane] = true
			order = append(order, lane)
			for j, r := range b.remotes {
				if ref := len(b.socks) + j; r.owner == lane && used[ref] && !placed[ref] {
					placed[ref] = true
					order = append(order, ref)
				}
			}
		}
	}
	for j := range b.remotes { // a remote met by a socket not drawn
		if ref := len(b.socks) + j; used[ref] && !placed[ref] {
			order = append(order, ref)
		}
	}

	dg := new(ladder.Diagram)
	index := map[int]int{}
	for _, ref := range order {
		if ref < len(b.socks) {
			d := b.socks[ref]
			index[ref] = dg.AddLane(ladder.Lane{Label: d.label, Sublabel: d.local.String()})
			continue
		}
		r := b.remotes[ref-len(b.socks)]
		ep := r.ep
		l := ladder.Lane{Label: ep.String(), Remote: true}
		if r.relay != 0 {
			l = ladder.Lane{Label: relayName(r.relay), Sublabel: ep.String()}
		} else if name := serverAt(b.s, ep); name != "" {
			l.Label, l.Sublabel = name, ep.String()
		}
		index[ref] = dg.AddLane(l)
	}
	lane := func(ref int) int {
		if ref == ladder.NoLane {
			return ref
		}
		return index[ref]
	}
	for _, r := range b.rows {
		if r.Kind != ladder.Gap {
			r.Lane = lane(r.Lane)
			if r.Kind != ladder.Note && r.Kind != ladder.State {
				r.Peer = lane(r.Peer)
			}
		}
		dg.Add(r)
	}
	return dg
}

// targetOf is the listener of the picture socket i connected to, itself
// or through a relay, -1 if none: a client is drawn beside it.
func (b *diagramBuild) targetOf(i int) int {
	d := b.socks[i]
	if c := d.relay; c != nil && c.client.sock == i && d.target < 0 {
		return c.listener
	}
	return d.target
}

// serverAt names the session's local server listening at ep ("echo
// server 1"), or "".
func serverAt(s *commands.Session, ep endpoint) string {
	if ep.unix {
		return ""
	}
	return peercmd.ServerAt(s, netip.AddrPortFrom(ep.ip, uint16(ep.port)))
}
