package peercmd

import (
	"sync"

	"sockshell/commands"
	"sockshell/netinfo/peers"
)

// From its first relay on, the session keeps its relays' last events,
// whether or not the log is on, for package diagramcmd, which draws a
// relay as a lane of its own between its client and its target:
// RelayEvents.

// RelayEventsMax is how many of its relays' events a session keeps; older
// ones are dropped and counted.
const RelayEventsMax = 10000

// RelayEvent is one event of one of the session's relays (Kind
// peers.Proxy), numbered in the order the session got them.
type RelayEvent struct {
	peers.Event
	Seq uint64 // 1, 2, ...
}

// RelayHistory is what RelayEvents returns.
type RelayHistory struct {
	Events []RelayEvent // oldest first
	// Dropped counts the older events not kept (RelayEventsMax), Lost
	// those the servers made faster than they could be taken (the whole
	// group's: while the log is on, other servers' events count too).
	Dropped uint64
	Lost    int
}

// relayRecord is a session's ring of its relays' events.
type relayRecord struct {
	mu      sync.Mutex
	events  []RelayEvent
	start   int // the oldest, once the ring is full
	seq     uint64
	dropped uint64
	lost    int
}

// add keeps ev if it is a relay's (peers.Group.SetRecord's function: it
// runs on the group's delivery goroutine).
func (r *relayRecord) add(ev peers.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lost += ev.Dropped
	if ev.Kind != peers.Proxy {
		return
	}
	r.seq++
	e := RelayEvent{Event: ev, Seq: r.seq}
	if len(r.events) < RelayEventsMax {
		r.events = append(r.events, e)
		return
	}
	r.events[r.start] = e
	r.start = (r.start + 1) % RelayEventsMax
	r.dropped++
}

// history copies the ring out, oldest first.
func (r *relayRecord) history() RelayHistory {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := RelayHistory{Events: make([]RelayEvent, 0, len(r.events)), Dropped: r.dropped, Lost: r.lost}
	for i := range r.events {
		h.Events = append(h.Events, r.events[(r.start+i)%len(r.events)])
	}
	return h
}

// RelayEvents returns the events the session's relays (proxy) have made
// so far, the last RelayEventsMax of them: it first waits, briefly, for the
// events of what has already happened (peers.Group.Flush), so that a
// client that has seen the relay's FIN finds the event that sent it.
func RelayEvents(s *commands.Session) RelayHistory {
	ps := sessionPeers(s)
	ps.group.Flush()
	return ps.relays.history()
}
