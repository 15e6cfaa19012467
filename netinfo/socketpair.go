package netinfo

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// Socketpair makes a pair of connected sockets, as socketpair(2) does
// (Python's socket.socketpair): AF_UNIX unless family says otherwise.
func Socketpair(t *Trace, family, typ, proto int) (*Socket, *Socket, error) {
	fds, err := unix.Socketpair(family, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
	if t.On() {
		ret := 0
		if err != nil {
			ret = -1
		}
		t.emit(Syscall{Name: "socketpair", Args: fmtFamily(family) + ", " + fmtSockType(typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC) + ", " + fmtProto(family, proto) + ", [" + strconv.Itoa(fds[0]) + ", " + strconv.Itoa(fds[1]) + "]",
			Ret: ret, Errno: errnoOf(err)})
	}
	if err != nil {
		return nil, nil, sysErr("socketpair", err)
	}
	a, b := newSocket(fds[0], family, typ, proto), newSocket(fds[1], family, typ, proto)
	a.trace, b.trace = t, t
	return a, b, nil
}
