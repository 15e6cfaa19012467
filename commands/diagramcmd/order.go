package diagramcmd

import (
	"slices"
	"time"

	"sockshell/netinfo"
)

// The picture's rows come in the order things happened. The sockets'
// events are numbered in the order the session made them (Seq); a
// relay's come from goroutines of their own, timed by the same monotonic
// clock, but each just after its call returned, so that near events of
// the two may be timed in the wrong order (the relay's write returns
// after the session's recv has its bytes). So an event waits for what
// caused it to be played (see relayReady and sockReady), and of two events
// that may both be played, the socket's comes first unless the relay's
// happened more than relayLag before it: a relay's event is drawn as late
// as what the session saw allows, in the order of the session's own
// calls, the same on every run of a script.

// relayLag is how much earlier than a socket's event a relay's must have
// happened to be drawn before it when either order is possible: far more
// than the time between a relay's call and its event, far less than the
// time between two commands typed at the prompt.
const relayLag = 100 * time.Millisecond

// item is one event to play: a socket's or a relay's.
type item struct {
	netinfo.Event
	sock  int        // the socket's index (a socket's event)
	relay *relayItem // a relay's event, nil for a socket's
	after bool       // after the mark: drawn
}

// time is when the item happened.
func (it item) time() time.Time {
	if it.relay != nil {
		return it.relay.Time
	}
	return it.Time
}

// order is the events still to play: the sockets' by Seq, the relays' in
// their order.
type order struct {
	socks  []item
	relays []relayItem
	from   mark
}

// newOrder gathers the events of the picture's sockets and relays.
func (b *diagramBuild) newOrder(relays []relayItem, from mark) *order {
	o := &order{relays: relays, from: from}
	for i, d := range b.socks {
		for _, e := range d.events {
			o.socks = append(o.socks, item{Event: e, sock: i, after: e.Seq > from.seq})
		}
	}
	slices.SortFunc(o.socks, func(x, y item) int {
		switch {
		case x.Seq < y.Seq:
			return -1
		case x.Seq > y.Seq:
			return 1
		}
		return 0
	})
	return o
}

// next takes the event to play next, given what b has played: the head
// that is ready, the socket's when both are unless the relay's is
// earlier by relayLag, or the earlier when neither is (events were lost).
// ok is false when none is left.
func (o *order) next(b *diagramBuild) (it item, ok bool) {
	takeSock := false
	switch {
	case len(o.socks) == 0 && len(o.relays) == 0:
		return item{}, false
	case len(o.relays) == 0:
		takeSock = true
	case len(o.socks) == 0:
	default:
		s, r := o.socks[0], o.relays[0]
		sOK, rOK := b.sockReady(s.sock, s.Event), b.relayReady(r)
		switch {
		case sOK != rOK:
			takeSock = sOK
		case sOK:
			takeSock = !r.Time.Before(s.Time.Add(-relayLag))
		default:
			takeSock = !r.Time.Before(s.Time)
		}
	}
	if takeSock {
		it, o.socks = o.socks[0], o.socks[1:]
		return it, true
	}
	r := &o.relays[0]
	o.relays = o.relays[1:]
	return item{relay: r, after: r.Seq > o.from.relay}, true
}
