package netinfo

import (
	"context"
	"strconv"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// benchPair is a connected loopback TCP client and the server's accepted
// socket, closed when the benchmark ends.
func benchPair(b *testing.B) (client, conn *Socket) {
	b.Helper()
	srv, err := NewSocket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	if err := srv.Bind(Addr{Family: unix.AF_INET, IP: loopback4}); err != nil {
		b.Fatal(err)
	}
	if err := srv.Listen(1); err != nil {
		b.Fatal(err)
	}
	a, _ := srv.LocalAddr()
	if client, err = NewSocket(unix.AF_INET, unix.SOCK_STREAM, 0); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if err := client.Connect(ctx, a); err != nil {
		b.Fatal(err)
	}
	if conn, _, err = srv.Accept(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { client.Close(); conn.Close() })
	return client, conn
}

// messages are the payloads of the 10,000-command session benchmark
// (bench/), b'message N'.
func message(i int) []byte { return []byte("message " + strconv.Itoa(i%5000)) }

// BenchmarkSyscallsAlone is the floor under one sendall and one recv of the
// session benchmark: the two system calls Python's sendall and recv make
// (sendto, and recvfrom with no address), made directly, in the cheapest
// way Go has (a raw system call), with nothing of netinfo around them.
// The shell's cost per command is measured against this.
func BenchmarkSyscallsAlone(b *testing.B) {
	client, conn := benchPair(b)
	buf := make([]byte, 4096)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p := message(i)
		if _, _, e := unix.RawSyscall6(unix.SYS_SENDTO, uintptr(client.fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)), unix.MSG_NOSIGNAL, 0, 0); e != 0 {
			b.Fatal(e)
		}
		for {
			_, _, e := unix.RawSyscall6(unix.SYS_RECVFROM, uintptr(conn.fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, 0, 0)
			if e == 0 {
				break
			}
			if e != unix.EAGAIN {
				b.Fatal(e)
			}
		}
	}
}

// BenchmarkSendAllRecv is the same exchange through netinfo's blocking
// calls (SendAll, Recv 4096), with a cancellable context as the shell
// passes: the fast path, where the data or the room is already there.
func BenchmarkSendAllRecv(b *testing.B) {
	client, conn := benchPair(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := client.SendAll(ctx, message(i)); err != nil {
			b.Fatal(err)
		}
		if _, err := conn.Recv(ctx, 4096); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoundTripWaits is a one-byte round trip with an echo in another
// goroutine: the reply is not there yet when recv is called, so recv takes
// the slow path (its deadline and cancellation are set up and torn down,
// and it waits in the poller).
func BenchmarkRoundTripWaits(b *testing.B) {
	client, conn := benchPair(b)
	ctx, cancel := context.WithCancel(context.Background())
	echoed := make(chan struct{})
	go func() {
		defer close(echoed)
		for {
			p, err := conn.Recv(ctx, 1)
			if err != nil || len(p) == 0 {
				return
			}
			if _, err := conn.Send(ctx, p); err != nil {
				return
			}
		}
	}()
	defer func() { cancel(); <-echoed }()
	b.ReportAllocs()
	ping := []byte{1}
	for b.Loop() {
		if _, err := client.Send(ctx, ping); err != nil {
			b.Fatal(err)
		}
		if p, err := client.Recv(ctx, 1); err != nil || len(p) != 1 {
			b.Fatal(p, err)
		}
	}
}

// BenchmarkSocketClose is socket(2) and close(2) through netinfo, with the
// fd registered with and removed from Go's poller.
func BenchmarkSocketClose(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s, err := NewSocket(unix.AF_INET, unix.SOCK_STREAM, 0)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
