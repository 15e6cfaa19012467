package peers

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestLoadAndFaults opens as many concurrent connections as a server takes
// by default: 1000 well-behaved clients, each sending its own 64 KiB in
// random-sized writes and checking every byte comes back in order, and
// beside them clients that reset mid-stream or never read. The faulty ones
// must not disturb the others, and when everyone has gone the server must
// hold no connection and no fd. The same holds for an echo server that
// misbehaves in ways that lose no byte (smaller payloads there, as one
// byte per write is slow on purpose).
func TestLoadAndFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	for _, tc := range []struct {
		name, options string
		payload       int
	}{
		{"well-behaved", "", 64 << 10},
		{"split=1", "split=1", 512},
		{"split and delay", "split=1000 delay=0.001", 16 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts, err := ParseOptions(strings.Fields(tc.options))
			if err != nil {
				t.Fatal(err)
			}
			loadAndFaults(t, opts, tc.payload)
		})
	}
}

func loadAndFaults(t *testing.T, opts Options, payload int) {
	const (
		good    = 1000
		resets  = 12
		readers = 12 // clients that never read
	)
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err == nil && rl.Cur < 3*(good+resets+readers) {
		t.Skipf("needs about %d fds, the limit is %d", 3*(good+resets+readers), rl.Cur)
	}
	baseFDs := openFDs(t)
	baseG := settle(0)

	g := NewGroup()
	s, err := g.StartWith(Echo, loopback, Limits{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if s.Limits().MaxConns < good+resets+readers {
		t.Fatalf("the default limit (%d) is below what the test opens", s.Limits().MaxConns)
	}
	addr := net.TCPAddrFromAddrPort(s.Addr())
	// The clients come from 127.0.0.2: a thousand ephemeral ports on
	// 127.0.0.1 would, in a parallel `go test ./...`, make it likelier that
	// one holds a fixed port another package's transcript binds. (Those
	// ports are kept below the ephemeral range too; see docs/client-server.md.)
	clientAddr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)

	// Open every connection first, so that they are all open at once.
	total := good + resets + readers
	conns := make([]*net.TCPConn, total)
	var wg sync.WaitGroup
	errs := make(chan error, total)
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.DialTCP("tcp", clientAddr, addr)
			if err != nil {
				errs <- err
				return
			}
			conns[i] = c
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("dial: %v", err)
	}
	eventually(t, fmt.Sprintf("%d connections are open", total), func() bool { return s.Stats().Open == total })

	// Faulty clients start first and stay through the whole run.
	stopFaulty := make(chan struct{})
	var faulty sync.WaitGroup
	for i := good; i < good+resets; i++ {
		faulty.Add(1)
		go func(c *net.TCPConn) {
			defer faulty.Done()
			c.Write(bytes.Repeat([]byte("reset me "), 2000))
			c.SetLinger(0) // close sends RST, with data in flight both ways
			c.Close()
		}(conns[i])
	}
	for i := good + resets; i < total; i++ {
		faulty.Add(1)
		go func(c *net.TCPConn) {
			defer faulty.Done()
			defer c.Close()
			c.SetReadBuffer(4096)
			// Write until both directions' buffers are full, then sit.
			chunk := make([]byte, 32<<10)
			c.SetWriteDeadline(time.Now().Add(30 * time.Second))
			go func() {
				for {
					if _, err := c.Write(chunk); err != nil {
						return
					}
				}
			}()
			<-stopFaulty
		}(conns[i])
	}

	begin := time.Now()
	failures := make(chan string, good)
	for i := 0; i < good; i++ {
		wg.Add(1)
		go func(i int, c *net.TCPConn) {
			defer wg.Done()
			defer c.Close()
			c.SetDeadline(time.Now().Add(60 * time.Second))
			rng := rand.New(rand.NewSource(seed + int64(i)))
			msg := make([]byte, payload)
			rng.Read(msg)
			copy(msg, fmt.Sprintf("client %d:", i)) // distinct even if two seeds met
			go func() {
				for rest := msg; len(rest) > 0; {
					n := min(len(rest), 1+rng.Intn(8192))
					if _, err := c.Write(rest[:n]); err != nil {
						return
					}
					rest = rest[n:]
				}
				c.CloseWrite()
			}()
			got, err := io.ReadAll(c)
			switch {
			case err != nil:
				failures <- fmt.Sprintf("client %d: %v after %d bytes", i, err, len(got))
			case !bytes.Equal(got, msg):
				failures <- fmt.Sprintf("client %d: got %d bytes back, not its %d in order", i, len(got), len(msg))
			}
		}(i, conns[i])
	}
	wg.Wait()
	close(failures)
	n := 0
	for f := range failures {
		if n++; n <= 5 {
			t.Error(f)
		}
	}
	if n > 0 {
		t.Fatalf("%d of %d clients failed", n, good)
	}
	t.Logf("%d clients echoed %d KiB each in %v", good, payload>>10, time.Since(begin).Round(time.Millisecond))

	close(stopFaulty)
	faulty.Wait()
	eventually(t, "the server's open connections fall to 0", func() bool { return s.Stats().Open == 0 })
	st := s.Stats()
	if st.Total != total || st.Refused != 0 {
		t.Errorf("stats %+v, want %d connections and none refused", st, total)
	}
	if st.In < int64(good*payload) || st.Out < int64(good*payload) {
		t.Errorf("stats %+v: less than the well-behaved clients' %d bytes each way", st, good*payload)
	}
	// Only the listener and the UDP socket remain, then nothing.
	eventually(t, "only the server's two sockets are open", func() bool { return openFDs(t) == baseFDs+2 })
	g.Close()
	if n := openFDs(t); n != baseFDs {
		t.Errorf("%d fds open after the server stopped, %d before it started", n, baseFDs)
	}
	if n := settle(baseG); n > baseG {
		t.Errorf("%d goroutines left, %d before", n, baseG)
	}
}
