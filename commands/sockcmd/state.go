package sockcmd

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/internal/layout"
	"sockshell/netinfo"
)

// stateCommands show where sockets are: a socket's addresses, and the
// session's sockets with the kernel's view of each.
var stateCommands = []*commands.Command{
	{
		Name:    "getsockname",
		Py:      &commands.PySig{Method: true, Style: value.NoArgs},
		Section: commands.SecSockets,
		Params:  []commands.Param{{Name: "SOCKET", Kind: commands.KindSocket}},
		Summary: "the socket's own address",
		Help: `Returns the local address the socket is bound to: ('0.0.0.0', 0) before
bind or connect, else the address and the port (one the kernel picked for
a client).

Example:
  sockshell> getsockname client
  ('127.0.0.1', 39846)`,
		Run: func(c *commands.Call) (value.Value, error) { return addrResult(c.Sock(0).Getsockname()) },
	},
	{
		Name:    "getpeername",
		Py:      &commands.PySig{Method: true, Style: value.NoArgs},
		Section: commands.SecSockets,
		Params:  []commands.Param{{Name: "SOCKET", Kind: commands.KindSocket}},
		Summary: "the address of the connected peer",
		Help: `Returns the address of the other end of a connected socket;
OSError: [Errno 107] Transport endpoint is not connected otherwise.

Example:
  sockshell> getpeername conn
  ('127.0.0.1', 39846)`,
		Run: func(c *commands.Call) (value.Value, error) { return addrResult(c.Sock(0).Getpeername()) },
	},
	{
		Name:    "sockets",
		Section: commands.SecSockets,
		Summary: "list the session's sockets with the kernel's view of each",
		Help: `Lists every open socket of the session: the variable that holds it, its
fd, family and type, its local and remote addresses, and what the kernel
holds for it, which Python does not show: the TCP state (CLOSE for a
fresh socket, LISTEN, ESTABLISHED, CLOSE_WAIT once the peer has closed,
...) and its queues: "recv N, send M" are the bytes waiting for recv and
the bytes sent but not yet acknowledged ("recv N+K": K more bytes that
recvline, recvuntil or recvn read past what they returned, kept in the
socket for the next receive); "accept Q/B" on a listening socket is the
connections waiting for accept out of its backlog. A
closed socket whose connection the kernel still keeps (TIME_WAIT, after
the side that closed first) is listed with "closed" as its fd.

The table fits the terminal. When it is too narrow for the full table,
the kind drops its AF_ and SOCK_ prefixes (INET/STREAM), addresses are
written host:port ([::1]:50000 for IPv6), ESTABLISHED and UNCONNECTED
become ESTAB and UNCONN (as ss writes them), then a long path loses its
start (…/demo.sock) and the queues go on a second line; narrower still,
each socket is a block of "key: value" lines. A script's output keeps
the full table unless $COLUMNS sets a width.

Example:
  sockshell> sockets`,
		Run: runSockets,
	},
}

// addrResult is getsockname's and getpeername's value: the address as a
// Python tuple, or the call's error.
func addrResult(a netinfo.Addr, err error) (value.Value, error) {
	if err != nil {
		return nil, err
	}
	return commands.AddrValue(a), nil
}

func runSockets(c *commands.Call) (value.Value, error) {
	var rows [][]string
	for _, v := range c.S.Sockets() {
		if row := socketRow(v); row != nil {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		fmt.Fprintln(c.S.Out, "no open sockets")
		return value.None, nil
	}
	layout.PrintTable(c.S.Out, c.S.Width(), socketColumns, rows)
	return value.None, nil
}

// socketColumns are the columns of `sockets`: on a narrow terminal the
// kind drops its AF_ and SOCK_ prefixes, the addresses become host:port,
// the longest states are written as ss(8) writes them (ESTAB, UNCONN),
// and then a long path loses its start, the queues go on two lines.
var socketColumns = slices.Concat(layout.PlainColumns("NAME", "FD"), []layout.Column{
	layout.CompactColumn("KIND", func(k string) string {
		return strings.ReplaceAll(strings.ReplaceAll(k, "AF_", ""), "SOCK_", "")
	}),
	layout.AddrColumn("LOCAL"),
	layout.AddrColumn("REMOTE"),
	// As ss(8) shortens them.
	layout.CompactColumn("STATE", func(st string) string {
		return strings.NewReplacer("ESTABLISHED", "ESTAB", "UNCONNECTED", "UNCONN").Replace(st)
	}),
	layout.WrapColumn("QUEUES"),
})

// socketRow is one line of `sockets`: what Python shows of the socket, then
// the kernel's view of it. A closed socket appears only while the kernel
// still keeps its connection (TIME_WAIT, say), with "closed" for its fd.
func socketRow(v *commands.Socket) []string {
	sk := v.Sock()
	name := v.Name()
	if name == "" {
		name = "-"
	}
	kind := enumName(netinfo.ClassAddressFamily, sk.Family) + "/" + enumName(netinfo.ClassSocketKind, sk.Type)
	if sk.Closed() {
		state, local, peer, ok := sk.Lingering()
		if !ok {
			return nil
		}
		return []string{name, "closed", kind, commands.AddrStr(local), commands.AddrStr(peer), state, "-"}
	}
	laddr, raddr := "-", "-"
	if a, err := sk.LocalAddr(); err == nil && !commands.EmptyAddr(a) {
		laddr = commands.AddrStr(a)
	}
	connected := false
	if a, err := sk.PeerAddr(); err == nil {
		raddr, connected = commands.AddrStr(a), true
		if commands.EmptyAddr(a) {
			raddr = "(unnamed)"
		}
	}
	state, queues := "-", "-"
	if k, err := sk.Kernel(); err == nil {
		state = k.State
		switch {
		case k.Listening:
			state = "LISTEN"
			queues = "accept" + layout.NBSP + strconv.Itoa(k.AcceptQ) + "/" + strconv.Itoa(k.Backlog)
			if sk.Family == unix.AF_UNIX {
				queues = "-"
			}
		default:
			queues = "recv" + layout.NBSP + strconv.Itoa(k.RecvQ)
			if n := sk.Buffered(); n > 0 {
				// Read from the kernel by a line helper, kept for
				// the next receive: received, but not yet returned.
				queues += "+" + strconv.Itoa(n)
			}
			queues += ", send" + layout.NBSP + strconv.Itoa(k.SendQ)
		}
		if state == "" {
			state = "UNCONNECTED"
			if connected {
				state = "CONNECTED"
			}
		}
	}
	return []string{name, strconv.Itoa(sk.FD()), kind, laddr, raddr, state, queues}
}

// enumName is a family's or a type's name (AF_INET, SOCK_STREAM), or its
// number when the socket module has no name for it.
func enumName(class netinfo.Class, n int) string {
	if name, ok := netinfo.EnumName(class, int64(n)); ok {
		return name
	}
	return strconv.Itoa(n)
}
