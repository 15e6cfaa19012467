package peers

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The messages the homework's tests send: short, exactly 16 bytes, and
// longer than one 16-byte chunk; plus bytes that are not text.
func TestEchoTCP(t *testing.T) {
	_, s := start(t, Echo, Limits{})
	msgs := []string{
		"x",
		"sixteen bytes!!!",
		"This is a longer message that will take several 16-byte chunks to come back.",
		"\x00\xff\r\n\x1b[31m binary \x00",
		strings.Repeat("0123456789abcdef", 20000),
	}
	var total int64
	for _, msg := range msgs {
		total += int64(len(msg))
		c := dial(t, s)
		go c.Write([]byte(msg))
		got := make([]byte, len(msg))
		if _, err := io.ReadFull(c, got); err != nil {
			t.Fatalf("echo of %d bytes: %v", len(msg), err)
		}
		if string(got) != msg {
			t.Fatalf("echo of %d bytes came back different", len(msg))
		}
		c.CloseWrite()
		if rest := readAll(t, c); len(rest) != 0 {
			t.Fatalf("echo sent %d bytes more than it got", len(rest))
		}
	}
	eventually(t, "every connection is closed", func() bool { return s.Stats().Open == 0 })
	st := s.Stats()
	if st.Total != len(msgs) || st.In != total || st.Out != total {
		t.Errorf("stats = %+v, want %d connections and %d bytes in and out", st, len(msgs), total)
	}
}

func TestEchoUDP(t *testing.T) {
	_, s := start(t, Echo, Limits{})
	if !s.UDP() {
		t.Fatal("echo does not answer UDP")
	}
	c, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(s.Addr()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	for _, msg := range []string{"hello", "", strings.Repeat("z", 9000)} {
		if _, err := c.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 65536)
		n, err := c.Read(buf)
		if err != nil || string(buf[:n]) != msg {
			t.Fatalf("UDP echo of %d bytes: got %d bytes, %v", len(msg), n, err)
		}
	}
}

func TestDiscard(t *testing.T) {
	_, s := start(t, Discard, Limits{})
	c := dial(t, s)
	if _, err := c.Write(bytes.Repeat([]byte("drop me "), 1000)); err != nil {
		t.Fatal(err)
	}
	c.CloseWrite()
	if got := readAll(t, c); len(got) != 0 {
		t.Fatalf("discard sent back %q", got)
	}
	eventually(t, "discard counts 8000 bytes in", func() bool { return s.Stats().In == 8000 })
	if out := s.Stats().Out; out != 0 {
		t.Errorf("discard sent %d bytes", out)
	}
}

var ctimeLine = regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123]\d \d\d:\d\d:\d\d \d{4}\r\n$`)

func TestDaytime(t *testing.T) {
	_, s := start(t, Daytime, Limits{})
	got := readAll(t, dial(t, s))
	if !ctimeLine.Match(got) {
		t.Errorf("daytime over TCP sent %q", got)
	}
	c, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(s.Addr()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	c.Write([]byte("what time is it?"))
	buf := make([]byte, 100)
	n, err := c.Read(buf)
	if err != nil || !ctimeLine.Match(buf[:n]) {
		t.Errorf("daytime over UDP sent %q, %v", buf[:n], err)
	}
}

func TestChargen(t *testing.T) {
	_, s := start(t, Chargen, Limits{})
	if s.UDP() {
		t.Error("chargen answers UDP: it must not (amplification)")
	}
	c := dial(t, s)
	const lines = 300 // more than the 95-line cycle
	buf := make([]byte, lines*74)
	if _, err := io.ReadFull(c, buf); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < lines; i++ {
		line := buf[i*74 : (i+1)*74]
		if line[72] != '\r' || line[73] != '\n' {
			t.Fatalf("line %d does not end in CR LF: %q", i, line)
		}
		for j := 0; j < 72; j++ {
			if want := byte(32 + (i+j)%95); line[j] != want {
				t.Fatalf("line %d, column %d: got %q, want %q", i, j, line[j], want)
			}
		}
	}
	c.Close()
	eventually(t, "chargen notices the client left", func() bool { return s.Stats().Open == 0 })
}

// A client that never reads from chargen is closed after the idle time.
func TestChargenIdle(t *testing.T) {
	_, s := start(t, Chargen, Limits{IdleTimeout: 200 * time.Millisecond})
	c := dial(t, s)
	c.SetReadBuffer(4096)
	eventually(t, "chargen closes a client that reads nothing", func() bool { return s.Stats().Open == 0 })
	_ = c
}

func TestIdleTimeout(t *testing.T) {
	_, s := start(t, Echo, Limits{IdleTimeout: 200 * time.Millisecond})
	c := dial(t, s)
	c.Write([]byte("hi"))
	buf := make([]byte, 2)
	io.ReadFull(c, buf)
	begin := time.Now()
	if got := readAll(t, c); len(got) != 0 {
		t.Fatalf("got %q", got)
	}
	if took := time.Since(begin); took < 150*time.Millisecond || took > 3*time.Second {
		t.Errorf("a silent client was closed after %v, want about 200ms", took)
	}
}

func TestMaxConns(t *testing.T) {
	_, s := start(t, Echo, Limits{MaxConns: 2})
	a, b := dial(t, s), dial(t, s)
	eventually(t, "two connections are open", func() bool { return s.Stats().Open == 2 })
	c := dial(t, s)
	c.Write([]byte("x"))
	if got, err := io.ReadAll(c); len(got) != 0 || (err != nil && !errors.Is(err, io.EOF) && !isReset(err)) {
		t.Fatalf("third client got %q, %v; want it closed", got, err)
	}
	// The first two still work.
	for _, k := range []net.Conn{a, b} {
		k.Write([]byte("ok"))
		buf := make([]byte, 2)
		if _, err := io.ReadFull(k, buf); err != nil || string(buf) != "ok" {
			t.Fatalf("an admitted client got %q, %v", buf, err)
		}
	}
	if st := s.Stats(); st.Refused != 1 || st.Total != 3 {
		t.Errorf("stats = %+v, want 1 refused of 3", st)
	}
	// A slot frees when a client leaves.
	a.Close()
	eventually(t, "a slot frees", func() bool { return s.Stats().Open == 1 })
	d := dial(t, s)
	d.Write([]byte("in"))
	buf := make([]byte, 2)
	if _, err := io.ReadFull(d, buf); err != nil {
		t.Fatalf("client after a slot freed: %v", err)
	}
}

func isReset(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && strings.Contains(op.Err.Error(), "reset")
}

func TestStopClosesEverything(t *testing.T) {
	base := openFDs(t)
	g := NewGroup()
	s, err := g.Start(Echo, loopback, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	for i := 0; i < 5; i++ {
		conns = append(conns, dial(t, s))
	}
	eventually(t, "five connections are open", func() bool { return s.Stats().Open == 5 })
	s.Stop()
	if !s.Stopped() {
		t.Fatal("Stopped is false after Stop")
	}
	for _, c := range conns {
		if got := readAll(t, c); len(got) != 0 {
			t.Fatalf("got %q", got)
		}
		c.Close()
	}
	if _, err := net.Dial("tcp", s.Addr().String()); err == nil {
		t.Error("the listener still accepts after Stop")
	}
	// The port is free again at once, for TCP and UDP alike.
	s2, err := g.Start(Echo, s.Addr(), Limits{})
	if err != nil {
		t.Fatalf("restarting on the same port: %v", err)
	}
	s2.Stop()
	s2.Stop() // stopping twice is harmless
	g.Close()
	if n := openFDs(t); n != base {
		t.Errorf("%d fds open after Stop, %d before Start", n, base)
	}
}

func TestPortInUse(t *testing.T) {
	_, s := start(t, HTTP, Limits{})
	g := NewGroup()
	defer g.Close()
	_, err := g.Start(HTTP, s.Addr(), Limits{})
	var se *os.SyscallError
	if !errors.As(err, &se) || !strings.Contains(se.Err.Error(), "address already in use") {
		t.Fatalf("second server on %v: %v, want EADDRINUSE", s.Addr(), err)
	}
	if len(g.Servers()) != 0 {
		t.Error("a failed Start left a server in the group")
	}
}
