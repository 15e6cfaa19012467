package peers

import (
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// How a connection carries out its server's Options. Everything a service
// writes goes through conn.Write (or send, which reports it), so the
// options shape every answer of every service alike; read=no is carried out
// by conn.Read.

// The errors with which a write tells the service to stop.
var (
	errEnded      = errors.New("connection ended by close_after or reset_after")
	errHalfClosed = errors.New("sending side shut down by half_close")
)

// Write sends p as the server's options shape it, and counts what it
// sends.
func (c *conn) Write(p []byte) (int, error) { return c.write(p, false) }

// write sends p: in pieces of at most opts.Split bytes, each after
// opts.Delay, ending the connection once opts.EndAfter bytes have gone, and
// shutting down the sending side after it when opts.HalfClose asks. When
// report is set and the log is on, each piece that goes out is reported in
// a Sent event of its own.
func (c *conn) write(p []byte, report bool) (int, error) {
	o := &c.opts
	if !o.shapesWrites() {
		n, err := c.writeCounted(p)
		if report {
			c.reportSent(p[:n])
		}
		return n, err
	}
	if c.halfClosed {
		return 0, errHalfClosed
	}
	done := 0
	for done < len(p) {
		piece := p[done:]
		if o.Split > 0 && len(piece) > o.Split {
			piece = piece[:o.Split]
		}
		if o.End != KeepOpen {
			left := o.EndAfter - c.out
			if left <= 0 {
				return done, c.end()
			}
			if int64(len(piece)) > left {
				piece = piece[:left]
			}
		}
		if o.Delay > 0 {
			if err := c.pause(o.Delay); err != nil {
				return done, err
			}
		}
		// Pieces and pauses can add up to more than the idle timeout.
		c.refresh(&c.writeSet, c.SetWriteDeadline)
		n, err := c.writeCounted(piece)
		if o.Split > 0 && err == nil {
			c.pushPiece()
		}
		if report {
			c.reportSent(piece[:n])
		}
		done += n
		if err != nil {
			return done, err
		}
	}
	if o.End != KeepOpen && c.out >= o.EndAfter {
		return done, c.end()
	}
	if o.HalfClose {
		c.halfClosed = true
		if err := c.CloseWrite(); err != nil {
			return done, err
		}
		c.reportFin(false, "half_close")
		return done, errHalfClosed
	}
	return done, nil
}

// pushPiece makes sure a piece just written leaves as a segment of its
// own. TCP_NODELAY is not enough on its own: Linux's autocorking, and on
// loopback its small-queue limit (TSQ), hold a small write back while the
// previous segment is still on its way below TCP, and the next write then
// joins it. Setting TCP_NODELAY again pushes out what is held
// (tcp_push_pending_frames), and pushPiece then yields until the kernel
// has sent everything (SIOCOUTQNSD: bytes not yet sent), which is almost
// always at once and rarely takes more than a few milliseconds. When the
// bytes stay unsent (the client's window is closed: it does not read),
// pushPiece gives up after pushWait, and waits less until a piece leaves.
func (c *conn) pushPiece() {
	rc, err := c.TCPConn.SyscallConn()
	if err != nil {
		return
	}
	var deadline time.Time
	for {
		unsent := 0
		rc.Control(func(fd uintptr) {
			unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
			unsent, _ = unix.IoctlGetInt(int(fd), unix.SIOCOUTQNSD)
		})
		switch {
		case unsent == 0:
			c.pushStuck = false
			return
		case deadline.IsZero():
			wait := pushWait
			if c.pushStuck {
				wait = pushWaitStuck
			}
			deadline = time.Now().Add(wait)
		case time.Now().After(deadline):
			c.pushStuck = true
			return
		}
		runtime.Gosched()
	}
}

// How long pushPiece waits for a piece to leave: at most pushWait, and
// only pushWaitStuck while the pieces before have not left in time (the
// yields keep a core busy).
const (
	pushWait      = 5 * time.Millisecond
	pushWaitStuck = 100 * time.Microsecond
)

// writeCounted writes p to the socket and counts the bytes. The server's
// counter goes up before the write, not after it: the client may have the
// bytes, and look at the counters, before the write returns here. What the
// write did not send is taken back, so once a client has received N bytes
// Stats().Out is at least N, and it is exact whenever no write is under way.
func (c *conn) writeCounted(p []byte) (int, error) {
	c.s.out.Add(int64(len(p)))
	n, err := c.stream.Write(p)
	if n < len(p) {
		c.s.out.Add(int64(n - len(p)))
	}
	c.out += int64(n)
	return n, err
}

// reportSent makes a Sent event for p, when the log is on.
func (c *conn) reportSent(p []byte) {
	if len(p) > 0 && c.s.logging() {
		c.s.emit(withData(c.event(Sent), p))
	}
}

// pause waits for d, or until the server stops or the connection is cut.
func (c *conn) pause(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-c.s.ctx.Done():
		return net.ErrClosed
	case <-c.cut:
		return net.ErrClosed
	}
}

// end ends the connection now, as opts.End says: close_after shuts down the
// sending side (the client reads a FIN, after close_notify over TLS; handle
// closes the socket after dropQueued), reset_after closes with SO_LINGER 0
// (the kernel sends RST and drops whatever is still unsent; over TLS no
// alert goes before it: the client's TLS library sees the TCP reset).
func (c *conn) end() error {
	c.ending.Store(true)
	c.ended.Store(true)
	if c.opts.End == ResetAfter {
		c.SetLinger(0)
		c.TCPConn.Close()
	} else {
		c.CloseWrite()
	}
	return errEnded
}

// dropQueued reads and drops what has arrived and not been read, so that
// the close after close_after sends no RST: closing a socket with unread
// bytes would reset the connection, which is reset_after's lesson, not
// close_after's. Bytes that arrive after the close are reset by the kernel,
// as for any closed socket. With read=no nothing is read, so the close may
// reset.
func (c *conn) dropQueued() {
	if c.opts.NoRead {
		return
	}
	if _, queued := c.pending(); queued > 0 {
		c.SetReadDeadline(time.Now().Add(time.Second))
		// The kernel counts bytes on the wire: over TLS, records, which
		// are dropped undecrypted (and uncounted: In counts plaintext).
		var r io.Reader = c
		if c.s.tls != nil {
			r = c.TCPConn
		}
		io.CopyN(io.Discard, r, int64(queued))
	}
}

// awaitHangup waits, without reading anything, until the client closes or
// resets the connection (read=no), or the read deadline passes. It returns
// io.EOF for a close, the socket's error (ECONNRESET) for a reset. Go's
// poller wakes it on each edge (bytes, FIN or RST arriving), and poll(2)
// with POLLRDHUP tells a FIN from mere bytes.
func (c *conn) awaitHangup() error {
	rc, err := c.TCPConn.SyscallConn()
	if err != nil {
		return err
	}
	var gone error
	err = rc.Read(func(fd uintptr) bool {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLRDHUP}}
		if n, err := unix.Poll(fds, 0); err != nil || n == 0 {
			return false
		}
		gone = io.EOF
		if fds[0].Revents&unix.POLLERR != 0 {
			if errno, err := unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_ERROR); err == nil && errno != 0 {
				gone = syscall.Errno(errno)
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	return gone
}

// closeNote is the Note of the connection's Closed event.
func (c *conn) closeNote(err error, stopping bool) string {
	if stopping {
		return ClosedStopped
	}
	if errors.Is(err, errEnded) {
		if c.opts.End == ResetAfter {
			return fmt.Sprintf("reset by the server (reset_after=%d)", c.opts.EndAfter)
		}
		return fmt.Sprintf("closed by the server (close_after=%d)", c.opts.EndAfter)
	}
	if note, ok := relayNote(err); ok {
		return note
	}
	return closeReason(err, stopping)
}
