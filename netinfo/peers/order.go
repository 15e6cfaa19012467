package peers

import (
	"maps"
	"slices"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// The log shows one server's events in the order they happened. Each
// connection has its own goroutine, so without care the goroutine that
// accepts client 2 can report it before client 1's goroutine has woken up
// to the end of client 1 (or before it has reported a write that client 1
// has already read), although client 1 was done before client 2 connected.
//
// So, while the log is on, the accept loop settles the server's other
// connections before it reports a new one: it asks the kernel what each
// has pending (bytes not read yet, the client's FIN or RST) and waits,
// briefly, until their goroutines have read and reported it, and until any
// write under way has been reported. What the kernel had for a connection
// when the new one was accepted happened before the new connection, as far
// as the server can know. Within one connection the order is that of its
// own goroutine, and a connection's Connected event is made before its
// goroutine starts.
//
// The wait is bounded (settleBudget per accept, and a write that has been
// blocked for blockedWrite is not waited for), so a client that never
// reads can't stall the accept loop; past the bound the order is the
// order the goroutines reached the log. A recording without the log
// (Group.SetRecord) does not settle: a relay under load would accept
// slowly for a log nobody reads.
const (
	settleBudget = 100 * time.Millisecond
	blockedWrite = 10 * time.Millisecond
	settlePoll   = 20 * time.Microsecond
)

// reportsReads reports whether kind's connections report every read in a
// Received event (the others report requests, or nothing). tls-echo does,
// but settle can't use it: the kernel counts the records waiting, not the
// plaintext that reads will report.
func reportsReads(kind Kind) bool { return kind == Echo || kind == Discard || kind == Proxy }

// settle waits until the server's open connections have reported what had
// already happened to them. It is called by the accept loop, without s.mu.
func (s *Server) settle() {
	s.mu.Lock()
	others := slices.Collect(maps.Keys(s.conns))
	s.mu.Unlock()
	deadline := time.Now().Add(settleBudget)
	for _, c := range others {
		c.settle(deadline)
	}
}

// settle waits until c has reported what the kernel holds for it now, or
// until deadline.
func (c *conn) settle(deadline time.Time) {
	hup, queued := c.pending()
	target := c.in.Load() + int64(queued)
	for !c.closedReported.Load() && time.Now().Before(deadline) {
		if (!hup || c.finReported.Load()) && !c.writing() && (!c.reportsReads || c.reported.Load() >= target) {
			return
		}
		time.Sleep(settlePoll)
	}
}

// pending asks the kernel whether the client has ended its side (FIN or
// RST, not yet read) and how many bytes wait to be read.
func (c *conn) pending() (hup bool, queued int) {
	rc, err := c.TCPConn.SyscallConn()
	if err != nil {
		return false, 0
	}
	rc.Control(func(fd uintptr) {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN | unix.POLLRDHUP}}
		if n, err := unix.Poll(fds, 0); err != nil || n == 0 {
			return
		}
		hup = fds[0].Revents&(unix.POLLRDHUP|unix.POLLHUP|unix.POLLERR) != 0
		if fds[0].Revents&unix.POLLIN != 0 {
			queued, _ = unix.IoctlGetInt(int(fd), unix.SIOCINQ)
		}
	})
	return hup, queued
}

// beginSend marks a reported write as under way, while the log is on;
// endSend, once its event is made.
func (c *conn) beginSend() {
	if c.s.logging() {
		c.sendingSince.Store(time.Now().UnixNano())
	}
}

func (c *conn) endSend() { c.sendingSince.Store(0) }

// writing reports whether a reported write is under way (to the client, or
// a relay's to its target), and has not been blocked so long that the peer
// is evidently not reading.
func (c *conn) writing() bool {
	return underWay(c.sendingSince.Load()) || underWay(c.upSendingSince.Load())
}

// underWay reports whether since marks a write under way (see
// conn.sendingSince) that has not been blocked for blockedWrite.
func underWay(since int64) bool {
	return since != 0 && time.Since(time.Unix(0, since)) < blockedWrite
}

// awaitReported waits, for at most settleBudget, until the write under way
// that since marks (if any) has been reported. A relay copies each
// direction in its own goroutine: before one reports what a peer sent, the
// other must have reported the write that the peer may have been
// answering, or the log would show the answer before the question.
func awaitReported(since *atomic.Int64) {
	deadline := time.Now().Add(settleBudget)
	for underWay(since.Load()) && time.Now().Before(deadline) {
		time.Sleep(settlePoll)
	}
}
