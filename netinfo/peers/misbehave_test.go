package peers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// startWith runs a server of kind with the options words, on a free
// loopback port.
func startWith(t *testing.T, kind Kind, lim Limits, words string) (*Group, *Server) {
	t.Helper()
	opts, err := ParseOptions(strings.Fields(words))
	if err != nil {
		t.Fatal(err)
	}
	g := NewGroup()
	s, err := g.StartWith(kind, loopback, lim, opts)
	if err != nil {
		t.Fatalf("StartWith(%s, %s): %v", kind, words, err)
	}
	t.Cleanup(g.Close)
	if got := s.Options().String(); got != opts.String() {
		t.Fatalf("Options() = %q, want %q", got, opts)
	}
	return g, s
}

// segsIn is how many segments with data c's socket has received.
func segsIn(t *testing.T, c *net.TCPConn) uint32 {
	t.Helper()
	rc, _ := c.SyscallConn()
	var info *unix.TCPInfo
	var err error
	rc.Control(func(fd uintptr) { info, err = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO) })
	if err != nil {
		t.Fatalf("TCP_INFO: %v", err)
	}
	return info.Data_segs_in
}

// With split=1 a client that calls recv once gets less than it sent; a
// loop gets every byte, in order; and the pieces crossed as segments of
// their own.
func TestSplitIsVisible(t *testing.T) {
	_, s := startWith(t, Echo, Limits{}, "split=1")
	c := dial(t, s)
	msg := make([]byte, 10000)
	for i := range msg {
		msg[i] = byte('a' + i%26)
	}
	before := segsIn(t, c)
	if _, err := c.Write(msg); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2*len(msg))
	n, err := c.Read(buf)
	if err != nil || n >= len(msg) {
		t.Fatalf("one recv got %d of %d bytes (%v): the split did not show", n, len(msg), err)
	}
	if _, err := io.ReadFull(c, buf[n:len(msg)]); err != nil {
		t.Fatalf("a loop after the first %d bytes: %v", n, err)
	}
	if !bytes.Equal(buf[:len(msg)], msg) {
		t.Fatal("the echo came back different")
	}
	// Each byte a segment, nearly (a piece merges with the next when the
	// client's window closes for a moment); half of them is a margin for
	// a busy machine. Unsplit, the 10000 bytes would take a few segments.
	if segs := segsIn(t, c) - before; segs < uint32(len(msg)/2) {
		t.Errorf("%d bytes came in %d segments", len(msg), segs)
	}

	// With a delay, each recv in the shell's pace sees one piece.
	_, s = startWith(t, Echo, Limits{}, "split=1 delay=0.05")
	c = dial(t, s)
	c.Write([]byte("hello"))
	n, err = c.Read(buf)
	if err != nil || n != 1 {
		t.Fatalf("first recv with split=1 delay=0.05: %q, %v; want one byte", buf[:n], err)
	}
}

// split applies to every service that sends: what arrives is what a
// well-behaved server sends, only in pieces.
func TestSplitEveryService(t *testing.T) {
	for _, kind := range []Kind{Echo, HTTP, Daytime, Chargen} {
		t.Run(string(kind), func(t *testing.T) {
			g, s := startWith(t, kind, Limits{}, "split=3")
			events := collect(g)
			c := dial(t, s)
			switch kind {
			case Echo:
				msg := strings.Repeat("0123456789", 100)
				c.Write([]byte(msg))
				got := make([]byte, len(msg))
				if _, err := io.ReadFull(c, got); err != nil || string(got) != msg {
					t.Fatalf("echo: %v", err)
				}
			case HTTP:
				c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
				if resp, body := readResponse(t, bufio.NewReader(c), "GET"); resp.StatusCode != 200 || body != Page {
					t.Fatalf("http: %s", resp.Status)
				}
			case Daytime:
				if got := readAll(t, c); !ctimeLine.Match(got) {
					t.Fatalf("daytime: %q", got)
				}
			case Chargen:
				got := make([]byte, 3*chargenPeriod)
				if _, err := io.ReadFull(c, got); err != nil {
					t.Fatal(err)
				}
				if want := chargenCycle(); !bytes.Equal(got[:len(want)], want) {
					t.Fatal("chargen's pattern came out different")
				}
			}
			if kind == Echo || kind == Daytime {
				// Sent events: one per piece, of at most 3 bytes.
				for ev := events.next(t); ev.Type != Sent; ev = events.next(t) {
				}
				for i := 0; i < 5; i++ {
					if ev := events.next(t); ev.Type != Sent || ev.N > 3 || ev.N == 0 {
						t.Fatalf("event %+v, want a Sent of 1-3 bytes", ev)
					}
				}
			}
		})
	}
}

// delay makes the answer wait: a lower bound only, never an upper one.
func TestDelay(t *testing.T) {
	_, s := startWith(t, Daytime, Limits{}, "delay=0.3")
	c := dial(t, s)
	begin := time.Now()
	if got := readAll(t, c); !ctimeLine.Match(got) {
		t.Fatalf("daytime: %q", got)
	}
	if took := time.Since(begin); took < 300*time.Millisecond {
		t.Errorf("the line came after %v, before the delay of 0.3 s", took)
	}
	_, s = startWith(t, Echo, Limits{}, "delay=0.1 split=2")
	c = dial(t, s)
	begin = time.Now()
	c.Write([]byte("abcdef"))
	got := make([]byte, 6)
	if _, err := io.ReadFull(c, got); err != nil || string(got) != "abcdef" {
		t.Fatalf("echo: %q, %v", got, err)
	}
	if took := time.Since(begin); took < 300*time.Millisecond {
		t.Errorf("three pieces came after %v, before three delays of 0.1 s", took)
	}
}

// Stop does not wait for a delay to end.
func TestStopDuringDelay(t *testing.T) {
	_, s := startWith(t, Echo, Limits{}, "delay=60")
	c := dial(t, s)
	c.Write([]byte("x"))
	eventually(t, "the server has read", func() bool { return s.Stats().In == 1 })
	done := make(chan struct{})
	go func() { s.Stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Stop waited for the delay")
	}
	if got := readAll(t, c); len(got) != 0 {
		t.Errorf("got %q", got)
	}
}

// close_after=N: exactly N bytes, then EOF; and the client's later sends
// meet the closed socket (the kernel resets them).
func TestCloseAfter(t *testing.T) {
	for _, tc := range []struct {
		kind  Kind
		words string
		send  string
		want  func([]byte) bool
	}{
		{Echo, "close_after=5", "hello world", func(b []byte) bool { return string(b) == "hello" }},
		{Echo, "close_after=5 split=2 delay=0.01", "hello world", func(b []byte) bool { return string(b) == "hello" }},
		{HTTP, "close_after=20", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", func(b []byte) bool { return string(b) == "HTTP/1.1 200 OK\r\nSer" }},
		{Daytime, "close_after=0", "", func(b []byte) bool { return len(b) == 0 }},
		{Discard, "close_after=0", "", func(b []byte) bool { return len(b) == 0 }},
		{Chargen, "close_after=1000", "", func(b []byte) bool { return bytes.Equal(b, chargenCycle()[:1000]) }},
	} {
		t.Run(string(tc.kind)+" "+tc.words, func(t *testing.T) {
			g, s := startWith(t, tc.kind, Limits{}, tc.words)
			events := collect(g)
			c := dial(t, s)
			c.Write([]byte(tc.send))
			got, err := io.ReadAll(c)
			if err != nil || !tc.want(got) {
				t.Fatalf("got %q, %v", got, err)
			}
			ev := events.next(t)
			for ; ev.Type != Closed; ev = events.next(t) {
			}
			if want := fmt.Sprintf("closed by the server (close_after=%d)", s.Options().EndAfter); ev.Note != want {
				t.Errorf("Closed note %q, want %q", ev.Note, want)
			}
			// The server's socket is closed: a send goes out, the
			// kernel answers RST, and a later send fails.
			var werr error
			for i := 0; i < 100 && werr == nil; i++ {
				_, werr = c.Write([]byte("more"))
				time.Sleep(time.Millisecond)
			}
			if !errors.Is(werr, syscall.EPIPE) && !errors.Is(werr, syscall.ECONNRESET) {
				t.Errorf("sending after the close: %v, want EPIPE or ECONNRESET", werr)
			}
		})
	}
}

// dayPrefix matches the first 3 bytes of a daytime line, or fewer.
var dayPrefix = regexp.MustCompile(`^([A-Z][a-z]{0,2})?$`)

// reset_after=N: up to N bytes, then ECONNRESET, not EOF.
func TestResetAfter(t *testing.T) {
	prefix := func(of string) func([]byte) bool {
		return func(b []byte) bool { return strings.HasPrefix(of, string(b)) }
	}
	for _, tc := range []struct {
		kind  Kind
		words string
		send  string
		ok    func([]byte) bool // what may arrive before the reset
	}{
		{Echo, "reset_after=5", "hello world", prefix("hello")},
		{HTTP, "reset_after=0", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", prefix("")},
		{Daytime, "reset_after=3", "", func(b []byte) bool { return dayPrefix.Match(b) }},
		{Chargen, "reset_after=100000", "", func(b []byte) bool {
			return len(b) <= 100000 && bytes.Equal(b, bytes.Repeat(chargenCycle()[:chargenPeriod], 100)[:len(b)])
		}},
	} {
		t.Run(string(tc.kind)+" "+tc.words, func(t *testing.T) {
			g, s := startWith(t, tc.kind, Limits{}, tc.words)
			events := collect(g)
			// The reset can come so soon that connect itself reports it.
			var got []byte
			c, err := net.DialTCP("tcp", nil, net.TCPAddrFromAddrPort(s.Addr()))
			if err == nil {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				// Even an empty write would take the pending
				// ECONNRESET (the kernel reports it once), and the
				// read would then see EOF.
				if tc.send != "" {
					c.Write([]byte(tc.send))
				}
				got, err = io.ReadAll(c)
			}
			if !errors.Is(err, syscall.ECONNRESET) {
				t.Fatalf("got %d bytes and %v, want ECONNRESET", len(got), err)
			}
			if !tc.ok(got) {
				t.Errorf("before the reset: %q", got)
			}
			ev := events.next(t)
			for ; ev.Type != Closed; ev = events.next(t) {
			}
			if want := "reset by the server (" + s.Options().String() + ")"; ev.Note != want {
				t.Errorf("Closed note %q, want %q", ev.Note, want)
			}
		})
	}
}

// read=no: the server takes nothing, so the client's sending side fills
// up until a non-blocking send gets EAGAIN; the server still notices when
// the client goes (FIN or RST), and the idle timeout ends the rest.
func TestReadNo(t *testing.T) {
	_, s := startWith(t, Echo, Limits{}, "read=no")
	c := dial(t, s)
	rc, _ := c.SyscallConn()
	chunk := make([]byte, 64<<10)
	sent, full := 0, false
	for sent < 1<<30 && !full {
		var n int
		var err error
		rc.Write(func(fd uintptr) bool {
			n, err = unix.SendmsgN(int(fd), chunk, nil, nil, unix.MSG_DONTWAIT|unix.MSG_NOSIGNAL)
			return true
		})
		switch {
		case errors.Is(err, unix.EAGAIN):
			full = true
		case err != nil:
			t.Fatalf("send after %d bytes: %v", sent, err)
		}
		sent += max(n, 0)
	}
	if !full {
		t.Fatalf("sent %d bytes without filling the buffers", sent)
	}
	if st := s.Stats(); st.In != 0 || st.Out != 0 || st.Open != 1 {
		t.Errorf("stats %+v: want nothing read and nothing sent, one open", st)
	}
	// A client with unsent bytes can only leave with RST; the server,
	// which reads nothing, notices it anyway.
	c.SetLinger(0)
	c.Close()
	eventually(t, "the server notices the reset", func() bool { return s.Stats().Open == 0 })

	// A plain close (FIN) is noticed too, and an HTTP request is never
	// answered.
	g, h := startWith(t, HTTP, Limits{}, "read=no")
	events := collect(g)
	c = dial(t, h)
	c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if n, err := c.Read(make([]byte, 10)); !errors.Is(err, net.ErrClosed) && !errors.Is(err, syscall.ETIMEDOUT) && !isTimeout(err) {
		t.Fatalf("read=no answered %d bytes, %v", n, err)
	}
	c.Close()
	for ev := events.next(t); ev.Type != Closed; ev = events.next(t) {
		if ev.Type != Connected {
			t.Fatalf("event %+v", ev)
		}
	}
	eventually(t, "the server notices the close", func() bool { return h.Stats().Open == 0 })

	// The idle timeout ends a client that stays.
	_, d := startWith(t, Discard, Limits{IdleTimeout: 200 * time.Millisecond}, "read=no")
	c = dial(t, d)
	c.Write([]byte("unread"))
	// Closed with a byte unread, the server's socket sends RST.
	if got, err := io.ReadAll(c); len(got) != 0 || err != nil && !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("got %q, %v", got, err)
	}
	if in := d.Stats().In; in != 0 {
		t.Errorf("read=no read %d bytes", in)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// half_close: after the first answer the client reads EOF, yet it can
// still send, and the server still reads, until the client closes.
func TestHalfClose(t *testing.T) {
	for _, tc := range []struct {
		kind Kind
		send string
		want func([]byte) bool
	}{
		{Echo, "ping", func(b []byte) bool { return string(b) == "ping" }},
		{HTTP, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", func(b []byte) bool {
			return bytes.HasPrefix(b, []byte("HTTP/1.1 200 OK\r\n")) && bytes.HasSuffix(b, []byte(Page))
		}},
		{Daytime, "", func(b []byte) bool { return ctimeLine.Match(b) }},
		{Chargen, "", func(b []byte) bool { return bytes.Equal(b, chargenCycle()[:chargenChunk]) }},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			g, s := startWith(t, tc.kind, Limits{}, "half_close")
			events := collect(g)
			c := dial(t, s)
			c.Write([]byte(tc.send))
			got, err := io.ReadAll(c)
			if err != nil || !tc.want(got) {
				t.Fatalf("got %q, %v", got, err)
			}
			in := s.Stats().In
			for i := 0; i < 3; i++ {
				if _, err := c.Write([]byte("still here")); err != nil {
					t.Fatalf("sending after the server's half close: %v", err)
				}
			}
			eventually(t, "the server reads what comes after", func() bool { return s.Stats().In == in+30 })
			if open := s.Stats().Open; open != 1 {
				t.Fatalf("%d connections open, want the half-closed one", open)
			}
			c.Close()
			var types []EventType
			ev := events.next(t)
			for ; ev.Type != Closed; ev = events.next(t) {
				types = append(types, ev.Type)
			}
			if !slices.Contains(types, FinSent) || tc.kind == HTTP && !slices.Contains(types, Request) {
				t.Errorf("events %v: want a FinSent (and for http a Request)", types)
			}
			if ev.Note != ClosedByClient {
				t.Errorf("Closed note %q, want %q", ev.Note, ClosedByClient)
			}
		})
	}
}
