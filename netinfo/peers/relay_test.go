package peers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/netip"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startProxy runs a relay to target with the options words on a free
// loopback port; the relay's group logs to the returned collector.
func startProxy(t *testing.T, target netip.AddrPort, words string) (*Server, *collector) {
	t.Helper()
	opts, err := ParseOptions(strings.Fields(words))
	if err != nil {
		t.Fatal(err)
	}
	g := NewGroup()
	events := collect(g)
	p, err := g.StartProxy(loopback, target, Limits{}, opts)
	if err != nil {
		t.Fatalf("StartProxy: %v", err)
	}
	t.Cleanup(g.Close)
	if p.Kind != Proxy || p.Target() != target || p.UDP() {
		t.Fatalf("relay: kind %s, target %v, UDP %v", p.Kind, p.Target(), p.UDP())
	}
	return p, events
}

// listenTarget is a bare target for a relay, so that the test sees
// exactly what reaches it.
func listenTarget(t *testing.T) (*net.TCPListener, netip.AddrPort) {
	t.Helper()
	ln, err := net.ListenTCP("tcp4", net.TCPAddrFromAddrPort(loopback))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln, addrPort(ln.Addr())
}

// acceptTarget takes the relay's connection at the bare target.
func acceptTarget(t *testing.T, ln *net.TCPListener) *net.TCPConn {
	t.Helper()
	ln.SetDeadline(time.Now().Add(5 * time.Second))
	c, err := ln.AcceptTCP()
	if err != nil {
		t.Fatalf("the relay did not connect to the target: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return c
}

// nextOf returns the next event of type typ, skipping others.
func (c *collector) nextOf(t *testing.T, typ EventType, upstream bool) Event {
	t.Helper()
	for {
		if ev := c.next(t); ev.Type == typ && ev.Upstream == upstream {
			return ev
		}
	}
}

// Through a relay to an echo server, bytes go both ways and are counted
// each way; the events name both sockets, so that the relay's upstream
// socket pairs with the echo server's view of its client.
func TestRelayEcho(t *testing.T) {
	eg, echo := start(t, Echo, Limits{})
	echoEvents := collect(eg)
	p, events := startProxy(t, echo.Addr(), "")
	c := dial(t, p)
	client := addrPort(c.LocalAddr())
	c.Write([]byte("hello"))
	got := make([]byte, 5)
	if _, err := io.ReadFull(c, got); err != nil || string(got) != "hello" {
		t.Fatalf("through the relay: %q, %v", got, err)
	}
	c.CloseWrite()
	if rest := readAll(t, c); len(rest) != 0 {
		t.Fatalf("after the echo: %q", rest)
	}
	c.Close()

	echoSide := echoEvents.next(t) // the echo server's Connected: its client is the relay
	type want struct {
		typ      EventType
		upstream bool
		data     string
	}
	var upLocal netip.AddrPort
	for i, w := range []want{
		{Connected, false, ""},
		{Connected, true, ""},
		{Received, false, "hello"},
		{Sent, true, "hello"},
		{Received, true, "hello"},
		{Sent, false, "hello"},
		{FinReceived, false, ""},
		{FinSent, true, ""},
		{FinReceived, true, ""},
		{FinSent, false, ""},
	} {
		ev := events.next(t)
		if ev.Type != w.typ || ev.Upstream != w.upstream || string(ev.Data) != w.data || ev.Conn != 1 || ev.Kind != Proxy {
			t.Fatalf("event %d: %+v, want %+v", i, ev, w)
		}
		if w.upstream {
			if ev.Remote != echo.Addr() || (upLocal.IsValid() && ev.Local != upLocal) {
				t.Fatalf("upstream event %d between %v and %v", i, ev.Local, ev.Remote)
			}
			upLocal = ev.Local
		} else if ev.Remote != client || ev.Local != p.Addr() {
			t.Fatalf("client event %d between %v and %v, want %v and %v", i, ev.Local, ev.Remote, p.Addr(), client)
		}
	}
	if echoSide.Remote != upLocal || echoSide.Local != echo.Addr() {
		t.Errorf("the echo server saw %v -> %v, the relay's upstream socket is %v -> %v", echoSide.Remote, echoSide.Local, upLocal, echo.Addr())
	}
	// Both sides report the end, with their totals.
	closed := map[bool]Event{}
	for len(closed) < 2 {
		if ev := events.next(t); ev.Type == Closed {
			closed[ev.Upstream] = ev
		}
	}
	for up, ev := range closed {
		if ev.In != 5 || ev.Out != 5 || ev.Note != ClosedByClient {
			t.Errorf("Closed (upstream %v): %+v", up, ev)
		}
	}
	eventually(t, "the relay's connection is closed", func() bool { return p.Stats().Open == 0 })
	if st := p.Stats(); st.In != 5 || st.Out != 5 || st.ToTarget != 5 || st.FromTarget != 5 || st.Total != 1 {
		t.Errorf("relay stats %+v", st)
	}
}

// Half-closes cross the relay both ways, in either order.
func TestRelayHalfClose(t *testing.T) {
	ln, target := listenTarget(t)
	p, _ := startProxy(t, target, "")

	// The client finishes first: the target reads EOF, and still answers.
	c := dial(t, p)
	up := acceptTarget(t, ln)
	c.Write([]byte("question"))
	c.CloseWrite()
	if got := readAll(t, up); string(got) != "question" {
		t.Fatalf("the target got %q before EOF", got)
	}
	up.Write([]byte("answer"))
	up.CloseWrite()
	if got := readAll(t, c); string(got) != "answer" {
		t.Fatalf("the client got %q before EOF", got)
	}

	// The target finishes first: the client reads EOF, and can still send.
	c = dial(t, p)
	up = acceptTarget(t, ln)
	up.Write([]byte("hello"))
	up.CloseWrite()
	if got := readAll(t, c); string(got) != "hello" {
		t.Fatalf("the client got %q before EOF", got)
	}
	c.Write([]byte("still talking"))
	c.CloseWrite()
	if got := readAll(t, up); string(got) != "still talking" {
		t.Fatalf("the target got %q after its half close", got)
	}
	eventually(t, "the relay's connections are closed", func() bool { return p.Stats().Open == 0 })
}

// A target that refuses: the client's connection is reset, and the events
// say why.
func TestRelayTargetRefused(t *testing.T) {
	ln, target := listenTarget(t)
	ln.Close() // nothing listens there now
	p, events := startProxy(t, target, "")
	c, err := net.DialTCP("tcp", nil, net.TCPAddrFromAddrPort(p.Addr()))
	if err == nil {
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		_, err = c.Read(make([]byte, 1))
	}
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("client of a relay to a closed port: %v, want ECONNRESET", err)
	}
	up := events.nextOf(t, Closed, true)
	if up.Remote != target || up.Note != "could not connect: connection refused" {
		t.Errorf("upstream Closed: %+v", up)
	}
	if ev := events.nextOf(t, Closed, false); ev.Note != TargetFailed {
		t.Errorf("client Closed note %q, want %q", ev.Note, TargetFailed)
	}
}

// A reset on one side becomes a reset on the other.
func TestRelayResets(t *testing.T) {
	ln, target := listenTarget(t)
	p, events := startProxy(t, target, "")

	c := dial(t, p)
	up := acceptTarget(t, ln)
	c.Write([]byte("x"))
	io.ReadFull(up, make([]byte, 1))
	c.SetLinger(0)
	c.Close()
	if _, err := up.Read(make([]byte, 1)); !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("the target, after the client's reset: %v, want ECONNRESET", err)
	}
	if ev := events.nextOf(t, Closed, false); ev.Note != ClosedByReset {
		t.Errorf("Closed note %q, want %q", ev.Note, ClosedByReset)
	}

	c = dial(t, p)
	up = acceptTarget(t, ln)
	up.Write([]byte("y"))
	io.ReadFull(c, make([]byte, 1))
	up.SetLinger(0)
	up.Close()
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("the client, after the target's reset: %v, want ECONNRESET", err)
	}
	if ev := events.nextOf(t, Closed, false); ev.Note != ResetByTarget {
		t.Errorf("Closed note %q, want %q", ev.Note, ResetByTarget)
	}
}

// The options act on the direction toward the client.
func TestRelayOptions(t *testing.T) {
	_, echo := start(t, Echo, Limits{})

	t.Run("split", func(t *testing.T) {
		p, _ := startProxy(t, echo.Addr(), "split=1 delay=0.02")
		c := dial(t, p)
		c.Write([]byte("hello"))
		buf := make([]byte, 10)
		if n, err := c.Read(buf); err != nil || n >= 5 {
			t.Fatalf("one recv through split=1: %q, %v", buf[:n], err)
		}
	})
	t.Run("close_after", func(t *testing.T) {
		p, events := startProxy(t, echo.Addr(), "close_after=5")
		c := dial(t, p)
		c.Write([]byte("hello world"))
		if got, err := io.ReadAll(c); string(got) != "hello" || err != nil {
			t.Fatalf("got %q, %v; want hello and EOF", got, err)
		}
		if ev := events.nextOf(t, Closed, false); ev.Note != "closed by the server (close_after=5)" {
			t.Errorf("Closed note %q", ev.Note)
		}
	})
	t.Run("reset_after", func(t *testing.T) {
		p, _ := startProxy(t, echo.Addr(), "reset_after=5")
		c := dial(t, p)
		c.Write([]byte("hello world"))
		if got, err := io.ReadAll(c); !strings.HasPrefix("hello", string(got)) || !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("got %q, %v; want at most hello, then ECONNRESET", got, err)
		}
	})
	t.Run("half_close", func(t *testing.T) {
		ln, target := listenTarget(t)
		p, _ := startProxy(t, target, "half_close")
		c := dial(t, p)
		up := acceptTarget(t, ln)
		up.Write([]byte("first"))
		if got := readAll(t, c); string(got) != "first" {
			t.Fatalf("the client got %q before EOF", got)
		}
		up.Write([]byte("dropped"))
		c.Write([]byte("the client still sends"))
		got := make([]byte, len("the client still sends"))
		if _, err := io.ReadFull(up, got); err != nil || string(got) != "the client still sends" {
			t.Fatalf("the target got %q, %v", got, err)
		}
	})
	t.Run("a reset during a delay", func(t *testing.T) {
		ln, target := listenTarget(t)
		p, _ := startProxy(t, target, "delay=60")
		c := dial(t, p)
		up := acceptTarget(t, ln)
		up.Write([]byte("slow"))
		eventually(t, "the relay has read the target", func() bool { return p.Stats().FromTarget == 4 })
		c.SetLinger(0)
		c.Close()
		// The relay does not sit out the delay: it passes the reset on.
		if _, err := up.Read(make([]byte, 1)); !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("the target: %v, want ECONNRESET", err)
		}
		eventually(t, "the relay's connection is closed", func() bool { return p.Stats().Open == 0 })
	})
	t.Run("read=no", func(t *testing.T) {
		ln, target := listenTarget(t)
		p, _ := startProxy(t, target, "read=no")
		c := dial(t, p)
		up := acceptTarget(t, ln)
		c.Write([]byte("never read"))
		up.Write([]byte("but this goes"))
		got := make([]byte, len("but this goes"))
		if _, err := io.ReadFull(c, got); err != nil {
			t.Fatal(err)
		}
		up.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		if n, err := up.Read(make([]byte, 10)); !isTimeout(err) {
			t.Fatalf("the target got %d bytes (%v) from a relay that does not read", n, err)
		}
		if st := p.Stats(); st.In != 0 || st.ToTarget != 0 {
			t.Errorf("stats %+v: want nothing read", st)
		}
		// The client's leaving is noticed without reading, and passed on.
		c.Close()
		up.SetReadDeadline(time.Now().Add(5 * time.Second))
		if got, err := io.ReadAll(up); len(got) != 0 || err != nil {
			t.Fatalf("the target got %q, %v; want EOF", got, err)
		}
		up.Close()
		eventually(t, "the relay's connection is closed", func() bool { return p.Stats().Open == 0 })
	})
}

// Many clients at once through a relay to an echo server: every byte
// comes back in order; afterwards no fd and no goroutine is left.
func TestRelayConcurrent(t *testing.T) {
	const clients, payload = 100, 64 << 10
	baseFDs := openFDs(t)
	baseG := settle(0)
	g := NewGroup()
	echo, err := g.Start(Echo, loopback, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.StartProxy(loopback, echo.Addr(), Limits{}, Options{Split: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	failures := make(chan string, clients)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.DialTCP("tcp", nil, net.TCPAddrFromAddrPort(p.Addr()))
			if err != nil {
				failures <- err.Error()
				return
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(30 * time.Second))
			msg := make([]byte, payload)
			rand.New(rand.NewSource(int64(i))).Read(msg)
			go func() {
				c.Write(msg)
				c.CloseWrite()
			}()
			got, err := io.ReadAll(c)
			if err != nil || !bytes.Equal(got, msg) {
				failures <- fmt.Sprintf("client %d: %d bytes back, %v", i, len(got), err)
			}
		}()
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
	eventually(t, "the relay's connections are closed", func() bool { return p.Stats().Open == 0 })
	if st := p.Stats(); st.In != clients*payload || st.Out != clients*payload || st.ToTarget != st.In || st.FromTarget != st.Out {
		t.Errorf("relay stats %+v", st)
	}
	g.Close()
	if n := openFDs(t); n != baseFDs {
		t.Errorf("%d fds open after the relay stopped, %d before", n, baseFDs)
	}
	if n := settle(baseG); n > baseG {
		t.Errorf("%d goroutines left, %d before", n, baseG)
	}
}

// Stop ends relayed connections in the middle, on both sides.
func TestRelayStop(t *testing.T) {
	ln, target := listenTarget(t)
	p, events := startProxy(t, target, "")
	c := dial(t, p)
	up := acceptTarget(t, ln)
	c.Write([]byte("x"))
	io.ReadFull(up, make([]byte, 1))
	p.Stop()
	if got := readAll(t, c); len(got) != 0 {
		t.Errorf("client got %q", got)
	}
	if got, err := io.ReadAll(up); len(got) != 0 || err != nil {
		t.Errorf("target got %q, %v; want EOF", got, err)
	}
	if ev := events.nextOf(t, Closed, false); ev.Note != ClosedStopped {
		t.Errorf("Closed note %q", ev.Note)
	}
}

func TestReaches(t *testing.T) {
	for _, tc := range []struct {
		target, own string
		want        bool
	}{
		{"127.0.0.1:80", "127.0.0.1:80", true},
		{"127.0.0.1:80", "127.0.0.1:81", false},
		{"127.0.0.2:80", "127.0.0.1:80", false},
		{"127.0.0.2:80", "0.0.0.0:80", true},
		{"[::ffff:127.0.0.1]:80", "127.0.0.1:80", true},
		{"[::1]:80", "[::]:80", true},
		{"[::1]:80", "[::1]:80", true},
		{"[::1]:80", "127.0.0.1:80", false},
	} {
		if got := reaches(netip.MustParseAddrPort(tc.target), netip.MustParseAddrPort(tc.own)); got != tc.want {
			t.Errorf("reaches(%s, %s) = %v", tc.target, tc.own, got)
		}
	}
}

// A relay to itself is refused; so is a relay with no target.
func TestRelayLoop(t *testing.T) {
	ln, target := listenTarget(t)
	ln.Close()
	g := NewGroup()
	defer g.Close()
	if _, err := g.StartProxy(target, target, Limits{}, Options{}); !errors.Is(err, ErrRelayLoop) {
		t.Errorf("a relay on %v to itself: %v, want ErrRelayLoop", target, err)
	}
	if _, err := g.StartProxy(loopback, netip.AddrPort{}, Limits{}, Options{}); err == nil {
		t.Error("a relay with no target started")
	}
	if _, err := g.StartWith(Proxy, loopback, Limits{}, Options{}); err == nil {
		t.Error("StartWith started a relay with no target")
	}
	if len(g.Servers()) != 0 {
		t.Errorf("%d servers after failed starts", len(g.Servers()))
	}
	// The port is free again.
	if l, err := net.ListenTCP("tcp4", net.TCPAddrFromAddrPort(target)); err != nil {
		t.Errorf("the refused relay's port: %v", err)
	} else {
		l.Close()
	}
}
