package netinfo

import (
	"bytes"
	"context"
	"errors"
	"net/netip"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

var loopback4 = netip.MustParseAddr("127.0.0.1")

// mustSocket makes a socket that the test closes at its end.
func mustSocket(t *testing.T, family, typ int) *Socket {
	t.Helper()
	s, err := NewSocket(family, typ, 0)
	if err != nil {
		t.Fatalf("socket: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// listener is a TCP socket listening on a free loopback port.
func listener(t *testing.T, backlog int) (*Socket, Addr) {
	t.Helper()
	srv := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	if err := srv.Bind(Addr{Family: unix.AF_INET, IP: loopback4}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(backlog); err != nil {
		t.Fatal(err)
	}
	a, err := srv.LocalAddr()
	if err != nil {
		t.Fatal(err)
	}
	return srv, a
}

// pair is a connected client and the server's accepted socket.
func pair(t *testing.T) (client, conn *Socket) {
	t.Helper()
	srv, a := listener(t, 1)
	client = mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	ctx := context.Background()
	if err := client.Connect(ctx, a); err != nil {
		t.Fatalf("connect: %v", err)
	}
	conn, peer, err := srv.Accept(ctx)
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	if local, _ := client.LocalAddr(); local != peer {
		t.Fatalf("accept's address %v is not the client's %v", peer, local)
	}
	return client, conn
}

func errno(err error) unix.Errno {
	var e unix.Errno
	errors.As(err, &e)
	return e
}

func TestConversationBothWays(t *testing.T) {
	client, conn := pair(t)
	ctx := context.Background()
	if n, err := client.SendAll(ctx, []byte("Hey, can you hear me?")); err != nil || n != 21 {
		t.Fatalf("sendall = %d, %v", n, err)
	}
	got, err := conn.Recv(ctx, 4096)
	if err != nil || string(got) != "Hey, can you hear me?" {
		t.Fatalf("recv = %q, %v", got, err)
	}
	if n, err := conn.Send(ctx, []byte("Yes")); err != nil || n != 3 {
		t.Fatalf("send = %d, %v", n, err)
	}
	conn.Close()
	got, err = client.Recv(ctx, 2)
	if err != nil || string(got) != "Ye" {
		t.Fatalf("recv 2 = %q, %v", got, err)
	}
	got, _ = client.Recv(ctx, 4096)
	if string(got) != "s" {
		t.Fatalf("recv rest = %q", got)
	}
	got, err = client.Recv(ctx, 4096)
	if err != nil || len(got) != 0 {
		t.Fatalf("recv after the peer closed = %q, %v; want empty", got, err)
	}
}

func TestBlockingCallsEndWithoutClosing(t *testing.T) {
	srv, a := listener(t, 1)
	for _, tc := range []struct {
		name    string
		timeout time.Duration // the socket's own
		ctx     func() (context.Context, context.CancelFunc)
		want    error
	}{
		{"socket timeout", 50 * time.Millisecond, func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, ErrTimeout},
		{"context deadline", NoTimeout, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}, ErrTimeout},
		{"cancelled (Ctrl-C)", NoTimeout, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, ErrInterrupted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.SetTimeout(tc.timeout)
			defer srv.SetTimeout(NoTimeout)
			ctx, cancel := tc.ctx()
			defer cancel()
			start := time.Now()
			_, _, err := srv.Accept(ctx)
			if !errors.Is(err, tc.want) {
				t.Fatalf("accept = %v, want %v", err, tc.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("the wait lasted %v", d)
			}
			// The socket is still usable: the next accept takes a
			// connection that is queued.
			c := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
			if err := c.Connect(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			conn, _, err := srv.Accept(context.Background())
			if err != nil {
				t.Fatalf("accept after the interruption: %v", err)
			}
			conn.Close()
		})
	}
}

func TestRecvTimeoutKeepsData(t *testing.T) {
	client, conn := pair(t)
	conn.SetTimeout(30 * time.Millisecond)
	if _, err := conn.Recv(context.Background(), 10); !errors.Is(err, ErrTimeout) {
		t.Fatalf("recv = %v, want a timeout", err)
	}
	client.Send(context.Background(), []byte("late"))
	conn.SetTimeout(time.Second)
	got, err := conn.Recv(context.Background(), 10)
	if err != nil || string(got) != "late" {
		t.Fatalf("recv after timeout = %q, %v", got, err)
	}
}

func TestNonBlocking(t *testing.T) {
	srv, a := listener(t, 1)
	srv.SetTimeout(0)
	if _, _, err := srv.Accept(context.Background()); errno(err) != unix.EAGAIN {
		t.Fatalf("non-blocking accept = %v, want EAGAIN", err)
	}
	c := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	c.SetTimeout(0)
	if err := c.Connect(context.Background(), a); errno(err) != unix.EINPROGRESS {
		t.Fatalf("non-blocking connect = %v, want EINPROGRESS", err)
	}
}

func TestErrnos(t *testing.T) {
	ctx := context.Background()
	_, a := listener(t, 1)
	free := Addr{Family: unix.AF_INET, IP: loopback4, Port: freePort(t)}
	for _, tc := range []struct {
		name string
		do   func(t *testing.T) error
		want unix.Errno
	}{
		{"connect refused", func(t *testing.T) error {
			return mustSocket(t, unix.AF_INET, unix.SOCK_STREAM).Connect(ctx, free)
		}, unix.ECONNREFUSED},
		{"address in use", func(t *testing.T) error {
			return mustSocket(t, unix.AF_INET, unix.SOCK_STREAM).Bind(a)
		}, unix.EADDRINUSE},
		{"connect a listener", func(t *testing.T) error {
			srv, a := listener(t, 1)
			return srv.Connect(ctx, a)
		}, unix.EISCONN},
		{"connect twice", func(t *testing.T) error {
			c := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
			if err := c.Connect(ctx, a); err != nil {
				return err
			}
			return c.Connect(ctx, a)
		}, unix.EISCONN},
		{"accept unbound", func(t *testing.T) error {
			_, _, err := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM).Accept(ctx)
			return err
		}, unix.EINVAL},
		{"recv unconnected", func(t *testing.T) error {
			_, err := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM).Recv(ctx, 10)
			return err
		}, unix.ENOTCONN},
		{"send unconnected", func(t *testing.T) error {
			_, err := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM).Send(ctx, []byte("x"))
			return err
		}, unix.EPIPE},
		{"closed socket", func(t *testing.T) error {
			s := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
			s.Close()
			_, err := s.Recv(ctx, 1)
			return err
		}, unix.EBADF},
		{"udp listen", func(t *testing.T) error {
			return mustSocket(t, unix.AF_INET, unix.SOCK_DGRAM).Listen(1)
		}, unix.EOPNOTSUPP},
		{"stale unix path", func(t *testing.T) error {
			path := filepath.Join(t.TempDir(), "s")
			old := mustSocket(t, unix.AF_UNIX, unix.SOCK_STREAM)
			old.Bind(UnixAddr(path))
			old.Close()
			return mustSocket(t, unix.AF_UNIX, unix.SOCK_STREAM).Connect(ctx, UnixAddr(path))
		}, unix.ECONNREFUSED},
		{"missing unix path", func(t *testing.T) error {
			return mustSocket(t, unix.AF_UNIX, unix.SOCK_STREAM).Connect(ctx, UnixAddr(filepath.Join(t.TempDir(), "none")))
		}, unix.ENOENT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do(t)
			if got := errno(err); got != tc.want {
				t.Fatalf("got %v, want errno %v", err, tc.want)
			}
		})
	}
}

// freePort returns a loopback port nothing listens on (bound, then freed).
func freePort(t *testing.T) int {
	s, err := NewSocket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Bind(Addr{Family: unix.AF_INET, IP: loopback4})
	a, _ := s.LocalAddr()
	return a.Port
}

func TestSendAfterPeerClosedIsAnError(t *testing.T) {
	client, conn := pair(t)
	// Linger 0 makes close send a reset, so the next send fails at once.
	conn.SetsockoptBytes(unix.SOL_SOCKET, unix.SO_LINGER, []byte{1, 0, 0, 0, 0, 0, 0, 0})
	conn.Close()
	time.Sleep(20 * time.Millisecond)
	var err error
	for range 10 { // the first send may still be accepted by the kernel
		if _, err = client.Send(context.Background(), []byte("x")); err != nil {
			break
		}
	}
	if e := errno(err); e != unix.EPIPE && e != unix.ECONNRESET {
		t.Fatalf("send to a closed peer = %v, want EPIPE or ECONNRESET (and no SIGPIPE)", err)
	}
}

func TestRecvCappedAndNegative(t *testing.T) {
	client, conn := pair(t)
	big := bytes.Repeat([]byte("z"), MaxRecv+100)
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		client.SendAll(context.Background(), big)
	}()
	defer func() { <-sent }() // before the cleanups close client
	conn.SetTimeout(5 * time.Second)
	total := 0
	for total < len(big) {
		p, err := conn.Recv(context.Background(), 1<<40)
		if err != nil {
			t.Fatal(err)
		}
		if len(p) > MaxRecv {
			t.Fatalf("one recv returned %d bytes, more than MaxRecv", len(p))
		}
		total += len(p)
	}
}

func TestUDPAndAddresses(t *testing.T) {
	ctx := context.Background()
	srv := mustSocket(t, unix.AF_INET, unix.SOCK_DGRAM)
	a, err := IPAddr(unix.AF_INET, "localhost", 0)
	if err != nil || a.IP != loopback4 {
		t.Fatalf("IPAddr localhost = %v, %v", a, err)
	}
	if err := srv.Bind(a); err != nil {
		t.Fatal(err)
	}
	srvAddr, _ := srv.LocalAddr()
	cl := mustSocket(t, unix.AF_INET, unix.SOCK_DGRAM)
	if n, err := cl.SendTo(ctx, []byte("ping"), srvAddr); err != nil || n != 4 {
		t.Fatalf("sendto = %d, %v", n, err)
	}
	p, from, ok, err := srv.RecvFrom(ctx, 100)
	clAddr, _ := cl.LocalAddr()
	if err != nil || string(p) != "ping" || !ok || from.Port != clAddr.Port || from.IP != loopback4 {
		t.Fatalf("recvfrom = %q %v %v %v; want ping from %v", p, from, ok, err, clAddr)
	}

	for _, tc := range []struct {
		family int
		host   string
		code   int
	}{
		{unix.AF_INET, "::1", -9},
		{unix.AF_INET6, "127.0.0.1", -9},
	} {
		_, err := IPAddr(tc.family, tc.host, 1)
		var gai *GAIError
		if !errors.As(err, &gai) || gai.Code != tc.code {
			t.Errorf("IPAddr(%d, %q) = %v, want EAI code %d", tc.family, tc.host, err, tc.code)
		}
	}
	if a, err := IPAddr(unix.AF_INET, "", 5); err != nil || a.IP != netip.IPv4Unspecified() {
		t.Errorf("IPAddr '' = %v, %v; want 0.0.0.0", a, err)
	}
}

func TestIPv6Loopback(t *testing.T) {
	s, err := NewSocket(unix.AF_INET6, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Skipf("no IPv6: %v", err)
	}
	defer s.Close()
	a, _ := IPAddr(unix.AF_INET6, "::1", 0)
	if err := s.Bind(a); err != nil {
		t.Skipf("no ::1: %v", err)
	}
	s.Listen(1)
	la, _ := s.LocalAddr()
	c := mustSocket(t, unix.AF_INET6, unix.SOCK_STREAM)
	if err := c.Connect(context.Background(), la); err != nil {
		t.Fatal(err)
	}
	conn, from, err := s.Accept(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if from.Family != unix.AF_INET6 || from.IP != netip.IPv6Loopback() {
		t.Fatalf("peer = %+v", from)
	}
}
