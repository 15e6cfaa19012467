package loadgen

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestCorrectServerPasses runs clients against a correct echo server: every
// client must pass, and every figure must add up.
func TestCorrectServerPasses(t *testing.T) {
	tests := []struct {
		name    string
		host    string
		clients int
		message []byte
		size    int
		rounds  int
		local   string // the clients' source address, when set
		long    bool   // skipped under -short
	}{
		{name: "default message", host: "127.0.0.1", clients: 5},
		{name: "user message, rounds", host: "127.0.0.1", clients: 10, message: []byte("Hey, can you hear me?"), rounds: 5},
		{name: "one byte", host: "127.0.0.1", clients: 3, size: 1, rounds: 3},
		{name: "larger than the inline write", host: "127.0.0.1", clients: 8, size: 3*inlineWrite + 5, rounds: 3},
		{name: "IPv6", host: "::1", clients: 20, size: 100, rounds: 2},
		// From 127.0.0.2, as netinfo/peers' load test does: a thousand
		// ephemeral ports on 127.0.0.1 could, in a parallel go test
		// ./..., take a port another package's test binds.
		{name: "1000 clients", host: "127.0.0.1", local: "127.0.0.2", clients: 1000, size: 256, rounds: 2, long: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.long && testing.Short() {
				t.Skip("1000 clients: skipped under -short")
			}
			checkLeaks(t)
			size := cmp.Or(len(tt.message), tt.size, DefaultSize)
			var mu sync.Mutex
			firstLines := map[string]bool{}
			sources := map[netip.Addr]int{}
			addr := serve(t, tt.host, false, func(c *net.TCPConn, _ <-chan struct{}) {
				mu.Lock()
				sources[netip.MustParseAddrPort(c.RemoteAddr().String()).Addr()]++
				mu.Unlock()
				// Note each connection's first line, then echo.
				line := make([]byte, min(lineLen, size))
				if len(tt.message) == 0 {
					if _, err := io.ReadFull(c, line); err != nil {
						return
					}
					mu.Lock()
					firstLines[string(line)] = true
					mu.Unlock()
					c.Write(line)
				}
				echo(c, nil)
			})
			cfg := Config{Addr: addr, Clients: tt.clients, Message: tt.message, Size: tt.size, Rounds: tt.rounds}
			if tt.local != "" {
				cfg.Local = netip.MustParseAddr(tt.local)
			}
			res, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			rounds := max(tt.rounds, 1)
			for _, o := range Outcomes() {
				want := 0
				if o == OK {
					want = tt.clients
				}
				if got := res.Count(o); got != want {
					t.Errorf("%s: %d clients, want %d (first: %v)", o, got, want, res.Sample(o))
				}
			}
			wantBytes := int64(tt.clients * rounds * size)
			switch {
			case !res.Passed() || res.Failed() != 0:
				t.Errorf("Passed() = %v, Failed() = %d", res.Passed(), res.Failed())
			case res.Connected != tt.clients || res.Clients != tt.clients:
				t.Errorf("connected %d of %d, want %d", res.Connected, res.Clients, tt.clients)
			case res.Rounds != int64(tt.clients*rounds):
				t.Errorf("%d rounds, want %d", res.Rounds, tt.clients*rounds)
			case res.BytesSent != wantBytes || res.BytesReceived != wantBytes:
				t.Errorf("sent %d and received %d bytes, want %d", res.BytesSent, res.BytesReceived, wantBytes)
			case res.Connect.Count != int64(tt.clients) || res.RoundTrip.Count != int64(tt.clients*rounds):
				t.Errorf("latencies of %d connects and %d rounds", res.Connect.Count, res.RoundTrip.Count)
			case res.RoundTrip.P50 <= 0 || res.RoundTrip.P50 > res.RoundTrip.P99 || res.RoundTrip.P99 > res.RoundTrip.Max:
				t.Errorf("round trips: %+v", res.RoundTrip)
			case res.Elapsed <= 0 || res.Throughput() <= 0:
				t.Errorf("elapsed %v, throughput %v", res.Elapsed, res.Throughput())
			}
			if want := netip.MustParseAddr(cmp.Or(tt.local, tt.host)); sources[want] != tt.clients {
				t.Errorf("the server saw connections from %v, want %d from %v", sources, tt.clients, want)
			}
			if len(tt.message) == 0 && size >= lineLen && len(firstLines) != tt.clients {
				t.Errorf("the server saw %d distinct first lines from %d clients", len(firstLines), tt.clients)
			}
			if len(tt.message) == 0 && size >= lineLen && !firstLines[fmt.Sprintf("c%06d r000001\n", tt.clients)] {
				t.Errorf("no client stamped its first line c%06d r000001", tt.clients)
			}
		})
	}
}

// TestFaultyServers runs clients against the servers a student gets wrong,
// and checks that each fault is counted as its own kind, with a sample
// saying where it happened.
func TestFaultyServers(t *testing.T) {
	const clients = 6
	tests := []struct {
		name   string
		handle handler
		size   int
		want   Outcome
		check  func(t *testing.T, s *ClientError)
		// The reset may come before the connect is done: the kernel
		// then reports it as the connect's error (SO_ERROR).
		resetsConnect bool
	}{
		{
			// One recv(1024), echoed, then FIN: the echo stops short.
			name: "echoes the first recv, then closes cleanly",
			size: 4096,
			handle: func(c *net.TCPConn, _ <-chan struct{}) {
				buf := make([]byte, 1024)
				n, _ := c.Read(buf)
				c.Write(buf[:n])
				c.CloseWrite()
				io.Copy(io.Discard, c)
			},
			want: ClosedEarly,
			check: func(t *testing.T, s *ClientError) {
				if s.Got <= 0 || s.Got > 1024 || s.Want != 4096 || s.Round != 1 || s.Err != io.EOF {
					t.Errorf("got %d of %d bytes in round %d, err %v; want 1..1024 of 4096 in round 1, EOF", s.Got, s.Want, s.Round, s.Err)
				}
			},
		},
		{
			// The lecture's server: data = recv(1024); sendall(data);
			// close(). Closing with the rest unread makes the kernel
			// send RST instead of FIN, after the 1024 bytes.
			name: "echoes the first recv, then closes with data unread",
			size: 4096,
			handle: func(c *net.TCPConn, _ <-chan struct{}) {
				buf := make([]byte, 1024)
				n, _ := c.Read(buf)
				c.Write(buf[:n])
				time.Sleep(10 * time.Millisecond) // the rest of the message has arrived
			},
			want: Reset,
			check: func(t *testing.T, s *ClientError) {
				if s.Got <= 0 || s.Got > 1024 || !errors.Is(s, syscall.ECONNRESET) {
					t.Errorf("got %d bytes, err %v; want 1..1024 bytes, then ECONNRESET", s.Got, s.Err)
				}
			},
		},
		{
			// toupper(): the first byte, 'c', comes back as 'C'.
			name: "changes the bytes",
			handle: func(c *net.TCPConn, _ <-chan struct{}) {
				buf := make([]byte, 4096)
				for {
					n, err := c.Read(buf)
					if err != nil {
						return
					}
					c.Write(bytes.ToUpper(buf[:n]))
				}
			},
			want: WrongBytes,
			check: func(t *testing.T, s *ClientError) {
				if s.Got != 0 || s.GotByte != 'C' || s.WantByte != 'c' {
					t.Errorf("byte %d is %q, expected %q; want byte 0 'C' for 'c'", s.Got, s.GotByte, s.WantByte)
				}
			},
		},
		{
			name: "resets at once (SO_LINGER 0)",
			handle: func(c *net.TCPConn, _ <-chan struct{}) {
				c.SetLinger(0)
			},
			want:          Reset,
			resetsConnect: true,
			check: func(t *testing.T, s *ClientError) {
				if s.Got != 0 || !errors.Is(s, syscall.ECONNRESET) && !errors.Is(s, syscall.EPIPE) {
					t.Errorf("got %d bytes, err %v; want 0 bytes, ECONNRESET or EPIPE", s.Got, s.Err)
				}
			},
		},
		{
			name: "never answers",
			handle: func(c *net.TCPConn, quit <-chan struct{}) {
				<-quit
			},
			want: TimedOut,
			check: func(t *testing.T, s *ClientError) {
				if s.Round != 1 || s.Got != 0 || !errors.Is(s, os.ErrDeadlineExceeded) {
					t.Errorf("round %d, got %d, err %v; want round 1, 0 bytes, a deadline error", s.Round, s.Got, s.Err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkLeaks(t)
			addr := serve(t, "127.0.0.1", false, tt.handle)
			res, err := Run(context.Background(), Config{
				Addr: addr, Clients: clients, Size: tt.size, Rounds: 2, Timeout: 300 * time.Millisecond,
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Count(tt.want); got != clients {
				t.Fatalf("%s: %d of %d clients; table:\n%s", tt.want, got, clients, tableText(res))
			}
			if res.Passed() || res.Failed() != clients || res.Connected != clients && !tt.resetsConnect {
				t.Errorf("Passed() = %v, Failed() = %d, connected %d", res.Passed(), res.Failed(), res.Connected)
			}
			s := res.Sample(tt.want)
			if s == nil || s.Client != 1 || s.Outcome != tt.want {
				t.Fatalf("sample %#v, want client 1's %s", s, tt.want)
			}
			tt.check(t, s)
			if row := findRow(res.Table(), tt.want.String()); row.Value != fmt.Sprint(clients) || row.Note != "first: "+s.Error() {
				t.Errorf("table row %+v", row)
			}
		})
	}
}

// TestServerMixesClients: a server that answers every client with what
// the first one sent (one buffer shared by its threads) is caught by the
// client number stamped in the generated message.
func TestServerMixesClients(t *testing.T) {
	const clients = 5
	first := Pattern(1, 1, 100)
	addr := serve(t, "127.0.0.1", false, func(c *net.TCPConn, _ <-chan struct{}) {
		if _, err := io.ReadFull(c, make([]byte, len(first))); err == nil {
			c.Write(first)
		}
	})
	res, err := Run(context.Background(), Config{Addr: addr, Clients: clients, Size: len(first)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Count(OK) != 1 || res.Count(WrongBytes) != clients-1 {
		t.Fatalf("ok %d, wrong %d; want 1 and %d", res.Count(OK), res.Count(WrongBytes), clients-1)
	}
	// "c000001" against "c000002": the 7th byte.
	s := res.Sample(WrongBytes)
	if s.Client != 2 || s.Got != 6 || s.GotByte != '1' || s.WantByte != '2' {
		t.Errorf("sample %+v", s)
	}
	want := `client 2, round 1: byte 6 of 100 is 0x31 ('1'), expected 0x32 ('2')`
	if s.Error() != want {
		t.Errorf("Error() = %q, want %q", s.Error(), want)
	}
}

// TestOneClientAtATime: a server that serves its clients one after the
// other (slowly) makes the clients at the back of its queue time out, while
// the first ones pass.
func TestOneClientAtATime(t *testing.T) {
	const clients = 10
	checkLeaks(t)
	addr := serve(t, "127.0.0.1", true, func(c *net.TCPConn, quit <-chan struct{}) {
		select {
		case <-time.After(100 * time.Millisecond):
		case <-quit:
			return
		}
		echo(c, nil)
	})
	var (
		calls    atomic.Int32
		lastDone atomic.Int32
		returned atomic.Bool
		late     atomic.Bool
	)
	res, err := Run(context.Background(), Config{
		Addr: addr, Clients: clients, Timeout: 350 * time.Millisecond,
		Progress: func(p Progress) {
			calls.Add(1)
			if returned.Load() {
				late.Store(true)
			}
			if int32(p.Done) < lastDone.Load() || p.Clients != clients || p.OK > p.Done {
				t.Errorf("progress went back or is inconsistent: %+v", p)
			}
			lastDone.Store(int32(p.Done))
		},
	})
	returned.Store(true)
	if err != nil {
		t.Fatal(err)
	}
	ok, timedOut := res.Count(OK), res.Count(TimedOut)
	if ok < 1 || timedOut < 1 || ok+timedOut != clients {
		t.Fatalf("ok %d, timed out %d, want both and %d in all; table:\n%s", ok, timedOut, clients, tableText(res))
	}
	if s := res.Sample(TimedOut); s.Round != 1 || s.Timeout != 350*time.Millisecond {
		t.Errorf("sample %+v", s)
	}
	if calls.Load() == 0 {
		t.Error("Progress was never called in a run of more than 300ms")
	}
	time.Sleep(2 * ProgressInterval)
	if late.Load() {
		t.Error("Progress was called after Run returned")
	}
}

// TestRefused: nothing listens on the port.
func TestRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := netip.MustParseAddrPort(ln.Addr().String())
	ln.Close()
	res, err := Run(context.Background(), Config{Addr: addr, Clients: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.Count(Refused) != 4 || res.Connected != 0 || res.Connect.Count != 0 {
		t.Fatalf("refused %d, connected %d; table:\n%s", res.Count(Refused), res.Connected, tableText(res))
	}
	s := res.Sample(Refused)
	if !errors.Is(s, syscall.ECONNREFUSED) || s.Round != 0 {
		t.Errorf("sample %+v", s)
	}
	if want := "client 1, connect: connection refused"; s.Error() != want {
		t.Errorf("Error() = %q, want %q", s.Error(), want)
	}
}

// TestCancel: cancelling the context ends the clients still waiting at
// once, counted as interrupted, while those done keep their outcome.
func TestCancel(t *testing.T) {
	const clients = 40
	checkLeaks(t)
	// Odd-numbered clients get their echo; even ones wait forever.
	addr := serve(t, "127.0.0.1", false, func(c *net.TCPConn, quit <-chan struct{}) {
		line := make([]byte, lineLen)
		if _, err := io.ReadFull(c, line); err != nil {
			return
		}
		var client, round int
		fmt.Sscanf(string(line), "c%d r%d", &client, &round)
		if client%2 == 1 {
			c.Write(line)
			echo(c, nil)
			return
		}
		<-quit
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelledAt atomic.Int64
	res, err := Run(ctx, Config{
		Addr: addr, Clients: clients, Size: lineLen, Timeout: time.Minute,
		Progress: func(p Progress) {
			if p.Done == clients/2 && p.Open == clients/2 && cancelledAt.Load() == 0 {
				cancelledAt.Store(time.Now().UnixNano())
				cancel()
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if cancelledAt.Load() == 0 {
		t.Fatalf("never cancelled; table:\n%s", tableText(res))
	}
	if took := time.Since(time.Unix(0, cancelledAt.Load())); took > 2*time.Second {
		t.Errorf("Run returned %v after the cancel", took)
	}
	if res.Count(OK) != clients/2 || res.Count(Interrupted) != clients/2 || res.Connected != clients {
		t.Fatalf("ok %d, interrupted %d, connected %d; table:\n%s", res.Count(OK), res.Count(Interrupted), res.Connected, tableText(res))
	}
	if s := res.Sample(Interrupted); s.Client != 2 || s.Round != 1 {
		t.Errorf("sample %+v", s)
	}
	if row := findRow(res.Table(), "interrupted"); row.Value != fmt.Sprint(clients/2) {
		t.Errorf("table row %+v", row)
	}
}

func findRow(rows []Row, label string) Row {
	for _, r := range rows {
		if r.Label == label {
			return r
		}
	}
	return Row{}
}

func tableText(res Result) string {
	var b bytes.Buffer
	for _, r := range res.Table() {
		fmt.Fprintf(&b, "  %-20s %-12s %s\n", r.Label, r.Value, r.Note)
	}
	return b.String()
}
