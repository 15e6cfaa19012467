package netinfo

import (
	"context"
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// Conn is a net.Conn over a Socket, so that crypto/tls (or anything else
// that takes a net.Conn) can run on a shell socket. Its Read and Write are
// the socket's own recv and send: the trace shows them, the socket's
// timeout bounds each wait, Ctrl-C (its context's cancellation) ends one,
// and the fd stays the socket's (it is not dup'ed, as os.NewFile and
// net.FileConn would). Read returns the socket's read-ahead bytes first.
//
// The socket is for one goroutine at a time, so Conn runs one Read or
// Write at a time: one waits for the other. So a Read in one goroutine
// and a Write in another do not run together, as full-duplex use under
// load needs; the shell makes one call at a time. Close and the deadline
// setters may be called from any goroutine; Close ends a Read or Write
// under way. On a non-blocking socket (timeout 0), a Read or Write that
// would wait fails with EAGAIN, as the socket's own calls do.
//
// With crypto/tls, call the tls.Conn's Handshake, not HandshakeContext:
// HandshakeContext closes the connection when its context ends, whereas
// cancelling the Conn's own context (SetContext) ends the handshake and
// leaves the socket open.
type Conn struct {
	s *Socket

	mu sync.Mutex // held by Read, Write, SetContext and Close's closing
	// ctx is the context the calls wait under, made from the one given
	// so that Close can end a wait under way with cancel. They change
	// only with both mu and cancelMu held, and Close reads cancel with
	// cancelMu alone, not to wait for the call it must end.
	ctx      context.Context
	cancel   context.CancelFunc
	cancelMu sync.Mutex

	closed                      atomic.Bool
	readDeadline, writeDeadline atomic.Int64 // Unix nanoseconds; 0 for none
}

// NetConn returns a net.Conn whose calls wait under ctx (see SetContext).
// Closing it closes the socket.
func (s *Socket) NetConn(ctx context.Context) *Conn {
	c := &Conn{s: s}
	c.ctx, c.cancel = context.WithCancel(ctx)
	return c
}

// SetContext sets the context the next calls wait under: cancelling it
// (Ctrl-C) ends a wait with ErrInterrupted, and its deadline bounds the
// waits. The shell gives each command's context before the command's
// calls. It waits for a Read or Write under way to end.
func (c *Conn) SetContext(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cancelMu.Lock()
	defer c.cancelMu.Unlock()
	c.cancel()
	c.ctx, c.cancel = context.WithCancel(ctx)
	if c.closed.Load() {
		c.cancel()
	}
}

// Socket returns the socket the Conn runs on.
func (c *Conn) Socket() *Socket { return c.s }

// Read reads what has arrived, up to len(p) bytes, waiting until something
// does: first the socket's read-ahead bytes, then one recv straight into
// p. The peer's end of the stream is io.EOF.
func (c *Conn) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	deadline := unixNanoTime(c.readDeadline.Load())
	if err := c.check(deadline); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if buf := c.s.ahead.unread(); len(buf) > 0 {
		n := copy(p, buf)
		c.s.ahead.consume(n)
		return n, nil
	}
	n, _, err := c.s.recvInto(c.ctx, "recv", p[:min(len(p), MaxRecv)], 0, false, deadline)
	switch {
	case err != nil:
		return 0, c.fail(err)
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

// Write sends all of p, waiting as often as it must, and returns how many
// bytes went: fewer than len(p) only with an error.
func (c *Conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	deadline := unixNanoTime(c.writeDeadline.Load())
	if err := c.check(deadline); err != nil {
		return 0, err
	}
	sent := 0
	for sent < len(p) {
		n, err := c.s.sendTo(c.ctx, "send", p[sent:], nil, deadline)
		sent += n
		if err != nil {
			return sent, c.fail(err)
		}
	}
	return sent, nil
}

// check is the error of a call that cannot start: on a closed Conn, past
// its deadline, or with its context ended.
func (c *Conn) check(deadline time.Time) error {
	if c.closed.Load() || c.s.Closed() {
		return net.ErrClosed
	}
	return c.fail(checkBounds(c.ctx, deadline))
}

// fail is what a call returns for err: a timeout that net.Conn's users
// recognise, net.ErrClosed when Close ended the call, err otherwise.
func (c *Conn) fail(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrTimeout):
		return deadlineError{}
	case c.closed.Load():
		return net.ErrClosed
	}
	return err
}

// Close closes the socket, ending a Read or Write under way first.
// Closing twice returns net.ErrClosed.
func (c *Conn) Close() error {
	if c.closed.Swap(true) {
		return net.ErrClosed
	}
	c.cancelMu.Lock()
	c.cancel() // a call under way stops waiting and lets go of mu
	c.cancelMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.s.Close()
}

// LocalAddr returns the socket's local address.
func (c *Conn) LocalAddr() net.Addr {
	a, err := c.s.LocalAddr()
	if err != nil {
		a = c.s.lastLocal
	}
	return netAddr(a, c.s.Type)
}

// RemoteAddr returns the peer's address.
func (c *Conn) RemoteAddr() net.Addr {
	a, err := c.s.PeerAddr()
	if err != nil {
		a = c.s.lastPeer
	}
	return netAddr(a, c.s.Type)
}

// SetDeadline sets both the read and the write deadline.
func (c *Conn) SetDeadline(t time.Time) error {
	c.SetReadDeadline(t)
	return c.SetWriteDeadline(t)
}

// SetReadDeadline bounds the waits of the Reads that start from now on
// (besides the socket's timeout and the context); the zero time removes
// the bound. A Read past it fails with an error whose Timeout() is true
// and which matches os.ErrDeadlineExceeded and ErrTimeout.
func (c *Conn) SetReadDeadline(t time.Time) error {
	c.readDeadline.Store(timeUnixNano(t))
	return nil
}

// SetWriteDeadline bounds the Writes that start from now on, as
// SetReadDeadline does the Reads.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	c.writeDeadline.Store(timeUnixNano(t))
	return nil
}

func timeUnixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func unixNanoTime(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

// deadlineError is a Conn's timeout: a net.Error whose Timeout is true,
// matching os.ErrDeadlineExceeded as net.Conn's contract asks, and
// ErrTimeout as the shell's other calls do.
type deadlineError struct{}

func (deadlineError) Error() string   { return "i/o timeout" }
func (deadlineError) Timeout() bool   { return true }
func (deadlineError) Temporary() bool { return true }

func (deadlineError) Is(target error) bool {
	return target == os.ErrDeadlineExceeded || target == ErrTimeout
}

// netAddr is a as the net package's address for a socket of type typ.
func netAddr(a Addr, typ int) net.Addr {
	switch a.Family {
	case unix.AF_INET, unix.AF_INET6:
		ip := a.IP
		if a.ScopeID != 0 {
			ip = ip.WithZone(strconv.Itoa(int(a.ScopeID)))
		}
		ap := net.TCPAddrFromAddrPort(netip.AddrPortFrom(ip, uint16(a.Port)))
		if typ == unix.SOCK_DGRAM {
			return &net.UDPAddr{IP: ap.IP, Port: ap.Port, Zone: ap.Zone}
		}
		return ap
	}
	netw := "unix"
	switch typ {
	case unix.SOCK_DGRAM:
		netw = "unixgram"
	case unix.SOCK_SEQPACKET:
		netw = "unixpacket"
	}
	return &net.UnixAddr{Name: a.Path, Net: netw}
}
