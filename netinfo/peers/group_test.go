package peers

import (
	"context"
	"errors"
	"io"
	"net"
	"net/netip"
	"testing"
	"time"
)

func TestGroupIDsAndWait(t *testing.T) {
	g := NewGroup()
	defer g.Close()
	if err := g.Wait(context.Background()); err != nil {
		t.Fatalf("Wait with no server: %v", err)
	}
	var ids []int
	for _, k := range Kinds() {
		s, err := g.Start(k, loopback, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	kinds := len(Kinds())
	if want := seq(1, kinds); !equalInts(ids, want) {
		t.Fatalf("ids %v, want %v", ids, want)
	}
	// A failed start uses up no visible id, and the group is unchanged.
	if _, err := g.Start(Echo, netip.MustParseAddrPort("192.0.2.1:0"), Limits{}); err == nil {
		t.Fatal("listening on an address not on this machine worked")
	}
	if n := len(g.Servers()); n != kinds {
		t.Fatalf("%d servers, want %d", n, kinds)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := g.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait with servers running returned %v", err)
	}
	s3, _ := g.Get(3)
	s3.Stop()
	if _, ok := g.Get(3); ok {
		t.Error("a stopped server is still in the group")
	}
	done := make(chan error)
	go func() { done <- g.Wait(context.Background()) }()
	g.StopAll()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wait did not return once every server stopped")
	}
	if n := len(g.Servers()); n != 0 {
		t.Fatalf("%d servers after StopAll", n)
	}
	s, _ := g.Start(Echo, loopback, Limits{})
	if s.ID != kinds+2 {
		t.Errorf("id after %d servers and a failed start: %d, want %d (ids are never reused)", kinds, s.ID, kinds+2)
	}
}

// seq returns the integers from lo to hi.
func seq(lo, hi int) []int {
	var s []int
	for i := lo; i <= hi; i++ {
		s = append(s, i)
	}
	return s
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestEvents(t *testing.T) {
	g, s := start(t, Echo, Limits{})
	events := collect(g)
	c := dial(t, s)
	local := addrPort(c.LocalAddr())
	c.Write([]byte("hello"))
	buf := make([]byte, 5)
	io.ReadFull(c, buf)
	c.Close()
	for _, want := range []Event{
		{Type: Connected, Proto: "tcp"},
		{Type: Received, Proto: "tcp", N: 5, Data: []byte("hello")},
		{Type: Sent, Proto: "tcp", N: 5, Data: []byte("hello")},
		{Type: Closed, Proto: "tcp", Note: ClosedByClient, In: 5, Out: 5},
	} {
		ev := events.next(t)
		if ev.Server != s.ID || ev.Kind != Echo || ev.Remote != local || ev.Type != want.Type ||
			ev.Proto != want.Proto || ev.N != want.N || string(ev.Data) != string(want.Data) ||
			ev.Note != want.Note || ev.In != want.In || ev.Out != want.Out {
			t.Fatalf("event %+v, want %+v from %v", ev, want, local)
		}
	}
	// A long payload is cut in the event, not in the stream.
	c = dial(t, s)
	events.next(t)
	big := make([]byte, 1000)
	c.Write(big)
	if ev := events.next(t); ev.Type != Received || len(ev.Data) != MaxEventData || ev.N == 0 {
		t.Fatalf("event for 1000 bytes: %+v", ev)
	}
	// UDP events name the protocol.
	u, _ := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(s.Addr()))
	defer u.Close()
	u.Write([]byte("dgram"))
	for {
		ev := events.next(t)
		if ev.Proto == "udp" {
			if ev.Type != Received || string(ev.Data) != "dgram" {
				t.Fatalf("UDP event %+v", ev)
			}
			break
		}
	}
	// Log off: no more events.
	g.SetLog(nil)
	c.Close()
	select {
	case ev := <-events.ch:
		if ev.Type != Received && ev.Type != Sent {
			t.Fatalf("event after SetLog(nil): %+v", ev)
		}
	case <-time.After(100 * time.Millisecond):
	}
}

func TestEventsHTTPAndStop(t *testing.T) {
	g, s := start(t, HTTP, Limits{})
	events := collect(g)
	c := dial(t, s)
	c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\nBAD\r\n\r\n"))
	c.CloseWrite() // or the server lingers after its 400, waiting for it
	want := []struct {
		typ  EventType
		note string
	}{
		{Connected, ""},
		{Request, "GET / HTTP/1.1: 200 OK"},
		{Request, "bad request: 400 Bad Request"},
		{Closed, ClosedByServer},
	}
	for _, w := range want {
		if ev := events.next(t); ev.Type != w.typ || ev.Note != w.note {
			t.Fatalf("event %+v, want %v %q", ev, w.typ, w.note)
		}
	}
	dial(t, s)
	events.next(t)
	s.Stop()
	if ev := events.next(t); ev.Type != Closed || ev.Note != ClosedStopped {
		t.Fatalf("event %+v, want closed by stop", ev)
	}
}

// A log function that can't keep up makes servers drop events, never wait.
func TestSlowLogDrops(t *testing.T) {
	g, s := start(t, Echo, Limits{})
	block := make(chan struct{})
	got := make(chan Event, 10)
	g.SetLog(func(ev Event) {
		<-block
		select {
		case got <- ev:
		default:
		}
	})
	c := dial(t, s)
	buf := make([]byte, 1)
	for i := 0; i < 2*logQueue; i++ {
		c.Write([]byte{'x'})
		if _, err := io.ReadFull(c, buf); err != nil {
			t.Fatal(err)
		}
	}
	close(block)
	eventually(t, "an event reports the drops", func() bool {
		for {
			select {
			case ev := <-got:
				if ev.Dropped > 0 {
					return true
				}
			default:
				return false
			}
		}
	})
}
