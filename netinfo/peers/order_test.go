package peers

import (
	"fmt"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// Successive clients of one server, each done before the next connects:
// the log must show each client's whole story (connected first, closed
// last) before the next client's, as the clients lived them.
func TestEventOrder(t *testing.T) {
	const clients = 200
	for _, tc := range []struct {
		kind Kind
		name string
		// client talks to the server and ends the connection.
		client func(t *testing.T, s *Server)
		want   []EventType // one client's events
	}{
		{Echo, "echo, reading the answer", func(t *testing.T, s *Server) {
			c := dial(t, s)
			c.Write([]byte("hello"))
			io.ReadFull(c, make([]byte, 5))
			c.Close()
		}, []EventType{Connected, Received, Sent, Closed}},
		{Echo, "echo, half-closing and reading to the end", func(t *testing.T, s *Server) {
			c := dial(t, s)
			c.Write([]byte("hello"))
			c.CloseWrite()
			io.ReadAll(c)
			c.Close()
		}, []EventType{Connected, Received, Sent, Closed}},
		{Discard, "discard", func(t *testing.T, s *Server) {
			c := dial(t, s)
			c.Write([]byte("hello"))
			c.Close()
		}, []EventType{Connected, Received, Closed}},
		{Daytime, "daytime", func(t *testing.T, s *Server) {
			c := dial(t, s)
			io.ReadAll(c)
			c.Close()
		}, []EventType{Connected, Sent, Closed}},
		{HTTP, "http, keep-alive", func(t *testing.T, s *Server) {
			c := dial(t, s)
			c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
			readResponseHead(t, c)
			c.Close()
		}, []EventType{Connected, Request, Closed}},
		{HTTP, "http, bad request", func(t *testing.T, s *Server) {
			c := dial(t, s)
			c.Write([]byte("nonsense\r\n\r\n"))
			io.ReadAll(c)
			c.Close()
		}, []EventType{Connected, Request, Closed}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			began := time.Now()
			g, s := start(t, tc.kind, Limits{})
			events := make(chan Event, clients*len(tc.want)+100)
			g.SetLog(func(ev Event) { events <- ev })
			for i := 0; i < clients; i++ {
				tc.client(t, s)
			}
			var got []Event
			for len(got) < clients*len(tc.want) {
				select {
				case ev := <-events:
					got = append(got, ev)
				case <-time.After(5 * time.Second):
					t.Fatalf("%d events, want %d", len(got), clients*len(tc.want))
				}
			}
			// The events' times follow their order, within the test's time.
			for i, ev := range got {
				if ev.Time.Before(began) || ev.Time.After(time.Now()) || i > 0 && ev.Time.Before(got[i-1].Time) {
					t.Fatalf("event %d (%v) has time %v; the one before %v, the test began %v", i, ev.Type, ev.Time, got[max(i-1, 0)].Time, began)
				}
			}
			for i := 0; i < clients; i++ {
				one := got[i*len(tc.want) : (i+1)*len(tc.want)]
				for j, ev := range one {
					if ev.Type != tc.want[j] || ev.Remote != one[0].Remote {
						t.Fatalf("client %d: events out of order:\n%s", i, describe(got[max(0, i*len(tc.want)-len(tc.want)):min(len(got), (i+2)*len(tc.want))]))
					}
				}
			}
		})
	}
}

// readResponseHead reads up to the blank line after a response's head.
func readResponseHead(t *testing.T, r io.Reader) {
	t.Helper()
	var head []byte
	b := make([]byte, 1)
	for !strings.HasSuffix(string(head), "\r\n\r\n") {
		if _, err := r.Read(b); err != nil {
			t.Fatalf("reading a response head: %v after %q", err, head)
		}
		head = append(head, b[0])
	}
}

func describe(evs []Event) string {
	var b strings.Builder
	names := map[EventType]string{Connected: "connected", Received: "received", Sent: "sent", Request: "request", Closed: "closed", Refused: "refused"}
	ports := map[netip.AddrPort]int{}
	for _, ev := range evs {
		if _, ok := ports[ev.Remote]; !ok {
			ports[ev.Remote] = len(ports) + 1
		}
		fmt.Fprintf(&b, "\tclient %d %s\n", ports[ev.Remote], names[ev.Type])
	}
	return b.String()
}
