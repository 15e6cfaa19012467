package netinfo

import (
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Socket is a real socket: a file descriptor made by socket(2). The fd is
// non-blocking. A call that has to wait (accept, connect, recv, send) waits
// in Go's poller, where a timeout or a Ctrl-C can end the wait without
// closing the socket.
//
// The fd joins the poller only when a call first has to wait (see
// poller): a socket in the poller's epoll set makes the kernel run epoll's
// wake-up on every packet it receives, which cost the piped session of
// docs/performance.md about 5% of its time, and most sockets of a session
// never wait.
//
// A Socket is for one goroutine at a time, as the shell's session uses it:
// a call, or Close, from another goroutine must be ordered with the calls
// before it by the caller.
type Socket struct {
	Family, Type, Proto int

	fd      int
	open    bool            // until Close
	file    *os.File        // the fd in Go's poller; nil until a call waits
	rc      syscall.RawConn // file's, made once rather than for every call
	cleanup runtime.Cleanup // closes an fd the poller does not own yet if s is lost
	timeout time.Duration   // Python's settimeout: NoTimeout, 0 or a bound
	pending unix.Errno      // an error for the next recv or send (see Connect)

	// waiter is told when a call is about to wait (socket_wait.go).
	waiter Waiter

	// trace receives the socket's system calls (trace.go); the wait
	// fields (startWait) keep a wait's EAGAIN retries out of it.
	trace     *Trace
	waiting   bool
	waitFd    int
	waitDir   direction
	waitShown bool

	// call is the running call's attempt (wait). A socket runs one call at
	// a time, as the wait fields above assume too.
	call attempt

	// history keeps the socket's last events (history.go).
	history history

	// ahead holds bytes read ahead by the line and byte helpers, which
	// every receive returns first (socket_ahead.go).
	ahead readAhead

	// xfer is the running send's or recv's data (socket_xfer.go).
	xfer xfer

	// sendOnce and recvOnce as func values, made once in newSocket: a
	// method value made for each call would be an allocation each time.
	sendOp, recvOp func(fd int) error

	// lastLocal and lastPeer are the connection's addresses as they were
	// when the socket was closed, so that a connection the kernel keeps
	// after close (TIME_WAIT) can still be found.
	lastLocal, lastPeer Addr
}

// NewSocket makes a socket as socket(2) does. proto 0 lets the kernel
// choose, and Proto then reports 0, as Python does.
func NewSocket(family, typ, proto int) (*Socket, error) {
	return NewTracedSocket(nil, family, typ, proto)
}

func newSocket(fd, family, typ, proto int) *Socket {
	s := &Socket{
		Family: family, Type: typ, Proto: proto,
		fd:      fd,
		open:    true,
		timeout: NoTimeout,
	}
	s.sendOp, s.recvOp = s.sendOnce, s.recvOnce
	// As an os.File's finalizer would: a socket dropped without Close
	// does not keep its fd for the rest of the process.
	s.cleanup = runtime.AddCleanup(s, closeFD, fd)
	return s
}

func closeFD(fd int) { unix.Close(fd) }

// poller returns the open socket's fd as Go's poller holds it, adding it
// to the poller on the first call that has to wait. From then on the
// os.File owns the fd.
func (s *Socket) poller() syscall.RawConn {
	if s.rc == nil {
		s.cleanup.Stop() // the file's own finalizer takes over
		s.file = os.NewFile(uintptr(s.fd), "socket:"+strconv.Itoa(s.fd))
		s.rc, _ = s.file.SyscallConn() // fails only for a nil file
	}
	return s.rc
}

// closedErr is what a call named name gets on a closed socket (EBADF, as
// the kernel would say), or nil while the socket is open.
func (s *Socket) closedErr(name string) error {
	if s.open {
		return nil
	}
	return &Error{Op: name, Errno: unix.EBADF}
}

// FD returns the socket's file descriptor, or -1 once it is closed.
func (s *Socket) FD() int {
	if !s.open {
		return -1
	}
	return s.fd
}

// Closed reports whether Close was called.
func (s *Socket) Closed() bool { return !s.open }

// Close closes the socket. Closing twice is not an error, as in Python.
func (s *Socket) Close() error {
	if !s.open {
		return nil
	}
	s.lastLocal, _ = s.LocalAddr()
	s.lastPeer, _ = s.PeerAddr()
	abort := 0 // the history tells a reset from a FIN
	if s.abortive() {
		abort = 1
	}
	s.open = false
	s.ahead = readAhead{}
	var err error
	if s.file != nil {
		err = s.file.Close()
		s.file, s.rc = nil, nil
	} else {
		s.cleanup.Stop()
		err = unix.Close(s.fd)
	}
	s.record("close", 0, err, func() string { return strconv.Itoa(s.fd) })
	if s.lastLocal.Family != 0 || s.lastPeer.Family != 0 {
		s.noteAddrs(EventClose, abort, nil, s.lastLocal, s.lastPeer, err)
	} else {
		s.note(EventClose, abort, nil, err)
	}
	return sysErr("close", err)
}

// LocalAddr returns the address the socket is bound to (getsockname); an
// unbound socket reports the family's empty address, ('0.0.0.0', 0).
func (s *Socket) LocalAddr() (Addr, error) {
	return s.addr("getsockname", unix.Getsockname)
}

// Getsockname is LocalAddr as the user's own call, shown in the trace.
// LocalAddr is not: the shell calls it to show sockets (as Python's repr
// does), and those calls would bury the ones the user made.
func (s *Socket) Getsockname() (Addr, error) {
	a, err := s.LocalAddr()
	s.recordAddrCall("getsockname", a, err)
	return a, err
}

// Getpeername is PeerAddr as the user's own call, shown in the trace.
func (s *Socket) Getpeername() (Addr, error) {
	a, err := s.PeerAddr()
	s.recordAddrCall("getpeername", a, err)
	return a, err
}

// recordAddrCall traces a getsockname or getpeername the user made.
func (s *Socket) recordAddrCall(name string, a Addr, err error) {
	if !s.open {
		return // no system call was made
	}
	s.record(name, 0, err, func() string {
		if err != nil {
			return strconv.Itoa(s.fd) + ", ..."
		}
		return strconv.Itoa(s.fd) + ", " + fmtAddr(a)
	})
}

// PeerAddr returns the address of the connected peer (getpeername).
func (s *Socket) PeerAddr() (Addr, error) {
	return s.addr("getpeername", unix.Getpeername)
}

// addr is the address one of the two calls name (get) reports.
func (s *Socket) addr(name string, get func(fd int) (unix.Sockaddr, error)) (Addr, error) {
	if err := s.closedErr(name); err != nil {
		return Addr{}, err
	}
	sa, err := get(s.fd)
	if err != nil {
		return Addr{}, sysErr(name, err)
	}
	return addrFrom(s.Family, sa), nil
}
