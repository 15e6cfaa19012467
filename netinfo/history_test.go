package netinfo

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// kinds lists the events' kinds with their counts, as "send 21".
func kinds(events []Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Kind.String()
		switch {
		case e.Errno != 0:
			out[i] += " " + errnoName(e.Errno)
		case e.Kind == EventSend || e.Kind == EventRecv:
			out[i] += " " + strings.Repeat("+", min(e.N, 3)) // the count's sign, shortly
		}
	}
	return out
}

// TestHistoryOfAConversation: the lecture's exchange, seen from both ends:
// each socket's events with their addresses, counts and bytes, numbered
// so that merging the two puts them in the order they happened.
func TestHistoryOfAConversation(t *testing.T) {
	ctx := context.Background()
	tr := NewTrace(func(Syscall) {}) // off: the history does not need it
	srv, err := NewTracedSocket(tr, unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.Bind(Addr{Family: unix.AF_INET, IP: loopback4})
	srv.Listen(1)
	a, _ := srv.LocalAddr()
	client, _ := NewTracedSocket(tr, unix.AF_INET, unix.SOCK_STREAM, 0)
	defer client.Close()
	if err := client.Connect(ctx, a); err != nil {
		t.Fatal(err)
	}
	conn, peer, err := srv.Accept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	client.SendAll(ctx, []byte("Hey, can you hear me?"))
	conn.Recv(ctx, 4096)
	reply := []byte("\x1b[31mYes, loud and clear, and this is more than 32 bytes")
	conn.SendAll(ctx, reply)
	client.Recv(ctx, 4096)
	conn.Shutdown(unix.SHUT_WR)
	client.Recv(ctx, 4096) // b'': the end
	connFD := conn.FD()
	conn.Close()
	client.Close()

	cev, _ := client.History()
	sev, _ := conn.History()
	lev, _ := srv.History()
	if got, want := kinds(cev), []string{"connect", "send +++", "recv +++", "recv ", "close"}; !slices.Equal(got, want) {
		t.Errorf("client: %q, want %q", got, want)
	}
	if got, want := kinds(sev), []string{"accepted", "recv +++", "send +++", "shutdown", "close"}; !slices.Equal(got, want) {
		t.Errorf("accepted socket: %q, want %q", got, want)
	}
	if got, want := kinds(lev), []string{"bind", "listen", "accept"}; !slices.Equal(got, want) {
		t.Errorf("listener: %q, want %q", got, want)
	}
	if cev[0].Peer != a || cev[0].Local != peer || sev[0].Local != a || sev[0].Peer != peer || sev[0].N != srv.FD() {
		t.Errorf("addresses: connect %v -> %v, accepted %v <- %v (listener fd %d)", cev[0].Local, cev[0].Peer, sev[0].Local, sev[0].Peer, sev[0].N)
	}
	if lev[2].N != connFD || lev[2].Peer != peer || lev[2].Local != a {
		t.Errorf("accept: %v, want fd %d", lev[2], connFD)
	}
	if e := cev[1]; e.N != 21 || string(e.Data) != "Hey, can you hear me?" {
		t.Errorf("send: %d %q", e.N, e.Data)
	}
	if e := cev[2]; e.N != len(reply) || !bytes.Equal(e.Data, reply[:HeadMax]) {
		t.Errorf("recv: %d %q", e.N, e.Data)
	}
	if s := cev[2].String(); !strings.HasPrefix(s, `recv 56 "\x1b[31mYes`) || !strings.HasSuffix(s, `"...`) || strings.ContainsRune(s, 0x1b) {
		t.Errorf("recv's String = %s", s)
	}
	if e := sev[3]; e.N != unix.SHUT_WR || e.String() != "shutdown SHUT_WR" {
		t.Errorf("shutdown: %v", e)
	}

	// One numbering for the sockets of the trace: merged by Seq, the
	// events of both ends are in the order of the calls above.
	all := append(append(append([]Event{}, cev...), sev...), lev...)
	slices.SortFunc(all, func(x, y Event) int { return int(x.Seq) - int(y.Seq) })
	var order []string
	for i, e := range all {
		if i > 0 && (e.Seq == all[i-1].Seq || e.Time.Before(all[i-1].Time)) {
			t.Errorf("events %d and %d: seq %d, %d at %v, %v", i-1, i, all[i-1].Seq, e.Seq, all[i-1].Time, e.Time)
		}
		order = append(order, e.Kind.String())
	}
	want := []string{"bind", "listen", "connect", "accept", "accepted", "send", "recv", "send", "recv", "shutdown", "recv", "close", "close"}
	if !slices.Equal(order, want) {
		t.Errorf("merged: %q\nwant     %q", order, want)
	}
}

// TestHistoryErrors: the kernel's errors are events; a wait's EAGAIN, a
// timeout and a call on a closed socket are not.
func TestHistoryErrors(t *testing.T) {
	ctx := context.Background()
	s := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	s.Connect(ctx, Addr{Family: unix.AF_INET, IP: loopback4, Port: freePort(t)})
	ev, _ := s.History()
	if len(ev) != 1 || ev[0].Kind != EventConnect || ev[0].Errno != unix.ECONNREFUSED {
		t.Fatalf("refused connect: %v", ev)
	}

	client, conn := pair(t)
	conn.SetTimeout(0)
	for _, bufsize := range []int{0, 10} { // would block: no event
		if _, _, _, err := conn.RecvFrom(ctx, bufsize); errno(err) != unix.EAGAIN {
			t.Fatalf("non-blocking recvfrom %d = %v", bufsize, err)
		}
	}
	if _, err := conn.Recv(ctx, 10); errno(err) != unix.EAGAIN {
		t.Fatalf("non-blocking recv = %v", err)
	}
	conn.SetTimeout(20 * time.Millisecond)
	conn.Recv(ctx, 10) // times out: no event
	sent := sendLater(client, 20*time.Millisecond, "late")
	conn.SetTimeout(NoTimeout)
	conn.Recv(ctx, 10) // waits: one event, not its EAGAIN
	<-sent
	unix.SetsockoptLinger(client.fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1})
	client.Close() // a reset
	eventually(t, "the reset", func() (string, bool) {
		_, err := conn.Send(ctx, []byte("x"))
		return errnoName(errno(err)), errno(err) == unix.ECONNRESET || errno(err) == unix.EPIPE
	})
	conn.Close()
	conn.Recv(ctx, 10) // closed: EBADF, no event
	ev, _ = conn.History()
	got := kinds(ev)
	if len(got) < 3 || !slices.Equal(got[:2], []string{"accepted", "recv +++"}) || got[len(got)-1] != "close" ||
		(got[len(got)-2] != "send ECONNRESET" && got[len(got)-2] != "send EPIPE") {
		t.Fatalf("history: %q", got)
	}
}

// TestHistoryIsBounded: the last HistoryMax events are kept, in order,
// and the dropped ones counted.
func TestHistoryIsBounded(t *testing.T) {
	ctx := context.Background()
	client, conn := pair(t)
	const sends = HistoryMax + 1500
	for i := range sends {
		if _, err := client.Send(ctx, message(i)); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Recv(ctx, 4096); err != nil {
			t.Fatal(err)
		}
	}
	ev, dropped := client.History()
	// connect, then the sends: the first 1501 events are gone.
	if len(ev) != HistoryMax || dropped != sends+1-HistoryMax {
		t.Fatalf("%d events, %d dropped", len(ev), dropped)
	}
	for i, e := range ev {
		want := message(sends - HistoryMax + i)
		if e.Kind != EventSend || !bytes.Equal(e.Data, want) || (i > 0 && e.Seq <= ev[i-1].Seq) {
			t.Fatalf("event %d: %v (seq %d), want send %q", i, e, e.Seq, want)
		}
	}
}

// TestHistoryOfDatagrams: sendto and recvfrom keep their addresses.
func TestHistoryOfDatagrams(t *testing.T) {
	ctx := context.Background()
	rx := mustSocket(t, unix.AF_INET, unix.SOCK_DGRAM)
	rx.Bind(Addr{Family: unix.AF_INET, IP: loopback4})
	to, _ := rx.LocalAddr()
	tx := mustSocket(t, unix.AF_INET, unix.SOCK_DGRAM)
	tx.SendTo(ctx, []byte("ping"), to)
	_, from, _, err := rx.RecvFrom(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	tev, _ := tx.History()
	rev, _ := rx.History()
	if len(tev) != 1 || tev[0].Kind != EventSend || tev[0].Peer != to || string(tev[0].Data) != "ping" {
		t.Errorf("sendto: %v", tev)
	}
	if len(rev) != 2 || rev[1].Kind != EventRecv || rev[1].Peer != from || rev[0].Kind != EventBind || rev[0].Local != (Addr{Family: unix.AF_INET, IP: loopback4}) {
		t.Errorf("bind and recvfrom: %v", rev)
	}
}
