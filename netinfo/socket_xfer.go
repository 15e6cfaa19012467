package netinfo

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// xfer is the send or recv a socket is making: what its system call reads
// and what it returns, kept in the socket for the call's attempts
// (sendOnce, recvOnce) to read.
type xfer struct {
	p     []byte        // what to send, or the buffer to receive into
	to    *Addr         // sendto's address; nil for send
	from  unix.Sockaddr // recvfrom's source, when the kernel gives one
	addr  bool          // recvfrom rather than recv: ask for the source
	flags int           // recv's flags: 0, or MSG_PEEK
	n     int           // bytes the call moved
}

// sendTo is send and sendto: both are the sendto(2) system call, as in
// Python, send with no address.
// until bounds the call's waits besides the socket's timeout (the zero time
// for no bound of its own).
func (s *Socket) sendTo(ctx context.Context, name string, p []byte, to *Addr, until time.Time) (int, error) {
	if err := s.takePending(name); err != nil {
		return 0, err
	}
	s.xfer = xfer{p: p, to: to}
	err := s.wait(ctx, name, writable, until, s.sendOp)
	n := s.xfer.n
	s.xfer = xfer{} // not to keep p alive
	return n, sysErr(name, err)
}

// sendOnce is sendTo's attempt.
func (s *Socket) sendOnce(fd int) error {
	x := &s.xfer
	for {
		n, err := sendto(fd, x.p, unix.MSG_NOSIGNAL, x.to)
		x.n = n
		if x.to != nil {
			s.noteAddrs(EventSend, n, x.p[:n], Addr{}, *x.to, err)
		} else {
			s.note(EventSend, n, x.p[:n], err)
		}
		s.record("sendto", n, err, func() string {
			args := callArgs(fd, fmtData(x.p), strconv.Itoa(len(x.p)), fmtMsgFlags(unix.MSG_NOSIGNAL))
			if x.to != nil {
				args += ", " + fmtAddr(*x.to)
			}
			return args
		})
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

// recvFrom is recv and recvfrom, both the recvfrom(2) system call as in
// Python; recv asks for no source address (withAddr false), as Python's
// does, and then from is nil.
func (s *Socket) recvFrom(ctx context.Context, name string, bufsize, flags int, withAddr bool) ([]byte, unix.Sockaddr, error) {
	pooled := recvBuffer(min(max(bufsize, 0), MaxRecv))
	defer recvBuffers.Put(pooled)
	n, from, err := s.recvInto(ctx, name, *pooled, flags, withAddr, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	return bytes.Clone((*pooled)[:n]), from, nil
}

// recvInto makes one recv (recvfrom(2), with flags) into p, waiting until
// something arrives or until passes (the zero time for no bound of its
// own), and returns how many bytes came and, with withAddr, from where.
// It is the one receive the others are made of: RecvAll and the read-ahead
// buffer read straight into their own memory through it.
func (s *Socket) recvInto(ctx context.Context, name string, p []byte, flags int, withAddr bool, until time.Time) (int, unix.Sockaddr, error) {
	if err := s.takePending(name); err != nil {
		return 0, nil, err
	}
	s.xfer = xfer{p: p, addr: withAddr, flags: flags}
	err := s.wait(ctx, name, readable, until, s.recvOp)
	x := s.xfer
	s.xfer = xfer{} // not to keep p alive
	if err != nil {
		return 0, nil, sysErr(name, err)
	}
	return x.n, x.from, nil
}

// recvOnce is recvFrom's attempt.
func (s *Socket) recvOnce(fd int) error {
	x := &s.xfer
	for {
		var err error
		if x.addr {
			x.n, x.from, err = unix.Recvfrom(fd, x.p, x.flags)
		} else {
			x.n, err = recv(fd, x.p, x.flags)
		}
		switch {
		case x.flags&unix.MSG_PEEK != 0: // nothing taken: no event
		case err != nil:
			s.note(EventRecv, 0, nil, err)
		case x.from != nil:
			s.noteAddrs(EventRecv, x.n, x.p[:x.n], Addr{}, addrFrom(s.Family, x.from), nil)
		default:
			s.note(EventRecv, x.n, x.p[:x.n], nil)
		}
		s.record("recvfrom", x.n, err, func() string {
			if err != nil {
				return callArgs(fd, "...", strconv.Itoa(len(x.p)), fmtMsgFlags(x.flags))
			}
			args := callArgs(fd, fmtData(x.p[:x.n]), strconv.Itoa(len(x.p)), fmtMsgFlags(x.flags))
			if x.from != nil {
				args += ", " + fmtAddr(addrFrom(s.Family, x.from))
			}
			return args
		})
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

// recv is recvfrom(2) without a source address, the call Python's recv
// makes. (unix.Recvfrom always asks for the address, in a buffer it
// allocates.)
func recv(fd int, p []byte, flags int) (int, error) {
	return dataCall(unix.SYS_RECVFROM, fd, p, flags, nil, 0)
}
