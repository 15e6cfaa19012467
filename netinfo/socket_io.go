package netinfo

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// MaxRecv bounds the buffer of one recv or recvfrom: asking for more reads
// at most this many bytes, as one recv may return fewer bytes than asked for
// anyway. It keeps `recv s 1000000000000` from allocating what it names.
const MaxRecv = 1 << 20

// DefaultBacklog is listen's backlog when none is given: Python's
// min(SOMAXCONN, 128).
const DefaultBacklog = 128

// Bind binds the socket to a local address (bind(2)).
func (s *Socket) Bind(a Addr) error {
	if err := checkAddr(a); err != nil {
		return err
	}
	return s.control("bind", func(fd int) error {
		err := addrCall(unix.SYS_BIND, fd, a)
		s.record("bind", 0, err, func() string { return callArgs(fd, fmtAddr(a)) })
		s.noteAddrs(EventBind, 0, nil, a, Addr{}, err)
		return err
	})
}

// Listen marks the socket as accepting connections, with room for backlog
// connections that the kernel has completed but accept has not taken yet.
// A negative backlog is 0, as in Python.
func (s *Socket) Listen(backlog int) error {
	backlog = max(backlog, 0)
	return s.control("listen", func(fd int) error {
		err := unix.Listen(fd, backlog)
		s.record("listen", 0, err, func() string { return callArgs(fd, strconv.Itoa(backlog)) })
		s.note(EventListen, backlog, nil, err)
		return err
	})
}

// Shutdown shuts down one or both halves of the connection (unix.SHUT_RD,
// SHUT_WR or SHUT_RDWR).
func (s *Socket) Shutdown(how int) error {
	return s.control("shutdown", func(fd int) error {
		err := unix.Shutdown(fd, how)
		s.record("shutdown", 0, err, func() string { return callArgs(fd, fmtShutHow(how)) })
		s.note(EventShutdown, how, nil, err)
		return err
	})
}

// Connect connects the socket to a (connect(2)). A stream socket's connect
// waits for the handshake to finish: the kernel answers EINPROGRESS, the
// poller waits until the fd is writable, and SO_ERROR then holds the outcome
// (ECONNREFUSED, say). A non-blocking socket reports EINPROGRESS, as Python.
func (s *Socket) Connect(ctx context.Context, a Addr) error {
	if err := checkAddr(a); err != nil {
		return err
	}
	var started bool
	err := s.control("connect", func(fd int) error {
		err := addrCall(unix.SYS_CONNECT, fd, a)
		s.record("connect", 0, err, func() string { return callArgs(fd, fmtAddr(a)) })
		if errors.Is(err, unix.ECONNABORTED) && s.timeout == NoTimeout {
			// A non-blocking connect that failed leaves its failure for
			// the next connect(2), which reports ECONNABORTED and clears
			// it. A blocking socket (Python's default) never sees that:
			// its connect tries again, so this one does too.
			err = addrCall(unix.SYS_CONNECT, fd, a)
			s.record("connect", 0, err, func() string { return callArgs(fd, fmtAddr(a)) })
		}
		started = errors.Is(err, unix.EINPROGRESS)
		return err
	})
	if !started {
		s.noteConnect(a, err)
	}
	if !started || s.timeout == 0 {
		return err
	}
	err = s.wait(ctx, "connect", writable, time.Time{}, func(fd int) error {
		// The poller's readiness is reset just before this first runs,
		// so ask the kernel directly whether the handshake is over.
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		if n, err := unix.Poll(pfd, 0); err != nil || n == 0 {
			return unix.EAGAIN
		}
		soErr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
		s.record("getsockopt", 0, err, func() string {
			return callArgs(fd, fmtLevelOpt(unix.SOL_SOCKET, unix.SO_ERROR), fmtOptInt(unix.SOL_SOCKET, unix.SO_ERROR, soErr), "[4]")
		})
		if err != nil {
			return err
		}
		switch e := unix.Errno(soErr); {
		case e == unix.ECONNRESET || e == unix.EPIPE:
			// The handshake completed and the peer reset the
			// connection right after: a blocking connect(2) would
			// have succeeded, and the next call reported the reset.
			// Reading SO_ERROR cleared it, so keep it for that call.
			s.pending = e
		case e != 0:
			return e
		}
		return nil
	})
	if err == nil {
		// A second connect(2) after the handshake returns 0 and marks the
		// socket connected at the socket layer, so that a later connect
		// fails with EISCONN, as after a blocking connect.
		s.control("connect", func(fd int) error {
			err := addrCall(unix.SYS_CONNECT, fd, a)
			s.record("connect", 0, err, func() string { return callArgs(fd, fmtAddr(a)) })
			return nil
		})
	}
	s.noteConnect(a, err)
	return sysErr("connect", err)
}

// noteConnect adds the end of a connect to a to the history.
func (s *Socket) noteConnect(a Addr, err error) {
	local, _ := s.LocalAddr()
	s.noteAddrs(EventConnect, 0, nil, local, a, err)
}

// Accept takes the next connection off a listening socket's queue, waiting
// for one, and returns it as a new socket (non-blocking and close-on-exec,
// like every socket here) with the peer's address.
func (s *Socket) Accept(ctx context.Context) (*Socket, Addr, error) {
	var nfd int
	var sa unix.Sockaddr
	err := s.wait(ctx, "accept", readable, time.Time{}, func(fd int) error {
		var err error
		for {
			nfd, sa, err = unix.Accept4(fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
			s.record("accept4", nfd, err, func() string {
				peer := "..."
				if err == nil {
					peer = fmtAddr(addrFrom(s.Family, sa))
				}
				return callArgs(fd, peer, fmtAcceptFlags(unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC))
			})
			if !errors.Is(err, unix.EINTR) && !errors.Is(err, unix.ECONNABORTED) {
				return err
			}
		}
	})
	if err != nil {
		s.note(EventAccept, 0, nil, err)
		return nil, Addr{}, sysErr("accept", err)
	}
	conn := newSocket(nfd, s.Family, s.Type, s.Proto)
	conn.trace = s.trace
	conn.waiter = s.waiter
	peer := addrFrom(s.Family, sa)
	local, _ := conn.LocalAddr()
	s.noteAddrs(EventAccept, nfd, nil, local, peer, nil)
	conn.noteAddrs(EventAccepted, s.fd, nil, local, peer, nil)
	return conn, peer, nil
}

// Send sends what it can of p at once, waiting only until some of it fits,
// and returns how many bytes went (send(2)). MSG_NOSIGNAL makes a closed
// peer an EPIPE error instead of a SIGPIPE that would end the shell.
func (s *Socket) Send(ctx context.Context, p []byte) (int, error) {
	return s.sendTo(ctx, "send", p, nil, time.Time{})
}

// SendTo sends one datagram to a (sendto(2)) and returns its size.
func (s *Socket) SendTo(ctx context.Context, p []byte, a Addr) (int, error) {
	if err := checkAddr(a); err != nil {
		return 0, err
	}
	return s.sendTo(ctx, "sendto", p, &a, time.Time{})
}

// SendAll sends all of p, waiting as often as it must, and returns how many
// bytes were sent, which is less than len(p) only with an error (a timeout,
// an interruption, a closed peer). The socket's timeout bounds each wait, as
// Python's sendall does.
func (s *Socket) SendAll(ctx context.Context, p []byte) (int, error) {
	sent := 0
	for {
		n, err := s.Send(ctx, p[sent:])
		sent += n
		if err != nil || sent == len(p) {
			return sent, err
		}
	}
}

// Recv reads up to bufsize bytes (recv(2)), waiting until some arrive. An
// empty result means the peer has closed its side (or sent an empty
// datagram). bufsize is capped at MaxRecv. Bytes in the read-ahead buffer
// (Buffered) are returned first, without a system call.
func (s *Socket) Recv(ctx context.Context, bufsize int) ([]byte, error) {
	return s.RecvFlags(ctx, bufsize, 0)
}

// RecvFlags is Recv with recv(2)'s flags: MSG_PEEK leaves what it reads
// for the next recv, MSG_DONTWAIT does not wait, MSG_WAITALL waits until
// bufsize bytes have come (or the peer closes).
func (s *Socket) RecvFlags(ctx context.Context, bufsize, flags int) ([]byte, error) {
	if bufsize == 0 {
		// Python's recv(0) returns b'' at once, without a system call; a
		// recv(2) of 0 bytes would wait for data it cannot take.
		return []byte{}, nil
	}
	if bufsize > 0 && s.Buffered() > 0 {
		if flags&unix.MSG_PEEK != 0 {
			return bytes.Clone(s.ahead.buf[s.ahead.r:min(s.ahead.w, s.ahead.r+bufsize)]), nil
		}
		return s.takeBuffered(min(bufsize, MaxRecv)), nil
	}
	if flags&unix.MSG_WAITALL != 0 {
		return s.RecvN(ctx, min(bufsize, MaxRecv), RecvOptions{})
	}
	p, _, err := s.recvFrom(ctx, "recv", bufsize, flags, false)
	return p, err
}

// RecvFrom reads one datagram (or up to bufsize bytes of a stream) and the
// address it came from; ok is false when the kernel gives no address (a
// connected stream socket), where Python returns None. Bytes in the
// read-ahead buffer come first, with the address of the datagram they
// came in.
func (s *Socket) RecvFrom(ctx context.Context, bufsize int) (p []byte, from Addr, ok bool, err error) {
	if bufsize > 0 && s.Buffered() > 0 {
		sa := s.ahead.from
		p = s.takeBuffered(min(bufsize, MaxRecv))
		if sa == nil {
			return p, Addr{}, false, nil
		}
		return p, addrFrom(s.Family, sa), true, nil
	}
	p, sa, err := s.recvFrom(ctx, "recvfrom", bufsize, 0, true)
	if err != nil || sa == nil {
		return p, Addr{}, false, err
	}
	return p, addrFrom(s.Family, sa), true, nil
}

// recvBuffers holds the buffers recv reads into: a result is copied out at
// its own size (as Python shrinks its buffer to what arrived), so that a
// session of many small recvs does not allocate and clear BUFSIZE bytes
// for each one.
var recvBuffers = sync.Pool{New: func() any { return new([]byte) }}

// recvBuffer returns a buffer of n bytes from recvBuffers; the caller puts
// the same pointer back (putting the address of a copy would allocate it).
func recvBuffer(n int) *[]byte {
	p := recvBuffers.Get().(*[]byte)
	if cap(*p) < n {
		*p = make([]byte, n)
	}
	*p = (*p)[:n]
	return p
}

// takePending returns, once, an error the kernel reported early (see
// Connect), as the kernel itself reports a socket's pending error once.
func (s *Socket) takePending(name string) error {
	if s.pending == 0 || !s.open {
		return nil
	}
	e := s.pending
	s.pending = 0
	return &Error{Op: name, Errno: e}
}
