package netinfo

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// states lists the EventState events of a history, by name.
func states(events []Event) []string {
	var out []string
	for _, e := range events {
		if e.Kind == EventState {
			out = append(out, e.State)
		}
	}
	return out
}

// TestNoteStateOfAnOrderlyClose: the states the kernel reports while the
// lecture's connection ends, each noted once, on the socket it belongs
// to, the closed socket's from /proc/net/tcp; and numbered with the other
// events, so that they fall where they were seen.
func TestNoteStateOfAnOrderlyClose(t *testing.T) {
	ctx := context.Background()
	client, conn := pair(t)
	noteAll := func() { NoteStates([]*Socket{client, conn}) }
	noteAll()
	if st, noted := client.NoteState(); st != "ESTABLISHED" || noted {
		t.Errorf("a second look = %q, %v; want ESTABLISHED, not noted again", st, noted)
	}
	client.Close() // the active close: FIN_WAIT2, then TIME_WAIT
	noteAll()
	if _, err := conn.Recv(ctx, 10); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	noteAll()
	noteAll()

	cev, _ := client.History()
	sev, _ := conn.History()
	if got, want := states(cev), []string{"ESTABLISHED", "FIN_WAIT2", "TIME_WAIT"}; !slices.Equal(got, want) {
		t.Errorf("client's states %q, want %q", got, want)
	}
	// conn's LAST_ACK ends as its close returns on loopback: once closed,
	// its connection is gone and nothing more is noted.
	if got, want := states(sev), []string{"ESTABLISHED", "CLOSE_WAIT"}; !slices.Equal(got, want) {
		t.Errorf("conn's states %q, want %q", got, want)
	}
	all := append(append([]Event{}, cev...), sev...)
	slices.SortFunc(all, func(x, y Event) int { return int(x.Seq) - int(y.Seq) })
	var order []string
	for _, e := range all {
		order = append(order, e.String())
	}
	want := []string{"connect", "accepted", "state ESTABLISHED", "state ESTABLISHED", "close",
		"state FIN_WAIT2", "state CLOSE_WAIT", "recv 0 \"\"", "close", "state TIME_WAIT"}
	for i := range order {
		if i < len(want) && len(order[i]) >= len(want[i]) {
			order[i] = order[i][:len(want[i])] // the addresses are the test's own
		}
	}
	if !slices.Equal(order, want) {
		t.Errorf("merged:\n%q\nwant\n%q", order, want)
	}
	if st, noted := client.NoteState(); st != "TIME_WAIT" || noted {
		t.Errorf("TIME_WAIT seen again = %q, %v", st, noted)
	}
}

// TestNoteStateSkips: a fresh socket's CLOSE, a datagram socket and an
// AF_UNIX stream have no state to note; a listener's LISTEN is noted.
func TestNoteStateSkips(t *testing.T) {
	for _, s := range []*Socket{
		mustSocket(t, unix.AF_INET, unix.SOCK_STREAM),
		mustSocket(t, unix.AF_INET, unix.SOCK_DGRAM),
		mustSocket(t, unix.AF_UNIX, unix.SOCK_STREAM),
	} {
		if _, noted := s.NoteState(); noted {
			t.Errorf("%d/%d: a state was noted", s.Family, s.Type)
		}
		if ev, _ := s.History(); len(ev) != 0 {
			t.Errorf("%d/%d: history %v", s.Family, s.Type, ev)
		}
	}
	ln, _ := listener(t, 1)
	if st, noted := ln.NoteState(); st != "LISTEN" || !noted {
		t.Errorf("listener: %q, %v", st, noted)
	}
	fresh := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	fresh.Close() // never connected: nothing to look for
	if st, noted := fresh.NoteState(); st != "" || noted {
		t.Errorf("closed fresh socket: %q, %v", st, noted)
	}
}

// TestCloseEventSaysReset: a close that aborts the connection (SO_LINGER
// 0, or bytes left unread) is marked N=1 and the peer sees the reset; an
// orderly close is N=0; both carry the connection's addresses.
func TestCloseEventSaysReset(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		setup func(client, conn *Socket)
		reset bool
	}{
		{"orderly", func(client, conn *Socket) {}, false},
		{"SO_LINGER 0", func(client, conn *Socket) {
			unix.SetsockoptLinger(client.fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0})
		}, true},
		{"SO_LINGER 5", func(client, conn *Socket) {
			unix.SetsockoptLinger(client.fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 5})
		}, false},
		{"unread bytes", func(client, conn *Socket) {
			conn.SendAll(ctx, []byte("never read"))
			eventually(t, "the bytes queued", func() (string, bool) {
				v, _ := client.Kernel()
				return "", v.RecvQ > 0
			})
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, conn := pair(t)
			local, _ := client.LocalAddr()
			peer, _ := client.PeerAddr()
			tc.setup(client, conn)
			client.Close()
			ev, _ := client.History()
			last := ev[len(ev)-1]
			if last.Kind != EventClose || (last.N == 1) != tc.reset || last.Local != local || last.Peer != peer {
				t.Fatalf("close event %v (N=%d), want reset %v, %v -> %v", last, last.N, tc.reset, local, peer)
			}
			_, err := conn.Recv(ctx, 100)
			if got := errno(err) == unix.ECONNRESET; got != tc.reset {
				// The orderly close's peer reads b'' (or the bytes it sent
				// itself are not there: it reads its end).
				t.Errorf("peer's recv after the close: %v; reset %v", err, tc.reset)
			}
		})
	}
}

// TestTCPConnsOnPort: the kernel's sockets on a port, of any process: a
// listener, its connections, and the TIME_WAIT an active close leaves.
func TestTCPConnsOnPort(t *testing.T) {
	ln, a := listener(t, 1)
	client := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	ctx := context.Background()
	if err := client.Connect(ctx, a); err != nil {
		t.Fatal(err)
	}
	conn, _, err := ln.Accept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	count := func() map[string]int {
		m := map[string]int{}
		for _, c := range TCPConnsOnPort(a.Port) {
			if int(c.Local.Port()) != a.Port {
				t.Errorf("%v is not on port %d", c, a.Port)
			}
			if c.Local.Addr() == a.IP { // not another program's, on 127.0.0.2
				m[c.State]++
			}
		}
		return m
	}
	if got := count(); got["LISTEN"] != 1 || got["ESTABLISHED"] != 1 {
		t.Errorf("listening and connected: %v", got)
	}
	conn.Close() // the server closes first: its end lingers
	ln.Close()
	client.Close()
	eventually(t, "TIME_WAIT on the server's port", func() (string, bool) {
		got := count()
		return "", got["TIME_WAIT"] == 1 && got["LISTEN"] == 0
	})
}

// TestLastChange: the trace's LastChange moves with the events after
// which a TCP state may differ, not with bytes going well nor with the
// states noted, so that a caller asks the kernel only when it may answer
// something new.
func TestLastChange(t *testing.T) {
	ctx := context.Background()
	tr := NewTrace(func(Syscall) {})
	srv, _ := NewTracedSocket(tr, unix.AF_INET, unix.SOCK_STREAM, 0)
	defer srv.Close()
	srv.Bind(Addr{Family: unix.AF_INET, IP: loopback4})
	if tr.LastChange() != 0 || tr.LastSeq() != 1 {
		t.Errorf("after bind: change %d, seq %d", tr.LastChange(), tr.LastSeq())
	}
	srv.Listen(1)
	a, _ := srv.LocalAddr()
	client, _ := NewTracedSocket(tr, unix.AF_INET, unix.SOCK_STREAM, 0)
	defer client.Close()
	client.Connect(ctx, a)
	conn, _, _ := srv.Accept(ctx)
	defer conn.Close()
	steps := []struct {
		what   string
		do     func()
		change bool
	}{
		{"send", func() { client.Send(ctx, []byte("hi")) }, false},
		{"recv", func() { conn.Recv(ctx, 10) }, false},
		{"note states", func() { NoteStates([]*Socket{srv, client, conn}) }, false},
		{"shutdown", func() { client.Shutdown(unix.SHUT_WR) }, true},
		{"recv 0", func() { conn.Recv(ctx, 10) }, true},
		{"close", func() { conn.Close() }, true},
	}
	for _, st := range steps {
		before := tr.LastChange()
		st.do()
		if moved := tr.LastChange() != before; moved != st.change {
			t.Errorf("%s: LastChange moved %v, want %v", st.what, moved, st.change)
		}
		if st.change && tr.LastChange() != tr.LastSeq() {
			t.Errorf("%s: LastChange %d, LastSeq %d", st.what, tr.LastChange(), tr.LastSeq())
		}
	}
}

// TestSockDiagAgreesWithProc: the kernel's answers through sock_diag are
// those /proc/net/tcp gives (the way taken when sock_diag is missing),
// and a lookup of a connection the kernel has forgotten does not take the
// listener on its port for it.
func TestSockDiagAgreesWithProc(t *testing.T) {
	ctx := context.Background()
	ln, a := listener(t, 4)
	var conns []*Socket
	for range 3 {
		c := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
		if err := c.Connect(ctx, a); err != nil {
			t.Fatal(err)
		}
		s, _, err := ln.Accept(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		conns = append(conns, c, s)
	}
	conns[1].Close() // TIME_WAIT, once the client closes too
	conns[0].Close()
	conns[3].Close() // FIN_WAIT2: its client stays open
	// Other programs may use the same port on another address
	// (127.0.0.2): only the listener's address counts here.
	ours := netip.AddrPortFrom(a.IP, uint16(a.Port))
	keys := func(conns []TCPConn) []string {
		var out []string
		for _, c := range conns {
			if c.Local == ours {
				out = append(out, c.Local.String()+" "+c.Peer.String()+" "+c.State)
			}
		}
		return out
	}
	eventually(t, "the same list both ways", func() (string, bool) {
		diag, proc := keys(TCPConnsOnPort(a.Port)), keys(tcpConnsOnPortProc(a.Port))
		slices.Sort(diag)
		slices.Sort(proc)
		return strings.Join(diag, "; ") + " vs " + strings.Join(proc, "; "), slices.Equal(diag, proc) && len(diag) == 4
	})
	for i, s := range []*Socket{conns[1], conns[3]} {
		got, found := s.lingeringState()
		want := 0
		wantFound := false
		l := netip.AddrPortFrom(s.lastLocal.IP, uint16(s.lastLocal.Port))
		r := netip.AddrPortFrom(s.lastPeer.IP, uint16(s.lastPeer.Port))
		scanTCP(false, func(lo, pe netip.AddrPort, st int) bool {
			if lo == l && pe == r {
				want, wantFound = st, true
			}
			return true
		})
		if got != want || found != wantFound || !found {
			t.Errorf("socket %d: sock_diag says %s (%v), /proc/net/tcp %s (%v)", i, tcpStateName(got), found, tcpStateName(want), wantFound)
		}
	}
	// A connection that is gone: its own lookup finds nothing, though a
	// listener holds its local port.
	gone := conns[2] // its server closed first: no TIME_WAIT on its side
	gone.Close()
	eventually(t, "the connection forgotten", func() (string, bool) {
		st, found := gone.lingeringState()
		return tcpStateName(st), !found
	})
}
