package peers

import (
	"context"
	"io"
	"net"
	"net/netip"
	"os"
	"runtime"
	"testing"
	"time"
)

var loopback = netip.MustParseAddrPort("127.0.0.1:0")

// start runs a server of kind on a free loopback port, stopped (and its
// group closed) when the test ends.
func start(t *testing.T, kind Kind, lim Limits) (*Group, *Server) {
	t.Helper()
	g := NewGroup()
	s, err := g.Start(kind, loopback, lim)
	if err != nil {
		t.Fatalf("Start(%s): %v", kind, err)
	}
	t.Cleanup(g.Close)
	return g, s
}

// dial connects to the server over TCP.
func dial(t testing.TB, s *Server) *net.TCPConn {
	t.Helper()
	c, err := net.DialTCP("tcp", nil, net.TCPAddrFromAddrPort(s.Addr()))
	if err != nil {
		t.Fatalf("dial %v: %v", s.Addr(), err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return c
}

// readAll reads until the server closes the connection.
func readAll(t testing.TB, c net.Conn) []byte {
	t.Helper()
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("reading until EOF: %v", err)
	}
	return b
}

// eventually polls cond for up to 5 seconds.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// openFDs counts the process's open file descriptors.
func openFDs(t testing.TB) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents)
}

// settle waits for goroutines of finished work to exit, and returns how
// many are left.
func settle(want int) int {
	n := runtime.NumGoroutine()
	for i := 0; i < 200 && n > want; i++ {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

// collector gathers a group's events for a test.
type collector struct{ ch chan Event }

func collect(g *Group) *collector {
	c := &collector{ch: make(chan Event, 1000)}
	g.SetLog(func(ev Event) { c.ch <- ev })
	return c
}

// next returns the next event, failing the test if none comes.
func (c *collector) next(t *testing.T) Event {
	t.Helper()
	select {
	case ev := <-c.ch:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event came")
	}
	return Event{}
}

var _ = context.Background
