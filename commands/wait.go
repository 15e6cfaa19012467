package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// waitNoteDelay is how long a blocking call must wait before an interactive
// session says what it is waiting for: a call that completes at once (a
// queued connection, data already there) says nothing.
const waitNoteDelay = 150 * time.Millisecond

// waitState is the running blocking call, as the session's BeforeWait
// (netinfo.Waiter) sees it. A session runs one blocking call at a time.
type waitState struct {
	c            *Call
	what         func(c *Call) string // what it waits for, given the call
	sessionBound bool                 // the session's timeout bounds the call
	deadline     time.Time            // set at the first wait when sessionBound
	done, noted  chan struct{}        // the "waiting for..." note's, once started
}

// Blocking runs a call that may wait on sk, the way the shell waits:
//   - a call that completes at once costs nothing more than its system
//     call: what follows happens only when it is about to wait
//     (BeforeWait, which netinfo calls);
//   - results printed so far are flushed, so they are seen while it waits;
//   - the socket's own timeout wins; a socket with none gets the session's
//     default (a script's --timeout), so a script never hangs forever;
//   - on a terminal, a wait that lasts says what it waits for and that
//     Ctrl-C stops it; Ctrl-C cancels c.Ctx, the call returns
//     netinfo.ErrInterrupted and the socket stays usable.
func (c *Call) Blocking(sk *netinfo.Socket, what func(c *Call) string, run func(ctx context.Context) error) error {
	return c.BlockingFor(sk.Timeout() == netinfo.NoTimeout, what, run)
}

// BlockingFor is blocking for a wait that is not one socket's (select's
// over many): unbounded says it has no bound of its own, so that a
// script's default timeout bounds it. run calls the session's BeforeWait
// itself, when it is about to wait.
func (c *Call) BlockingFor(unbounded bool, what func(c *Call) string, run func(ctx context.Context) error) error {
	s := c.S
	s.wait = waitState{c: c, what: what, sessionBound: unbounded && s.Opts.Timeout > 0}
	err := run(c.Ctx)
	w := &s.wait
	if w.done != nil {
		close(w.done)
		<-w.noted
	}
	bound := w.sessionBound
	s.wait = waitState{}
	if bound && errors.Is(err, netinfo.ErrTimeout) && c.Ctx.Err() != context.Canceled {
		return s.ScriptTimeout()
	}
	return err
}

// ScriptTimeout is the TimeoutError of a call the script's default
// timeout ended, said once as a note in a script.
func (s *Session) ScriptTimeout() error {
	why := fmt.Sprintf("a script's blocking calls give up after %s; sockshell --timeout=SECONDS changes that (0 waits forever), settimeout sets one socket's own", s.Opts.Timeout)
	if !s.Opts.Interactive {
		s.NoteOnce("session-timeout", "note: %s", why)
	}
	e := Errorf(value.TimeoutError, "timed out")
	e.Hint = why
	return e
}

// BeforeWait is called by netinfo when the running call is about to wait
// (netinfo.Waiter): it flushes the results so far, starts the "waiting
// for..." note on a terminal, and gives the script's deadline.
func (s *Session) BeforeWait() time.Time {
	w := &s.wait
	s.Flush()
	if w.c == nil {
		return time.Time{}
	}
	if w.sessionBound && w.deadline.IsZero() {
		w.deadline = time.Now().Add(s.Opts.Timeout)
	}
	if s.Opts.Interactive && w.what != nil && w.done == nil {
		w.done, w.noted = make(chan struct{}), make(chan struct{})
		msg := w.what(w.c)
		go func(done, noted chan struct{}) {
			defer close(noted)
			select {
			case <-time.After(waitNoteDelay):
				s.Notef("%s (Ctrl-C to stop)", msg)
			case <-done:
			}
		}(w.done, w.noted)
	}
	return w.deadline
}

// DescribeAddr is a socket's local (or peer) address for messages, or ""
// if unknown.
func DescribeAddr(sk *netinfo.Socket, peer bool) string {
	get := sk.LocalAddr
	if peer {
		get = sk.PeerAddr
	}
	a, err := get()
	if err != nil {
		return ""
	}
	return AddrStr(a)
}

// WaitingToRead says what a receive on the call's socket (its first
// argument) waits for: the note of recv's waits and the line helpers'.
func WaitingToRead(c *Call) string {
	sk := c.Sock(0)
	if peer := DescribeAddr(sk, true); peer != "" {
		return "waiting for data from " + peer + "..."
	}
	if local := DescribeAddr(sk, false); local != "" {
		return "waiting for data on " + local + "..."
	}
	return "waiting for data..."
}
