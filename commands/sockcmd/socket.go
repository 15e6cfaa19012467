package sockcmd

import (
	"context"
	"errors"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// socketCommands make sockets, give them addresses and connections, and
// close them. (Data goes through cmd_socket_data.go's commands; options,
// timeouts and addresses are in cmd_socket_state.go.)
var socketCommands = []*commands.Command{
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

// addrParams are the parameters of the commands that take an address.
var addrParams = []commands.Param{
	{Name: "SOCKET", Kind: commands.KindSocket},
	{Name: "ADDRESS", Kind: commands.KindAny},
	{Name: "PORT", Kind: commands.KindAny, Optional: true},
}

// adaptSocket takes socket.socket's Python arguments (family, type,
// proto, fileno) to the command's.
func adaptSocket(args []value.Value) ([]value.Value, error) {
	if args[3] != nil && args[3] != value.None {
		return nil, commands.Errorf(value.NotImplementedErr, "socket.socket(fileno=...) is not supported in sockshell")
	}
	return args[:3], nil
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
