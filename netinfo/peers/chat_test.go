package peers

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// members is how many clients have joined the chat (not only connected).
func (b *broker) size() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.members)
}

// joinChat connects n clients and waits until all have joined.
func joinChat(t *testing.T, s *Server, n int) []*net.TCPConn {
	t.Helper()
	var cs []*net.TCPConn
	for i := 0; i < n; i++ {
		cs = append(cs, dial(t, s))
	}
	eventually(t, fmt.Sprintf("%d clients joined", n), func() bool { return s.broker.size() == n })
	return cs
}

// readN reads exactly n bytes.
func readN(t *testing.T, c net.Conn, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := io.ReadFull(c, b); err != nil {
		t.Fatalf("reading %d bytes: %v (got %q)", n, err, b)
	}
	return string(b)
}

func TestChatRelays(t *testing.T) {
	g, s := start(t, Chat, Limits{})
	events := collect(g)
	cs := joinChat(t, s, 3)
	a, b, c := cs[0], cs[1], cs[2]
	for range cs {
		if ev := events.next(t); ev.Type != Connected {
			t.Fatalf("event %+v", ev)
		}
	}

	a.Write([]byte("hello from a\n"))
	for _, k := range []net.Conn{b, c} {
		if got := readN(t, k, 13); got != "hello from a\n" {
			t.Errorf("got %q", got)
		}
	}
	ev := events.next(t)
	if ev.Type != Message || ev.Remote != addrPort(a.LocalAddr()) || string(ev.Data) != "hello from a\n" || ev.N != 13 || ev.Note != "to 2 clients" {
		t.Errorf("message event %+v", ev)
	}
	// Not back to the sender: the first thing a reads is b's line.
	b.Write([]byte("hi a, b here\n"))
	if got := readN(t, a, 13); got != "hi a, b here\n" {
		t.Errorf("a got %q first", got)
	}
	readN(t, c, 13)
	events.next(t)

	// Bytes pass as they are, escapes and all; a line longer than
	// MaxChatLine goes in pieces, in order; what is left when a client
	// leaves goes too.
	long := strings.Repeat("0123456789", 1000) + "\n"
	odd := "\x1b[31mred\x00\r\n"
	c.Write([]byte(odd + long + "bye, no newline"))
	c.Close()
	want := odd + long + "bye, no newline"
	for _, k := range []net.Conn{a, b} {
		if got := readN(t, k, len(want)); got != want {
			t.Errorf("relayed bytes differ (%d of them)", len(want))
		}
	}
	var messages, relayed int
	for ev := events.next(t); ev.Type != Closed; ev = events.next(t) {
		if ev.Type != Message || ev.Note != "to 2 clients" || ev.Remote != addrPort(c.LocalAddr()) {
			t.Fatalf("event %+v", ev)
		}
		if ev.N > MaxChatLine || len(ev.Data) != min(ev.N, MaxMessageData) {
			t.Errorf("message of %d bytes carries %d", ev.N, len(ev.Data))
		}
		messages++
		relayed += ev.N
	}
	if pieces := 1 + (len(long)+MaxChatLine-1)/MaxChatLine + 1; messages != pieces || relayed != len(want) {
		t.Errorf("%d messages of %d bytes in all, want %d of %d", messages, relayed, pieces, len(want))
	}
	eventually(t, "c has left", func() bool { return s.broker.size() == 2 })
	// A line with nobody else to hear it.
	b.Close()
	eventually(t, "b has left", func() bool { return s.broker.size() == 1 })
	a.Write([]byte("anyone?\n"))
	for ev := events.next(t); ev.Type != Message; ev = events.next(t) {
	}
	a.Close()
	eventually(t, "every connection is closed", func() bool { return s.Stats().Open == 0 })
	in := int64(13 + 13 + len(want) + 8)
	if st := s.Stats(); st.In != in || st.Out != 2*in-2*8 {
		t.Errorf("stats %+v, want %d in and %d out", st, in, 2*in-2*8)
	}
}

// Several clients talking at once: each hears every other one's lines, in
// the order each sent them, and never its own.
func TestChatManyClients(t *testing.T) {
	const clients, lines = 8, 50
	_, s := start(t, Chat, Limits{})
	cs := joinChat(t, s, clients)
	var wg sync.WaitGroup
	heard := make([][]string, clients)
	errs := make(chan error, 2*clients)
	for i, c := range cs {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := 0; j < lines; j++ {
				if _, err := fmt.Fprintf(c, "client %d line %d\n", i, j); err != nil {
					errs <- err
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			br := bufio.NewReader(c)
			for k := 0; k < (clients-1)*lines; k++ {
				line, err := br.ReadString('\n')
				if err != nil {
					errs <- fmt.Errorf("client %d after %d lines: %v", i, k, err)
					return
				}
				heard[i] = append(heard[i], line)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i := range heard {
		next := make([]int, clients) // the next line expected from each
		for _, line := range heard[i] {
			var from, n int
			if _, err := fmt.Sscanf(line, "client %d line %d\n", &from, &n); err != nil || from == i || n != next[from] {
				t.Fatalf("client %d heard %q (expected line %d from client %d)", i, line, next[from], from)
			}
			next[from]++
		}
	}
}

// A client that reads nothing is dropped once it falls ChatBacklog lines
// behind (past what the kernel buffers); the sender and the client that
// keeps up never wait for it and miss nothing.
func TestChatSlowClientDropped(t *testing.T) {
	g, s := start(t, Chat, Limits{})
	events := collect(g)
	sender, fast := dial(t, s), dial(t, s)
	// The slow client asks for a small receive buffer, so the kernel holds
	// less for it (the server's send buffer still holds some megabytes).
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	slowConn, err := d.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer slowConn.Close()
	slow := addrPort(slowConn.LocalAddr())
	eventually(t, "three clients joined", func() bool { return s.broker.size() == 3 })

	// Batches smaller than the backlog, each read by the fast client before
	// the next is sent, so only the slow one can fall behind; at most 64
	// MiB in all, far more than any kernel buffers.
	const batch = ChatBacklog / 4
	line := func(n int) []byte {
		b := bytes.Repeat([]byte{'a' + byte(n%26)}, MaxChatLine)
		copy(b, fmt.Sprintf("%08d ", n))
		b[len(b)-1] = '\n'
		return b
	}
	fr := bufio.NewReader(fast)
	dropped := false
	var sent int
	for sent < (64<<20)/MaxChatLine && !dropped {
		var buf []byte
		for i := 0; i < batch; i++ {
			buf = append(buf, line(sent+i)...)
		}
		if _, err := sender.Write(buf); err != nil {
			t.Fatalf("the sender was held up: %v", err)
		}
		for i := 0; i < batch; i++ {
			got, err := fr.ReadSlice('\n')
			if err != nil || !bytes.Equal(got, line(sent+i)) {
				t.Fatalf("the fast client's line %d: %.20q, %v", sent+i, got, err)
			}
		}
		sent += batch
		dropped = s.broker.size() == 2
	}
	if !dropped {
		t.Fatalf("a client that reads nothing was not dropped after %d lines", sent)
	}
	t.Logf("dropped after %d lines (%d MiB)", sent, sent*MaxChatLine>>20)
	for ev := events.next(t); ; ev = events.next(t) {
		if ev.Type == Closed {
			if ev.Remote != slow || ev.Note != ClosedTooSlow {
				t.Fatalf("closed %v: %q, want %v: %q", ev.Remote, ev.Note, slow, ClosedTooSlow)
			}
			break
		}
	}
	// The others go on.
	fast.Write([]byte("still here\n"))
	if got := readN(t, sender, 11); got != "still here\n" {
		t.Errorf("after the drop: %q", got)
	}
}

// Stop ends a chat's connections and its writers: no goroutine is left.
func TestChatStop(t *testing.T) {
	baseG := settle(0)
	g := NewGroup()
	s, err := g.Start(Chat, loopback, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	cs := joinChat(t, s, 5)
	cs[0].Write([]byte("before the stop\n"))
	for _, c := range cs[1:] {
		readN(t, c, 16)
	}
	g.Close()
	for _, c := range cs {
		if got, _ := io.ReadAll(c); len(got) != 0 {
			t.Errorf("after Stop: %q", got)
		}
	}
	if n := settle(baseG); n > baseG {
		t.Errorf("%d goroutines after Stop, %d before Start", n, baseG)
	}
}

// A chat client may listen in silence for longer than the idle timeout.
func TestChatQuietListener(t *testing.T) {
	_, s := start(t, Chat, Limits{IdleTimeout: 100 * time.Millisecond})
	cs := joinChat(t, s, 2)
	time.Sleep(300 * time.Millisecond)
	cs[0].Write([]byte("still there?\n"))
	if got := readN(t, cs[1], 13); got != "still there?\n" {
		t.Errorf("got %q", got)
	}
}

// A sender pasting far more than ChatBacklog lines at once is paced to its
// readers: clients that keep reading are not dropped, and get every line.
func TestChatBurstIsPaced(t *testing.T) {
	const readers, lines = 3, 40000
	_, s := start(t, Chat, Limits{})
	cs := joinChat(t, s, 1+readers)
	var paste bytes.Buffer
	for i := 0; i < lines; i++ {
		fmt.Fprintf(&paste, "line %06d of the paste\n", i)
	}
	go cs[0].Write(paste.Bytes())
	var wg sync.WaitGroup
	for _, c := range cs[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := make([]byte, paste.Len())
			if _, err := io.ReadFull(c, got); err != nil || !bytes.Equal(got, paste.Bytes()) {
				t.Errorf("a reader got %d bytes of %d: %v", len(bytes.TrimRight(got, "\x00")), paste.Len(), err)
			}
		}()
	}
	wg.Wait()
	if n := s.broker.size(); n != 1+readers {
		t.Errorf("%d clients left in the chat, want all %d", n, 1+readers)
	}
}
