package commands

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// A failed call on a socket gets the hint its socket's state calls for,
// where one errno stands for several mistakes: Python (and the kernel)
// call a send on a socket that never connected a broken pipe, as they do
// one after the peer has gone; a second bind, a listen after a failed
// connect and an accept on a socket that is not listening are all EINVAL.
// The state is the kernel's (getsockname, getpeername, TCP_INFO) and the
// socket's own history (a connect that failed, a shutdown).

// sockState is what a hint needs to know of a socket.
type sockState struct {
	listening bool
	local     netinfo.Addr // the address it is bound to, when bound
	bound     bool
	bindCall  bool         // bound by bind (not by connect, which binds too)
	peer      netinfo.Addr // the peer it is connected to, when connected
	connected bool
	everConn  bool       // a connection was made once (connect or accept)
	failed    unix.Errno // the error of the last connect, when none worked since
	shutWrite bool       // this side shut its sending direction down
}

// stateOf reads a socket's state.
func stateOf(sk *netinfo.Socket) sockState {
	var st sockState
	if k, err := sk.Kernel(); err == nil {
		st.listening = k.Listening
	}
	if a, err := sk.LocalAddr(); err == nil && !EmptyAddr(a) && (a.Port != 0 || a.Family == unix.AF_UNIX) {
		st.local, st.bound = a, true
	}
	if a, err := sk.PeerAddr(); err == nil {
		st.peer, st.connected, st.everConn = a, true, true
	}
	events, dropped := sk.History()
	st.everConn = st.everConn || dropped > 0 // its start is lost: it did much
	for _, e := range events {
		switch {
		case e.Errno != 0 && e.Kind == netinfo.EventConnect:
			st.failed = e.Errno
		case e.Errno != 0:
		case e.Kind == netinfo.EventBind:
			st.bindCall = true
		case e.Kind == netinfo.EventConnect, e.Kind == netinfo.EventAccepted:
			st.failed, st.everConn = 0, true
		case e.Kind == netinfo.EventShutdown && (e.N == unix.SHUT_WR || e.N == unix.SHUT_RDWR):
			st.shutWrite = true
		}
	}
	return st
}

// addrText is an address as the hints show it: Python's form.
func addrText(a netinfo.Addr) string { return value.Safe(AddrValue(a).Repr(), "") }

// failedText names a failed connect's error: "ECONNREFUSED, connection
// refused".
func failedText(errno unix.Errno) string {
	return fmt.Sprintf("%s, %s", unix.ErrnoName(errno), lowerFirst(netinfo.Strerror(errno)))
}

// lowerFirst is s with its first letter in lower case.
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// socketHint is the hint for errno from command cmd on a socket in state
// st, or "" when the errno's usual hint says it well.
func socketHint(cmd string, errno unix.Errno, st sockState) string {
	const newServer = "make a new socket for a server (socket, bind, listen)"
	switch errno {
	case unix.EPIPE, unix.ENOTCONN:
		switch {
		case st.shutWrite && errno == unix.EPIPE:
			return "this socket's sending side was shut down (shutdown SHUT_WR or SHUT_RDWR), so it can send no more; it can still receive"
		case st.listening:
			return "this is a listening socket: it accepts connections and carries no data; use the socket accept returns (conn, addr = accept S)"
		case st.failed != 0 && !st.connected:
			return "this socket's connect failed (" + failedText(st.failed) + "), so it is not connected; make a new socket and connect that one"
		case !st.everConn && isSend(cmd):
			return "this socket was never connected, so there is no one to send to (Python calls that a broken pipe too): connect it first"
		case !st.everConn && isReceive(cmd):
			return neverToReceive
		}
	case unix.EINVAL:
		switch cmd {
		case "bind":
			switch {
			case st.listening:
				return "this socket is already bound to " + addrText(st.local) + " and listening: a socket binds once; make a new socket to bind another address"
			case st.bound && !st.bindCall && (st.everConn || st.failed != 0):
				return "connect gave this socket its address already, " + addrText(st.local) + ": bind comes before connect, and once; make a new socket to bind"
			case st.bound:
				return "this socket is already bound to " + addrText(st.local) + ": a socket binds once; make a new socket to bind another address"
			}
		case "listen":
			switch {
			case st.connected:
				return "this socket is connected to " + addrText(st.peer) + ", so it cannot listen too: only a socket that never connected can; " + newServer
			case st.failed != 0:
				return "this socket's connect failed (" + failedText(st.failed) + "), and after that Linux lets it only connect again, not listen; " + newServer
			case st.everConn:
				return "this socket has been connected, so it cannot listen; " + newServer
			}
		case "accept":
			switch {
			case st.connected:
				return "this socket is connected to " + addrText(st.peer) + ": accept works only on a listening socket (the server's), not on a connection"
			case st.failed != 0 || st.everConn:
				return "accept works only on a listening socket, and this one has tried to connect; " + newServer
			case st.bound:
				return "this socket is bound to " + addrText(st.local) + " but not listening: listen S first, then accept"
			default:
				return "this socket is neither bound nor listening: bind S HOST PORT, then listen S, then accept"
			}
		}
		if !st.everConn && !st.listening && isReceive(cmd) {
			// An AF_UNIX stream socket says EINVAL where TCP says
			// ENOTCONN.
			return neverToReceive
		}
	case unix.EISCONN:
		switch {
		case st.listening:
			return "this is a listening socket (a server's): it cannot connect too; make a new socket for the client side"
		case st.connected:
			return "this socket is already connected to " + addrText(st.peer) + "; to reach another server, make a new socket"
		}
	}
	return ""
}

// neverToReceive is the hint for a receive on a socket never connected.
const neverToReceive = "this socket was never connected, so there is no one to receive from: connect it first (a server receives on the socket accept returns)"

// isSend and isReceive report whether cmd sends or receives data (recv,
// recvline, recvfrom, ...; send, sendall, sendline, ...).
func isSend(cmd string) bool    { return strings.HasPrefix(cmd, "send") }
func isReceive(cmd string) bool { return strings.HasPrefix(cmd, "recv") }

// withStateHint gives a failed socket call's error the hint its socket's
// state calls for (socketHint), as an exception; other errors pass as
// they are.
func (c *Call) withStateHint(err error) error {
	var ne *netinfo.Error
	if !errors.As(err, &ne) || len(c.Cmd.Params) == 0 || c.Cmd.Params[0].Kind != KindSocket || len(c.Args) == 0 {
		return err
	}
	sk, ok := c.Args[0].(*Socket)
	if !ok || sk.sock.Closed() {
		return err
	}
	hint := socketHint(c.Cmd.Name, ne.Errno, stateOf(sk.sock))
	if hint == "" {
		return err
	}
	e := ErrnoException(ne.Errno)
	e.Hint = hint
	return e
}
