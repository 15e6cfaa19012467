package netinfo

import (
	"context"
	"strconv"
	"testing"
	"time"
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

// BenchmarkRecvAll100MiB receives 100 MiB that a peer sends and then closes
// its side, in several ways, on a new connection each time: RecvAll; the
// plain loops it is measured against, recv into one reused MiB keeping
// nothing (the floor under any way of keeping the bytes) and recv into
// one buffer of the exact size made beforehand (the cheapest way to keep
// them, when the size is known); and the shell's former recvall, Recv
// 4096 and append, for the record. Their ns/op and B/op compare in one
// run: RecvAll should take less than twice the known-size loop's time,
// and allocate about twice the data.
func BenchmarkRecvAll100MiB(b *testing.B) {
	const size = 100 << 20
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i)
	}
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		recv func(conn *Socket) int
	}{
		{"RecvAll", func(conn *Socket) int {
			p, err := conn.RecvAll(ctx, RecvOptions{Max: size})
			if err != nil {
				b.Fatal(err)
			}
			return len(p)
		}},
		{"PlainLoop", func(conn *Socket) int {
			buf := make([]byte, MaxRecv)
			total := 0
			for {
				n, _, err := conn.recvInto(ctx, "recv", buf, 0, false, time.Time{})
				if err != nil {
					b.Fatal(err)
				}
				if n == 0 {
					return total
				}
				total += n
			}
		}},
		{"KnownSizeLoop", func(conn *Socket) int {
			buf := make([]byte, size)
			total := 0
			for total < size {
				n, _, err := conn.recvInto(ctx, "recv", buf[total:], 0, false, time.Time{})
				if err != nil {
					b.Fatal(err)
				}
				if n == 0 {
					break
				}
				total += n
			}
			return total
		}},
		{"RecvAppend4096", func(conn *Socket) int {
			var all []byte
			for {
				p, err := conn.Recv(ctx, 4096)
				if err != nil {
					b.Fatal(err)
				}
				if len(p) == 0 {
					return len(all)
				}
				all = append(all, p...)
			}
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				client, conn := benchPair(b)
				sent := make(chan error, 1)
				go func() {
					_, err := client.SendAll(ctx, data)
					client.Shutdown(unix.SHUT_WR)
					sent <- err
				}()
				n := bc.recv(conn)
				if err := <-sent; err != nil || n != size {
					b.Fatalf("%d bytes received, send: %v", n, err)
				}
				client.Close()
				conn.Close()
			}
		})
	}
}

// BenchmarkHistoryNote is what keeping the history costs each send and
// recv (history.go): one event, with its clock read, its sequence number
// and its first bytes, on a ring that is full, as on a busy socket.
func BenchmarkHistoryNote(b *testing.B) {
	client, _ := benchPair(b)
	p := message(1)
	b.ReportAllocs()
	for b.Loop() {
		client.note(EventSend, len(p), p, nil)
	}
}
