package netinfo

import (
	"context"
	"errors"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestPollReadiness(t *testing.T) {
	ctx := context.Background()
	client, conn := pair(t)
	other, _ := pair(t)
	srv, a := listener(t, 1)

	// Nothing to read yet, room to write at once.
	items := []PollItem{{Socket: conn, Events: unix.POLLIN}, {Socket: client, Events: unix.POLLOUT}, {Socket: srv, Events: unix.POLLIN}}
	n, err := Poll(ctx, items, NoTimeout)
	if err != nil || n != 1 || items[0].Revents != 0 || items[1].Revents != unix.POLLOUT || items[2].Revents != 0 {
		t.Fatalf("poll = %d, %v, %+v; want only the client writable", n, err, items)
	}

	// Readable once the peer sends, and only that socket.
	sent := sendLater(client, 50*time.Millisecond, "ping")
	items = []PollItem{{Socket: other, Events: unix.POLLIN}, {Socket: conn, Events: unix.POLLIN}, {Socket: srv, Events: unix.POLLIN}}
	n, err = Poll(ctx, items, 5*time.Second)
	<-sent
	if err != nil || n != 1 || items[1].Revents != unix.POLLIN || items[0].Revents != 0 || items[2].Revents != 0 {
		t.Fatalf("poll = %d, %v, %+v; want conn readable", n, err, items)
	}

	// A listening socket is readable when a connection is queued.
	c := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	if err := c.Connect(ctx, a); err != nil {
		t.Fatal(err)
	}
	items = []PollItem{{Socket: srv, Events: unix.POLLIN}}
	if n, err := Poll(ctx, items, 5*time.Second); err != nil || n != 1 || items[0].Revents != unix.POLLIN {
		t.Fatalf("poll on a listener with a queued connection = %d, %v, %+v", n, err, items)
	}

	// Bytes held in the read-ahead buffer make a socket readable, though
	// the kernel holds none.
	if _, err := conn.RecvN(ctx, 1, RecvOptions{}); err != nil {
		t.Fatal(err)
	}
	if v, _ := conn.Kernel(); v.RecvQ != 0 || conn.Buffered() != 3 {
		t.Fatalf("kernel %d, buffered %d; want 0 and 3", v.RecvQ, conn.Buffered())
	}
	items = []PollItem{{Socket: conn, Events: unix.POLLIN}, {Socket: client, Events: unix.POLLOUT}}
	if n, err := Poll(ctx, items, NoTimeout); err != nil || n != 2 || items[0].Revents != unix.POLLIN || items[1].Revents != unix.POLLOUT {
		t.Fatalf("poll with buffered bytes = %d, %v, %+v", n, err, items)
	}

	// The peer's end: readable, and POLLHUP once both sides are shut.
	client.Shutdown(unix.SHUT_WR)
	conn.Recv(ctx, 10)
	items = []PollItem{{Socket: conn, Events: unix.POLLIN}}
	if n, err := Poll(ctx, items, 5*time.Second); err != nil || n != 1 || items[0].Revents&unix.POLLIN == 0 {
		t.Fatalf("poll after the peer's shutdown = %d, %v, %+v", n, err, items)
	}

	// A closed socket is POLLNVAL, as a bad fd is for poll(2).
	c.Close()
	items = []PollItem{{Socket: c, Events: unix.POLLIN}}
	if n, err := Poll(ctx, items, NoTimeout); err != nil || n != 1 || items[0].Revents != unix.POLLNVAL {
		t.Fatalf("poll on a closed socket = %d, %v, %+v", n, err, items)
	}
}

// waitEndCases are the ways a wait for readiness with nothing ready must
// end, for poll and epoll alike: its timeout, Ctrl-C (a cancelled
// context), the context's own deadline, a context cancelled before.
var waitEndCases = []struct {
	name    string
	timeout time.Duration
	ctx     func() (context.Context, context.CancelFunc)
	want    error
	atLeast time.Duration
}{
	{"timeout", 100 * time.Millisecond, background, nil, 100 * time.Millisecond},
	{"timeout 0", 0, background, nil, 0},
	{"cancelled (Ctrl-C)", NoTimeout, func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		return ctx, cancel
	}, ErrInterrupted, 50 * time.Millisecond},
	{"context deadline", time.Hour, func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.Background(), 50*time.Millisecond)
	}, ErrTimeout, 50 * time.Millisecond},
	{"already cancelled", NoTimeout, func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return ctx, cancel
	}, ErrInterrupted, 0},
}

// TestPollEnds: the timeout passes with nothing ready; ctx's cancellation
// and deadline end a wait with no bound of its own. No fd or goroutine is
// left behind.
func TestPollEnds(t *testing.T) {
	t.Cleanup(checkNothingLeft(t)) // after pair's own cleanups
	_, conn := pair(t)
	for _, tc := range waitEndCases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now() // before the context's clock starts
			ctx, cancel := tc.ctx()
			defer cancel()
			items := []PollItem{{Socket: conn, Events: unix.POLLIN}}
			n, err := Poll(ctx, items, tc.timeout)
			took := time.Since(start)
			if !errors.Is(err, tc.want) || n != 0 || items[0].Revents != 0 {
				t.Fatalf("poll = %d, %v, %+v; want 0 and %v", n, err, items, tc.want)
			}
			if took < tc.atLeast || took > 5*time.Second {
				t.Fatalf("poll returned after %v", took)
			}
		})
	}
}

// TestPollRetriesEINTR: signals that interrupt poll(2) (EINTR) neither end
// the wait early nor stretch it: it goes on with the time left.
func TestPollRetriesEINTR(t *testing.T) {
	_, conn := pair(t)
	tid := make(chan int)
	type result struct {
		n    int
		err  error
		took time.Duration
	}
	done := make(chan result)
	go func() {
		// Poll runs on this thread, which the signals are sent to.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tid <- unix.Gettid()
		start := time.Now()
		n, err := Poll(context.Background(), []PollItem{{Socket: conn, Events: unix.POLLIN}}, 300*time.Millisecond)
		done <- result{n, err, time.Since(start)}
	}()
	thread := <-tid
	for {
		// SIGURG is the signal the Go runtime preempts with: harmless.
		unix.Tgkill(unix.Getpid(), thread, unix.SIGURG)
		select {
		case r := <-done:
			if r.err != nil || r.n != 0 || r.took < 300*time.Millisecond || r.took > 5*time.Second {
				t.Fatalf("poll under signals = %d, %v after %v; want 0 after 300ms", r.n, r.err, r.took)
			}
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// TestPollHighFD: a socket whose fd is past select's FD_SETSIZE (1024).
func TestPollHighFD(t *testing.T) {
	const high = 1500
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		t.Skipf("getrlimit: %v", err)
	}
	if lim.Cur <= high {
		if lim.Max <= high {
			t.Skipf("RLIMIT_NOFILE's hard limit %d leaves no fd above %d", lim.Max, high)
		}
		raised := lim
		raised.Cur = lim.Max
		if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &raised); err != nil {
			t.Skipf("raising RLIMIT_NOFILE: %v", err)
		}
		t.Cleanup(func() { unix.Setrlimit(unix.RLIMIT_NOFILE, &lim) })
	}
	client, conn := pair(t)
	fd, err := unix.FcntlInt(uintptr(conn.fd), unix.F_DUPFD_CLOEXEC, high)
	if err != nil {
		t.Fatal(err)
	}
	hi := newSocket(fd, conn.Family, conn.Type, conn.Proto)
	defer hi.Close()
	if hi.FD() < 1024 {
		t.Fatalf("fd %d", hi.FD())
	}
	sent := sendLater(client, 20*time.Millisecond, "x")
	items := []PollItem{{Socket: hi, Events: unix.POLLIN}}
	n, err := Poll(context.Background(), items, 5*time.Second)
	<-sent
	if err != nil || n != 1 || items[0].Revents != unix.POLLIN {
		t.Fatalf("poll on fd %d = %d, %v, %+v", hi.FD(), n, err, items)
	}
}

func TestPollTrace(t *testing.T) {
	rec := &recorder{}
	tr := NewTrace(func(c Syscall) { rec.calls = append(rec.calls, c) })
	client, conn := pair(t)
	client.trace, conn.trace = tr, tr
	tr.SetOn(true)
	items := []PollItem{{Socket: conn, Events: unix.POLLIN}, {Socket: client, Events: unix.POLLIN | unix.POLLOUT}}
	Poll(context.Background(), items, time.Second)
	items = items[:1]
	Poll(context.Background(), items, 10*time.Millisecond)
	c, s := strconv.Itoa(client.fd), strconv.Itoa(conn.fd)
	want := []string{
		`poll([{fd=` + s + `, events=POLLIN}, {fd=` + c + `, events=POLLIN|POLLOUT}], 2, 1000) = 1 ([{fd=` + c + `, revents=POLLOUT}])`,
		`poll([{fd=` + s + `, events=POLLIN}], 1, 10) = 0 (Timeout)`,
	}
	got := rec.lines()
	if len(got) != len(want) {
		t.Fatalf("trace:\n%q\nwant:\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got  %s\nwant %s", got[i], want[i])
		}
	}
	if !regexp.MustCompile(`^0x[0-9a-f]+$`).MatchString(fmtPollEvents(0x4000)) || fmtPollEvents(0) != "0" ||
		fmtPollEvents(unix.POLLIN|unix.POLLHUP) != "POLLIN|POLLHUP" {
		t.Errorf("fmtPollEvents: %s %s %s", fmtPollEvents(0x4000), fmtPollEvents(0), fmtPollEvents(unix.POLLIN|unix.POLLHUP))
	}
}
