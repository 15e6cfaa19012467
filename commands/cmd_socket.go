package commands

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

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
		Name:    "connect",
		Section: SecClient,
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
	{
		Name:    "bind",
		Section: SecServer,
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
		Section: SecServer,
		Params: []Param{
			{Name: "SOCKET", Kind: KindSocket},
			{Name: "BACKLOG", Kind: KindInt, Optional: true},
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
		Section: SecServer,
		Params:  []Param{{Name: "SOCKET", Kind: KindSocket}},
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
	{
		Name:    "send",
		Section: SecClient,
		Params:  dataParams,
		Summary: "send what fits of DATA now; prints how many bytes went",
		Help: `Sends DATA (bytes such as b'hi\r\n', a str, sent as its UTF-8 bytes, or
a variable holding either) and prints how many bytes the kernel took,
which can be fewer than given. sendall sends them all.

Example:
  sockshell> send client b'hello'
  5`,
		Run: runSend,
	},
	{
		Name:    "sendall",
		Section: SecClient,
		Params:  dataParams,
		Summary: "send all of DATA, waiting as needed",
		Help: `Sends all of DATA (bytes, a str sent as UTF-8, or a variable), waiting
while the connection's buffers are full. Success prints nothing. On an
error you cannot know how much was sent. Sending to a peer that has
closed is an error (BrokenPipeError or ConnectionResetError), never a crash.

Example:
  sockshell> msg = b'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'
  sockshell> sendall client $msg`,
		Run: runSendall,
	},
	{
		Name:    "sendto",
		Section: SecClient,
		Params: []Param{
			{Name: "SOCKET", Kind: KindSocket},
			{Name: "DATA", Kind: KindData},
			{Name: "ADDRESS", Kind: KindAny},
			{Name: "PORT", Kind: KindAny, Optional: true},
		},
		Summary: "send one datagram to an address (UDP); prints its size",
		Help: `Sends DATA as one datagram to ADDRESS (HOST PORT, an address value, or
a path for AF_UNIX) and prints how many bytes it carried. A UDP socket
needs no connect; the kernel binds it to a free port on first use.

Example:
  sockshell> udp = socket AF_INET SOCK_DGRAM
  sockshell> sendto udp b'ping' 127.0.0.1 50001
  4`,
		Run: runSendto,
	},
	{
		Name:    "recv",
		Section: SecClient,
		Params:  recvParams,
		Summary: "receive up to BUFSIZE bytes (default 4096); waits; b'' = peer closed",
		Help: `Returns the bytes that have arrived, at most BUFSIZE (default 4096; one
call reads at most 1 MiB whatever BUFSIZE says), waiting until some do.
A message longer than BUFSIZE takes several calls, and one call may
return less than was sent. b'' means the other side has closed its end.
The bytes are always shown escaped, never sent raw to the terminal.

Example:
  sockshell> recv conn 4096
  b'Hey, can you hear me?'`,
		Run: runRecv,
	},
	{
		Name:    "recvall",
		Aliases: []string{"recv_all"},
		Section: SecClient,
		Params:  recvParams,
		Summary: "receive until the peer closes (or a timeout passes); the total",
		Help: `Calls recv BUFSIZE (default 4096) again and again, gathering the parts,
until the peer closes the connection or a wait passes the timeout (the
socket's own, else a script's default), and returns everything received;
a note on stderr says how many bytes came and why it stopped. This is
the lecture's "iterating until it is complete" loop, ended the reliable
way (a short part does not mean the reply is over).

Example:
  sockshell> response = recvall client`,
		Run: runRecvall,
	},
	{
		Name:    "recvfrom",
		Section: SecClient,
		Params:  recvParams,
		Summary: "receive a datagram and its sender: (bytes, address); waits",
		Help: `Returns (data, address): the next datagram (at most BUFSIZE bytes,
default 4096; the rest of a longer datagram is lost) and the address it
came from. On a connected TCP socket the address is None.

Example:
  sockshell> data, sender = recvfrom udp`,
		Run: runRecvfrom,
	},
	{
		Name:    "shutdown",
		Section: SecSockets,
		Params: []Param{
			{Name: "SOCKET", Kind: KindSocket},
			{Name: "HOW", Kind: KindConst, Prefix: "SHUT_"},
		},
		Summary: "end one or both directions of a connection (SHUT_RD, SHUT_WR, SHUT_RDWR)",
		Help: `Shuts down half or all of a connection without closing the socket:
SHUT_WR tells the peer you will send no more (its recv returns b''),
SHUT_RD stops receiving, SHUT_RDWR both.

Example:
  sockshell> shutdown client SHUT_WR`,
		Run: runShutdown,
	},
	{
		Name:    "setsockopt",
		Section: SecSockets,
		Params: []Param{
			{Name: "SOCKET", Kind: KindSocket},
			{Name: "LEVEL", Kind: KindConst, Prefix: "SOL_"},
			{Name: "OPTION", Kind: KindConst, Prefix: "SO_"},
			{Name: "VALUE", Kind: KindAny},
		},
		Summary: "set a socket option (an int, or bytes for a C struct)",
		Help: `Sets a socket option, as setsockopt(2): LEVEL is SOL_SOCKET,
IPPROTO_TCP, IPPROTO_IP...; OPTION is SO_REUSEADDR, TCP_NODELAY...;
VALUE is an int, or bytes holding the C structure the option takes.

Example:
  sockshell> setsockopt server SOL_SOCKET SO_REUSEADDR 1`,
		Run: runSetsockopt,
	},
	{
		Name:    "getsockopt",
		Section: SecSockets,
		Params: []Param{
			{Name: "SOCKET", Kind: KindSocket},
			{Name: "LEVEL", Kind: KindConst, Prefix: "SOL_"},
			{Name: "OPTION", Kind: KindConst, Prefix: "SO_"},
			{Name: "BUFLEN", Kind: KindInt, Optional: true},
		},
		Summary: "read a socket option (an int, or BUFLEN raw bytes)",
		Help: `Reads a socket option as an int, or, with BUFLEN (1 to 1024), as the raw
bytes of the C structure the kernel fills in.

Example:
  sockshell> getsockopt server SOL_SOCKET SO_REUSEADDR
  1`,
		Run: runGetsockopt,
	},
	{
		Name:    "settimeout",
		Section: SecSockets,
		Params: []Param{
			{Name: "SOCKET", Kind: KindSocket},
			{Name: "SECONDS", Kind: KindAny},
		},
		Summary: "bound the socket's waits (seconds; none: wait forever; 0: never wait)",
		Help: `Sets how long the socket's blocking calls (accept, connect, recv, send)
wait before they fail with TimeoutError: timed out. none waits forever,
0 makes the socket non-blocking (a call that would wait fails at once
with BlockingIOError). A socket's own timeout wins over a script's
default (--timeout).

Example:
  sockshell> settimeout conn 2.5`,
		Run: runSettimeout,
	},
	{
		Name:    "gettimeout",
		Section: SecSockets,
		Params:  []Param{{Name: "SOCKET", Kind: KindSocket}},
		Summary: "show the socket's timeout in seconds (None: it blocks)",
		Help: `Shows the socket's own timeout: None for a blocking socket (the
default), 0.0 for a non-blocking one, else the seconds.

Example:
  sockshell> gettimeout conn
  2.5`,
		Run: func(c *Call) (Value, error) {
			return timeoutValue(c.Args[0].(*Socket).sock.Timeout()), nil
		},
	},
	{
		Name:    "setblocking",
		Section: SecSockets,
		Params: []Param{
			{Name: "SOCKET", Kind: KindSocket},
			{Name: "FLAG", Kind: KindAny},
		},
		Summary: "true: calls wait (timeout None); false: they never wait (timeout 0.0)",
		Help: `setblocking S true makes the socket block (settimeout S none);
setblocking S false makes it non-blocking (settimeout S 0), so a call
that would wait fails with BlockingIOError: [Errno 11] Resource
temporarily unavailable.

Example:
  sockshell> setblocking server false`,
		Run: runSetblocking,
	},
	{
		Name:    "getsockname",
		Section: SecSockets,
		Params:  []Param{{Name: "SOCKET", Kind: KindSocket}},
		Summary: "the socket's own address",
		Help: `Returns the local address the socket is bound to: ('0.0.0.0', 0) before
bind or connect, else the address and the port (one the kernel picked for
a client).

Example:
  sockshell> getsockname client
  ('127.0.0.1', 39846)`,
		Run: func(c *Call) (Value, error) {
			a, err := c.Args[0].(*Socket).sock.Getsockname()
			if err != nil {
				return nil, err
			}
			return addrValue(a), nil
		},
	},
	{
		Name:    "getpeername",
		Section: SecSockets,
		Params:  []Param{{Name: "SOCKET", Kind: KindSocket}},
		Summary: "the address of the connected peer",
		Help: `Returns the address of the other end of a connected socket;
OSError: [Errno 107] Transport endpoint is not connected otherwise.

Example:
  sockshell> getpeername conn
  ('127.0.0.1', 39846)`,
		Run: func(c *Call) (Value, error) {
			a, err := c.Args[0].(*Socket).sock.Getpeername()
			if err != nil {
				return nil, err
			}
			return addrValue(a), nil
		},
	},
	{
		Name:    "sockets",
		Section: SecSockets,
		Summary: "list the session's sockets with the kernel's view of each",
		Help: `Lists every open socket of the session: the variable that holds it, its
fd, family and type, its local and remote addresses, and what the kernel
holds for it, which Python does not show: the TCP state (CLOSE for a
fresh socket, LISTEN, ESTABLISHED, CLOSE_WAIT once the peer has closed,
...) and its queues: "recv N, send M" are the bytes waiting for recv and
the bytes sent but not yet acknowledged; "accept Q/B" on a listening
socket is the connections waiting for accept out of its backlog. A
closed socket whose connection the kernel still keeps (TIME_WAIT, after
the side that closed first) is listed with "closed" as its fd.

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
	sk, err := netinfo.NewTracedSocket(c.S.tracer(), int(family), int(typ), int(proto))
	if err != nil {
		return nil, err
	}
	return c.S.newSocketValue(sk), nil
}

func runSockets(c *Call) (Value, error) {
	var rows [][]string
	for _, v := range c.S.sockets {
		if row := socketRow(v); row != nil {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		fmt.Fprintln(c.S.Out, "no open sockets")
		return None, nil
	}
	printTable(c.S.Out, []string{"NAME", "FD", "KIND", "LOCAL", "REMOTE", "STATE", "QUEUES"}, rows)
	return None, nil
}

// socketRow is one line of `sockets`: what Python shows of the socket, then
// the kernel's view of it. A closed socket appears only while the kernel
// still keeps its connection (TIME_WAIT, say), with "closed" for its fd.
func socketRow(v *Socket) []string {
	name := v.name
	if name == "" {
		name = "-"
	}
	kind := strings.TrimPrefix(enumStr(netinfo.ClassAddressFamily, v.sock.Family), "AddressFamily.") + "/" +
		strings.TrimPrefix(enumStr(netinfo.ClassSocketKind, v.sock.Type), "SocketKind.")
	if v.sock.Closed() {
		state, local, peer, ok := v.sock.Lingering()
		if !ok {
			return nil
		}
		return []string{name, "closed", kind, addrStr(local), addrStr(peer), state, "-"}
	}
	laddr, raddr := "-", "-"
	if a, err := v.sock.LocalAddr(); err == nil && !emptyAddr(a) {
		laddr = addrStr(a)
	}
	connected := false
	if a, err := v.sock.PeerAddr(); err == nil {
		raddr, connected = addrStr(a), true
		if emptyAddr(a) {
			raddr = "(unnamed)"
		}
	}
	state, queues := "-", "-"
	if k, err := v.sock.Kernel(); err == nil {
		state = k.State
		switch {
		case k.Listening:
			state = "LISTEN"
			queues = "accept " + strconv.Itoa(k.AcceptQ) + "/" + strconv.Itoa(k.Backlog)
			if v.sock.Family == unix.AF_UNIX {
				queues = "-"
			}
		default:
			queues = "recv " + strconv.Itoa(k.RecvQ) + ", send " + strconv.Itoa(k.SendQ)
		}
		if state == "" {
			state = "UNCONNECTED"
			if connected {
				state = "CONNECTED"
			}
		}
	}
	return []string{name, strconv.Itoa(v.sock.FD()), kind, laddr, raddr, state, queues}
}

// The parameter lists several socket commands share.
var (
	addrParams = []Param{
		{Name: "SOCKET", Kind: KindSocket},
		{Name: "ADDRESS", Kind: KindAny},
		{Name: "PORT", Kind: KindAny, Optional: true},
	}
	dataParams = []Param{
		{Name: "SOCKET", Kind: KindSocket},
		{Name: "DATA", Kind: KindData},
	}
	recvParams = []Param{
		{Name: "SOCKET", Kind: KindSocket},
		{Name: "BUFSIZE", Kind: KindInt, Optional: true},
	}
)

// sock is the socket argument i of a call.
func (c *Call) sock(i int) *netinfo.Socket { return c.Args[i].(*Socket).sock }

func runConnect(c *Call) (Value, error) {
	sk := c.sock(0)
	a, err := sockAddr(c.Ctx, "connect", sk, c.Args[1], c.Arg(2))
	if err != nil {
		return nil, err
	}
	return None, c.blocking(sk, func() string {
		return "connecting to " + addrStr(a) + "..."
	}, func(ctx context.Context) error { return sk.Connect(ctx, a) })
}

func runBind(c *Call) (Value, error) {
	sk := c.sock(0)
	a, err := sockAddr(c.Ctx, "bind", sk, c.Args[1], c.Arg(2))
	if err != nil {
		return nil, err
	}
	return None, sk.Bind(a)
}

func runListen(c *Call) (Value, error) {
	backlog := int64(netinfo.DefaultBacklog)
	if v := c.Arg(1); v != nil {
		backlog, _ = intValue(v)
	}
	if backlog < -1<<31 || backlog >= 1<<31 {
		return nil, pyErrorf("OverflowError", "signed integer is greater than maximum")
	}
	return None, c.sock(0).Listen(int(backlog))
}

func runAccept(c *Call) (Value, error) {
	sk := c.sock(0)
	var conn *netinfo.Socket
	var from netinfo.Addr
	err := c.blocking(sk, func() string {
		return "waiting for a connection on " + describeAddr(sk, false) + "..."
	}, func(ctx context.Context) error {
		var err error
		conn, from, err = sk.Accept(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return Tuple{c.S.newSocketValue(conn), addrValue(from)}, nil
}

func runSend(c *Call) (Value, error) {
	sk, p := c.sock(0), c.S.dataBytes(c.Args[1])
	var n int
	err := c.blocking(sk, func() string { return "waiting for room to send..." }, func(ctx context.Context) error {
		var err error
		n, err = sk.Send(ctx, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return Int(n), nil
}

func runSendall(c *Call) (Value, error) {
	sk, p := c.sock(0), c.S.dataBytes(c.Args[1])
	var sent int
	return None, c.blocking(sk, func() string {
		return fmt.Sprintf("sending: %d of %d bytes gone, waiting for the peer to read...", sent, len(p))
	}, func(ctx context.Context) error {
		var err error
		sent, err = sk.SendAll(ctx, p)
		return err
	})
}

func runSendto(c *Call) (Value, error) {
	sk := c.sock(0)
	a, err := sockAddr(c.Ctx, "sendto", sk, c.Args[2], c.Arg(3))
	if err != nil {
		return nil, err
	}
	p := c.S.dataBytes(c.Args[1])
	var n int
	err = c.blocking(sk, func() string { return "waiting for room to send..." }, func(ctx context.Context) error {
		n, err = sk.SendTo(ctx, p, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	return Int(n), nil
}

// bufsize is recv's BUFSIZE argument: 4096 when not given, refused when
// negative, as Python does (the cap at netinfo.MaxRecv is netinfo's).
func (c *Call) bufsize(op string) (int, error) {
	v := c.Arg(1)
	if v == nil {
		return 4096, nil
	}
	n, _ := intValue(v)
	if n < 0 {
		return 0, valueErrorf("negative buffersize in %s", op)
	}
	return int(min(n, netinfo.MaxRecv)), nil
}

// waitingToRead says what a recv waits for.
func waitingToRead(sk *netinfo.Socket) func() string {
	return func() string {
		if peer := describeAddr(sk, true); peer != "" {
			return "waiting for data from " + peer + "..."
		}
		if local := describeAddr(sk, false); local != "" {
			return "waiting for data on " + local + "..."
		}
		return "waiting for data..."
	}
}

func runRecv(c *Call) (Value, error) {
	sk := c.sock(0)
	size, err := c.bufsize("recv")
	if err != nil {
		return nil, err
	}
	var p []byte
	err = c.blocking(sk, waitingToRead(sk), func(ctx context.Context) error {
		p, err = sk.Recv(ctx, size)
		return err
	})
	if err != nil {
		return nil, err
	}
	return Bytes(p), nil
}

func runRecvfrom(c *Call) (Value, error) {
	sk := c.sock(0)
	size, err := c.bufsize("recvfrom")
	if err != nil {
		return nil, err
	}
	var p []byte
	var from netinfo.Addr
	var ok bool
	err = c.blocking(sk, waitingToRead(sk), func(ctx context.Context) error {
		p, from, ok, err = sk.RecvFrom(ctx, size)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return Tuple{Bytes(p), None}, nil
	}
	return Tuple{Bytes(p), addrValue(from)}, nil
}

// runRecvall is the lecture's receive loop: recv until the peer closes, or
// until a wait passes the timeout, and the whole reply as one value.
func runRecvall(c *Call) (Value, error) {
	sk := c.sock(0)
	size, err := c.bufsize("recv")
	if err != nil {
		return nil, err
	}
	if size == 0 {
		return nil, valueErrorf("recvall needs a BUFSIZE of 1 or more")
	}
	var all []byte
	calls := 0
	for {
		var p []byte
		err = c.blocking(sk, waitingToRead(sk), func(ctx context.Context) error {
			p, err = sk.Recv(ctx, size)
			return err
		})
		if err != nil {
			break
		}
		calls++
		if len(p) == 0 {
			break
		}
		all = append(all, p...)
	}
	switch {
	case err == nil:
		c.S.Notef("recvall: %d bytes in all; the peer closed the connection", len(all))
	case errors.Is(err, netinfo.ErrTimeout) || isTimeout(err):
		c.S.Notef("recvall: %d bytes in all; stopped when no more came before the timeout", len(all))
	default:
		if len(all) > 0 {
			c.S.Notef("recvall: %d bytes received before the error are dropped", len(all))
		}
		return nil, err
	}
	return Bytes(all), nil
}

// isTimeout reports an error the shell shows as TimeoutError.
func isTimeout(err error) bool {
	var pe *PyError
	return errors.As(err, &pe) && pe.Type == "TimeoutError"
}

func runShutdown(c *Call) (Value, error) {
	how, _ := intValue(c.Args[1])
	if how < -1<<31 || how >= 1<<31 {
		return nil, pyErrorf("OverflowError", "signed integer is greater than maximum")
	}
	return None, c.sock(0).Shutdown(int(how))
}

// levelOpt reads setsockopt's and getsockopt's LEVEL and OPTION.
func (c *Call) levelOpt() (int, int, error) {
	level, _ := intValue(c.Args[1])
	opt, _ := intValue(c.Args[2])
	for _, n := range []int64{level, opt} {
		if n < -1<<31 || n >= 1<<31 {
			return 0, 0, pyErrorf("OverflowError", "signed integer is greater than maximum")
		}
	}
	return int(level), int(opt), nil
}

func runSetsockopt(c *Call) (Value, error) {
	level, opt, err := c.levelOpt()
	if err != nil {
		return nil, err
	}
	sk := c.sock(0)
	switch v := c.Args[3].(type) {
	case Bytes:
		return None, sk.SetsockoptBytes(level, opt, v)
	case Int, Bool, Enum:
		n, _ := intValue(v)
		if n < -1<<31 || n >= 1<<31 {
			return nil, pyErrorf("OverflowError", "Python int too large to convert to C int")
		}
		return None, sk.SetsockoptInt(level, opt, int(n))
	}
	return nil, typeErrorf("a bytes-like object is required, not '%s'", typeName(c.Args[3]))
}

func runGetsockopt(c *Call) (Value, error) {
	level, opt, err := c.levelOpt()
	if err != nil {
		return nil, err
	}
	sk := c.sock(0)
	buflen := int64(0)
	if v := c.Arg(3); v != nil {
		buflen, _ = intValue(v)
	}
	if buflen == 0 {
		n, err := sk.GetsockoptInt(level, opt)
		if err != nil {
			return nil, err
		}
		return Int(n), nil
	}
	if buflen < 0 || buflen > 1024 {
		return nil, pyErrorf("OSError", "getsockopt buflen out of range")
	}
	p, err := sk.GetsockoptBytes(level, opt, int(buflen))
	if err != nil {
		return nil, err
	}
	return Bytes(p), nil
}

func runSettimeout(c *Call) (Value, error) {
	d, err := timeoutArg(c.Args[1])
	if err != nil {
		return nil, err
	}
	return None, c.sock(0).SetTimeout(d)
}

// timeoutArg reads settimeout's SECONDS: a number of seconds, or None
// (also written none) for no timeout; Python's errors otherwise.
func timeoutArg(v Value) (time.Duration, error) {
	var secs float64
	switch v := v.(type) {
	case NoneType:
		return netinfo.NoTimeout, nil
	case Str:
		if strings.EqualFold(string(v), "none") {
			return netinfo.NoTimeout, nil
		}
		return 0, typeErrorf("'str' object cannot be interpreted as an integer")
	case Float:
		secs = float64(v)
	default:
		n, ok := intValue(v)
		if !ok {
			return 0, typeErrorf("'%s' object cannot be interpreted as an integer", typeName(v))
		}
		secs = float64(n)
	}
	switch {
	case math.IsNaN(secs):
		return 0, valueErrorf("Invalid value NaN (not a number)")
	case secs < 0:
		return 0, valueErrorf("Timeout value out of range")
	case secs > float64(math.MaxInt64/int64(time.Second)):
		return 0, pyErrorf("OverflowError", "timeout doesn't fit into C timeval")
	}
	return time.Duration(secs * float64(time.Second)), nil
}

func runSetblocking(c *Call) (Value, error) {
	var on bool
	switch v := c.Args[1].(type) {
	case Str:
		switch strings.ToLower(string(v)) {
		case "true", "yes", "on":
			on = true
		case "false", "no", "off":
		default:
			return nil, valueErrorf("setblocking: FLAG must be true or false, not %s", v.Repr())
		}
	default:
		n, ok := intValue(v)
		if !ok {
			return nil, typeErrorf("'%s' object cannot be interpreted as an integer", typeName(v))
		}
		on = n != 0
	}
	d := time.Duration(0)
	if on {
		d = netinfo.NoTimeout
	}
	return None, c.sock(0).SetTimeout(d)
}
