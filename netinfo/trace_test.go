package netinfo

import (
	"context"
	"errors"
	"net/netip"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestCallString(t *testing.T) {
	for _, tc := range []struct {
		c    Syscall
		want string
	}{
		{Syscall{Name: "socket", Args: "AF_INET, SOCK_STREAM, IPPROTO_IP", Ret: 3}, "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3"},
		{Syscall{Name: "connect", Args: "3, {AF_INET, 127.0.0.1:1}", Ret: -1, Errno: unix.ECONNREFUSED},
			"connect(3, {AF_INET, 127.0.0.1:1}) = -1 ECONNREFUSED (Connection refused)"},
		{Syscall{Name: "accept4", Args: "3, ...", Ret: -1, Errno: unix.EAGAIN, Wait: "fd 3 is readable"},
			"accept4(3, ...) = -1 EAGAIN (waiting until fd 3 is readable)"},
		{Syscall{Name: "recvfrom", Args: "3, ...", Ret: -1, Errno: unix.EAGAIN}, "recvfrom(3, ...) = -1 EAGAIN (Resource temporarily unavailable)"},
		{Syscall{Name: "listen", Args: "3, 1", Ret: -1, Errno: unix.EOPNOTSUPP}, "listen(3, 1) = -1 EOPNOTSUPP (Operation not supported)"},
	} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}

func TestTraceFormats(t *testing.T) {
	long := []byte(strings.Repeat("a", 40))
	for _, tc := range []struct{ got, want string }{
		{fmtData([]byte("Hey, can you hear me?")), `"Hey, can you hear me?"`},
		{fmtData(nil), `""`},
		{fmtData([]byte("GET / HTTP/1.1\r\n\t\"q\" \\")), `"GET / HTTP/1.1\r\n\t\"q\" \\"`},
		{fmtData([]byte("\x1b[2J\x00\x7f\xff")), `"\x1b[2J\x00\x7f\xff"`},
		{fmtData(long), `"` + strings.Repeat("a", 32) + `"...`},
		{fmtData(long[:32]), `"` + strings.Repeat("a", 32) + `"`},
		{fmtAddr(Addr{Family: unix.AF_INET, IP: loopback4, Port: 50000}), "{AF_INET, 127.0.0.1:50000}"},
		{fmtAddr(Addr{Family: unix.AF_INET6, IP: netip.IPv6Loopback(), Port: 80}), "{AF_INET6, [::1]:80}"},
		{fmtAddr(Addr{Family: unix.AF_INET6, IP: netip.MustParseAddr("fe80::1"), Port: 80, ScopeID: 2}), "{AF_INET6, [fe80::1%2]:80}"},
		{fmtAddr(UnixAddr("/tmp/s.sock")), `{AF_UNIX, "/tmp/s.sock"}`},
		{fmtAddr(UnixAddr("\x00hidden")), `{AF_UNIX, @"hidden"}`},
		{fmtAddr(UnixAddr("/tmp/\x1b[31m")), `{AF_UNIX, "/tmp/\x1b[31m"}`},
		{fmtAddr(UnixAddr("")), "{AF_UNIX}"},
		{fmtSockType(unix.SOCK_STREAM | unix.SOCK_NONBLOCK | unix.SOCK_CLOEXEC), "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK"},
		{fmtSockType(unix.SOCK_DGRAM), "SOCK_DGRAM"},
		{fmtSockType(99), "99"},
		{fmtAcceptFlags(unix.SOCK_NONBLOCK | unix.SOCK_CLOEXEC), "SOCK_CLOEXEC|SOCK_NONBLOCK"},
		{fmtAcceptFlags(0), "0"},
		{fmtFamily(unix.AF_INET6), "AF_INET6"},
		{fmtFamily(unix.AF_UNIX), "AF_UNIX"},
		{fmtProto(unix.AF_INET, 0), "IPPROTO_IP"},
		{fmtProto(unix.AF_INET6, unix.IPPROTO_UDP), "IPPROTO_UDP"},
		{fmtProto(unix.AF_UNIX, 0), "0"},
		{fmtLevelOpt(unix.SOL_SOCKET, unix.SO_REUSEADDR), "SOL_SOCKET, SO_REUSEADDR"},
		{fmtLevelOpt(unix.SOL_SOCKET, unix.SO_DEBUG), "SOL_SOCKET, SO_DEBUG"},
		{fmtLevelOpt(unix.SOL_SOCKET, unix.SO_ERROR), "SOL_SOCKET, SO_ERROR"},
		{fmtLevelOpt(unix.SOL_TCP, unix.TCP_NODELAY), "SOL_TCP, TCP_NODELAY"},
		{fmtLevelOpt(unix.SOL_IP, unix.IP_TOS), "SOL_IP, IP_TOS"},
		{fmtLevelOpt(unix.SOL_SOCKET, 9999), "SOL_SOCKET, 9999"},
		{fmtLevelOpt(12345, 1), "12345, 1"},
		{fmtOptInt(unix.SOL_SOCKET, unix.SO_ERROR, int(unix.ECONNREFUSED)), "[ECONNREFUSED]"},
		{fmtOptInt(unix.SOL_SOCKET, unix.SO_ERROR, 0), "[0]"},
		{fmtOptInt(unix.SOL_SOCKET, unix.SO_REUSEADDR, 1), "[1]"},
		{fmtShutHow(unix.SHUT_WR), "SHUT_WR"},
		{fmtShutHow(7), "7"},
		{fmtMsgFlags(unix.MSG_NOSIGNAL), "MSG_NOSIGNAL"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
}

// recorder collects the calls of a trace.
type recorder struct{ calls []Syscall }

func (r *recorder) lines() []string {
	out := make([]string, len(r.calls))
	for i, c := range r.calls {
		out[i] = c.String()
	}
	return out
}

// TestTraceFlow traces the lecture's flow over loopback and checks each
// call and its order; the fds and the client's port, which the kernel
// picks, are named in the expected lines.
func TestTraceFlow(t *testing.T) {
	ctx := context.Background()
	rec := &recorder{}
	tr := NewTrace(func(c Syscall) { rec.calls = append(rec.calls, c) })
	tr.SetOn(true)

	srv, err := NewTracedSocket(tr, unix.AF_INET, unix.SOCK_STREAM, unix.IPPROTO_TCP)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.SetsockoptInt(unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
	if err := srv.Bind(Addr{Family: unix.AF_INET, IP: loopback4}); err != nil {
		t.Fatal(err)
	}
	srv.Listen(1)
	a, _ := srv.Getsockname()
	client, _ := NewTracedSocket(tr, unix.AF_INET, unix.SOCK_STREAM, 0)
	defer client.Close()
	if err := client.Connect(ctx, a); err != nil {
		t.Fatal(err)
	}
	conn, _, err := srv.Accept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	client.SendAll(ctx, []byte("Hey, can you hear me?"))
	conn.Recv(ctx, 4096)
	conn.Shutdown(unix.SHUT_WR)
	client.Recv(ctx, 100)
	conn.Close()
	conn.Close() // no second close(2): nothing to show
	local, _ := client.LocalAddr()

	s, c, n := srv.FD(), client.FD(), conn.fd
	want := []string{
		"socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_TCP) = <S>",
		"setsockopt(<S>, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
		"bind(<S>, {AF_INET, 127.0.0.1:0}) = 0",
		"listen(<S>, 1) = 0",
		"getsockname(<S>, {AF_INET, 127.0.0.1:<SPORT>}) = 0",
		"socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = <C>",
		"connect(<C>, {AF_INET, 127.0.0.1:<SPORT>}) = -1 EINPROGRESS (waiting until fd <C> is writable)",
		"getsockopt(<C>, SOL_SOCKET, SO_ERROR, [0], [4]) = 0",
		"connect(<C>, {AF_INET, 127.0.0.1:<SPORT>}) = 0",
		"accept4(<S>, {AF_INET, 127.0.0.1:<CPORT>}, SOCK_CLOEXEC|SOCK_NONBLOCK) = <N>",
		`sendto(<C>, "Hey, can you hear me?", 21, MSG_NOSIGNAL) = 21`,
		`recvfrom(<N>, "Hey, can you hear me?", 4096, 0) = 21`,
		"shutdown(<N>, SHUT_WR) = 0",
		`recvfrom(<C>, "", 100, 0) = 0`,
		"close(<N>) = 0",
	}
	r := strings.NewReplacer("<SPORT>", strconv.Itoa(a.Port), "<CPORT>", strconv.Itoa(local.Port),
		"<S>", strconv.Itoa(s), "<C>", strconv.Itoa(c), "<N>", strconv.Itoa(n))
	for i := range want {
		want[i] = r.Replace(want[i])
	}
	got := rec.lines()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("trace:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Off: the calls still work and nothing is recorded.
	tr.SetOn(false)
	before := len(rec.calls)
	if _, err := client.Send(ctx, []byte("x")); err != nil {
		t.Fatal(err)
	}
	client.Getsockname()
	if len(rec.calls) != before {
		t.Errorf("trace off recorded %v", rec.lines()[before:])
	}
	// The calls the shell makes to show a socket are not traced.
	tr.SetOn(true)
	client.LocalAddr()
	client.PeerAddr()
	client.Kernel()
	if len(rec.calls) != before {
		t.Errorf("introspection recorded %v", rec.lines()[before:])
	}
}

// TestTraceWaits checks how a wait in the poller shows: one EAGAIN line
// marked as the wait, then the call that succeeded; and on a non-blocking
// socket, EAGAIN as the result.
func TestTraceWaits(t *testing.T) {
	rec := &recorder{}
	tr := NewTrace(func(c Syscall) { rec.calls = append(rec.calls, c) })
	srv, a := listener(t, 1)
	srv.trace = tr
	tr.SetOn(true)
	go func() {
		time.Sleep(50 * time.Millisecond)
		c, err := NewSocket(unix.AF_INET, unix.SOCK_STREAM, 0)
		if err == nil {
			c.Connect(context.Background(), a)
			time.Sleep(100 * time.Millisecond)
			c.Close()
		}
	}()
	conn, _, err := srv.Accept(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	got := rec.lines()
	fd := strconv.Itoa(srv.FD())
	if len(got) != 2 || got[0] != "accept4("+fd+", ..., SOCK_CLOEXEC|SOCK_NONBLOCK) = -1 EAGAIN (waiting until fd "+fd+" is readable)" ||
		!regexp.MustCompile(`^accept4\(`+fd+`, \{AF_INET, 127\.0\.0\.1:\d+\}, SOCK_CLOEXEC\|SOCK_NONBLOCK\) = \d+$`).MatchString(got[1]) {
		t.Errorf("accept that waited:\n%s", strings.Join(got, "\n"))
	}

	// Retries within one wait are left out; a new wait shows its EAGAIN.
	rec.calls = nil
	srv.startWait(srv.fd, readable)
	for range 3 {
		srv.record("accept4", -1, unix.EAGAIN, func() string { return "..." })
	}
	srv.endWait()
	srv.startWait(srv.fd, writable)
	srv.record("sendto", -1, unix.EAGAIN, func() string { return "..." })
	srv.endWait()
	if got := rec.lines(); len(got) != 2 || !strings.HasSuffix(got[0], "readable)") || !strings.HasSuffix(got[1], "writable)") {
		t.Errorf("retries: %q", got)
	}

	rec.calls = nil
	srv.SetTimeout(0)
	if _, _, err := srv.Accept(context.Background()); !errors.Is(err, unix.EAGAIN) {
		t.Fatalf("non-blocking accept = %v", err)
	}
	if got := rec.lines(); len(got) != 1 || got[0] != "accept4("+fd+", ..., SOCK_CLOEXEC|SOCK_NONBLOCK) = -1 EAGAIN (Resource temporarily unavailable)" {
		t.Errorf("non-blocking accept: %q", got)
	}
}

// TestTraceErrors checks failed calls: the errno by name and in words, and
// an output argument the kernel did not fill as "...".
func TestTraceErrors(t *testing.T) {
	rec := &recorder{}
	tr := NewTrace(func(c Syscall) { rec.calls = append(rec.calls, c) })
	tr.SetOn(true)
	s, err := NewTracedSocket(tr, unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	port := freePort(t)
	s.Connect(context.Background(), Addr{Family: unix.AF_INET, IP: loopback4, Port: port})
	s.Getpeername()
	fd := strconv.Itoa(s.FD())
	want := []string{
		"socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = " + fd,
		"connect(" + fd + ", {AF_INET, 127.0.0.1:" + strconv.Itoa(port) + "}) = -1 EINPROGRESS (waiting until fd " + fd + " is writable)",
		"getsockopt(" + fd + ", SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0",
		"getpeername(" + fd + ", ...) = -1 ENOTCONN (Transport endpoint is not connected)",
	}
	if got := rec.lines(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("trace:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	rec.calls = nil
	if _, err := NewTracedSocket(tr, 12345, unix.SOCK_STREAM, 0); err == nil {
		t.Fatal("socket of family 12345 made")
	}
	if got := rec.lines(); len(got) != 1 || got[0] != "socket(12345, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = -1 EAFNOSUPPORT (Address family not supported by protocol)" {
		t.Errorf("failed socket: %q", got)
	}
}

// TestSendtoAddresses checks the sendto(2) call made here for each family
// of address it lays out itself: the datagram arrives, from the sender.
func TestSendtoAddresses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	type side struct{ recv, send Addr }
	cases := map[string]struct {
		family int
		addrs  side
	}{
		"unix path":     {unix.AF_UNIX, side{UnixAddr(filepath.Join(dir, "r")), UnixAddr(filepath.Join(dir, "s"))}},
		"unix abstract": {unix.AF_UNIX, side{UnixAddr("\x00sockshell-test-r-" + strconv.Itoa(unix.Getpid())), UnixAddr("\x00sockshell-test-s-" + strconv.Itoa(unix.Getpid()))}},
		"ipv4":          {unix.AF_INET, side{Addr{Family: unix.AF_INET, IP: loopback4}, Addr{Family: unix.AF_INET, IP: loopback4}}},
		"ipv6":          {unix.AF_INET6, side{Addr{Family: unix.AF_INET6, IP: netip.IPv6Loopback()}, Addr{Family: unix.AF_INET6, IP: netip.IPv6Loopback()}}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r, err := NewSocket(tc.family, unix.SOCK_DGRAM, 0)
			if err != nil {
				t.Skip(err)
			}
			defer r.Close()
			if err := r.Bind(tc.addrs.recv); err != nil {
				t.Skip(err) // no ::1 here
			}
			to, _ := r.LocalAddr()
			s := mustSocket(t, tc.family, unix.SOCK_DGRAM)
			if err := s.Bind(tc.addrs.send); err != nil {
				t.Fatal(err)
			}
			from, _ := s.LocalAddr()
			if n, err := s.SendTo(ctx, []byte("ping"), to); err != nil || n != 4 {
				t.Fatalf("sendto %v = %d, %v", to, n, err)
			}
			r.SetTimeout(2 * time.Second)
			p, got, ok, err := r.RecvFrom(ctx, 100)
			if err != nil || string(p) != "ping" || !ok || got != from {
				t.Fatalf("recvfrom = %q from %+v (%v, %v); want ping from %+v", p, got, ok, err, from)
			}
		})
	}
}
