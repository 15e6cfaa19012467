package netinfo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestReadAheadKeepsTheStreamWhole mixes every kind of receive on one
// stream: what they return, joined, is the stream, in order, whatever each
// read ahead.
func TestReadAheadKeepsTheStreamWhole(t *testing.T) {
	client, conn := pair(t)
	ctx := context.Background()
	var stream bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&stream, "line %d\n", i)
	}
	want := stream.Bytes()
	sent := make(chan error, 1)
	go func() {
		_, err := client.SendAll(ctx, want)
		client.Shutdown(unix.SHUT_WR)
		sent <- err
	}()
	var got []byte
	kinds := []struct {
		name string
		recv func() ([]byte, error)
	}{
		{"recvline", func() ([]byte, error) { return conn.RecvLine(ctx, RecvOptions{}) }},
		{"recvn 5", func() ([]byte, error) { return conn.RecvN(ctx, 5, RecvOptions{}) }},
		{"recv 7", func() ([]byte, error) { return conn.Recv(ctx, 7) }},
		{"recvuntil ne", func() ([]byte, error) { return conn.RecvUntil(ctx, []byte("ne"), RecvOptions{}) }},
		{"recvfrom 3", func() ([]byte, error) { p, _, _, err := conn.RecvFrom(ctx, 3); return p, err }},
	}
	for i := 0; len(got) < len(want)-100; i++ {
		k := kinds[i%len(kinds)]
		p, err := k.recv()
		if err != nil {
			t.Fatalf("%s after %d bytes: %v", k.name, len(got), err)
		}
		got = append(got, p...)
		if !bytes.HasPrefix(want, got) {
			t.Fatalf("%s returned %q, which does not follow %d bytes of the stream", k.name, p, len(got)-len(p))
		}
	}
	rest, err := conn.RecvAll(ctx, RecvOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	got = append(got, rest...)
	if !bytes.Equal(got, want) {
		t.Fatalf("the receives joined are %d bytes, the stream %d", len(got), len(want))
	}
	if n := conn.Buffered(); n != 0 {
		t.Fatalf("%d bytes still buffered at the end", n)
	}
}

// TestRecvLineReadsAhead: one recv takes all three lines from the kernel;
// the two after the first are buffered, counted, and served in order.
func TestRecvLineReadsAhead(t *testing.T) {
	client, conn := pair(t)
	ctx := context.Background()
	if _, err := client.SendAll(ctx, []byte("one\ntwo\nthree")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "13 bytes queued", func() (string, bool) {
		v, _ := conn.Kernel()
		return fmt.Sprint(v.RecvQ), v.RecvQ == 13
	})
	if p, err := conn.RecvLine(ctx, RecvOptions{}); err != nil || string(p) != "one\n" {
		t.Fatalf("recvline = %q, %v", p, err)
	}
	if n := conn.Buffered(); n != len("two\nthree") {
		t.Fatalf("buffered = %d, want 9", n)
	}
	if v, _ := conn.Kernel(); v.RecvQ != 0 {
		t.Fatalf("the kernel still holds %d bytes: recvline did not read ahead", v.RecvQ)
	}
	if p, err := conn.RecvLine(ctx, RecvOptions{}); err != nil || string(p) != "two\n" {
		t.Fatalf("recvline = %q, %v", p, err)
	}
	// "three" has no newline yet: the next line waits for it.
	sent := sendLater(client, 50*time.Millisecond, "!\n")
	p, err := conn.RecvLine(ctx, RecvOptions{})
	<-sent
	if err != nil || string(p) != "three!\n" {
		t.Fatalf("recvline that waited = %q, %v", p, err)
	}
}

// TestHelpersThatDoNotComplete: a timeout, a Ctrl-C, the peer's end or the
// limit ends a helper with the bytes received so far, which stay buffered
// for the next receive.
func TestHelpersThatDoNotComplete(t *testing.T) {
	for _, tc := range []struct {
		name  string
		peer  func(client *Socket) // after sending "partial"
		recv  func(ctx context.Context, conn *Socket) ([]byte, error)
		ctx   func() (context.Context, context.CancelFunc)
		cause error
	}{
		{"recvline deadline", nil, func(ctx context.Context, conn *Socket) ([]byte, error) {
			return conn.RecvLine(ctx, RecvOptions{Deadline: time.Now().Add(50 * time.Millisecond)})
		}, background, ErrTimeout},
		{"recvuntil socket timeout", func(client *Socket) {}, func(ctx context.Context, conn *Socket) ([]byte, error) {
			conn.SetTimeout(50 * time.Millisecond)
			defer conn.SetTimeout(NoTimeout)
			return conn.RecvUntil(ctx, []byte("END"), RecvOptions{})
		}, background, ErrTimeout},
		{"recvn cancelled", nil, func(ctx context.Context, conn *Socket) ([]byte, error) {
			return conn.RecvN(ctx, 100, RecvOptions{})
		}, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, ErrInterrupted},
		{"recvline peer closed", func(client *Socket) { client.Shutdown(unix.SHUT_WR) }, func(ctx context.Context, conn *Socket) ([]byte, error) {
			return conn.RecvLine(ctx, RecvOptions{})
		}, background, io.EOF},
		{"recvn peer closed", func(client *Socket) { client.Shutdown(unix.SHUT_WR) }, func(ctx context.Context, conn *Socket) ([]byte, error) {
			return conn.RecvN(ctx, 8, RecvOptions{})
		}, background, io.EOF},
		{"recvline limit", nil, func(ctx context.Context, conn *Socket) ([]byte, error) {
			return conn.RecvLine(ctx, RecvOptions{Max: 7})
		}, background, ErrLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, conn := pair(t)
			if _, err := client.SendAll(context.Background(), []byte("partial")); err != nil {
				t.Fatal(err)
			}
			if tc.peer != nil {
				tc.peer(client)
			}
			ctx, cancel := tc.ctx()
			defer cancel()
			p, err := tc.recv(ctx, conn)
			var ie *IncompleteError
			if !errors.Is(err, tc.cause) || !errors.As(err, &ie) || ie.Buffered != 7 {
				t.Fatalf("= %q, %v; want an IncompleteError of 7 bytes for %v", p, err, tc.cause)
			}
			if string(p) != "partial" || conn.Buffered() != 7 {
				t.Fatalf("= %q with %d buffered; want \"partial\", kept", p, conn.Buffered())
			}
			// Nothing was consumed: the next receive starts with it.
			if p, err := conn.Recv(context.Background(), 100); err != nil || string(p) != "partial" {
				t.Fatalf("recv after = %q, %v", p, err)
			}
		})
	}
}

func background() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

// TestHelperLimits: the delimiter must end within Max bytes; RecvN may not
// ask for more than Max.
func TestHelperLimits(t *testing.T) {
	ctx := context.Background()
	line := []byte("0123456789\n") // 11 bytes
	for _, tc := range []struct {
		max       int
		wantLimit bool
	}{
		{len(line), false},
		{len(line) - 1, true},
		{1, true},
		{0, false}, // the default
	} {
		client, conn := pair(t)
		if _, err := client.SendAll(ctx, line); err != nil {
			t.Fatal(err)
		}
		conn.SetTimeout(time.Second)
		p, err := conn.RecvLine(ctx, RecvOptions{Max: tc.max})
		if tc.wantLimit {
			var le *LimitError
			if !errors.As(err, &le) || le.Max != tc.max || le.Op != "recvline" {
				t.Errorf("max %d: recvline = %q, %v; want a LimitError", tc.max, p, err)
			}
			continue
		}
		if err != nil || !bytes.Equal(p, line) {
			t.Errorf("max %d: recvline = %q, %v", tc.max, p, err)
		}
	}
	_, conn := pair(t)
	if p, err := conn.RecvN(ctx, 11, RecvOptions{Max: 10}); !errors.Is(err, ErrLimit) || len(p) != 0 {
		t.Errorf("recvn past the limit = %q, %v", p, err)
	}
	if p, err := conn.RecvN(ctx, 0, RecvOptions{}); err != nil || p == nil || len(p) != 0 {
		t.Errorf("recvn 0 = %#v, %v", p, err)
	}
}

// TestReadAheadOnDatagrams: a datagram is read whole, and the bytes past a
// line keep the address they came from.
func TestReadAheadOnDatagrams(t *testing.T) {
	ctx := context.Background()
	rx := mustSocket(t, unix.AF_INET, unix.SOCK_DGRAM)
	if err := rx.Bind(Addr{Family: unix.AF_INET, IP: loopback4}); err != nil {
		t.Fatal(err)
	}
	to, _ := rx.LocalAddr()
	tx := mustSocket(t, unix.AF_INET, unix.SOCK_DGRAM)
	big := bytes.Repeat([]byte("x"), 60000)
	for _, d := range [][]byte{[]byte("a\nb"), append(big, '\n')} {
		if _, err := tx.SendTo(ctx, d, to); err != nil {
			t.Fatal(err)
		}
	}
	txAddr, _ := tx.LocalAddr()
	txAddr.IP = loopback4 // bound to 0.0.0.0 by its first send
	if p, err := rx.RecvLine(ctx, RecvOptions{}); err != nil || string(p) != "a\n" {
		t.Fatalf("recvline = %q, %v", p, err)
	}
	p, from, ok, err := rx.RecvFrom(ctx, 100)
	if err != nil || string(p) != "b" || !ok || from != txAddr {
		t.Fatalf("recvfrom = %q, %v, %v, %v; want b from %v", p, from, ok, err, txAddr)
	}
	if p, err := rx.RecvLine(ctx, RecvOptions{}); err != nil || len(p) != len(big)+1 {
		t.Fatalf("recvline of a 60,001-byte datagram = %d bytes, %v", len(p), err)
	}
}

// TestReadAheadMemory: a long line's buffer is let go once it is read, and
// Close drops what is buffered.
func TestReadAheadMemory(t *testing.T) {
	client, conn := pair(t)
	ctx := context.Background()
	long := append(bytes.Repeat([]byte("y"), 1<<20), '\n')
	sent := make(chan error, 1)
	go func() { _, err := client.SendAll(ctx, append(long, "next"...)); sent <- err }()
	p, err := conn.RecvLine(ctx, RecvOptions{})
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	if err != nil || !bytes.Equal(p, long) {
		t.Fatalf("recvline of 1 MiB = %d bytes, %v", len(p), err)
	}
	if _, err := conn.RecvN(ctx, 4, RecvOptions{}); err != nil {
		t.Fatal(err)
	}
	if c := cap(conn.ahead.buf); c > aheadKeep {
		t.Errorf("an empty read-ahead buffer holds %d bytes", c)
	}
	client.SendAll(ctx, []byte("left\n"))
	if _, err := conn.RecvN(ctx, 1, RecvOptions{}); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if n := conn.Buffered(); n != 0 {
		t.Fatalf("a closed socket has %d bytes buffered", n)
	}
	if _, err := conn.RecvLine(ctx, RecvOptions{}); errno(err) != unix.EBADF {
		t.Fatalf("recvline on a closed socket = %v, want EBADF", err)
	}
}
