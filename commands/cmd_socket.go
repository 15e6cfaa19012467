package commands

import (
	"fmt"
	"strings"

	"golang.org/x/sys/unix"

	"sockshell/netinfo"
)

// socketCommands make, use and close sockets.
var socketCommands = []*Command{
	{
		Name:    "socket",
		Section: SecSockets,
		Params: []Param{
			{Name: "FAMILY", Kind: KindConst, Prefix: "AF_", Optional: true},
			{Name: "TYPE", Kind: KindConst, Prefix: "SOCK_", Optional: true},
			{Name: "PROTO", Kind: KindConst, Prefix: "IPPROTO_", Optional: true},
		},
		Summary: "make a new socket (default AF_INET SOCK_STREAM 0)",
		Help: `Makes a real socket with socket(2) and returns it. FAMILY is AF_INET
(IPv4, the default), AF_INET6 or AF_UNIX; TYPE is SOCK_STREAM (TCP, the
default) or SOCK_DGRAM (UDP); PROTO is 0 (the default: the kernel picks
the protocol that goes with the type), IPPROTO_TCP or IPPROTO_UDP.
A fresh socket is not bound yet, so its laddr is ('0.0.0.0', 0).

Example:
  sockshell> foo = socket
  sockshell> foo
  <socket.socket fd=3, family=AddressFamily.AF_INET, type=SocketKind.SOCK_STREAM, proto=0, laddr=('0.0.0.0', 0)>
  sockshell> udp = socket AF_INET SOCK_DGRAM IPPROTO_UDP`,
		Run: runSocket,
	},
	{
		Name:    "close",
		Section: SecSockets,
		Params:  []Param{{Name: "SOCKET", Kind: KindSocket}},
		Summary: "close a socket",
		Help: `Closes the socket and frees its file descriptor. The variable stays, and
shows the socket as [closed]; using it again is an error, as in Python.
Closing a closed socket does nothing.

Example:
  sockshell> close foo`,
		Run: func(c *Call) (Value, error) {
			return None, c.Args[0].(*Socket).close()
		},
	},
	{
		Name:    "sockets",
		Section: SecSockets,
		Summary: "list the session's open sockets",
		Help: `Lists every open socket of the session: the variable that holds it, its
fd, family and type, and its local and remote addresses.

Example:
  sockshell> sockets`,
		Run: runSockets,
	},
}

func runSocket(c *Call) (Value, error) {
	family, typ, proto := int64(unix.AF_INET), int64(unix.SOCK_STREAM), int64(0)
	for i, p := range []*int64{&family, &typ, &proto} {
		if v := c.Arg(i); v != nil {
			*p, _ = intValue(v)
		}
	}
	for _, n := range []int64{family, typ, proto} {
		if n < -1<<31 || n >= 1<<31 {
			return nil, pyErrorf("OverflowError", "Python int too large to convert to C int")
		}
	}
	sk, err := netinfo.NewSocket(int(family), int(typ), int(proto))
	if err != nil {
		return nil, err
	}
	return c.S.newSocketValue(sk), nil
}

func runSockets(c *Call) (Value, error) {
	w := c.S.Out
	var rows [][]string
	for _, v := range c.S.sockets {
		if v.sock.Closed() {
			continue
		}
		name := v.name
		if name == "" {
			name = "-"
		}
		laddr, raddr := "-", "-"
		if a, err := v.sock.LocalAddr(); err == nil && !emptyAddr(a) {
			laddr = addrValue(a).Repr()
		}
		if a, err := v.sock.PeerAddr(); err == nil {
			raddr = addrValue(a).Repr()
		}
		kind := strings.TrimPrefix(enumStr(netinfo.ClassAddressFamily, v.sock.Family), "AddressFamily.") + "/" +
			strings.TrimPrefix(enumStr(netinfo.ClassSocketKind, v.sock.Type), "SocketKind.")
		rows = append(rows, []string{name, fmt.Sprint(v.sock.FD()), kind, laddr, raddr})
	}
	if len(rows) == 0 {
		fmt.Fprintln(w, "no open sockets")
		return None, nil
	}
	printTable(w, []string{"NAME", "FD", "KIND", "LOCAL", "REMOTE"}, rows)
	return None, nil
}
