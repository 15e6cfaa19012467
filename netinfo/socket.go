package netinfo

import (
	"os"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// Socket is a real socket: a file descriptor made by socket(2). The fd is
// non-blocking and registered with Go's poller, so that a blocking call
// (accept, connect, recv, send) waits in the poller, where a timeout or a
// Ctrl-C can end the wait without closing the socket.
type Socket struct {
	Family, Type, Proto int

	file    *os.File // owns the fd; nil once closed
	fd      int
	timeout time.Duration // Python's settimeout: NoTimeout, 0 or a bound
	pending unix.Errno    // an error for the next recv or send (see Connect)

	// lastLocal and lastPeer are the connection's addresses as they were
	// when the socket was closed, so that a connection the kernel keeps
	// after close (TIME_WAIT) can still be found.
	lastLocal, lastPeer Addr
}

// NewSocket makes a socket as socket(2) does. proto 0 lets the kernel
// choose, and Proto then reports 0, as Python does.
func NewSocket(family, typ, proto int) (*Socket, error) {
	fd, err := unix.Socket(family, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return nil, sysErr("socket", err)
	}
	return newSocket(fd, family, typ, proto), nil
}

func newSocket(fd, family, typ, proto int) *Socket {
	return &Socket{
		Family: family, Type: typ, Proto: proto,
		file:    os.NewFile(uintptr(fd), "socket:"+strconv.Itoa(fd)),
		fd:      fd,
		timeout: NoTimeout,
	}
}

// FD returns the socket's file descriptor, or -1 once it is closed.
func (s *Socket) FD() int {
	if s.file == nil {
		return -1
	}
	return s.fd
}

// Closed reports whether Close was called.
func (s *Socket) Closed() bool { return s.file == nil }

// Close closes the socket. Closing twice is not an error, as in Python.
func (s *Socket) Close() error {
	if s.file == nil {
		return nil
	}
	s.lastLocal, _ = s.LocalAddr()
	s.lastPeer, _ = s.PeerAddr()
	err := s.file.Close()
	s.file = nil
	return sysErr("close", err)
}

// LocalAddr returns the address the socket is bound to (getsockname); an
// unbound socket reports the family's empty address, ('0.0.0.0', 0).
func (s *Socket) LocalAddr() (Addr, error) {
	if s.file == nil {
		return Addr{}, &Error{Op: "getsockname", Errno: unix.EBADF}
	}
	sa, err := unix.Getsockname(s.fd)
	if err != nil {
		return Addr{}, sysErr("getsockname", err)
	}
	return addrFrom(s.Family, sa), nil
}

// PeerAddr returns the address of the connected peer (getpeername).
func (s *Socket) PeerAddr() (Addr, error) {
	if s.file == nil {
		return Addr{}, &Error{Op: "getpeername", Errno: unix.EBADF}
	}
	sa, err := unix.Getpeername(s.fd)
	if err != nil {
		return Addr{}, sysErr("getpeername", err)
	}
	return addrFrom(s.Family, sa), nil
}
