package netinfo

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// pattern is n bytes of a repeating, position-dependent pattern, so that a
// lost, doubled or reordered part shows.
func pattern(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i*7 + i/251)
	}
	return p
}

// flood sends pattern bytes on s from another goroutine, 64 KiB every
// millisecond, as a chargen peer sends (never pausing longer than that,
// but not so fast that a test holds gigabytes), until the returned stop
// is called; stop waits for the goroutine to end and returns how many
// bytes it sent.
func flood(s *Socket) (stop func() int) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		chunk := pattern(64 << 10)
		sent := 0
		for ctx.Err() == nil {
			// Each send starts where the last one stopped in chunk,
			// so that the stream is pattern's, whatever the counts.
			off := sent % len(chunk)
			n, err := s.Send(ctx, chunk[off:])
			sent += n
			if err != nil {
				break
			}
			time.Sleep(time.Millisecond)
		}
		done <- sent
	}()
	return func() int { cancel(); return <-done }
}

// isPatternStream reports whether p is the start of flood's stream, its
// chunk over and over.
func isPatternStream(p []byte) bool {
	chunk := pattern(64 << 10)
	for off := 0; off < len(p); off += len(chunk) {
		if !bytes.HasPrefix(chunk, p[off:min(off+len(chunk), len(p))]) {
			return false
		}
	}
	return true
}

func TestRecvAllUntilEOF(t *testing.T) {
	for _, size := range []int{0, 1, gatherFirst, 3*MaxRecv + 12345} {
		client, conn := pair(t)
		want := pattern(size)
		sent := make(chan error, 1)
		go func() {
			_, err := client.SendAll(context.Background(), want)
			client.Shutdown(unix.SHUT_WR)
			sent <- err
		}()
		got, err := conn.RecvAll(context.Background(), RecvOptions{})
		if err := <-sent; err != nil {
			t.Fatal(err)
		}
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: recvall = %d bytes, %v", size, len(got), err)
		}
		if got == nil {
			t.Error("recvall of nothing is nil, want an empty slice")
		}
		if cap(got) > len(got)+len(got)/8+8 { // a size class's rounding
			t.Errorf("%d bytes held in a buffer of %d", len(got), cap(got))
		}
	}
}

// TestRecvAllPeerNeverStops: against a peer that never pauses, no wait
// ever times out; the call's own deadline still ends it, with the bytes.
func TestRecvAllPeerNeverStops(t *testing.T) {
	client, conn := pair(t)
	conn.SetTimeout(100 * time.Millisecond) // each wait's, never reached
	stop := flood(client)
	start := time.Now()
	got, err := conn.RecvAll(context.Background(), RecvOptions{Deadline: time.Now().Add(300 * time.Millisecond)})
	took := time.Since(start)
	defer stop()
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("recvall = %d bytes, %v; want a timeout", len(got), err)
	}
	if len(got) == 0 || !isPatternStream(got) {
		t.Fatalf("recvall kept %d bytes, not the start of the stream", len(got))
	}
	if took > 5*time.Second {
		t.Fatalf("the deadline of 300ms ended the call after %v", took)
	}
	// The socket is still usable: the stream goes on where it stopped.
	conn.SetTimeout(time.Second)
	p, err := conn.Recv(context.Background(), 1)
	if err != nil || len(p) != 1 || p[0] != pattern(64 << 10)[len(got)%(64<<10)] {
		t.Fatalf("recv after the deadline = %q, %v", p, err)
	}
}

// TestRecvAllLimit: the limit is exact; reaching it says so only when the
// peer sent more, and the bytes past it stay for the next recv.
func TestRecvAllLimit(t *testing.T) {
	const size = 100000
	for _, tc := range []struct {
		max       int
		wantLimit bool
	}{
		{size - 1, true},
		{1, true},
		{size, false},
		{size + 1, false},
	} {
		client, conn := pair(t)
		data := pattern(size)
		if _, err := client.SendAll(context.Background(), data); err != nil {
			t.Fatal(err)
		}
		client.Shutdown(unix.SHUT_WR)
		got, err := conn.RecvAll(context.Background(), RecvOptions{Max: tc.max})
		var le *LimitError
		if tc.wantLimit {
			if !errors.As(err, &le) || !errors.Is(err, ErrLimit) || le.Max != tc.max {
				t.Fatalf("max %d: err = %v, want a LimitError", tc.max, err)
			}
			if !bytes.Equal(got, data[:tc.max]) {
				t.Fatalf("max %d: got %d bytes", tc.max, len(got))
			}
			rest, err := conn.RecvAll(context.Background(), RecvOptions{})
			if err != nil || !bytes.Equal(rest, data[tc.max:]) {
				t.Fatalf("max %d: the rest = %d bytes, %v", tc.max, len(rest), err)
			}
			continue
		}
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("max %d: recvall = %d bytes, %v", tc.max, len(got), err)
		}
	}
}

// TestRecvAllEndsEarlyWithTheBytes: whatever ends the call before the
// peer closes, the bytes that came are returned with the reason.
func TestRecvAllEndsEarlyWithTheBytes(t *testing.T) {
	data := pattern(5000)
	for _, tc := range []struct {
		name    string
		timeout time.Duration // the socket's own
		ctx     func() (context.Context, context.CancelFunc)
		peer    func(client *Socket) // after sending data
		want    error
	}{
		{"cancelled (Ctrl-C)", NoTimeout, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, cancel)
			return ctx, cancel
		}, nil, ErrInterrupted},
		{"socket timeout per wait", 100 * time.Millisecond, func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, nil, ErrTimeout},
		{"context deadline", NoTimeout, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 100*time.Millisecond)
		}, nil, ErrTimeout},
		{"connection reset", NoTimeout, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 5*time.Second)
		}, func(client *Socket) {
			time.Sleep(100 * time.Millisecond)
			// SO_LINGER 0: close sends a reset.
			unix.SetsockoptLinger(client.fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1})
			client.Close()
		}, unix.ECONNRESET},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, conn := pair(t)
			conn.SetTimeout(tc.timeout)
			if _, err := client.SendAll(context.Background(), data); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				if tc.peer != nil {
					tc.peer(client)
				}
			}()
			ctx, cancel := tc.ctx()
			defer cancel()
			got, err := conn.RecvAll(ctx, RecvOptions{})
			<-done
			if !errors.Is(err, tc.want) {
				t.Fatalf("recvall = %d bytes, %v; want %v", len(got), err, tc.want)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("recvall kept %d of the %d bytes", len(got), len(data))
			}
		})
	}
}

// TestRecvAllNonBlocking: a non-blocking socket takes what is there and
// ends with EAGAIN, keeping it.
func TestRecvAllNonBlocking(t *testing.T) {
	client, conn := pair(t)
	if _, err := client.SendAll(context.Background(), []byte("queued")); err != nil {
		t.Fatal(err)
	}
	conn.SetTimeout(0)
	var got []byte
	var err error
	eventually(t, "the 6 bytes arrive", func() (string, bool) {
		got, err = conn.RecvAll(context.Background(), RecvOptions{})
		return string(got), len(got) > 0
	})
	if errno(err) != unix.EAGAIN || string(got) != "queued" {
		t.Fatalf("non-blocking recvall = %q, %v", got, err)
	}
}

// TestRecvAllBoundsCheckedBeforeEachRecv: the bounds are checked before
// every recv, not only when one waits (a peer that never pauses makes none
// wait): a call whose deadline has passed, or whose context has ended,
// takes nothing, even with data queued.
func TestRecvAllBoundsCheckedBeforeEachRecv(t *testing.T) {
	client, conn := pair(t)
	if _, err := client.SendAll(context.Background(), []byte("queued")); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		ctx  context.Context
		opts RecvOptions
		want error
	}{
		{context.Background(), RecvOptions{Deadline: time.Now().Add(-time.Second)}, ErrTimeout},
		{cancelled, RecvOptions{}, ErrInterrupted},
	} {
		got, err := conn.RecvAll(tc.ctx, tc.opts)
		if !errors.Is(err, tc.want) || len(got) != 0 {
			t.Errorf("recvall = %q, %v; want nothing and %v", got, err, tc.want)
		}
	}
	conn.SetTimeout(time.Second)
	if p, err := conn.Recv(context.Background(), 100); err != nil || string(p) != "queued" {
		t.Fatalf("recv after = %q, %v", p, err)
	}
}
