package netinfo

import (
	"context"
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// NoTimeout is the Timeout of a blocking socket (Python's settimeout(None)):
// its calls wait until they can complete, or until their context ends.
const NoTimeout time.Duration = -1

// SetTimeout sets the socket's own timeout, as Python's settimeout: NoTimeout
// blocks, 0 makes every call non-blocking (an operation that would wait fails
// with EAGAIN), and a positive duration bounds each blocking call.
func (s *Socket) SetTimeout(d time.Duration) error {
	if err := s.closedErr("settimeout"); err != nil {
		return err
	}
	if d < 0 {
		d = NoTimeout
	}
	s.timeout = d
	return nil
}

// Timeout returns the socket's own timeout; NoTimeout for a blocking socket.
// A new socket has none, whatever the session's default for scripts is.
func (s *Socket) Timeout() time.Duration { return s.timeout }

// direction picks which half of the poller a wait uses.
type direction bool

const (
	readable direction = false
	writable direction = true
)

// A Waiter is told when a call on a socket is about to wait in the
// poller, that is only when what the call needs is not there yet
// (EAGAIN). A call that completes at once never tells it, which keeps the
// common case free of the waiting machinery: the shell flushes its output
// and starts its "waiting for..." note then.
type Waiter interface {
	// BeforeWait runs on the calling goroutine each time the call is
	// about to wait. It may return a deadline that bounds the wait besides
	// the socket's timeout and the context's deadline (the zero time for
	// none); passing it ends the call with ErrTimeout.
	BeforeWait() time.Time
}

// SetWaiter makes w the socket's Waiter (nil for none). The sockets
// Accept makes get the same one.
func (s *Socket) SetWaiter(w Waiter) { s.waiter = w }

// wait runs op until it stops reporting EAGAIN, letting Go's poller wait for
// the fd in between. It ends early with ErrTimeout when the socket's own
// timeout, ctx's deadline, the call's own deadline until (the zero time for
// none) or BeforeWait's deadline passes, and with
// ErrInterrupted when ctx is cancelled (Ctrl-C). Either way the socket stays
// open and usable: the wait is ended by a deadline on the fd, which is
// cleared before returning.
//
// op is tried once first, on the bare fd, without the poller, deadlines or
// ctx's watch: on a busy connection the data or the room is usually there
// already, and then the call costs one system call and nothing else.
//
// A non-blocking socket (timeout 0) runs op once, and EAGAIN is its result.
func (s *Socket) wait(ctx context.Context, name string, dir direction, until time.Time, op func(fd int) error) error {
	if err := s.closedErr(name); err != nil {
		return err
	}
	a := &s.call
	*a = attempt{op: op}
	if s.timeout != 0 {
		if err := ctx.Err(); err != nil {
			a.reset()
			return ctxErr(err)
		}
		s.startWait(s.fd, dir) // EAGAIN is then the start of a wait
	}
	a.try(uintptr(s.fd))
	err := a.err
	if !a.done && s.timeout != 0 {
		err = s.waitInPoller(ctx, name, dir, until)
	}
	// No defers: with this many returns they would not be open-coded, and
	// their bookkeeping would cost every call on a ready socket.
	s.endWait()
	a.reset() // not to keep op's data alive until the next call
	return err
}

// waitInPoller is wait's slow path, once the first try found the socket
// not ready: op is tried again each time the poller says the fd is ready.
func (s *Socket) waitInPoller(ctx context.Context, name string, dir direction, until time.Time) error {
	a := &s.call
	rc := s.poller()

	deadline := until
	if s.waiter != nil {
		deadline = earlier(deadline, s.waiter.BeforeWait())
	}
	if s.timeout > 0 {
		deadline = earlier(deadline, time.Now().Add(s.timeout))
	}
	if d, ok := ctx.Deadline(); ok {
		deadline = earlier(deadline, d)
	}
	setDeadline := s.file.SetReadDeadline
	rawWait := rc.Read
	if dir == writable {
		setDeadline, rawWait = s.file.SetWriteDeadline, rc.Write
	}
	if !deadline.IsZero() {
		if err := setDeadline(deadline); err != nil {
			return sysErr(name, err)
		}
	}
	// Cancelling ctx ends the wait through the deadline. The watch is
	// stopped, and a cancellation already under way waited for, before the
	// deadline is cleared, so that a late one cannot leave a deadline
	// behind to break the next call. The poller tries op again before it
	// waits, so readiness that came after the first try is not missed.
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(fired)
		setDeadline(time.Now())
	})
	err := rawWait(a.try)
	if !stop() {
		<-fired
	}
	setDeadline(time.Time{})

	switch {
	case err == nil:
		return a.err
	case errors.Is(err, os.ErrDeadlineExceeded):
		if ctx.Err() == context.Canceled {
			return ErrInterrupted
		}
		return ErrTimeout
	case errors.Is(err, os.ErrClosed):
		return &Error{Op: name, Errno: unix.EBADF}
	}
	return sysErr(name, err)
}

// earlier is the earlier of two deadlines, where the zero time is none.
func earlier(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// attempt is a call's system call as wait makes it, through the poller's
// hold on the fd: its state in one value rather than in several closures'
// variables, which a call on a busy socket would pay for each time.
type attempt struct {
	op   func(fd int) error
	err  error // what op returned last
	done bool  // op answered something other than EAGAIN
}

// try runs op once and reports whether the call is over.
func (a *attempt) try(fd uintptr) bool {
	a.err = a.op(int(fd))
	a.done = !errors.Is(a.err, unix.EAGAIN)
	return a.done
}

// reset forgets the call that ended.
func (a *attempt) reset() { *a = attempt{} }

// ctxErr is the error for a context that ended before a call could start.
func ctxErr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	return ErrInterrupted
}

// control runs a call that never waits (bind, listen, setsockopt...) on the
// fd. A socket runs one call at a time, so nothing closes the fd under it.
func (s *Socket) control(name string, op func(fd int) error) error {
	if err := s.closedErr(name); err != nil {
		return err
	}
	return sysErr(name, op(s.fd))
}
