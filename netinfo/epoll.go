package netinfo

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Epoll is an epoll instance, as Python's select.epoll and
// selectors.EpollSelector (the DefaultSelector on Linux) hold one: a real
// descriptor, so that the sockets made after it get the numbers they get
// in Python, and a real interest list in the kernel, so that what it
// reports (and forgets: a closed socket leaves it by itself) is what
// Linux does.
type Epoll struct {
	fd    int // -1 once closed
	trace *Trace
	// watched are the sockets registered, by fd, for the read-ahead
	// check: a socket with bytes in its read-ahead buffer is readable
	// whatever the kernel says. An entry whose socket has been closed
	// since is stale (the kernel dropped it) and is skipped.
	watched map[int]epollWatch
}

type epollWatch struct {
	sock   *Socket
	events uint32
}

// EpollEvent is one ready descriptor and what it is ready for (EPOLLIN,
// EPOLLOUT, EPOLLHUP, ... or'ed together), as epoll_wait reports it.
type EpollEvent struct {
	FD     int
	Events uint32
}

// NewEpoll makes an epoll instance (epoll_create1 with EPOLL_CLOEXEC),
// whose calls t traces while it is on (t may be nil).
func NewEpoll(t *Trace) (*Epoll, error) {
	fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if t.On() {
		t.emit(Syscall{Name: "epoll_create1", Args: "EPOLL_CLOEXEC", Ret: fd, Errno: errnoOf(err)})
	}
	if err != nil {
		return nil, sysErr("epoll_create1", err)
	}
	return &Epoll{fd: fd, trace: t, watched: map[int]epollWatch{}}, nil
}

// FD returns the instance's descriptor, or -1 once it is closed.
func (e *Epoll) FD() int { return e.fd }

// Closed reports whether Close was called.
func (e *Epoll) Closed() bool { return e.fd < 0 }

// Close closes the instance; closing twice is not an error.
func (e *Epoll) Close() error {
	if e.fd < 0 {
		return nil
	}
	fd := e.fd
	e.fd = -1
	e.watched = nil
	err := unix.Close(fd)
	if e.trace.On() {
		e.trace.emit(Syscall{Name: "close", Args: strconv.Itoa(fd), Errno: errnoOf(err)})
	}
	return sysErr("close", err)
}

// Add registers sk for events (EPOLL_CTL_ADD), with its fd as the data,
// as Python's epoll.register does.
func (e *Epoll) Add(sk *Socket, events uint32) error {
	if !sk.open {
		return &Error{Op: "epoll_ctl", Errno: unix.EBADF}
	}
	if err := e.ctl(unix.EPOLL_CTL_ADD, sk.fd, events); err != nil {
		return err
	}
	e.watched[sk.fd] = epollWatch{sock: sk, events: events}
	return nil
}

// Modify changes what sk is registered for (EPOLL_CTL_MOD).
func (e *Epoll) Modify(sk *Socket, events uint32) error {
	if !sk.open {
		return &Error{Op: "epoll_ctl", Errno: unix.EBADF}
	}
	if err := e.ctl(unix.EPOLL_CTL_MOD, sk.fd, events); err != nil {
		return err
	}
	e.watched[sk.fd] = epollWatch{sock: sk, events: events}
	return nil
}

// Delete removes fd from the interest list (EPOLL_CTL_DEL). It fails with
// ENOENT when fd is not there, EBADF when fd is not open: the kernel drops
// a socket by itself when it is closed.
func (e *Epoll) Delete(fd int) error {
	err := e.ctl(unix.EPOLL_CTL_DEL, fd, 0)
	if err == nil || errors.Is(err, unix.ENOENT) || errors.Is(err, unix.EBADF) {
		delete(e.watched, fd)
	}
	return err
}

func (e *Epoll) ctl(op, fd int, events uint32) error {
	if e.fd < 0 {
		return &Error{Op: "epoll_ctl", Errno: unix.EBADF}
	}
	ev := unix.EpollEvent{Events: events, Fd: int32(fd)}
	var arg *unix.EpollEvent
	if op != unix.EPOLL_CTL_DEL {
		arg = &ev
	}
	err := unix.EpollCtl(e.fd, op, fd, arg)
	if e.trace.On() {
		name := map[int]string{unix.EPOLL_CTL_ADD: "EPOLL_CTL_ADD", unix.EPOLL_CTL_MOD: "EPOLL_CTL_MOD", unix.EPOLL_CTL_DEL: "EPOLL_CTL_DEL"}[op]
		args := strconv.Itoa(e.fd) + ", " + name + ", " + strconv.Itoa(fd) + ", "
		if arg == nil {
			args += "NULL"
		} else {
			args += fmtEpollEvent(ev)
		}
		e.trace.emit(Syscall{Name: "epoll_ctl", Args: args, Ret: retOf(err), Errno: errnoOf(err)})
	}
	return sysErr("epoll_ctl", err)
}

// retOf is a call's return value as a trace shows it: 0, or -1 when it
// failed.
func retOf(err error) int {
	if err != nil {
		return -1
	}
	return 0
}

// Wait waits until at least one registered socket is ready, as
// epoll_wait(2) does, and returns at most max events (max > 0); none when
// timeout passed first. timeout 0 only looks, NoTimeout (any negative
// duration) waits with no bound of its own. A socket with bytes in its
// read-ahead buffer is reported readable (EPOLLIN), whatever the kernel
// says, when it is registered for EPOLLIN.
//
// ctx ends the wait, as it ends Poll's: ErrInterrupted when it is
// cancelled (Ctrl-C), ErrTimeout when its deadline passes. The wait
// itself is a poll(2) on the epoll descriptor (readable when an event is
// ready) and Poll's wake-up eventfd, then epoll_wait with no wait; the
// trace shows the epoll_wait, with the timeout asked for.
func (e *Epoll) Wait(ctx context.Context, max int, timeout time.Duration) ([]EpollEvent, error) {
	if e.fd < 0 {
		return nil, &Error{Op: "epoll_wait", Errno: unix.EBADF}
	}
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	if timeout < 0 {
		timeout = NoTimeout
	}
	var buffered []int // fds with bytes read ahead, in order
	for fd, w := range e.watched {
		if w.sock.open && w.sock.fd == fd && w.events&unix.EPOLLIN != 0 && w.sock.Buffered() > 0 {
			buffered = append(buffered, fd)
		}
	}
	slices.Sort(buffered)
	shownMs := pollMs(timeout, time.Now().Add(timeout))
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	buf := make([]unix.EpollEvent, max)
	var got []EpollEvent
	var err error
	for {
		left := timeout
		switch {
		case len(buffered) > 0:
			left = 0
		case timeout > 0:
			left = max0(time.Until(deadline))
		}
		pfds := make([]unix.PollFd, 1, 2)
		pfds[0] = unix.PollFd{Fd: int32(e.fd), Events: unix.POLLIN}
		if _, err = waitFDs(ctx, pfds, left); err != nil {
			break
		}
		var n int
		for {
			n, err = unix.EpollWait(e.fd, buf, 0)
			if !errors.Is(err, unix.EINTR) {
				break
			}
		}
		if err != nil {
			break
		}
		got = got[:0]
		for _, ev := range buf[:n] {
			got = append(got, EpollEvent{FD: int(ev.Fd), Events: ev.Events})
		}
		got = mergeBuffered(got, buffered, max)
		if len(got) > 0 || left == 0 || ctx.Err() != nil || !deadline.IsZero() && !time.Now().Before(deadline) {
			break
		}
		// The descriptor was readable and the event gone by epoll_wait
		// (another waiter took it): wait again for the time left.
	}
	if err == nil && len(got) == 0 && ctx.Err() != nil {
		err = ctxErr(ctx.Err())
	}
	e.traceWait(got, max, shownMs, err)
	if err != nil {
		if errors.Is(err, ErrInterrupted) || errors.Is(err, ErrTimeout) {
			return nil, err
		}
		return nil, sysErr("epoll_wait", err)
	}
	return got, nil
}

func max0(d time.Duration) time.Duration {
	if d < 0 {
		return 0
	}
	return d
}

// mergeBuffered adds EPOLLIN to the events of the fds with bytes read
// ahead, and an event for those the kernel did not report, within max.
func mergeBuffered(got []EpollEvent, buffered []int, max int) []EpollEvent {
next:
	for _, fd := range buffered {
		for i := range got {
			if got[i].FD == fd {
				got[i].Events |= unix.EPOLLIN
				continue next
			}
		}
		if len(got) < max {
			got = append(got, EpollEvent{FD: fd, Events: unix.EPOLLIN})
		}
	}
	return got
}

// traceWait shows a Wait as strace shows epoll_wait:
// `epoll_wait(3, [{events=EPOLLIN, data={u32=4, u64=4}}], 1, -1) = 1`.
func (e *Epoll) traceWait(got []EpollEvent, max, ms int, err error) {
	if !e.trace.On() {
		return
	}
	var evs strings.Builder
	evs.WriteByte('[')
	for i, ev := range got {
		if i > 0 {
			evs.WriteString(", ")
		}
		evs.WriteString(fmtEpollEvent(unix.EpollEvent{Events: ev.Events, Fd: int32(ev.FD)}))
	}
	evs.WriteByte(']')
	c := Syscall{Name: "epoll_wait", Ret: len(got), Errno: errnoOf(err),
		Args: strconv.Itoa(e.fd) + ", " + evs.String() + ", " + strconv.Itoa(max) + ", " + strconv.Itoa(ms)}
	switch {
	case errors.Is(err, ErrInterrupted), errors.Is(err, ErrTimeout):
		c.Ret, c.Out = -1, err.Error()
	case err != nil:
		c.Ret = -1
	case len(got) == 0:
		c.Out = "Timeout"
	}
	e.trace.emit(c)
}

// fmtEpollEvent is an epoll_event as strace shows it:
// {events=EPOLLIN|EPOLLOUT, data={u32=4, u64=4}}.
func fmtEpollEvent(ev unix.EpollEvent) string {
	fd := strconv.Itoa(int(ev.Fd))
	return "{events=" + fmtEpollEvents(ev.Events) + ", data={u32=" + fd + ", u64=" + fd + "}}"
}

// epollEventNames are epoll's event bits in strace's order.
var epollEventNames = []bitName{
	{unix.EPOLLIN, "EPOLLIN"}, {unix.EPOLLPRI, "EPOLLPRI"}, {unix.EPOLLOUT, "EPOLLOUT"},
	{unix.EPOLLRDNORM, "EPOLLRDNORM"}, {unix.EPOLLRDBAND, "EPOLLRDBAND"},
	{unix.EPOLLWRNORM, "EPOLLWRNORM"}, {unix.EPOLLWRBAND, "EPOLLWRBAND"},
	{unix.EPOLLMSG, "EPOLLMSG"}, {unix.EPOLLERR, "EPOLLERR"}, {unix.EPOLLHUP, "EPOLLHUP"},
	{unix.EPOLLRDHUP, "EPOLLRDHUP"}, {unix.EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE"},
	{unix.EPOLLWAKEUP, "EPOLLWAKEUP"}, {unix.EPOLLONESHOT, "EPOLLONESHOT"}, {unix.EPOLLET, "EPOLLET"},
}

// fmtEpollEvents names epoll's event bits: EPOLLIN|EPOLLOUT, or 0.
func fmtEpollEvents(ev uint32) string { return fmtBits(uint64(ev), epollEventNames) }
