package netinfo

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// PollItem is one socket for Poll: what to wait for, and what Poll found.
type PollItem struct {
	Socket *Socket
	// Events is what to wait for: unix.POLLIN (readable: data, the
	// peer's end, or a connection to accept), unix.POLLOUT (writable),
	// unix.POLLPRI, or'ed together.
	Events int16
	// Revents is what Poll found ready, as poll(2) reports it: some of
	// Events, and POLLERR, POLLHUP and POLLNVAL (a closed Socket), which
	// are reported whether asked for or not.
	Revents int16
}

// Poll waits until at least one of the items' sockets is ready for what it
// asks, as poll(2) (and Python's select and selectors) do, and sets each
// item's Revents. It returns how many items have Revents set; 0 when
// timeout passed first. timeout 0 only looks, NoTimeout (any negative
// duration) waits with no bound of its own.
//
// It is poll(2) itself, so descriptors of 1024 and more work (select(2)'s
// FD_SETSIZE does not apply). A socket with bytes in its read-ahead
// buffer is readable, whatever the kernel says. A closed Socket is
// reported POLLNVAL, as poll(2) reports a descriptor that is not open.
//
// ctx ends the wait: ErrInterrupted when it is cancelled (Ctrl-C),
// ErrTimeout when its deadline passes; the sockets are untouched. While
// it waits, Poll also watches an eventfd of its own, which ctx's end
// writes to: a signal does not interrupt poll(2) in a Go program (the
// runtime restarts it), and that fd does. An EINTR is retried with the
// time left. With a trace on, Poll is shown on the trace of the first
// traced socket, as one poll(2) call over the sockets (the eventfd is
// left out).
func Poll(ctx context.Context, items []PollItem, timeout time.Duration) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, ctxErr(err)
	}
	pfds := make([]unix.PollFd, len(items), len(items)+1)
	readyNow := false // a closed socket, or bytes read ahead
	for i := range items {
		it := &items[i]
		it.Revents = 0
		pfds[i] = unix.PollFd{Fd: -1, Events: it.Events} // poll(2) skips -1
		if it.Socket == nil || !it.Socket.open {
			readyNow = true
			continue
		}
		pfds[i].Fd = int32(it.Socket.fd)
		readyNow = readyNow || it.Events&unix.POLLIN != 0 && it.Socket.Buffered() > 0
	}
	if readyNow {
		timeout = 0 // only look at the others
	}

	firstMs, err := waitFDs(ctx, pfds, timeout)
	ready := 0
	if err == nil {
		for i := range items {
			it := &items[i]
			it.Revents = pfds[i].Revents
			switch {
			case it.Socket == nil || !it.Socket.open:
				it.Revents = unix.POLLNVAL
			case it.Events&unix.POLLIN != 0 && it.Socket.Buffered() > 0:
				it.Revents |= unix.POLLIN
			}
			if it.Revents != 0 {
				ready++
			}
		}
	}
	if err == nil && ready == 0 && ctx.Err() != nil {
		err = ctxErr(ctx.Err())
	}
	tracePoll(items, firstMs, ready, err)
	if err != nil {
		return 0, sysErr("poll", err)
	}
	return ready, nil
}

// waitFDs waits in poll(2) until one of pfds is ready, timeout passes
// (NoTimeout: no bound of its own) or ctx ends, and sets their Revents.
// It returns the timeout of its first poll(2) call in milliseconds, for
// a trace. While it waits, an eventfd of its own is polled too, which
// ctx's end writes to: a signal does not interrupt poll(2) in a Go
// program (the runtime restarts it), and that fd does. An EINTR is
// retried with the time left. The caller tells ctx's end from a timeout
// by ctx.Err().
func waitFDs(ctx context.Context, pfds []unix.PollFd, timeout time.Duration) (int, error) {
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	firstMs := pollMs(timeout, deadline)
	all := pfds
	if timeout != 0 && ctx.Done() != nil {
		wake, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
		if err != nil {
			return firstMs, err
		}
		defer unix.Close(wake)
		all = append(pfds, unix.PollFd{Fd: int32(wake), Events: unix.POLLIN})
		defer copy(pfds, all) // a no-op when pfds had room for the eventfd
		// The wake-up is written to at most once, and stopped (or
		// waited for) before the eventfd is closed, so that it never
		// writes to a number reused by then.
		fired := make(chan struct{})
		stop := context.AfterFunc(ctx, func() {
			defer close(fired)
			unix.Write(wake, []byte{1, 0, 0, 0, 0, 0, 0, 0})
		})
		defer func() {
			if !stop() {
				<-fired
			}
		}()
	}
	for {
		n, err := unix.Poll(all, pollMs(timeout, deadline))
		if errors.Is(err, unix.EINTR) || err == nil && n == 0 && timeout != 0 && (deadline.IsZero() || time.Now().Before(deadline)) {
			continue // a signal, or a bound longer than poll(2) takes
		}
		return firstMs, err
	}
}

// pollMs is poll(2)'s timeout for the time left: -1 for none, rounded up
// to whole milliseconds so that poll never returns before the deadline,
// and at most what an int32 holds.
func pollMs(timeout time.Duration, deadline time.Time) int {
	switch {
	case timeout < 0:
		return -1
	case timeout == 0:
		return 0
	}
	left := time.Until(deadline)
	if left <= 0 {
		return 0
	}
	return int(min((left+time.Millisecond-1)/time.Millisecond, math.MaxInt32))
}

// tracePoll shows a Poll on the trace of its first traced socket, as
// strace shows poll(2): `poll([{fd=3, events=POLLIN}], 1, 1000) = 1
// ([{fd=3, revents=POLLIN}])`, or `= 0 (Timeout)`.
func tracePoll(items []PollItem, ms, ready int, err error) {
	var t *Trace
	for _, it := range items {
		if it.Socket != nil && it.Socket.trace.On() {
			t = it.Socket.trace
			break
		}
	}
	if t == nil {
		return
	}
	var args, out strings.Builder
	args.WriteByte('[')
	out.WriteByte('[')
	for i, it := range items {
		fd := -1
		if it.Socket != nil && it.Socket.open {
			fd = it.Socket.fd
		}
		if i > 0 {
			args.WriteString(", ")
		}
		args.WriteString("{fd=" + strconv.Itoa(fd) + ", events=" + fmtPollEvents(it.Events) + "}")
		if it.Revents != 0 {
			if out.Len() > 1 {
				out.WriteString(", ")
			}
			out.WriteString("{fd=" + strconv.Itoa(fd) + ", revents=" + fmtPollEvents(it.Revents) + "}")
		}
	}
	args.WriteString("], " + strconv.Itoa(len(items)) + ", " + strconv.Itoa(ms))
	out.WriteByte(']')
	c := Syscall{Name: "poll", Args: args.String(), Ret: ready, Errno: errnoOf(err), Out: out.String()}
	switch {
	case errors.Is(err, ErrInterrupted), errors.Is(err, ErrTimeout):
		c.Ret, c.Out = -1, err.Error()
	case err != nil:
		c.Ret, c.Out = -1, ""
	case ready == 0:
		c.Out = "Timeout"
	}
	t.emit(c)
}

// pollEventNames are poll(2)'s event bits in strace's order (the ones the
// unix package names; others show in hex).
var pollEventNames = []bitName{
	{unix.POLLIN, "POLLIN"}, {unix.POLLPRI, "POLLPRI"}, {unix.POLLOUT, "POLLOUT"},
	{unix.POLLERR, "POLLERR"}, {unix.POLLHUP, "POLLHUP"}, {unix.POLLNVAL, "POLLNVAL"},
}

// fmtPollEvents names poll's event bits: POLLIN|POLLOUT, or 0.
func fmtPollEvents(ev int16) string { return fmtBits(uint64(uint16(ev)), pollEventNames) }

// bitName names one bit of a flags word.
type bitName struct {
	bit  uint64
	name string
}

// fmtBits names the bits of flags as strace does: NAME|NAME, the bits it
// has no name for in hex, 0 for none.
func fmtBits(flags uint64, names []bitName) string {
	var out []string
	for _, e := range names {
		if flags&e.bit != 0 {
			out = append(out, e.name)
			flags &^= e.bit
		}
	}
	switch {
	case flags != 0:
		out = append(out, "0x"+strconv.FormatUint(flags, 16))
	case len(out) == 0:
		return "0"
	}
	return strings.Join(out, "|")
}
