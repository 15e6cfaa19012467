package sockcmd

import (
	"math"
	"strings"
	"time"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// optionCommands set and show how a socket behaves: its options, and its
// timeout (how long its calls wait).
var optionCommands = []*commands.Command{
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
