package sockcmd

import (
	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// setupCommands make a socket and end it: all of it (close), or one
// direction of its connection (shutdown).
var setupCommands = []*commands.Command{
	{
		Name:    "socket",
		Py:      &commands.PySig{Def: true, Qual: "socket.__init__", Self: true, Params: []string{"family", "type", "proto", "fileno"}, Adapt: adaptSocket},
		Section: commands.SecSockets,
		Params: []commands.Param{
			{Name: "FAMILY", Kind: commands.KindConst, Prefix: "AF_", Optional: true},
			{Name: "TYPE", Kind: commands.KindConst, Prefix: "SOCK_", Optional: true},
			{Name: "PROTO", Kind: commands.KindConst, Prefix: "IPPROTO_", Optional: true},
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
		Py:      &commands.PySig{Method: true, Def: true},
		Section: commands.SecSockets,
		Params:  []commands.Param{{Name: "SOCKET", Kind: commands.KindSocket}},
		Summary: "close a socket",
		Help: `Closes the socket and frees its file descriptor. The variable stays, and
shows the socket as [closed]; using it again is an error, as in Python.
Closing a closed socket does nothing.

Example:
  sockshell> close foo`,
		Run: func(c *commands.Call) (value.Value, error) {
			return value.None, c.Sock(0).Close()
		},
	},
	{
		Name:    "shutdown",
		Py:      &commands.PySig{Method: true, Style: value.One, Params: []string{"how"}, Min: 1},
		Section: commands.SecSockets,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "HOW", Kind: commands.KindConst, Prefix: "SHUT_"},
		},
		Summary: "end one or both directions of a connection (SHUT_RD, SHUT_WR, SHUT_RDWR)",
		Help: `Shuts down half or all of a connection without closing the socket:
SHUT_WR tells the peer you will send no more (its recv returns b''),
SHUT_RD stops receiving, SHUT_RDWR both.

Example:
  sockshell> shutdown client SHUT_WR`,
		Run: runShutdown,
	},
}

func runSocket(c *commands.Call) (value.Value, error) {
	family, typ, proto := int64(unix.AF_INET), int64(unix.SOCK_STREAM), int64(0)
	for i, p := range []*int64{&family, &typ, &proto} {
		n, err := c.Int(i, *p)
		if err != nil {
			return nil, err
		}
		if n == -1 && c.Python {
			continue // Python's default
		}
		if n < -1<<31 || n >= 1<<31 {
			return nil, commands.Errorf(value.OverflowError, "Python int too large to convert to C int")
		}
		*p = n
	}
	sk, err := netinfo.NewTracedSocket(c.S.Tracer(), int(family), int(typ), int(proto))
	if err != nil {
		return nil, err
	}
	return c.S.NewSocket(sk), nil
}

// adaptSocket takes socket.socket's Python arguments (family, type,
// proto, fileno) to the command's.
func adaptSocket(args []value.Value) ([]value.Value, error) {
	if args[3] != nil && args[3] != value.None {
		return nil, commands.Errorf(value.NotImplementedErr, "socket.socket(fileno=...) is not supported in sockshell")
	}
	return args[:3], nil
}

func runShutdown(c *commands.Call) (value.Value, error) {
	how, err := c.CInt(1, 0)
	if err != nil {
		return nil, err
	}
	return value.None, c.Sock(0).Shutdown(how)
}
