package commands

import (
	"context"
	"errors"
	"fmt"

	"sockshell/netinfo"
)

// socketDataCommands send and receive data on a socket, and shut its
// directions down.
var socketDataCommands = []*Command{
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
}

// The parameter lists the send and receive commands share.
var (
	dataParams = []Param{
		{Name: "SOCKET", Kind: KindSocket},
		{Name: "DATA", Kind: KindData},
	}
	recvParams = []Param{
		{Name: "SOCKET", Kind: KindSocket},
		{Name: "BUFSIZE", Kind: KindInt, Optional: true},
	}
)

func runSend(c *Call) (Value, error) {
	sk, p := c.sock(0), c.S.dataBytes(c.Args[1])
	var n int
	err := c.blocking(sk, func(*Call) string { return "waiting for room to send..." }, func(ctx context.Context) error {
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
	// The note cannot say how much has gone: SendAll reports that only when
	// it returns (and Python cannot tell either).
	return None, c.blocking(sk, func(c *Call) string {
		return fmt.Sprintf("sending %d bytes: waiting for the peer to read...", dataLen(c.Args[1]))
	}, func(ctx context.Context) error {
		_, err := sk.SendAll(ctx, p)
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
	err = c.blocking(sk, func(*Call) string { return "waiting for room to send..." }, func(ctx context.Context) error {
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

// waitingToRead says what a recv on sk waits for.
func waitingToRead(c *Call) string {
	sk := c.sock(0)
	if peer := describeAddr(sk, true); peer != "" {
		return "waiting for data from " + peer + "..."
	}
	if local := describeAddr(sk, false); local != "" {
		return "waiting for data on " + local + "..."
	}
	return "waiting for data..."
}

func runRecv(c *Call) (Value, error) {
	sk := c.sock(0)
	size, err := c.bufsize("recv")
	if err != nil {
		return nil, err
	}
	var p []byte
	err = c.blocking(sk, waitingToRead, func(ctx context.Context) error {
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
	err = c.blocking(sk, waitingToRead, func(ctx context.Context) error {
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
		err = c.blocking(sk, waitingToRead, func(ctx context.Context) error {
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
