package commands

import (
	"bytes"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"sockshell/commands/value"
)

// The peer faults that need the peer to act while the shell waits: the
// session runs a command that blocks, and the test plays the peer on a
// real loopback connection from another goroutine. Each fault must end in
// Python's error for it, and the session must go on working.

// peerSession is a session with a connection: conn (the server's side,
// driven by the shell) and the client's end, a plain Go connection that
// the test drives as the peer. The peer is not one of the session's
// sockets, so that the test's goroutine never touches what the session
// reads after each statement.
func peerSession(t *testing.T) (s *Session, out *bytes.Buffer, peer *net.TCPConn) {
	t.Helper()
	s, out, _ = newTestSession(t, Options{})
	execLines(t, s, "server = socket", "bind server 127.0.0.1 0", "listen server 1",
		"address = getsockname server", "port = address[1]")
	port, _ := s.Var("port")
	n, _ := value.IntOf(port)
	c, err := net.DialTCP("tcp", nil, net.TCPAddrFromAddrPort(netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(n))))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	execLines(t, s, "conn, addr = accept server")
	return s, out, c
}

// reset makes the peer's close send a reset (SO_LINGER on, 0 s).
func reset(t *testing.T, peer *net.TCPConn) {
	if err := peer.SetLinger(0); err != nil {
		t.Error(err)
	}
	peer.Close()
}

// peerDoes plays the peer: f runs after d, in another goroutine; the
// returned channel closes when it is done.
func peerDoes(d time.Duration, f func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		time.Sleep(d)
		f()
	}()
	return done
}

// stillWorks checks the session after a fault: other commands run, and
// a fresh connection on the same server works.
func stillWorks(t *testing.T, s *Session, out *bytes.Buffer) {
	t.Helper()
	out.Reset()
	execLines(t, s, "hexdump b'ssh'", "c2 = socket", "connect c2 $address",
		"conn2, addr2 = accept server", "sendall c2 b'ok'", "recv conn2")
	s.Flush()
	if out.String() != sshDump+"b'ok'\n" {
		t.Errorf("after the fault the session printed %q", out.String())
	}
}

func TestPeerResetDuringRecv(t *testing.T) {
	s, out, peer := peerSession(t)
	done := peerDoes(50*time.Millisecond, func() { reset(t, peer) })
	start := time.Now()
	got := run(s, "recv conn 4096")
	<-done
	if got != "ConnectionResetError: [Errno 104] Connection reset by peer" {
		t.Fatalf("recv while the peer resets: %q", got)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatalf("recv returned after %v, before the reset: it did not wait", d)
	}
	// The reset is reported once, as by the kernel: the next recv is the
	// end of the stream.
	execLines(t, s, "recv conn 4096")
	s.Flush()
	if !strings.HasSuffix(out.String(), "b''\n") {
		t.Errorf("recv after the reset printed %q, want b''", out.String())
	}
	stillWorks(t, s, out)
}

func TestPeerHalfCloseDuringRecv(t *testing.T) {
	s, out, peer := peerSession(t)
	done := peerDoes(50*time.Millisecond, func() {
		peer.Write([]byte("last words"))
		peer.CloseWrite()
	})
	execLines(t, s, "recv conn 4096")
	<-done
	execLines(t, s, "conn.recv(4096)", "sendall conn b'the other way'")
	s.Flush()
	if want := "b'last words'\nb''\n"; out.String() != want {
		t.Fatalf("recv around a half-close printed %q, want %q", out.String(), want)
	}
	// The peer can still read what the shell sent after the half-close.
	peer.SetReadDeadline(time.Now().Add(5 * time.Second))
	p := make([]byte, 100)
	k, err := peer.Read(p)
	if p = p[:k]; err != nil || string(p) != "the other way" {
		t.Fatalf("the half-closed peer reads %q, %v", p, err)
	}
	stillWorks(t, s, out)
}

func TestPeerVanishesDuringSendall(t *testing.T) {
	s, out, peer := peerSession(t)
	// 64 MiB: far more than the two socket buffers hold, so sendall must
	// wait for the peer, which reads a little and then vanishes.
	s.in.Globals["big"] = value.Bytes(make([]byte, 64<<20))
	done := peerDoes(50*time.Millisecond, func() {
		peer.Read(make([]byte, 1<<16))
		reset(t, peer)
	})
	got := run(s, "sendall conn big")
	<-done
	if got != "ConnectionResetError: [Errno 104] Connection reset by peer" && got != "BrokenPipeError: [Errno 32] Broken pipe" {
		t.Fatalf("sendall to a vanished peer: %q", got)
	}
	if got := run(s, "conn.send(b'more')"); !strings.HasPrefix(got, "BrokenPipeError") && !strings.HasPrefix(got, "ConnectionResetError") {
		t.Fatalf("send after the peer vanished: %q", got)
	}
	stillWorks(t, s, out)
}

// TestPeerClosesBeforeAccept checks a connection whose client gave up
// while it waited in the accept queue: accept still returns it, and
// reading it gives the end of the stream (or its reset).
func TestPeerClosesBeforeAccept(t *testing.T) {
	s, out, _ := newTestSession(t, Options{})
	execLines(t, s, "server = socket", "bind server 127.0.0.1 0", "listen server 1",
		"address = getsockname server", "gone = socket", "connect gone $address", "close gone",
		"conn, addr = accept server")
	got := run(s, "recv conn 10")
	s.Flush()
	if got == "" && out.String() != "b''\n" || got != "" && got != "ConnectionResetError: [Errno 104] Connection reset by peer" {
		t.Errorf("recv from a client gone before accept: %q, %q", out.String(), got)
	}
}

// TestRecvTimeout checks a socket's own timeout: recv waits that long and
// raises TimeoutError, and the socket still receives afterwards.
func TestRecvTimeout(t *testing.T) {
	s, out, peer := peerSession(t)
	execLines(t, s, "settimeout conn 0.05")
	start := time.Now()
	if got := run(s, "recv conn 10"); got != "TimeoutError: timed out" {
		t.Fatalf("recv past the timeout: %q", got)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("the timeout passed after %v", d)
	}
	out.Reset()
	peer.Write([]byte("late"))
	execLines(t, s, "recv conn 10")
	s.Flush()
	if out.String() != "b'late'\n" {
		t.Errorf("after the timeout: %q", out.String())
	}
}
