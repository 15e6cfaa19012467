package netinfo

import (
	"errors"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// A socket keeps the history of its conversation: the last HistoryMax
// events the peer could see or caused (connect, accept, each send and
// recv with its count and first bytes, shutdown, close, and the errors
// the kernel reported), whether or not a trace is on, for a ladder
// diagram. Where the trace shows every system call as text, and only
// while it is on, the history keeps values, always, at the cost of a
// monotonic clock read and a copy of at most HeadMax bytes per event
// (BenchmarkHistoryNote). A wait's
// EAGAIN is no event, nor is a receive served from the read-ahead buffer
// (its bytes were counted when they came from the kernel), nor a
// MSG_PEEK.

// HistoryMax is how many events a socket keeps; older ones are dropped
// and counted.
const HistoryMax = 1000

// HeadMax is how many bytes of a send or recv an event keeps, as the
// trace shows (strace's -s 32).
const HeadMax = traceDataMax

// EventKind is what happened.
type EventKind uint8

const (
	EventBind     EventKind = iota + 1 // bind(2); Local is the address
	EventListen                        // listen(2); N is the backlog
	EventConnect                       // a connect that ended (its handshake done or refused); Local and Peer
	EventAccept                        // on a listener: a connection taken; N is the new socket's fd, Local and Peer its addresses
	EventAccepted                      // the first event of an accepted socket; N is the listener's fd, Local and Peer
	EventSend                          // send or sendto; N bytes; Peer is sendto's address
	EventRecv                          // recv or recvfrom; N bytes (0: the peer's end); Peer is recvfrom's source
	EventShutdown                      // shutdown(2); N is how (unix.SHUT_RD, SHUT_WR, SHUT_RDWR)
	EventClose                         // close(2); N is 1 when it aborts the connection (RST); Local and Peer are the socket's last addresses
	EventState                         // NoteState saw the connection's TCP state change; State names it
)

var eventNames = [...]string{
	EventBind: "bind", EventListen: "listen", EventConnect: "connect", EventAccept: "accept",
	EventAccepted: "accepted", EventSend: "send", EventRecv: "recv", EventShutdown: "shutdown", EventClose: "close", EventState: "state",
}

func (k EventKind) String() string {
	if int(k) < len(eventNames) && eventNames[k] != "" {
		return eventNames[k]
	}
	return "EventKind(" + strconv.Itoa(int(k)) + ")"
}

// Event is one event of a socket's history.
type Event struct {
	// Seq orders the events of all the sockets made with the same Trace
	// (NewTracedSocket, and the sockets accept makes from them), or of
	// all the sockets made without one: it grows by one per event.
	Seq  uint64
	Time time.Time
	Kind EventKind
	// N is the count of bytes of a send or recv, and the number named
	// by the kind for the others.
	N int
	// Data is the first HeadMax bytes of a send or recv: raw bytes from
	// the network, to be shown escaped.
	Data []byte
	// Local and Peer are the addresses of the event's connection, or
	// the zero Addr where the kind has none.
	Local, Peer Addr
	// Errno is the error the kernel returned (ECONNREFUSED, ECONNRESET,
	// EPIPE...), or 0.
	Errno unix.Errno
	// State is the TCP state an EventState saw, as the kernel names it
	// (ESTABLISHED, CLOSE_WAIT, FIN_WAIT2, TIME_WAIT, ...); N is its
	// number (include/net/tcp_states.h).
	State string
}

// String shows the event on one line, escaped: `send 21 "Hey, can you
// hear me?"`, `recv -1 ECONNRESET`, `connect {AF_INET, 127.0.0.1:50000}`.
func (e Event) String() string {
	s := e.Kind.String()
	switch {
	case e.Errno != 0:
		return s + " -1 " + errnoName(e.Errno)
	case e.Kind == EventSend || e.Kind == EventRecv:
		s += " " + strconv.Itoa(e.N) + " " + fmtData(e.Data)
		if e.N > len(e.Data) {
			s += "..."
		}
	case e.Kind == EventListen || e.Kind == EventAccept || e.Kind == EventAccepted:
		s += " " + strconv.Itoa(e.N)
	case e.Kind == EventShutdown:
		s += " " + fmtShutHow(e.N)
	case e.Kind == EventState:
		s += " " + e.State
	case e.Kind == EventClose && e.N == 1:
		s += " RST"
	}
	if e.Local.Family != 0 {
		s += " " + fmtAddr(e.Local)
	}
	if e.Peer.Family != 0 {
		s += " -> " + fmtAddr(e.Peer)
	}
	return s
}

// event is an Event as the ring keeps it: its first bytes in place, and
// its addresses, which most events lack, behind a pointer.
type event struct {
	seq   uint64
	at    time.Duration // since historyEpoch
	kind  EventKind
	head  uint8 // bytes of data kept
	errno unix.Errno
	n     int
	data  [HeadMax]byte
	addrs *eventAddrs
}

type eventAddrs struct{ local, peer Addr }

// history is a socket's ring of events: the oldest is at start once the
// ring is full.
type history struct {
	events  []event
	start   int
	dropped uint64
	// state is the TCP state NoteState noted last (0: none yet), and
	// gone is set once the socket is closed and the kernel has forgotten
	// its connection, so that NoteState stops looking for it.
	state uint8
	gone  bool
	// conn is the connection connect or accept made, for NoteState to
	// find it once the socket's own state says CLOSE.
	conn *eventAddrs
}

// historyEpoch is what events' times are kept relative to: time.Since
// reads only the monotonic clock, half the cost of time.Now, which reads
// the wall clock too (25 ns of an event's 70 on the development machine).
var historyEpoch = time.Now()

// untracedSeq numbers the events of the sockets made without a Trace,
// and untracedChanged is their LastChange.
var untracedSeq, untracedChanged atomic.Uint64

// seq is the counter the socket's events are numbered with.
func (s *Socket) seq() *atomic.Uint64 {
	if s.trace != nil {
		return &s.trace.seq
	}
	return &untracedSeq
}

// note adds an event to the socket's history: kind, with n and the first
// bytes of data, and the call's error. A call that would block, or was
// interrupted by a signal, is no event, nor is an error that is not the
// kernel's (a timeout, a Ctrl-C).
func (s *Socket) note(kind EventKind, n int, data []byte, err error) {
	s.noteEvent(kind, n, data, err)
}

// noteAddrs is note for an event with addresses; they are copied only for
// an event that is kept.
func (s *Socket) noteAddrs(kind EventKind, n int, data []byte, local, peer Addr, err error) {
	if e := s.noteEvent(kind, n, data, err); e != nil {
		e.addrs = &eventAddrs{local, peer}
		if e.errno == 0 && (kind == EventConnect || kind == EventAccepted) && s.isTCP() {
			s.history.conn = e.addrs
		}
	}
}

// noteEvent is note, returning the event kept, if any.
func (s *Socket) noteEvent(kind EventKind, n int, data []byte, err error) *event {
	if !s.open && kind != EventClose && kind != EventState {
		return nil // a call on a closed socket: no system call was made
	}
	errno, ok := kernelErrno(err)
	if !ok || errno == unix.EAGAIN || errno == unix.EINTR || errno == unix.EINPROGRESS {
		return nil
	}
	h := &s.history
	var e *event
	if len(h.events) < HistoryMax {
		h.events = append(h.events, event{})
		e = &h.events[len(h.events)-1]
	} else {
		e = &h.events[h.start]
		h.start = (h.start + 1) % HistoryMax
		h.dropped++
	}
	e.seq = s.seq().Add(1)
	if mayChangeState(kind, n, errno) {
		if s.trace != nil {
			s.trace.changed.Store(e.seq)
		} else {
			untracedChanged.Store(e.seq)
		}
	}
	e.at = time.Since(historyEpoch)
	e.kind, e.n, e.errno, e.addrs = kind, n, errno, nil
	e.head = uint8(copy(e.data[:], data))
	return e
}

// kernelErrno is the errno err carries (0 for nil), and whether it is the
// kernel's error at all. The common kinds are looked at first: errors.As
// would make its target escape, an allocation for every event.
func kernelErrno(err error) (unix.Errno, bool) {
	switch e := err.(type) {
	case nil:
		return 0, true
	case unix.Errno:
		return e, true
	case *Error:
		return e.Errno, true
	}
	var e unix.Errno
	ok := errors.As(err, &e)
	return e, ok
}

// History returns the socket's events, oldest first, and how many older
// ones were dropped (HistoryMax are kept). A closed socket keeps its
// history.
func (s *Socket) History() (events []Event, dropped uint64) {
	h := &s.history
	events = make([]Event, 0, len(h.events))
	for i := range h.events {
		e := &h.events[(h.start+i)%len(h.events)]
		ev := Event{Seq: e.seq, Time: historyEpoch.Add(e.at), Kind: e.kind, N: e.n, Errno: e.errno}
		switch e.kind {
		case EventSend, EventRecv:
			ev.Data = append([]byte(nil), e.data[:e.head]...)
		case EventState:
			ev.State = tcpStateName(e.n)
		}
		if e.addrs != nil {
			ev.Local, ev.Peer = e.addrs.local, e.addrs.peer
		}
		events = append(events, ev)
	}
	return events, h.dropped
}

// mayChangeState reports an event after which a TCP state may have
// changed, here or at the other end: any but a send or recv of bytes that
// went well (a recv of 0 is the peer's FIN; an error, its reset).
func mayChangeState(kind EventKind, n int, errno unix.Errno) bool {
	switch kind {
	case EventSend, EventRecv:
		return errno != 0 || (kind == EventRecv && n == 0)
	case EventState, EventBind:
		return false
	}
	return true
}

// LastChange returns the Seq of the last event of the trace's sockets
// after which a TCP state may have changed (a connect, accept, shutdown,
// close, a recv of 0 bytes, an error; not a send or recv of bytes, nor a
// noted state), or 0: a caller that noted the states after it need not
// look again until it grows.
func (t *Trace) LastChange() uint64 { return t.changed.Load() }

// LastSeq returns the Seq of the last event of the trace's sockets (0 when
// there is none yet): a caller that remembers it can tell whether any of
// them did something since.
func (t *Trace) LastSeq() uint64 { return t.seq.Load() }

// The TCP states NoteState treats apart (include/net/tcp_states.h).
const (
	stateClose  = 7
	stateListen = 10
)

// passing reports a TCP state that lasts only while a packet is on its
// way: on loopback, a moment.
func passing(state int) bool {
	switch state {
	case 2, 3, 4, 9, 11: // SYN_SENT, SYN_RECV, FIN_WAIT1, LAST_ACK, CLOSING
		return true
	}
	return false
}

// settleMax bounds how long NoteStates waits for passing states to pass:
// above the 40 ms a delayed ACK takes (TCP_ATO_MIN), with room for a
// loaded machine.
const settleMax = 250 * time.Millisecond

// NoteState reads the TCP state of the socket's connection from the
// kernel and, when it differs from the state noted last, adds an
// EventState to the history: what a ladder diagram needs to show
// CLOSE_WAIT, FIN_WAIT2 or TIME_WAIT where they began, since no call of
// this socket's own makes them. While the socket is open the state comes
// from TCP_INFO; once it is closed, from the kernel's table of
// connections (Lingering), for as long as the kernel keeps the connection
// (TIME_WAIT, for a minute). A fresh socket's CLOSE is not noted, and a
// socket that is not TCP has no state. It returns the state read ("" for
// none) and whether it was noted.
//
// The kernel is asked only when NoteState is called (the shell calls it
// after each command that made a system call): changes between two calls
// are not seen, and a state is noted when it was seen, not when it began.
func (s *Socket) NoteState() (state string, noted bool) {
	n, has := s.readState()
	return s.noteState(n, has)
}

// NoteStates is NoteState for several sockets at one moment. When one of
// them is in a state that lasts only while a packet is on its way
// (FIN_WAIT1 until the FIN is acknowledged, LAST_ACK, SYN_SENT, ...) and
// was not noted in it before, it first waits for the kernel to finish
// the exchange (at most 250 ms), so that on loopback the states noted are
// where the exchange leads (FIN_WAIT2 and CLOSE_WAIT), whatever moment
// the kernel was caught in. That wait is what a peer's delayed ACK takes:
// 40 ms after a close that follows a conversation, nothing otherwise. A
// state that stays (a FIN the peer does not acknowledge) is noted after
// that wait, once.
func NoteStates(socks []*Socket) {
	type reading struct {
		n   int
		has bool
	}
	read := make([]reading, len(socks))
	start := time.Now()
	for {
		unsettled := false
		for i, s := range socks {
			n, has := s.readState()
			read[i] = reading{n, has}
			unsettled = unsettled || (has && passing(n) && n != int(s.history.state))
		}
		if !unsettled || time.Since(start) >= settleMax {
			break
		}
		time.Sleep(time.Millisecond)
	}
	for i, s := range socks {
		s.noteState(read[i].n, read[i].has)
	}
}

// isTCP reports a TCP socket: the kind that has a state.
func (s *Socket) isTCP() bool {
	return s.Type == unix.SOCK_STREAM && (s.Family == unix.AF_INET || s.Family == unix.AF_INET6)
}

// readState reads the socket's TCP state number from the kernel, and
// whether there is one.
func (s *Socket) readState() (n int, has bool) {
	if !s.isTCP() || s.history.gone {
		return 0, false
	}
	if s.open {
		info, err := unix.GetsockoptTCPInfo(s.fd, unix.IPPROTO_TCP, unix.TCP_INFO)
		if err != nil {
			return 0, false
		}
		if c := s.history.conn; info.State == stateClose && c != nil {
			// A socket whose FIN went first is CLOSE once the peer's
			// FIN comes, open or not: its connection went on without
			// it, in TIME_WAIT, which is the state that matters.
			if n, ok := connState(s.Family, c.local, c.peer); ok {
				return n, true
			}
		}
		return int(info.State), true
	}
	return s.lingeringState()
}

// noteState notes state n if it is new (see NoteState).
func (s *Socket) noteState(n int, has bool) (string, bool) {
	h := &s.history
	if !has {
		if !s.open && s.isTCP() {
			// The kernel has forgotten the closed socket's connection
			// (or it never had one): nothing more will change.
			h.gone = true
		}
		return "", false
	}
	if n == int(h.state) || (h.state == 0 && n == stateClose) {
		return tcpStateName(n), false
	}
	h.state = uint8(n)
	if e := s.noteEvent(EventState, n, nil, nil); e == nil {
		return tcpStateName(n), false
	}
	return tcpStateName(n), true
}

// abortive reports whether closing the open socket now aborts its
// connection with a reset rather than ending it with a FIN, as Linux
// does: SO_LINGER on with a time of 0, or bytes received that nobody
// read (tcp_close). Only a connected TCP socket has a connection to
// abort.
func (s *Socket) abortive() bool {
	if !s.isTCP() || !s.lastPeer.IP.IsValid() {
		return false
	}
	if l, err := unix.GetsockoptLinger(s.fd, unix.SOL_SOCKET, unix.SO_LINGER); err == nil && l.Onoff != 0 && l.Linger == 0 {
		return true
	}
	n, err := unix.IoctlGetInt(s.fd, unix.SIOCINQ)
	return err == nil && n > 0
}
