package sockcmd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// recvCommands receive data on a socket: what has come, everything until
// the peer closes, or a datagram and its sender.
var recvCommands = []*commands.Command{
	{
		Name:    "recv",
		Py:      &commands.PySig{Method: true, Style: value.Takes, Params: []string{"bufsize", "flags"}, Min: 1},
		Section: commands.SecClient,
		Params:  recvFlagsParams,
		Summary: "receive up to BUFSIZE bytes (default 4096); waits; b'' = peer closed",
		Help: `Returns the bytes that have arrived, at most BUFSIZE (default 4096; one
call reads at most 1 MiB whatever BUFSIZE says), waiting until some do.
A message longer than BUFSIZE takes several calls, and one call may
return less than was sent. b'' means the other side has closed its end.
The bytes are always shown escaped, never sent raw to the terminal.
FLAGS are recv(2)'s: MSG_PEEK returns the bytes but leaves them for the
next recv; MSG_DONTWAIT does not wait; MSG_WAITALL waits for BUFSIZE
bytes (or the end).

Example:
  sockshell> recv conn 4096
  b'Hey, can you hear me?'
  sockshell> recv conn 4 MSG_PEEK`,
		Run: runRecv,
	},
	{
		Name:    "recvall",
		Aliases: []string{"recv_all"},
		Section: commands.SecClient,
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
		Py:      &commands.PySig{Method: true, Style: value.Takes, Params: []string{"bufsize", "flags"}, Min: 1},
		Section: commands.SecClient,
		Params:  recvParams,
		Summary: "receive a datagram and its sender: (bytes, address); waits",
		Help: `Returns (data, address): the next datagram (at most BUFSIZE bytes,
default 4096; the rest of a longer datagram is lost) and the address it
came from. On a connected TCP socket the address is None.

Example:
  sockshell> data, sender = recvfrom udp`,
		Run: runRecvfrom,
	},
}

// recvParams are the parameters of recvall and recvfrom: the size, no
// flags.
var recvParams = []commands.Param{
	{Name: "SOCKET", Kind: commands.KindSocket},
	{Name: "BUFSIZE", Kind: commands.KindInt, Optional: true},
}

// recvFlagsParams are recv's: the size, and recv(2)'s flags (MSG_PEEK
// leaves the bytes for the next recv).
var recvFlagsParams = []commands.Param{
	{Name: "SOCKET", Kind: commands.KindSocket},
	{Name: "BUFSIZE", Kind: commands.KindInt, Optional: true},
	{Name: "FLAGS", Kind: commands.KindConst, Prefix: "MSG_", Optional: true},
}

// bufsize is recv's BUFSIZE argument: 4096 when not given, refused when
// negative, as Python does (the cap at netinfo.MaxRecv is netinfo's).
func bufsize(c *commands.Call, op string) (int, error) {
	if err := noFlags(c, 2); err != nil {
		return 0, err
	}
	n, err := c.Int(1, 4096)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, commands.Errorf(value.ValueError, "negative buffersize in %s", op)
	}
	return int(min(n, netinfo.MaxRecv)), nil
}

func runRecv(c *commands.Call) (value.Value, error) {
	sk := c.Sock(0)
	flags, err := c.CInt(2, 0)
	if err != nil {
		return nil, err
	}
	size, err := c.Int(1, 4096)
	if err != nil {
		return nil, err
	}
	if size < 0 {
		return nil, commands.Errorf(value.ValueError, "negative buffersize in recv")
	}
	var p []byte
	err = c.Blocking(sk, commands.WaitingToRead, func(ctx context.Context) error {
		p, err = sk.RecvFlags(ctx, int(min(size, netinfo.MaxRecv)), flags)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(p) == 0 && size > 0 {
		c.NoteEOF(c.Socket(0))
	}
	return value.Bytes(p), nil
}

func runRecvfrom(c *commands.Call) (value.Value, error) {
	sk := c.Sock(0)
	size, err := bufsize(c, "recvfrom")
	if err != nil {
		return nil, err
	}
	var p []byte
	var from netinfo.Addr
	var ok bool
	err = c.Blocking(sk, commands.WaitingToRead, func(ctx context.Context) error {
		p, from, ok, err = sk.RecvFrom(ctx, size)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return value.Tuple{value.Bytes(p), value.None}, nil
	}
	return value.Tuple{value.Bytes(p), commands.AddrValue(from)}, nil
}

// runRecvall is the lecture's receive loop: recv until the peer closes, or
// until a wait passes the timeout, and the whole reply as one value.
func runRecvall(c *commands.Call) (value.Value, error) {
	sk := c.Sock(0)
	size, err := bufsize(c, "recv")
	if err != nil {
		return nil, err
	}
	if size == 0 {
		return nil, commands.Errorf(value.ValueError, "recvall needs a BUFSIZE of 1 or more")
	}
	// A script's timeout bounds the whole call, not only each wait: a
	// peer that never pauses (chargen) would otherwise keep it forever.
	opts := netinfo.RecvOptions{Max: value.MaxSize, Chunk: size}
	if !c.S.Opts.Interactive && c.S.Opts.Timeout > 0 {
		opts.Deadline = time.Now().Add(c.S.Opts.Timeout)
	}
	var all []byte
	err = c.Blocking(sk, commands.WaitingToRead, func(ctx context.Context) error {
		all, err = sk.RecvAll(ctx, opts)
		return err
	})
	whole := !opts.Deadline.IsZero() && !time.Now().Before(opts.Deadline)
	quiet := (errors.Is(err, netinfo.ErrTimeout) || commands.IsTimeout(err)) && !whole
	return RecvallResult(c, all, err, quiet, commands.AsException)
}

// RecvallResult is what recvall gives for the bytes all that arrived and
// the error that ended it (nil: the peer closed the stream): the bytes,
// with a note, when the stream ended or when quiet (a wait passed the
// socket's own timeout, recvall's way of ending); else an error that says
// how many bytes arrived, which are kept in _. asException turns any
// other error into the exception to raise. Plain and TLS sockets share it.
func RecvallResult(c *commands.Call, all []byte, err error, quiet bool, asException func(error) *value.Exception) (value.Value, error) {
	n := len(all)
	switch {
	case err == nil:
		c.S.Notef("recvall: %d bytes in all; the peer closed the connection", n)
		return value.Bytes(all), nil
	case quiet:
		c.S.Notef("recvall: %d bytes in all; stopped when no more came before the timeout", n)
		return value.Bytes(all), nil
	}
	// The call failed: what arrived is not lost, it is kept as _.
	c.S.Keep(value.Bytes(all))
	kept := fmt.Sprintf("%d byte%s arrived and %s kept in _", n, value.Plural(n), map[bool]string{true: "is", false: "are"}[n == 1])
	switch {
	case errors.Is(err, netinfo.ErrLimit):
		e := commands.Errorf(value.MemoryError, "recvall stopped at sockshell's limit of %d MiB: %s; the rest waits in the socket", value.MaxSize>>20, kept)
		return nil, e
	case errors.Is(err, netinfo.ErrTimeout) || commands.IsTimeout(err):
		e := commands.Errorf(value.TimeoutError, "recvall gave up after %s, the script's timeout: %s", c.S.Opts.Timeout, kept)
		e.Hint = "sockshell --timeout=SECONDS changes the limit (0: none); recv reads a part"
		return nil, e
	case errors.Is(err, netinfo.ErrInterrupted):
		return nil, commands.Errorf(value.KeyboardInterrupt, "recvall stopped: %s", kept)
	}
	e := asException(err)
	e.Note = " (recvall: " + kept + ")"
	return nil, e
}
