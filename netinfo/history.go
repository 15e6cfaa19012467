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
	EventClose                         // close(2)
)

var eventNames = [...]string{
	EventBind: "bind", EventListen: "listen", EventConnect: "connect", EventAccept: "accept",
	EventAccepted: "accepted", EventSend: "send", EventRecv: "recv", EventShutdown: "shutdown", EventClose: "close",
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
}

// historyEpoch is what events' times are kept relative to: time.Since
// reads only the monotonic clock, half the cost of time.Now, which reads
// the wall clock too (25 ns of an event's 70 on the development machine).
var historyEpoch = time.Now()

// untracedSeq numbers the events of the sockets made without a Trace.
var untracedSeq atomic.Uint64

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
	}
}

// noteEvent is note, returning the event kept, if any.
func (s *Socket) noteEvent(kind EventKind, n int, data []byte, err error) *event {
	if !s.open && kind != EventClose {
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
		if e.kind == EventSend || e.kind == EventRecv {
			ev.Data = append([]byte(nil), e.data[:e.head]...)
		}
		if e.addrs != nil {
			ev.Local, ev.Peer = e.addrs.local, e.addrs.peer
		}
		events = append(events, ev)
	}
	return events, h.dropped
}
