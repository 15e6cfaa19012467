package peercmd

import (
	"testing"

	"sockshell/commands/shelltest"
	"sockshell/netinfo/peers"
)

// With the log off, the session keeps its relay's events (and only the
// relay's): the client's bytes passed on toward the target, the answer
// in split's pieces toward the client, each with its time.
func TestRelayEventsWithLogOff(t *testing.T) {
	s, _ := newPeerTestSession(t)
	shelltest.Exec(t, s,
		"e = serve echo 0",
		"p = proxy 0 127.0.0.1 $e.port split=2",
		"c = socket",
		"connect c $p.laddr",
		"sendall c b'hello'",
		"shutdown c SHUT_WR",
		"recvall c",
	)
	h := RelayEvents(s)
	var up, down []string
	for i, ev := range h.Events {
		if ev.Kind != peers.Proxy {
			t.Errorf("kept an event of the %s server", ev.Kind)
		}
		if ev.Seq != uint64(i+1) {
			t.Errorf("event %d has Seq %d", i, ev.Seq)
		}
		switch {
		case ev.Type == peers.Sent && ev.Upstream:
			up = append(up, string(ev.Data))
		case ev.Type == peers.Sent:
			down = append(down, string(ev.Data))
		}
	}
	if len(up) != 1 || up[0] != "hello" {
		t.Errorf("toward the target: %q, want hello", up)
	}
	if len(down) != 3 || down[0] != "he" || down[2] != "o" {
		t.Errorf("toward the client: %q, want he, ll, o", down)
	}
	if h.Dropped != 0 || h.Lost != 0 {
		t.Errorf("dropped %d, lost %d", h.Dropped, h.Lost)
	}
}

// The ring keeps the last RelayEventsMax events and counts the older
// ones; other servers' events are not kept, but what the queue lost is
// counted.
func TestRelayRecordBound(t *testing.T) {
	var r relayRecord
	r.add(peers.Event{Kind: peers.Echo, Dropped: 3})
	for range RelayEventsMax + 2 {
		r.add(peers.Event{Kind: peers.Proxy})
	}
	h := r.history()
	if len(h.Events) != RelayEventsMax || h.Dropped != 2 || h.Lost != 3 {
		t.Fatalf("kept %d, dropped %d, lost %d; want %d, 2, 3", len(h.Events), h.Dropped, h.Lost, RelayEventsMax)
	}
	if h.Events[0].Seq != 3 || h.Events[len(h.Events)-1].Seq != RelayEventsMax+2 {
		t.Errorf("kept events %d to %d, want 3 to %d", h.Events[0].Seq, h.Events[len(h.Events)-1].Seq, RelayEventsMax+2)
	}
}
