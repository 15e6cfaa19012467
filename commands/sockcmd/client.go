package sockcmd

import (
	"context"
	"errors"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// clientCommands connect a socket to a server.
var clientCommands = []*commands.Command{
	{
		Name:    "connect",
		Py:      &commands.PySig{Method: true, Style: value.One, Params: []string{"address"}, Min: 1},
		Section: commands.SecClient,
		Params:  addrParams,
		Summary: "connect a socket to a server's address (waits for the handshake)",
		Help: `Connects the socket to ADDRESS: HOST PORT, or one address value such as
('127.0.0.1', 50000), $addr, or the last member of a getaddrinfo tuple; an
AF_UNIX socket takes a path. A TCP connect waits until the server's kernel
completes the handshake (the server need not have called accept yet: the
connection waits in its backlog). Success prints nothing; a failure is an
error whose type says why (ConnectionRefusedError: nothing listens there).
A UDP socket's connect only records the default peer.

Example:
  sockshell> client = socket AF_INET SOCK_STREAM IPPROTO_IP
  sockshell> connect client 127.0.0.1 50000`,
		Run: runConnect,
	},
	connectEx,
}

// addrParams are the parameters of the commands that take an address.
var addrParams = []commands.Param{
	{Name: "SOCKET", Kind: commands.KindSocket},
	{Name: "ADDRESS", Kind: commands.KindAny},
	{Name: "PORT", Kind: commands.KindAny, Optional: true},
}

func runConnect(c *commands.Call) (value.Value, error) {
	sk := c.Sock(0)
	a, err := commands.SockAddr("connect", sk, c.Args[1], c.Arg(2))
	if err != nil {
		return nil, err
	}
	return value.None, c.Blocking(sk, func(*commands.Call) string {
		return "connecting to " + commands.AddrStr(a) + "..."
	}, func(ctx context.Context) error { return sk.Connect(ctx, a) })
}

// connectEx is connect_ex: connect, with the errno as its result rather
// than an exception (0 for success), as C's connect returns it.
var connectEx = &commands.Command{
	Name:    "connect_ex",
	Py:      &commands.PySig{Method: true, Style: value.One, Params: []string{"address"}, Min: 1},
	Section: commands.SecClient,
	Params:  addrParams,
	Summary: "connect, giving the error number (0: connected) instead of an error",
	Help: `Connects the socket as connect does, but returns the error number
instead of raising the error: 0 when connected, 111 (ECONNREFUSED) when
nothing listens there, ... (explain NUMBER tells what one means). A
timeout or Ctrl-C is still an error.

Example:
  sockshell> s = socket
  sockshell> connect_ex s 127.0.0.1 9
  111`,
	Run: func(c *commands.Call) (value.Value, error) {
		_, err := runConnect(c)
		var ne *netinfo.Error
		if errors.As(err, &ne) {
			return value.Int(ne.Errno), nil
		}
		if err != nil {
			return nil, err
		}
		return value.Int(0), nil
	},
}
