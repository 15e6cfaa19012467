package netinfo

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func mustEpoll(t *testing.T, tr *Trace) *Epoll {
	t.Helper()
	e, err := NewEpoll(tr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// TestEpollReadiness: what the kernel's interest list reports, the
// read-ahead buffer counted as readable, and a closed socket forgotten
// by the kernel (unlike poll's POLLNVAL).
func TestEpollReadiness(t *testing.T) {
	t.Cleanup(checkNothingLeft(t)) // after the cleanups below
	ctx := context.Background()
	client, conn := pair(t)
	srv, a := listener(t, 1)
	e := mustEpoll(t, nil)
	for _, r := range []struct {
		s  *Socket
		ev uint32
	}{{conn, unix.EPOLLIN}, {client, unix.EPOLLOUT}, {srv, unix.EPOLLIN}} {
		if err := e.Add(r.s, r.ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Add(conn, unix.EPOLLIN); !errors.Is(err, unix.EEXIST) {
		t.Fatalf("adding twice: %v; want EEXIST", err)
	}
	want := func(what string, got []EpollEvent, err error, w ...EpollEvent) {
		t.Helper()
		if err != nil || len(got) != len(w) {
			t.Fatalf("%s: %+v, %v; want %+v", what, got, err, w)
		}
		for _, x := range w {
			found := false
			for _, g := range got {
				found = found || g == x
			}
			if !found {
				t.Fatalf("%s: %+v; want %+v", what, got, w)
			}
		}
	}
	got, err := e.Wait(ctx, 8, NoTimeout)
	want("only the client writable", got, err, EpollEvent{client.FD(), unix.EPOLLOUT})

	sent := sendLater(client, 30*time.Millisecond, "ping")
	if err := e.Modify(client, unix.EPOLLIN); err != nil {
		t.Fatal(err)
	}
	got, err = e.Wait(ctx, 8, 5*time.Second)
	<-sent
	want("conn readable", got, err, EpollEvent{conn.FD(), unix.EPOLLIN})

	// max bounds how many come back.
	c := mustSocket(t, unix.AF_INET, unix.SOCK_STREAM)
	if err := c.Connect(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got, err = e.Wait(ctx, 1, 5*time.Second); err != nil || len(got) != 1 {
		t.Fatalf("max 1: %+v, %v", got, err)
	}

	// Bytes read ahead: readable, though the kernel holds none.
	if _, err := conn.RecvN(ctx, 1, RecvOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := e.Delete(srv.FD()); err != nil {
		t.Fatal(err)
	}
	if conn.Buffered() != 3 {
		t.Fatalf("buffered %d", conn.Buffered())
	}
	got, err = e.Wait(ctx, 8, NoTimeout)
	want("read ahead", got, err, EpollEvent{conn.FD(), unix.EPOLLIN})

	// A closed socket leaves the interest list by itself: only its
	// peer is reported (readable: the end of the stream), and deleting
	// it says the fd is not open.
	fd := conn.FD()
	conn.Close()
	got, err = e.Wait(ctx, 8, 5*time.Second)
	want("closed", got, err, EpollEvent{client.FD(), unix.EPOLLIN})
	if err := e.Delete(fd); !errors.Is(err, unix.EBADF) && !errors.Is(err, unix.ENOENT) {
		t.Fatalf("delete of a closed fd: %v", err)
	}
	if err := e.Delete(client.FD()); err != nil {
		t.Fatal(err)
	}
	if err := e.Delete(client.FD()); !errors.Is(err, unix.ENOENT) {
		t.Fatalf("deleting twice: %v; want ENOENT", err)
	}
	if err := e.Add(conn, unix.EPOLLIN); !errors.Is(err, unix.EBADF) {
		t.Fatalf("adding a closed socket: %v; want EBADF", err)
	}

	e.Close()
	if _, err := e.Wait(ctx, 1, 0); !errors.Is(err, unix.EBADF) || e.FD() != -1 || !e.Closed() {
		t.Fatalf("wait after close: %v, fd %d", err, e.FD())
	}
	if err := e.Close(); err != nil {
		t.Fatalf("closing twice: %v", err)
	}
}

// TestEpollEnds: the timeout passes with nothing ready; Ctrl-C and ctx's
// deadline end a wait with no bound of its own.
func TestEpollEnds(t *testing.T) {
	t.Cleanup(checkNothingLeft(t))
	_, conn := pair(t)
	e := mustEpoll(t, nil)
	if err := e.Add(conn, unix.EPOLLIN); err != nil {
		t.Fatal(err)
	}
	for _, tc := range waitEndCases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			ctx, cancel := tc.ctx()
			defer cancel()
			got, err := e.Wait(ctx, 4, tc.timeout)
			took := time.Since(start)
			if !errors.Is(err, tc.want) || len(got) != 0 {
				t.Fatalf("wait = %+v, %v; want none and %v", got, err, tc.want)
			}
			if took < tc.atLeast || took > 5*time.Second {
				t.Fatalf("wait returned after %v", took)
			}
		})
	}
}

func TestEpollTrace(t *testing.T) {
	rec := &recorder{}
	tr := NewTrace(func(c Syscall) { rec.calls = append(rec.calls, c) })
	tr.SetOn(true)
	client, conn := pair(t)
	e := mustEpoll(t, tr)
	e.Add(conn, unix.EPOLLIN)
	client.Send(context.Background(), []byte("x"))
	e.Wait(context.Background(), 2, NoTimeout)
	e.Wait(context.Background(), 2, 0) // still readable: level-triggered
	e.Delete(conn.FD())
	e.Wait(context.Background(), 2, 10*time.Millisecond)
	e.Close()
	var lines []string
	for _, c := range rec.calls {
		lines = append(lines, c.String())
	}
	c := strconv.Itoa(conn.FD())
	got := strings.Join(lines, "\n")
	for _, w := range []string{
		"epoll_create1(EPOLL_CLOEXEC) = ",
		"epoll_ctl(%E, EPOLL_CTL_ADD, " + c + ", {events=EPOLLIN, data={u32=" + c + ", u64=" + c + "}}) = 0",
		"epoll_wait(%E, [{events=EPOLLIN, data={u32=" + c + ", u64=" + c + "}}], 2, -1) = 1",
		"epoll_wait(%E, [{events=EPOLLIN, data={u32=" + c + ", u64=" + c + "}}], 2, 0) = 1",
		"epoll_ctl(%E, EPOLL_CTL_DEL, " + c + ", NULL) = 0",
		"epoll_wait(%E, [], 2, 10) = 0 (Timeout)",
		"close(%E) = 0",
	} {
		w = strings.ReplaceAll(w, "%E", epfdOf(rec.calls))
		if !strings.Contains(got, w) {
			t.Errorf("trace lacks %q:\n%s", w, got)
		}
	}
}

// epfdOf is the fd epoll_create1 returned in a trace.
func epfdOf(calls []Syscall) string {
	for _, c := range calls {
		if c.Name == "epoll_create1" {
			return strconv.Itoa(c.Ret)
		}
	}
	return "?"
}
