package netinfo

import (
	"context"
	"errors"
	"os"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// fdCount is the number of fds the process holds.
func fdCount(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents)
}

// settledGoroutines waits briefly for goroutines on their way out and
// returns how many are left, reporting whether the count reached want.
func settledGoroutines(want int) (int, bool) {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(2 * time.Second); n > want && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n, n <= want
}

// checkNothingLeft fails when the process holds more fds or goroutines than
// it did when the returned function's test began.
func checkNothingLeft(t *testing.T) func() {
	t.Helper()
	fds, gs := fdCount(t), runtime.NumGoroutine()
	return func() {
		t.Helper()
		if after := fdCount(t); after != fds {
			t.Errorf("%d fds open before, %d after", fds, after)
		}
		if after, ok := settledGoroutines(gs); !ok {
			t.Errorf("%d goroutines before, %d after", gs, after)
		}
	}
}

// TestSocketCloseCycles makes and closes 10,000 sockets of each common
// kind: every fd is given back, and no goroutine is left.
func TestSocketCloseCycles(t *testing.T) {
	check := checkNothingLeft(t)
	kinds := []struct{ family, typ int }{
		{unix.AF_INET, unix.SOCK_STREAM}, {unix.AF_INET, unix.SOCK_DGRAM},
		{unix.AF_INET6, unix.SOCK_STREAM}, {unix.AF_UNIX, unix.SOCK_STREAM},
	}
	for i := range 10000 {
		k := kinds[i%len(kinds)]
		s, err := NewSocket(k.family, k.typ, 0)
		if err != nil {
			t.Fatalf("cycle %d: %v", i, err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("cycle %d: close: %v", i, err)
		}
	}
	check()
}

// TestConnectAcceptCycles runs 1,000 connect/accept/exchange/close cycles
// on one listener. Some recvs must wait (the slow path, with a deadline
// and a cancellation armed), some time out, some are cancelled: none may
// leave an fd or a goroutine behind.
func TestConnectAcceptCycles(t *testing.T) {
	check := checkNothingLeft(t)
	srv, err := NewSocket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Bind(Addr{Family: unix.AF_INET, IP: loopback4}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(16); err != nil {
		t.Fatal(err)
	}
	a, _ := srv.LocalAddr()
	base, cancelAll := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancelAll()
	for i := range 1000 {
		client, err := NewSocket(unix.AF_INET, unix.SOCK_STREAM, 0)
		if err != nil {
			t.Fatalf("cycle %d: %v", i, err)
		}
		if err := client.Connect(base, a); err != nil {
			t.Fatalf("cycle %d: connect: %v", i, err)
		}
		conn, _, err := srv.Accept(base)
		if err != nil {
			t.Fatalf("cycle %d: accept: %v", i, err)
		}
		switch i % 10 {
		case 0: // nothing comes: the recv times out
			ctx, cancel := context.WithTimeout(base, time.Millisecond)
			if _, err := conn.Recv(ctx, 16); !errors.Is(err, ErrTimeout) {
				t.Fatalf("cycle %d: recv = %v, want a timeout", i, err)
			}
			cancel()
		case 1: // Ctrl-C during the wait
			ctx, cancel := context.WithCancel(base)
			time.AfterFunc(time.Millisecond, cancel)
			if _, err := conn.Recv(ctx, 16); !errors.Is(err, ErrInterrupted) {
				t.Fatalf("cycle %d: recv = %v, want an interruption", i, err)
			}
		case 2: // the data comes while recv waits
			sent := sendLater(client, time.Millisecond, "late")
			if p, err := conn.Recv(base, 16); err != nil || string(p) != "late" {
				t.Fatalf("cycle %d: recv = %q, %v", i, p, err)
			}
			<-sent
		default: // the data is there already
			if _, err := client.SendAll(base, []byte("ping")); err != nil {
				t.Fatalf("cycle %d: sendall: %v", i, err)
			}
			if p, err := conn.Recv(base, 16); err != nil || string(p) != "ping" {
				t.Fatalf("cycle %d: recv = %q, %v", i, p, err)
			}
		}
		if err := conn.Close(); err != nil {
			t.Fatal(err)
		}
		if err := client.Close(); err != nil {
			t.Fatal(err)
		}
	}
	srv.Close()
	check()
}

// sendLater sends p on s after d, from another goroutine, and closes the
// channel it returns once SendAll has returned. A Socket is used by one
// goroutine at a time: the test waits on the channel before it uses s
// again (the kernel's delivery of the data orders nothing for Go).
func sendLater(s *Socket, d time.Duration, p string) <-chan struct{} {
	done := make(chan struct{})
	time.AfterFunc(d, func() {
		defer close(done)
		s.SendAll(context.Background(), []byte(p))
	})
	return done
}

// TestHugeRecvIsCapped checks that a recv asking for a terabyte allocates
// no more than MaxRecv, and that what it returns holds only what arrived.
func TestHugeRecvIsCapped(t *testing.T) {
	client, conn := pair(t)
	ctx := context.Background()
	if _, err := client.SendAll(ctx, []byte("ten bytes!")); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	p, err := conn.Recv(ctx, 1<<40)
	runtime.ReadMemStats(&after)
	if err != nil || string(p) != "ten bytes!" {
		t.Fatalf("recv = %q, %v", p, err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > MaxRecv+64<<10 {
		t.Errorf("recv 1<<40 allocated %d bytes, more than MaxRecv (%d)", grew, MaxRecv)
	}
	if cap(p) > 64 {
		t.Errorf("the 10 bytes received hold a buffer of %d", cap(p))
	}
}

// TestPollerOnlyWhenWaiting checks when a socket joins Go's poller: not
// for calls that complete at once (the poller's epoll would otherwise be
// woken by every packet), but at the first call that has to wait, which
// must then still see data that comes after its first try. Either way
// Close gives the fd back.
func TestPollerOnlyWhenWaiting(t *testing.T) {
	t.Cleanup(checkNothingLeft(t)) // after pair's own cleanups
	client, conn := pair(t)
	ctx := context.Background()
	if _, err := client.SendAll(ctx, []byte("now")); err != nil {
		t.Fatal(err)
	}
	if p, err := conn.Recv(ctx, 16); err != nil || string(p) != "now" {
		t.Fatalf("recv = %q, %v", p, err)
	}
	if client.file != nil || conn.file != nil {
		t.Fatal("a socket whose calls never waited joined the poller")
	}
	sent := sendLater(client, 20*time.Millisecond, "later")
	if p, err := conn.Recv(ctx, 16); err != nil || string(p) != "later" {
		t.Fatalf("waiting recv = %q, %v", p, err)
	}
	<-sent
	if conn.file == nil {
		t.Fatal("a recv that waited did not use the poller")
	}
	for _, s := range []*Socket{client, conn} {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Recv(ctx, 1); errno(err) != unix.EBADF {
			t.Fatalf("recv after close = %v, want EBADF", err)
		}
	}
}

// TestDroppedSocketIsClosed: a socket dropped without Close gives its fd
// back once it is collected, as an os.File would, whether or not it had
// joined the poller.
func TestDroppedSocketIsClosed(t *testing.T) {
	check := checkNothingLeft(t)
	func() {
		for range 100 {
			if _, err := NewSocket(unix.AF_INET, unix.SOCK_STREAM, 0); err != nil {
				t.Fatal(err)
			}
		}
		s, err := NewSocket(unix.AF_INET, unix.SOCK_STREAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		s.SetTimeout(time.Millisecond)
		if err := s.Listen(1); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Accept(context.Background()); !errors.Is(err, ErrTimeout) {
			t.Fatalf("accept = %v, want a timeout", err)
		}
	}()
	for range 5 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	check()
}
