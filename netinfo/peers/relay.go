package peers

import (
	"context"
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// A relay (Group.StartProxy) listens like any server and, for each client,
// connects to its target and copies bytes both ways: what toxiproxy does,
// on a small scale, so that a lesson can put a slow, choppy or rude link
// between a client and a well-behaved server.
//
// Each direction is copied by its own goroutine, one write for each read.
// A half-close is passed on: when the client shuts down its sending side
// (the relay reads EOF), the relay shuts down its own toward the target,
// and the other way round; once both directions have finished, the relay
// closes both sockets. A reset is passed on as a reset: when one side
// resets (or a write to it fails so), the relay closes the other side with
// SO_LINGER 0. When the target can't be reached (refused, no route, no
// answer within dialTimeout) the relay resets the client's connection, the
// nearest thing to the refusal the client would have met, and an upstream
// Closed event says why. Any other failure (the idle timeout, Stop) closes
// both sides.
//
// The server's Options act on the direction toward the client: what the
// target sends goes to the client in split pieces, after delays, cut short
// by close_after or reset_after (which then close the target's side
// too), and half_close shuts down the relay's sending side toward the client
// after the first answer (what the target sends afterwards is read and
// dropped). read=no stops the relay reading from the client, so nothing
// reaches the target and the client's sends block. The direction toward
// the target is never shaped.
//
// The idle timeout ends a relayed connection when neither direction has
// carried anything for that long.

// dialTimeout bounds a relay's connect to its target.
const dialTimeout = 10 * time.Second

// The relay's own reasons for ending a connection.
var (
	errTargetFailed   = errors.New("no connection to the target")
	errTargetFinished = errors.New("the target finished first")
)

// sideError is an error on one of a relayed connection's two sockets.
type sideError struct {
	target bool // on the socket to the target
	err    error
}

func (e *sideError) Error() string { return e.err.Error() }
func (e *sideError) Unwrap() error { return e.err }

// peerReset reports whether err is the peer's reset, seen on a read
// (ECONNRESET) or a write (EPIPE, ECONNRESET).
func peerReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// relayNote is the Closed note for the relay's own reasons; ok is false
// for the others (see closeReason).
func relayNote(err error) (note string, ok bool) {
	var se *sideError
	switch {
	case errors.Is(err, errTargetFailed):
		return TargetFailed, true
	case errors.Is(err, errTargetFinished):
		return ClosedByTarget, true
	case errors.As(err, &se) && se.target && peerReset(err):
		return ResetByTarget, true
	}
	return "", false
}

// reaches reports whether a connection to target would reach a listener
// on own (only roughly for a listener on every address: its loopback).
func reaches(target, own netip.AddrPort) bool {
	if target.Port() != own.Port() {
		return false
	}
	a := target.Addr().Unmap()
	return a == own.Addr() || own.Addr().IsUnspecified() && (a.IsLoopback() || a.IsUnspecified())
}

// relayed is one client's relayed connection: the client's conn and the
// relay's socket to the target.
type relayed struct {
	c     *conn
	up    *net.TCPConn
	local netip.AddrPort // the relay's end of up

	upIn, upOut atomic.Int64 // bytes received from and sent to the target
	// readSet and writeSet are up's deadline pushes (see conn.refresh).
	readSet, writeSet time.Time
	lastActive        atomic.Int64 // UnixNano of the last read either way

	abortOnce sync.Once
	cause     error // the first failure, which aborted both directions
	finOnce   sync.Once
	finFirst  error // io.EOF when the client finished first, else errTargetFinished
}

// relay serves one client: it connects to the target, then copies both
// ways until both directions have finished or one fails. It returns what
// ended the connection, for the Closed note.
func (s *Server) relay(c *conn) error {
	ctx, cancel := context.WithTimeout(s.ctx, dialTimeout)
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", s.target.String())
	cancel()
	if err != nil {
		if s.logging() {
			ev := Event{Type: Closed, Proto: "tcp", Conn: c.id, Upstream: true, Remote: s.target, Note: "could not connect: " + errText(err)}
			s.emit(ev)
		}
		if s.ctx.Err() != nil {
			return net.ErrClosed
		}
		c.SetLinger(0)
		return errTargetFailed
	}
	r := &relayed{c: c, up: nc.(*net.TCPConn), local: addrPort(nc.LocalAddr())}
	r.active()
	r.emit(Connected, nil, "")

	fromClient := make(chan error, 1)
	go func() {
		err := r.fromClient()
		if err != nil {
			r.abort(err)
		}
		fromClient <- err
	}()
	errT := r.fromTarget()
	if errT != nil {
		r.abort(errT)
	}
	<-fromClient
	r.up.Close()

	result := r.finFirst // both directions finished
	if r.cause != nil {
		result = r.cause
	}
	if c.ended.Load() {
		// reset_after closed the client's socket: the read from it may
		// have failed, and aborted the relay, before the write said why.
		result = errEnded
	}
	if s.logging() {
		ev := r.event(Closed)
		ev.Note, ev.In, ev.Out = c.closeNote(result, s.ctx.Err() != nil), r.upIn.Load(), r.upOut.Load()
		s.emit(ev)
	}
	return result
}

// fromClient copies what the client sends to the target, until the client
// finishes (then it passes the FIN on and returns nil) or something fails.
func (r *relayed) fromClient() error {
	c := r.c
	buf := make([]byte, smallBuf)
	for {
		n, err := c.recv(buf) // with read=no, returns only once the client has gone
		if n > 0 {
			r.active()
			if werr := r.toTarget(buf[:n]); werr != nil {
				return &sideError{target: true, err: werr}
			}
			if n == len(buf) && len(buf) < bufSize {
				buf = make([]byte, bufSize)
			}
		}
		switch {
		case err == nil:
		case r.idleButActive(err):
		case errors.Is(err, io.EOF):
			r.finished(io.EOF)
			awaitReported(&c.sendingSince)
			c.reportFin(true, "")
			c.finReported.Store(true)
			// Marked as a write under way, as toTarget does: the
			// target may answer the FIN before it is reported.
			if c.s.logging() {
				c.upSendingSince.Store(time.Now().UnixNano())
			}
			defer c.upSendingSince.Store(0)
			if err := r.up.CloseWrite(); err != nil {
				return &sideError{target: true, err: err}
			}
			r.emit(FinSent, nil, "passed on from the client")
			return nil
		default:
			return &sideError{err: err}
		}
	}
}

// toTarget writes p to the target and reports it.
func (r *relayed) toTarget(p []byte) error {
	c := r.c
	c.refresh(&r.writeSet, r.up.SetWriteDeadline)
	if c.s.logging() {
		c.upSendingSince.Store(time.Now().UnixNano())
	}
	defer c.upSendingSince.Store(0)
	// Counted before the write, as conn.writeCounted does.
	c.s.toTarget.Add(int64(len(p)))
	n, err := r.up.Write(p)
	c.s.toTarget.Add(int64(n - len(p)))
	r.upOut.Add(int64(n))
	if n > 0 {
		r.emit(Sent, p[:n], "")
	}
	return err
}

// fromTarget copies what the target sends to the client, shaped by the
// options, until the target finishes (then it passes the FIN on and
// returns nil) or something fails.
func (r *relayed) fromTarget() error {
	c := r.c
	buf := make([]byte, bufSize)
	for {
		c.refresh(&r.readSet, r.up.SetReadDeadline)
		n, err := r.up.Read(buf)
		if n > 0 {
			r.active()
			c.s.fromTarget.Add(int64(n))
			r.upIn.Add(int64(n))
			awaitReported(&c.upSendingSince)
			r.emit(Received, buf[:n], "")
			if !c.halfClosed { // after half_close, what the target sends is dropped
				if werr := c.send(buf[:n]); werr != nil && !errors.Is(werr, errHalfClosed) {
					return &sideError{err: werr}
				}
			}
		}
		switch {
		case err == nil:
		case r.idleButActive(err):
		case errors.Is(err, io.EOF):
			r.finished(errTargetFinished)
			awaitReported(&c.upSendingSince)
			r.emit(FinReceived, nil, "")
			if c.halfClosed {
				return nil
			}
			c.beginSend() // see fromClient's FIN
			defer c.endSend()
			if err := c.CloseWrite(); err != nil {
				return &sideError{err: err}
			}
			c.reportFin(false, "passed on from the target")
			return nil
		default:
			return &sideError{target: true, err: err}
		}
	}
}

// abort ends both directions after the first failure, passing a reset on
// as a reset; close_after and reset_after have already dealt with the
// client's side.
func (r *relayed) abort(err error) {
	r.abortOnce.Do(func() {
		r.c.ending.Store(true)
		r.cause = err
		var se *sideError
		if errors.As(err, &se) && peerReset(err) {
			if se.target {
				r.c.SetLinger(0)
			} else {
				r.up.SetLinger(0)
			}
		}
		r.up.Close()
		r.c.TCPConn.Close()
		r.c.cutOnce.Do(func() { close(r.c.cut) }) // and any delay
	})
}

// finished notes which side finished first.
func (r *relayed) finished(which error) { r.finOnce.Do(func() { r.finFirst = which }) }

// active notes traffic, for the idle timeout.
func (r *relayed) active() { r.lastActive.Store(time.Now().UnixNano()) }

// idleButActive reports whether err is a read's idle deadline while the
// other direction has carried something within the idle timeout: then
// the read goes on.
func (r *relayed) idleButActive(err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded) &&
		time.Since(time.Unix(0, r.lastActive.Load())) < r.c.s.limits.IdleTimeout
}

// event is an event of type t on the relay's socket to the target.
func (r *relayed) event(t EventType) Event {
	return Event{Type: t, Proto: "tcp", Conn: r.c.id, Upstream: true, Local: r.local, Remote: r.c.s.target}
}

// emit reports an event on the socket to the target, with data p (for
// Received and Sent) or note.
func (r *relayed) emit(t EventType, p []byte, note string) {
	if !r.c.s.logging() {
		return
	}
	ev := r.event(t)
	if p != nil {
		ev = withData(ev, p)
	}
	ev.Note = note
	r.c.s.emit(ev)
}

// reportFin reports a FIN on the client's socket: received from the client
// (received), or sent by the server (with why in the note).
func (c *conn) reportFin(received bool, note string) {
	if !c.s.logging() {
		return
	}
	ev := c.event(FinSent)
	if received {
		ev.Type = FinReceived
	}
	ev.Note = note
	c.s.emit(ev)
}

// errText is the plain words of a connect error: "connection refused".
func errText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno.Error()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	return err.Error()
}
