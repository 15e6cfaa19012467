package linecmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sockshell/commands"
	"time"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// lineCommands are the line and byte helpers pwntools users know: receive
// a line, up to a delimiter, or exactly N bytes, and send a line. They
// read ahead (netinfo's RecvUntil, RecvLine, RecvN): bytes past what they
// return stay in the socket, where every receive finds them first.
var lineCommands = []*commands.Command{
	{
		Name:    "recvline",
		Section: commands.SecClient,
		Params:  []commands.Param{{Name: "SOCKET", Kind: commands.KindSocket}},
		Summary: "receive one line, up to and with its b'\\n'; the rest is kept",
		Help: `Receives until a b'\n' arrives and returns the line with it, however
the peer's sends were cut: a line that comes in three parts is still one
line, and the bytes that came after it stay in the socket, where the next
recv, recvline, recvuntil, recvn or recvall finds them first (sockets
shows them as +N after the kernel's count).

If the line does not come, nothing is lost: a timeout, Ctrl-C, or the
peer closing (EOFError, as pwntools raises) says how many bytes arrived
and keeps them for the next receive.

Example:
  sockshell> sendall c b'GET / HTTP/1.0\r\n\r\n'
  sockshell> recvline c
  b'HTTP/1.1 200 OK\r\n'`,
		Run: func(c *commands.Call) (value.Value, error) {
			return recvAhead(c, func(ctx context.Context, opts netinfo.RecvOptions) ([]byte, error) {
				return c.Sock(0).RecvLine(ctx, opts)
			})
		},
	},
	{
		Name:    "recvuntil",
		Section: commands.SecClient,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "DELIM", Kind: commands.KindData},
		},
		Summary: "receive up to and with DELIM; the rest is kept",
		Help: `Receives until DELIM (bytes, or a str taken as its UTF-8 bytes) arrives
and returns everything up to and including it. Bytes after it stay in the
socket for the next receive of any kind. A timeout, Ctrl-C or the peer
closing keeps what arrived, as recvline does.

Example:
  sockshell> recvuntil c b': '
  b'login: '`,
		Run: func(c *commands.Call) (value.Value, error) {
			delim, err := delim(c, 1)
			if err != nil {
				return nil, err
			}
			return recvAhead(c, func(ctx context.Context, opts netinfo.RecvOptions) ([]byte, error) {
				return c.Sock(0).RecvUntil(ctx, delim, opts)
			})
		},
	},
	{
		Name:    "recvn",
		Section: commands.SecClient,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "N", Kind: commands.KindInt},
		},
		Summary: "receive exactly N bytes, waiting for all of them",
		Help: `Receives until N bytes have come and returns exactly N: recv returns
what is there (maybe fewer), recvn waits for the rest, as a fixed-size
header needs. Extra bytes stay in the socket for the next receive. A
timeout, Ctrl-C or the peer closing keeps what arrived, as recvline does.

Example:
  sockshell> recvn c 4
  b'\x00\x00\x00\x05'`,
		Run: runRecvn,
	},
	{
		Name:    "sendline",
		Section: commands.SecClient,
		Params:  sendParams,
		Summary: "send all of DATA and a b'\\n'",
		Help: `Sends DATA followed by b'\n', all of it (as sendall does): what pressing
Enter in nc sends. DATA is bytes, or a str sent as its UTF-8 bytes. A
protocol that wants b'\r\n' (HTTP, SMTP) needs sendall with it written
out.

Example:
  sockshell> sendline c hello
  sockshell> recvline c
  b'hello\n'`,
		Run: func(c *commands.Call) (value.Value, error) {
			p := c.Data(1)
			_, err := sendAll(c, 0, append(p[:len(p):len(p)], '\n'))
			return value.None, err
		},
	},
	{
		Name:    "sendafter",
		Section: commands.SecClient,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "DELIM", Kind: commands.KindData},
			{Name: "DATA", Kind: commands.KindData},
		},
		Summary: "recvuntil DELIM, then sendall DATA; returns what came",
		Help: `recvuntil DELIM, then sendall DATA: answer a prompt once it has come
(a password after b'Password: '). It returns what recvuntil received, up
to and including DELIM, as pwntools' sendafter does. If DELIM does not
come (a timeout, Ctrl-C, the peer closing) nothing is sent, and what
arrived is kept for the next receive.

Example:
  sockshell> sendafter c b'name? ' b'Ada\n'
  b'What is your name? '`,
		Run: runSendafter,
	},
}

func runRecvn(c *commands.Call) (value.Value, error) {
	n, err := c.Int(1, 0)
	if err != nil {
		return nil, err
	}
	switch {
	case n < 0:
		return nil, commands.Errorf(value.ValueError, "recvn needs N of 0 or more, not %d", n)
	case n > value.MaxSize:
		return nil, commands.Errorf(value.MemoryError, "recvn: N is more than sockshell's limit of %d MiB for one value", value.MaxSize>>20)
	}
	return recvAhead(c, func(ctx context.Context, opts netinfo.RecvOptions) ([]byte, error) {
		return c.Sock(0).RecvN(ctx, int(n), opts)
	})
}

func runSendafter(c *commands.Call) (value.Value, error) {
	delim, err := delim(c, 1)
	if err != nil {
		return nil, err
	}
	got, err := recvAhead(c, func(ctx context.Context, opts netinfo.RecvOptions) ([]byte, error) {
		return c.Sock(0).RecvUntil(ctx, delim, opts)
	})
	if err != nil {
		return nil, err
	}
	if _, err := sendAll(c, 0, c.Data(2)); err != nil {
		// What came is consumed: keep it as _, as recvall keeps its part.
		c.S.Keep(got)
		e := commands.AsException(err)
		e.Note = fmt.Sprintf(" (sendafter: what came up to the delimiter is kept in _: %s)", preview(got.(value.Bytes)))
		return nil, e
	}
	return got, nil
}

// delim is the delimiter argument i: bytes, or a str as its UTF-8 bytes
// (it is not sent, so no note about encoding); never empty, which would
// match before any byte.
func delim(c *commands.Call, i int) ([]byte, error) {
	var p []byte
	if s, ok := c.Args[i].(value.Str); ok {
		p = []byte(s)
	} else {
		p, _ = value.BytesLike(c.Args[i])
	}
	if len(p) == 0 {
		return nil, commands.Errorf(value.ValueError, "%s needs a DELIM of at least one byte", c.Cmd.Name)
	}
	return p, nil
}

// sendAll sends all of p on socket argument i, waiting as sendall does,
// and returns how many bytes went (all of them, unless it failed).
func sendAll(c *commands.Call, i int, p []byte) (int, error) {
	sk := c.Sock(i)
	var n int
	err := c.Blocking(sk, func(c *commands.Call) string {
		return fmt.Sprintf("sending %d bytes: waiting for the peer to read...", len(p))
	}, func(ctx context.Context) error {
		var err error
		n, err = sk.SendAll(ctx, p)
		return err
	})
	return n, err
}

// recvAhead runs a read-ahead receive (RecvLine, RecvUntil, RecvN) on
// socket argument 0 the way the shell waits, bounded by the value limit
// and in a script by its timeout as a whole unless the socket has a
// timeout of its own (a peer that never pauses must not keep it), and
// turns a receive that did not complete into an
// error that says what arrived and where it is kept.
func recvAhead(c *commands.Call, recv func(ctx context.Context, opts netinfo.RecvOptions) ([]byte, error)) (value.Value, error) {
	sk := c.Sock(0)
	opts := netinfo.RecvOptions{Max: value.MaxSize}
	if !c.S.Opts.Interactive && c.S.Opts.Timeout > 0 && sk.Timeout() == netinfo.NoTimeout {
		opts.Deadline = time.Now().Add(c.S.Opts.Timeout)
	}
	var p []byte
	var inc *netinfo.IncompleteError
	err := c.Blocking(sk, commands.WaitingToRead, func(ctx context.Context) error {
		var err error
		p, err = recv(ctx, opts)
		errors.As(err, &inc)
		return err
	})
	switch {
	case err == nil:
		return value.Bytes(p), nil
	case inc == nil:
		return nil, err
	}
	return nil, kept(c, sk, inc, p, err, opts.Deadline)
}

// kept is the error of a read-ahead receive that did not complete: why,
// and the bytes that arrived, which stay in the socket's read-ahead buffer
// for the next receive. err is what the wait returned (a script's
// timeout is already its TimeoutError), deadline the script's bound.
func kept(c *commands.Call, sk *netinfo.Socket, inc *netinfo.IncompleteError, p []byte, err error, deadline time.Time) error {
	n := len(p)
	what := "nothing arrived"
	if n > 0 {
		what = fmt.Sprintf("%d byte%s arrived and %s kept for the next recv: %s", n, value.Plural(n), isAre(n), preview(value.Bytes(p)))
	}
	const hint = "the next receive of any kind returns the kept bytes first (sockets: +N)"
	name := c.Cmd.Name
	switch {
	case errors.Is(inc.Err, netinfo.ErrTimeout) || commands.IsTimeout(err):
		e, ok := err.(*value.Exception)
		scriptBound := ok || !deadline.IsZero() && !time.Now().Before(deadline)
		after := sk.Timeout()
		if scriptBound {
			after = c.S.Opts.Timeout
			if !ok {
				e = commands.AsException(c.S.ScriptTimeout())
			}
		} else {
			e = value.Errorf(value.TimeoutError, "timed out")
			e.Hint = hint
		}
		e.Args = []value.Value{value.Str(fmt.Sprintf("timed out after %s s; %s", value.Float(after.Seconds()).Repr(), what))}
		return e
	case errors.Is(inc.Err, netinfo.ErrInterrupted):
		e := value.Errorf(value.KeyboardInterrupt, "%s stopped; %s", name, what)
		return e
	case errors.Is(inc.Err, io.EOF):
		msg := "connection closed by the peer; nothing arrived"
		if n > 0 {
			pronoun := "they are"
			if n == 1 {
				pronoun = "it is"
			}
			msg = fmt.Sprintf("connection closed by the peer after %d byte%s; %s kept for the next recv: %s", n, value.Plural(n), pronoun, preview(value.Bytes(p)))
		}
		e := value.Errorf(value.EOFError, "%s", msg)
		e.Hint = "the peer has closed its side; recv returns the kept bytes, then b''"
		return e
	case errors.Is(inc.Err, netinfo.ErrLimit):
		return value.Errorf(value.MemoryError, "%s reached sockshell's limit of %d MiB for one value; %s", name, value.MaxSize>>20, what)
	}
	e := commands.AsException(inc.Err)
	if n > 0 {
		e.Note = " (" + name + ": " + what + ")"
	}
	return e
}

// isAre is the verb for n things.
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// previewMax is how many bytes a message shows of data it mentions.
const previewMax = 40

// preview is p's repr for a message, cut after previewMax bytes.
func preview(p value.Bytes) string {
	if len(p) <= previewMax {
		return p.Repr()
	}
	return p[:previewMax].Repr() + "..."
}

// sendParams are sendline's: a socket and the data.
var sendParams = []commands.Param{
	{Name: "SOCKET", Kind: commands.KindSocket},
	{Name: "DATA", Kind: commands.KindData},
}
