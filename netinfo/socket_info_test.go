package netinfo

import (
	"context"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// eventually retries check for a short while: the kernel completes
// handshakes and delivers FINs asynchronously, even on loopback.
func eventually(t *testing.T, what string, check func() (string, bool)) {
	t.Helper()
	var got string
	for range 100 {
		var ok bool
		if got, ok = check(); ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: got %s", what, got)
}

func TestKernelView(t *testing.T) {
	ctx := context.Background()
	fresh := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	if k, err := fresh.Kernel(); err != nil || k.State != "CLOSE" || k.Listening {
		t.Fatalf("fresh socket: %+v, %v; want CLOSE", k, err)
	}

	srv, a := listener(t, 3)
	if k, _ := srv.Kernel(); !k.Listening || k.State != "LISTEN" || k.AcceptQ != 0 || k.Backlog != 3 {
		t.Fatalf("listener: %+v; want LISTEN, queue 0 of 3", k)
	}
	client := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	if err := client.Connect(ctx, a); err != nil {
		t.Fatal(err)
	}
	eventually(t, "one connection queued", func() (string, bool) {
		k, _ := srv.Kernel()
		return k.State, k.AcceptQ == 1
	})
	conn, _, err := srv.Accept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if k, _ := srv.Kernel(); k.AcceptQ != 0 {
		t.Fatalf("accept left %d in the queue", k.AcceptQ)
	}

	client.SendAll(ctx, []byte("hello"))
	eventually(t, "5 bytes waiting", func() (string, bool) {
		k, _ := conn.Kernel()
		return k.State, k.State == "ESTABLISHED" && k.RecvQ == 5
	})
	client.Close()
	eventually(t, "CLOSE_WAIT after the peer closed", func() (string, bool) {
		k, _ := conn.Kernel()
		return k.State, k.State == "CLOSE_WAIT"
	})
	// The side that closed first keeps the connection in TIME_WAIT once
	// the other side has closed too (after reading everything: closing
	// with unread data sends a reset, which ends the connection at once).
	if p, _ := conn.Recv(ctx, 100); string(p) != "hello" {
		t.Fatalf("recv = %q", p)
	}
	conn.Close()
	eventually(t, "the closed client lingers in TIME_WAIT", func() (string, bool) {
		st, _, _, ok := client.Lingering()
		return st, ok && st == "TIME_WAIT"
	})
	if _, _, _, ok := fresh.Lingering(); ok {
		t.Fatal("an open socket reports a lingering connection")
	}
}

func TestUnixListenerView(t *testing.T) {
	s := mustSocket(t, unix.AF_UNIX, unix.SOCK_STREAM)
	s.Bind(UnixAddr(t.TempDir() + "/k.sock"))
	s.Listen(1)
	if k, err := s.Kernel(); err != nil || !k.Listening || k.State != "" {
		t.Fatalf("unix listener: %+v, %v", k, err)
	}
}

func TestParseProcAddr(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0100007F:C350", "127.0.0.1:50000"},
		{"00000000000000000000000001000000:0016", "[::1]:22"},
	} {
		got, ok := parseProcAddr(tc.in)
		if !ok || got.String() != tc.want {
			t.Errorf("parseProcAddr(%q) = %v, %v; want %s", tc.in, got, ok, tc.want)
		}
	}
	if _, ok := parseProcAddr("zz:1"); ok {
		t.Error("bad hex accepted")
	}
}

// TestLingering: a connection closed first on this side lingers in
// TIME_WAIT once the peer has closed too, and the kernel says so for the
// closed socket, and nothing for an open one or one that never connected.
func TestLingering(t *testing.T) {
	client, conn := pair(t)
	if _, _, _, ok := client.Lingering(); ok {
		t.Error("an open socket lingers")
	}
	client.Close()
	conn.Close()
	var state string
	for i := 0; i < 100; i++ {
		var ok bool
		if state, _, _, ok = client.Lingering(); ok && state == "TIME_WAIT" {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if state != "TIME_WAIT" {
		t.Errorf("the first to close is in %q, want TIME_WAIT", state)
	}
	never := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	never.Close()
	if _, _, _, ok := never.Lingering(); ok {
		t.Error("a socket that never connected lingers")
	}
}
