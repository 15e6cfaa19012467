package sockcmd

import (
	"context"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// serverCommands make a socket a server: bound to its address, listening,
// and taking the connections that come.
var serverCommands = []*commands.Command{
	{
		Name:    "bind",
		Py:      &commands.PySig{Method: true, Style: value.One, Params: []string{"address"}, Min: 1},
		Section: commands.SecServer,
		Params:  addrParams,
		Summary: "bind a socket to a local address and port",
		Help: `Binds the socket to a local ADDRESS: HOST PORT or an address value, or a
path for AF_UNIX. A server binds to the address clients will connect to;
port 0 lets the kernel pick a free port, and host '' (or 0.0.0.0) means
every local address. Binding a port another socket holds fails with
OSError: [Errno 98] Address already in use; setsockopt S SOL_SOCKET
SO_REUSEADDR 1 before bind allows reuse of a port whose old connections
linger in TIME_WAIT.

Example:
  sockshell> server = socket AF_INET SOCK_STREAM IPPROTO_TCP
  sockshell> bind server 127.0.0.1 50000`,
		Run: runBind,
	},
	{
		Name:    "listen",
		Py:      &commands.PySig{Method: true, Style: value.Takes, Params: []string{"backlog"}},
		Section: commands.SecServer,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "BACKLOG", Kind: commands.KindInt, Optional: true},
		},
		Summary: "make a bound socket accept connections (default backlog 128)",
		Help: `Marks the socket as a server socket. BACKLOG is how many connections the
kernel will complete and hold for accept (default 128, as Python's
min(SOMAXCONN, 128)). Clients that connect while the queue is full wait
(or, after a while, fail). ` + "`sockets`" + ` shows the queue filling up.

Example:
  sockshell> listen server 1`,
		Run: runListen,
	},
	{
		Name:    "accept",
		Py:      &commands.PySig{Method: true, Def: true},
		Section: commands.SecServer,
		Params:  []commands.Param{{Name: "SOCKET", Kind: commands.KindSocket}},
		Summary: "take the next connection: (new socket, client address); waits",
		Help: `Takes the next completed connection off a listening socket's queue and
returns (connection, address): a NEW socket for talking to that client,
and the client's address. If no client has connected yet it waits (a
terminal shows what it waits for; Ctrl-C stops the wait and leaves the
server socket usable). Assign both parts at once.

Example:
  sockshell> conn, addr = accept server
  sockshell> addr
  ('127.0.0.1', 39846)`,
		Run: runAccept,
	},
}

func runBind(c *commands.Call) (value.Value, error) {
	sk := c.Sock(0)
	a, err := commands.SockAddr("bind", sk, c.Args[1], c.Arg(2))
	if err != nil {
		return nil, err
	}
	return value.None, commands.AddrInUse(sk, a, sk.Bind(a))
}

func runListen(c *commands.Call) (value.Value, error) {
	backlog, err := c.CInt(1, netinfo.DefaultBacklog)
	if err != nil {
		return nil, err
	}
	return value.None, c.Sock(0).Listen(backlog)
}

func runAccept(c *commands.Call) (value.Value, error) {
	sk := c.Sock(0)
	var conn *netinfo.Socket
	var from netinfo.Addr
	err := c.Blocking(sk, func(c *commands.Call) string {
		return "waiting for a connection on " + commands.DescribeAddr(c.Sock(0), false) + "..."
	}, func(ctx context.Context) error {
		var err error
		conn, from, err = sk.Accept(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return value.Tuple{c.S.NewSocket(conn), commands.AddrValue(from)}, nil
}
