package sockcmd

import (
	"context"
	"fmt"

	"sockshell/commands"
	"sockshell/commands/value"
)

// sendCommands send data on a socket: what fits, all of it, or a
// datagram to an address.
var sendCommands = []*commands.Command{
	{
		Name:    "send",
		Py:      &commands.PySig{Method: true, Style: value.Takes, Params: []string{"data", "flags"}, Min: 1},
		Section: commands.SecClient,
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
		Py:      &commands.PySig{Method: true, Style: value.Takes, Params: []string{"data", "flags"}, Min: 1},
		Section: commands.SecClient,
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
		Py:      &commands.PySig{Method: true, Bind: sendtoArgs},
		Section: commands.SecClient,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "DATA", Kind: commands.KindData},
			{Name: "ADDRESS", Kind: commands.KindAny},
			{Name: "PORT", Kind: commands.KindAny, Optional: true},
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
}

// dataParams are the parameters of send and sendall.
var dataParams = []commands.Param{
	{Name: "SOCKET", Kind: commands.KindSocket},
	{Name: "DATA", Kind: commands.KindData},
}

func runSend(c *commands.Call) (value.Value, error) {
	if err := noFlags(c, 2); err != nil {
		return nil, err
	}
	sk, p := c.Sock(0), c.Data(1)
	var n int
	err := c.Blocking(sk, func(*commands.Call) string { return "waiting for room to send..." }, func(ctx context.Context) error {
		var err error
		n, err = sk.Send(ctx, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return value.Int(n), nil
}

func runSendall(c *commands.Call) (value.Value, error) {
	if err := noFlags(c, 2); err != nil {
		return nil, err
	}
	sk, p := c.Sock(0), c.Data(1)
	return value.None, c.Blocking(sk, sendallNote, func(ctx context.Context) error {
		_, err := sk.SendAll(ctx, p)
		return err
	})
}

// sendallNote is sendall's "waiting" note. It cannot say how much has
// gone: SendAll reports that only when it returns (and Python cannot tell
// either). It reads the data from the call, not from a closure, which
// would cost every sendall an allocation.
func sendallNote(c *commands.Call) string {
	return fmt.Sprintf("sending %d bytes: waiting for the peer to read...", len(c.Data(1)))
}

func runSendto(c *commands.Call) (value.Value, error) {
	sk := c.Sock(0)
	a, err := commands.SockAddr("sendto", sk, c.Args[2], c.Arg(3))
	if err != nil {
		return nil, err
	}
	p := c.Data(1)
	var n int
	err = c.Blocking(sk, func(*commands.Call) string { return "waiting for room to send..." }, func(ctx context.Context) error {
		n, err = sk.SendTo(ctx, p, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	return value.Int(n), nil
}

// sendtoArgs binds Python's sendto(data[, flags], address), whose
// optional argument sits in the middle, to the command's SOCKET DATA
// ADDRESS (and flags after).
func sendtoArgs(args []value.Value, kw []value.Kw) ([]value.Value, error) {
	if len(kw) > 0 {
		return nil, commands.Errorf(value.TypeError, "socket.sendto() takes no keyword arguments")
	}
	switch len(args) {
	case 2:
		return []value.Value{args[0], args[1], nil, nil}, nil
	case 3:
		return []value.Value{args[0], args[2], nil, args[1]}, nil
	}
	return nil, commands.Errorf(value.TypeError, "sendto() takes 2 or 3 arguments (%d given)", len(args))
}

// noFlags refuses the flags argument i of send and recv unless it is 0:
// the shell's calls take none.
func noFlags(c *commands.Call, i int) error {
	n, err := c.Int(i, 0)
	if err != nil {
		return err
	}
	if n != 0 {
		return commands.Errorf(value.NotImplementedErr, "%s with flags is not supported in sockshell; leave them out", c.Cmd.Name)
	}
	return nil
}
