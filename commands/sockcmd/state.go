package sockcmd

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// socketStateCommands show and set what a socket is: its options, its
// timeout, its addresses, and the list of the session's sockets.
var socketStateCommands = []*commands.Command{
	{
		Name:    "setsockopt",
		Py:      &commands.PySig{Method: true, Style: value.Takes, Params: []string{"level", "optname", "value"}, Min: 3},
		Section: commands.SecSockets,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "LEVEL", Kind: commands.KindConst, Prefix: "SOL_"},
			{Name: "OPTION", Kind: commands.KindConst, Prefix: "SO_"},
			{Name: "VALUE", Kind: commands.KindAny},
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
		Py:      &commands.PySig{Method: true, Style: value.Takes, Params: []string{"level", "optname", "buflen"}, Min: 2},
		Section: commands.SecSockets,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "LEVEL", Kind: commands.KindConst, Prefix: "SOL_"},
			{Name: "OPTION", Kind: commands.KindConst, Prefix: "SO_"},
			{Name: "BUFLEN", Kind: commands.KindInt, Optional: true},
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
		Py:      &commands.PySig{Method: true, Style: value.One, Params: []string{"value"}, Min: 1},
		Section: commands.SecSockets,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "SECONDS", Kind: commands.KindAny},
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
		Py:      &commands.PySig{Method: true, Style: value.NoArgs},
		Section: commands.SecSockets,
		Params:  []commands.Param{{Name: "SOCKET", Kind: commands.KindSocket}},
		Summary: "show the socket's timeout in seconds (None: it blocks)",
		Help: `Shows the socket's own timeout: None for a blocking socket (the
default), 0.0 for a non-blocking one, else the seconds.

Example:
  sockshell> gettimeout conn
  2.5`,
		Run: func(c *commands.Call) (value.Value, error) {
			return commands.TimeoutValue(c.Sock(0).Timeout()), nil
		},
	},
	{
		Name:    "setblocking",
		Py:      &commands.PySig{Method: true, Style: value.One, Params: []string{"flag"}, Min: 1},
		Section: commands.SecSockets,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "FLAG", Kind: commands.KindAny},
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

// levelOpt reads setsockopt's and getsockopt's LEVEL and OPTION.
func levelOpt(c *commands.Call) (int, int, error) {
	level, err := c.CInt(1, 0)
	if err != nil {
		return 0, 0, err
	}
	opt, err := c.CInt(2, 0)
	return level, opt, err
}

func runSetsockopt(c *commands.Call) (value.Value, error) {
	level, opt, err := levelOpt(c)
	if err != nil {
		return nil, err
	}
	sk := c.Sock(0)
	switch v := c.Args[3].(type) {
	case value.Bytes:
		return value.None, sk.SetsockoptBytes(level, opt, v)
	case value.Int, value.Bool, value.Enum, *value.BigInt:
		n, _ := value.IntOf(v)
		if n < -1<<31 || n >= 1<<31 {
			return nil, commands.Errorf(value.OverflowError, "Python int too large to convert to C int")
		}
		return value.None, sk.SetsockoptInt(level, opt, int(n))
	}
	return nil, commands.Errorf(value.TypeError, "a bytes-like object is required, not '%s'", value.TypeName(c.Args[3]))
}

func runGetsockopt(c *commands.Call) (value.Value, error) {
	level, opt, err := levelOpt(c)
	if err != nil {
		return nil, err
	}
	sk := c.Sock(0)
	buflen, err := c.Int(3, 0)
	if err != nil {
		return nil, err
	}
	if buflen == 0 {
		n, err := sk.GetsockoptInt(level, opt)
		if err != nil {
			return nil, err
		}
		return value.Int(n), nil
	}
	if buflen < 0 || buflen > 1024 {
		return nil, commands.Errorf(value.OSError, "getsockopt buflen out of range")
	}
	p, err := sk.GetsockoptBytes(level, opt, int(buflen))
	if err != nil {
		return nil, err
	}
	return value.Bytes(p), nil
}

func runSettimeout(c *commands.Call) (value.Value, error) {
	d, err := timeoutArg(c.Args[1], c.Python)
	if err != nil {
		return nil, err
	}
	return value.None, c.Sock(0).SetTimeout(d)
}

// timeoutArg reads settimeout's SECONDS: a number of seconds, or None (in
// the shell form also written none) for no timeout; Python's errors
// otherwise.
func timeoutArg(v value.Value, python bool) (time.Duration, error) {
	// Python converts to nanoseconds in 64 bits first, with its own
	// words for an int and a float that do not fit, and only then checks
	// the sign.
	tooLarge := commands.Errorf(value.OverflowError, "timestamp too large to convert to C _PyTime_t")
	var d time.Duration
	switch v := v.(type) {
	case value.NoneType:
		return netinfo.NoTimeout, nil
	case value.Str:
		if strings.EqualFold(string(v), "none") && !python {
			return netinfo.NoTimeout, nil
		}
		return 0, commands.Errorf(value.TypeError, "'str' object cannot be interpreted as an integer")
	case *value.BigInt:
		return 0, tooLarge
	case value.Float:
		ns := float64(v) * float64(time.Second)
		switch {
		case math.IsNaN(ns):
			return 0, commands.Errorf(value.ValueError, "Invalid value NaN (not a number)")
		case ns >= math.MaxInt64 || ns < math.MinInt64:
			return 0, commands.Errorf(value.OverflowError, "timestamp out of range for platform time_t")
		}
		d = time.Duration(ns)
	default:
		n, ok := value.IntOf(v)
		if !ok {
			return 0, commands.Errorf(value.TypeError, "'%s' object cannot be interpreted as an integer", value.TypeName(v))
		}
		if n > math.MaxInt64/int64(time.Second) || n < math.MinInt64/int64(time.Second) {
			return 0, tooLarge
		}
		d = time.Duration(n) * time.Second
	}
	if d < 0 {
		return 0, commands.Errorf(value.ValueError, "Timeout value out of range")
	}
	return d, nil
}

func runSetblocking(c *commands.Call) (value.Value, error) {
	var on bool
	v := c.Args[1]
	switch s, isStr := v.(value.Str); {
	case isStr && !c.Python:
		switch strings.ToLower(string(s)) {
		case "true", "yes", "on":
			on = true
		case "false", "no", "off":
		default:
			return nil, commands.Errorf(value.ValueError, "setblocking: FLAG must be true or false, not %s", s.Repr())
		}
	default:
		n, err := value.Index(v)
		if err != nil {
			return nil, err
		}
		on = n != 0
	}
	d := time.Duration(0)
	if on {
		d = netinfo.NoTimeout
	}
	return value.None, c.Sock(0).SetTimeout(d)
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
	commands.PrintTable(c.S.Out, c.S.Width(), socketColumns, rows)
	return value.None, nil
}

// socketColumns are the columns of `sockets`: on a narrow terminal the
// kind drops its AF_ and SOCK_ prefixes, the addresses become host:port,
// the longest states are written as ss(8) writes them (ESTAB, UNCONN),
// and then a long path loses its start, the queues go on two lines.
var socketColumns = slices.Concat(commands.PlainColumns("NAME", "FD"), []commands.Column{
	commands.CompactColumn("KIND", func(k string) string {
		return strings.ReplaceAll(strings.ReplaceAll(k, "AF_", ""), "SOCK_", "")
	}),
	commands.AddrColumn("LOCAL"),
	commands.AddrColumn("REMOTE"),
	// As ss(8) shortens them.
	commands.CompactColumn("STATE", func(st string) string {
		return strings.NewReplacer("ESTABLISHED", "ESTAB", "UNCONNECTED", "UNCONN").Replace(st)
	}),
	commands.WrapColumn("QUEUES"),
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
			queues = "accept" + commands.NBSP + strconv.Itoa(k.AcceptQ) + "/" + strconv.Itoa(k.Backlog)
			if sk.Family == unix.AF_UNIX {
				queues = "-"
			}
		default:
			queues = "recv" + commands.NBSP + strconv.Itoa(k.RecvQ)
			if n := sk.Buffered(); n > 0 {
				// Read from the kernel by a line helper, kept for
				// the next receive: received, but not yet returned.
				queues += "+" + strconv.Itoa(n)
			}
			queues += ", send" + commands.NBSP + strconv.Itoa(k.SendQ)
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

// addrResult is getsockname's and getpeername's value: the address as a
// Python tuple, or the call's error.
func addrResult(a netinfo.Addr, err error) (value.Value, error) {
	if err != nil {
		return nil, err
	}
	return commands.AddrValue(a), nil
}
