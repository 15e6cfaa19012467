package netinfo

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestSockaddrLayout checks the one address encoder against the kernel's
// rules: the lengths it gives, and the addresses it refuses.
func TestSockaddrLayout(t *testing.T) {
	long := strings.Repeat("p", 107)
	for name, tc := range map[string]struct {
		a     Addr
		size  uintptr
		errno unix.Errno
	}{
		"ipv4":               {Addr{Family: unix.AF_INET, IP: netip.MustParseAddr("127.0.0.1"), Port: 80}, unix.SizeofSockaddrInet4, 0},
		"ipv6 on ipv4":       {Addr{Family: unix.AF_INET, IP: netip.MustParseAddr("::1")}, 0, unix.EAFNOSUPPORT},
		"ipv6":               {Addr{Family: unix.AF_INET6, IP: netip.MustParseAddr("::1"), Port: 80}, unix.SizeofSockaddrInet6, 0},
		"unix path":          {UnixAddr("/tmp/x"), 2 + 6 + 1, 0},
		"unix unnamed":       {UnixAddr(""), 2, 0},
		"unix abstract":      {UnixAddr("\x00x"), 2 + 2, 0},
		"unix at-sign":       {UnixAddr("@x"), 2 + 2, 0},
		"unix longest path":  {UnixAddr(long), 2 + 107 + 1, 0},
		"unix path too long": {UnixAddr(long + "p"), 0, unix.EINVAL},
		"unix full abstract": {UnixAddr("\x00" + long), 2 + 108, 0},
		"unix over abstract": {UnixAddr("\x00" + long + "p"), 0, unix.EINVAL},
		"unknown family":     {Addr{Family: unix.AF_PACKET}, 0, unix.EAFNOSUPPORT},
	} {
		t.Run(name, func(t *testing.T) {
			var raw rawSockaddr
			_, size, err := raw.set(tc.a)
			var e *Error
			switch {
			case tc.errno != 0 && (!errors.As(err, &e) || e.Errno != tc.errno):
				t.Fatalf("set = %v, want errno %v", err, tc.errno)
			case tc.errno == 0 && err != nil:
				t.Fatalf("set = %v", err)
			case size != tc.size:
				t.Errorf("size %d, want %d", size, tc.size)
			}
		})
	}
}

// TestSockaddrByKernel binds, connects and sends to addresses made by the
// encoder, so that the kernel itself checks its layout: the port in
// network order, the path with its NUL, the abstract name without one.
func TestSockaddrByKernel(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for name, a := range map[string]Addr{
		"ipv4":     {Family: unix.AF_INET, IP: netip.MustParseAddr("127.0.0.1")},
		"path":     UnixAddr(filepath.Join(dir, "s")),
		"abstract": UnixAddr("\x00sockshell-addr-test-" + strconv.Itoa(os.Getpid())),
	} {
		t.Run(name, func(t *testing.T) {
			srv, err := NewSocket(a.Family, unix.SOCK_DGRAM, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			if err := srv.Bind(a); err != nil {
				t.Fatal(err)
			}
			bound, err := srv.LocalAddr()
			if err != nil {
				t.Fatal(err)
			}
			if a.Family == unix.AF_INET {
				if bound.Port == 0 {
					t.Fatal("bound to port 0")
				}
			} else if bound.Path != a.Path {
				t.Fatalf("bound to %q, want %q", bound.Path, a.Path)
			}
			cli, err := NewSocket(a.Family, unix.SOCK_DGRAM, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer cli.Close()
			if n, err := cli.SendTo(ctx, []byte("one"), bound); err != nil || n != 3 {
				t.Fatalf("SendTo = %d, %v", n, err)
			}
			if err := cli.Connect(ctx, bound); err != nil {
				t.Fatal(err)
			}
			if _, err := cli.Send(ctx, []byte("two")); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"one", "two"} {
				p, err := srv.Recv(ctx, 100)
				if err != nil || string(p) != want {
					t.Fatalf("Recv = %q, %v; want %q", p, err, want)
				}
			}
		})
	}
}
