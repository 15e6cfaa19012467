package selectmod

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sockshell/commands"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// Python's select module: select.select and select.poll objects over the
// session's sockets, with Python's results and messages. Both wait in
// poll(2) (netinfo.Poll): it gives select(2)'s answers without its limit
// of 1024 descriptors, and a trace shows it with the fds that were ready.
// select.epoll objects are left out: selectors.DefaultSelector is a real
// epoll instance (selectors.go).

// poll(2)'s bits that golang.org/x/sys/unix does not name (their values
// on Linux's common architectures: x86, arm, riscv).
const (
	pollRDNORM = 0x40
	pollRDBAND = 0x80
	pollWRNORM = 0x100
	pollWRBAND = 0x200
	pollMSG    = 0x400
)

// fdSetSize is select(2)'s FD_SETSIZE: Python's select.select refuses
// descriptors from there up, though sockshell's poll(2) has no such limit.
const fdSetSize = 1024

// servedAt is when a select of the session last found something ready.
type servedAt struct{ at time.Time }

// served is the session's servedAt.
func served(s *commands.Session) *servedAt {
	return s.State(servedAt{}, func() any { return new(servedAt) }).(*servedAt)
}

// selectModule is Python's select module.
func selectModule(s *commands.Session) *value.Module {
	m := &value.Module{Name: "select", Names: map[string]value.Value{
		"select":   selectFunc(s),
		"poll":     pollFunc(s),
		"error":    value.OSError,
		"PIPE_BUF": value.Int(4096), // Linux's
		"epoll": value.NewBuiltin("epoll", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			return nil, commands.Errorf(value.NotImplementedErr, "select.epoll() is not supported in sockshell; use selectors.DefaultSelector() (an epoll instance) or select.poll()")
		}),
	}}
	for _, c := range []struct {
		name string
		v    int64
	}{
		{"POLLIN", unix.POLLIN}, {"POLLPRI", unix.POLLPRI}, {"POLLOUT", unix.POLLOUT},
		{"POLLERR", unix.POLLERR}, {"POLLHUP", unix.POLLHUP}, {"POLLNVAL", unix.POLLNVAL},
		{"POLLRDNORM", pollRDNORM}, {"POLLRDBAND", pollRDBAND},
		{"POLLWRNORM", pollWRNORM}, {"POLLWRBAND", pollWRBAND},
		{"POLLMSG", pollMSG}, {"POLLRDHUP", unix.POLLRDHUP},
		{"EPOLLIN", unix.EPOLLIN}, {"EPOLLPRI", unix.EPOLLPRI}, {"EPOLLOUT", unix.EPOLLOUT},
		{"EPOLLERR", unix.EPOLLERR}, {"EPOLLHUP", unix.EPOLLHUP}, {"EPOLLET", unix.EPOLLET},
		{"EPOLLONESHOT", unix.EPOLLONESHOT}, {"EPOLLEXCLUSIVE", unix.EPOLLEXCLUSIVE},
		{"EPOLLRDHUP", unix.EPOLLRDHUP}, {"EPOLLRDNORM", unix.EPOLLRDNORM},
		{"EPOLLRDBAND", unix.EPOLLRDBAND}, {"EPOLLWRNORM", unix.EPOLLWRNORM},
		{"EPOLLWRBAND", unix.EPOLLWRBAND}, {"EPOLLMSG", unix.EPOLLMSG},
		{"EPOLL_CLOEXEC", unix.EPOLL_CLOEXEC},
	} {
		m.Names[c.name] = value.Int(c.v)
	}
	return m
}

// fdOf is the descriptor a value names, as Python's
// PyObject_AsFileDescriptor reads it: an int, or a socket's fileno() (-1
// once closed, which it refuses as Python does).
func fdOf(v value.Value) (int, error) {
	var n int64
	switch x := v.(type) {
	case *commands.Socket:
		n = int64(x.Sock().FD())
	case value.Int, value.Bool, value.Enum, *value.BigInt:
		n, _ = value.Index(x)
		if n > math.MaxInt32 || n < math.MinInt32 {
			return 0, commands.Errorf(value.OverflowError, "Python int too large to convert to C int")
		}
	default:
		if value.HasAttr(v, "fileno") {
			return 0, commands.Errorf(value.NotImplementedErr, "a %s as a file is not supported in sockshell; pass a socket or its fileno()", value.TypeName(v))
		}
		return 0, commands.Errorf(value.TypeError, "argument must be an int, or have a fileno() method.")
	}
	if n < 0 {
		return 0, commands.Errorf(value.ValueError, "file descriptor cannot be a negative integer (%d)", n)
	}
	return int(n), nil
}

// fdSocket is the session's open socket whose descriptor is fd; nil when
// fd is not open at all (poll(2) reports it POLLNVAL, select(2) fails with
// EBADF). A descriptor that is open but not one of the session's sockets
// (the terminal, sockshell's own) is not supported: waiting on it would
// show sockshell's insides, not the kernel's sockets.
func fdSocket(s *commands.Session, fd int) (*commands.Socket, error) {
	if v, ok := s.SocketByFD(fd); ok {
		return v, nil
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil {
		return nil, nil
	}
	return nil, commands.Errorf(value.NotImplementedErr, "fd %d is not a socket of this session: not supported in sockshell; pass a socket", fd)
}

// selectTimeout reads select.select's timeout as Python does: None for no
// bound (NoTimeout), else seconds, with Python's messages.
func selectTimeout(v value.Value) (time.Duration, error) {
	if v == nil || v == value.None {
		return netinfo.NoTimeout, nil
	}
	const tooBig = float64(math.MaxInt64) / 1e9
	var secs float64
	switch x := v.(type) {
	case value.Float:
		secs = float64(x)
		switch {
		case math.IsNaN(secs):
			return 0, commands.Errorf(value.ValueError, "Invalid value NaN (not a number)")
		case math.Abs(secs) >= tooBig:
			return 0, commands.Errorf(value.OverflowError, "timestamp out of range for platform time_t")
		}
	case value.Int, value.Bool, value.Enum, *value.BigInt:
		n, _ := value.Index(x)
		if math.Abs(float64(n)) >= tooBig {
			return 0, commands.Errorf(value.OverflowError, "timestamp too large to convert to C _PyTime_t")
		}
		secs = float64(n)
	default:
		return 0, commands.Errorf(value.TypeError, "timeout must be a float or None")
	}
	if secs < 0 {
		return 0, commands.Errorf(value.ValueError, "timeout must be non-negative")
	}
	return time.Duration(math.Ceil(secs * 1e9)), nil
}

// The poll(2) bits each of select's lists is ready on, as Linux's
// select(2) maps them (POLLIN_SET, POLLOUT_SET, POLLEX_SET).
const (
	selectIn  = unix.POLLIN | pollRDNORM | pollRDBAND | unix.POLLHUP | unix.POLLERR
	selectOut = unix.POLLOUT | pollWRNORM | pollWRBAND | unix.POLLERR
	selectEx  = unix.POLLPRI
)

// selectFunc is select.select(rlist, wlist, xlist[, timeout]).
func selectFunc(s *commands.Session) *value.Builtin {
	return value.NewBuiltin("select", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		if len(kw) > 0 {
			return nil, commands.Errorf(value.TypeError, "select.select() takes no keyword arguments")
		}
		a, err := (&value.Sig{Name: "select", Style: value.Expected, Min: 3, Names: []string{"rlist", "wlist", "xlist", "timeout"}}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		timeout, err := selectTimeout(a[3])
		if err != nil {
			return nil, err
		}
		// Each list's objects and their fds, checked as Python checks
		// them: a whole list before the next one.
		var objs [3][]value.Value
		var fds [3][]int
		for i := range 3 {
			items, err := value.Items(a[i])
			if err != nil {
				return nil, commands.Errorf(value.TypeError, "arguments 1-3 must be sequences")
			}
			objs[i] = items
			for _, v := range items {
				fd, err := fdOf(v)
				if err != nil {
					return nil, err
				}
				if fd >= fdSetSize {
					return nil, commands.Errorf(value.ValueError, "filedescriptor out of range in select()")
				}
				fds[i] = append(fds[i], fd)
			}
		}
		// One poll item per descriptor, asking what its lists ask.
		var items []netinfo.PollItem
		index := map[int]int{}
		for i, want := range [3]int16{unix.POLLIN, unix.POLLOUT, unix.POLLPRI} {
			for _, fd := range fds[i] {
				j, ok := index[fd]
				if !ok {
					sk, err := fdSocket(s, fd)
					if err != nil {
						return nil, err
					}
					if sk == nil {
						return nil, commands.ErrnoException(unix.EBADF)
					}
					j = len(items)
					index[fd] = j
					items = append(items, netinfo.PollItem{Socket: sk.Sock()})
				}
				items[j].Events |= want
			}
		}
		ready, err := selectWait(s, ctx, items, timeout)
		if err != nil {
			return nil, err
		}
		var out value.Tuple
		for i, mask := range [3]int16{selectIn, selectOut, selectEx} {
			var list []value.Value
			for k, fd := range fds[i] {
				if ready[fd]&mask != 0 {
					list = append(list, objs[i][k])
				}
			}
			out = append(out, value.NewList(list))
		}
		return out, nil
	})
}

// selectWait waits as select(2) does on items, and returns what each fd
// was found ready for. poll(2) also reports POLLHUP and POLLERR where
// select(2) would not end the wait (a socket asked for in xlist only);
// such an item is left out and the wait goes on for the time left.
func selectWait(s *commands.Session, ctx context.Context, items []netinfo.PollItem, timeout time.Duration) (map[int]int16, error) {
	ready := map[int]int16{}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		left := timeout
		if timeout > 0 {
			left = max(time.Until(deadline), 0)
		}
		n := 0
		err := waitReady(s, ctx, left, waitingFor(items), func(ctx context.Context, d time.Duration) (bool, error) {
			var err error
			n, err = netinfo.Poll(ctx, items, d)
			return n > 0, err
		})
		if err != nil {
			return nil, err
		}
		keep := items[:0]
		for _, it := range items {
			got := it.Revents & (selectMask(it.Events) | unix.POLLNVAL)
			if got != 0 {
				ready[it.Socket.FD()] = it.Revents
			}
			if it.Revents == 0 {
				keep = append(keep, it)
			}
		}
		if len(ready) > 0 || n == 0 || left == 0 {
			return ready, nil
		}
		items = keep
	}
}

// selectMask is the poll(2) bits that answer what an item asks.
func selectMask(events int16) int16 {
	var m int16
	if events&unix.POLLIN != 0 {
		m |= selectIn
	}
	if events&unix.POLLOUT != 0 {
		m |= selectOut
	}
	if events&unix.POLLPRI != 0 {
		m |= selectEx
	}
	return m
}

// waitingFor says what a select over items waits for, for the note a
// terminal shows when the wait lasts.
func waitingFor(items []netinfo.PollItem) string {
	var fds []string
	for _, it := range items {
		if it.Socket != nil {
			fds = append(fds, strconv.Itoa(it.Socket.FD()))
		}
	}
	list := strings.Join(fds, ", ")
	switch {
	case len(fds) == 0:
		return "waiting, with no socket to watch..."
	case len(fds) == 1:
		return "waiting until fd " + list + " is ready..."
	case len(list) > 30: // the note, with "(Ctrl-C to stop)", fits 80 columns
		return fmt.Sprintf("waiting until one of %d sockets is ready...", len(fds))
	}
	return "waiting until one of fds " + list + " is ready..."
}

// waitReady runs wait, which waits at most d (NoTimeout: no bound), the
// way the shell waits (Call.blocking): results printed so far are flushed
// first, a wait that lasts says so on a terminal, Ctrl-C ends it with
// KeyboardInterrupt, and a script's default timeout bounds a wait with no
// bound of its own (TimeoutError, and a note saying how to change it).
// wait reports whether anything was ready.
//
// A server's loop selects again as soon as it has served what was ready:
// the note is left out when the last select found something ready less
// than a second before, so that a loop says it once, not at each round.
func waitReady(s *commands.Session, ctx context.Context, timeout time.Duration, what string, wait func(ctx context.Context, d time.Duration) (bool, error)) error {
	c := &commands.Call{Ctx: ctx, S: s}
	note := func(*commands.Call) string { return what }
	if time.Since(served(s).at) < time.Second {
		note = nil
	}
	return c.BlockingFor(timeout < 0, note, func(ctx context.Context) error {
		d, byScript := timeout, false
		if d != 0 {
			if dl := s.BeforeWait(); !dl.IsZero() && (d < 0 || time.Until(dl) < d) {
				d, byScript = max(time.Until(dl), 0), true
			}
		}
		ready, err := wait(ctx, d)
		switch {
		case err == nil && ready:
			served(s).at = time.Now()
		case err == nil && byScript:
			return netinfo.ErrTimeout
		}
		return err
	})
}

// pollObject is a select.poll() object: the descriptors registered, in
// order, with what each waits for. Like Python's, it holds numbers, not
// sockets.
type pollObject struct {
	s    *commands.Session
	fds  []int
	mask map[int]int16
}

var pollClass = &value.Class{Name: "poll", Module: "select", Base: value.ObjectType}

func (p *pollObject) Type() *value.Class { return pollClass }
func (p *pollObject) Repr() string       { return fmt.Sprintf("<select.poll object at %p>", p) }

// pollFunc is select.poll(): a new poll object.
func pollFunc(s *commands.Session) *value.Builtin {
	return value.NewBuiltin("poll", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		if _, err := (&value.Sig{Name: "select.poll", Style: value.NoArgs, NoKw: true}).Bind(args, kw); err != nil {
			return nil, err
		}
		return &pollObject{s: s, mask: map[int]int16{}}, nil
	})
}

// Attr gives the poll object's methods, with Python's messages.
func (p *pollObject) Attr(name string) (value.Value, bool) {
	method := func(f func(ctx context.Context, args []value.Value) (value.Value, error)) (value.Value, bool) {
		return &value.Builtin{Name: name, Self: p, Fn: func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			if len(kw) > 0 {
				return nil, commands.Errorf(value.TypeError, "poll.%s() takes no keyword arguments", name)
			}
			return f(ctx, args)
		}}, true
	}
	count := func(args []value.Value, min, max int) error {
		_, err := (&value.Sig{Name: name, Style: value.Expected, Min: min, Names: []string{"a", "b"}[:max]}).Bind(args, nil)
		return err
	}
	switch name {
	case "register", "modify":
		return method(func(ctx context.Context, args []value.Value) (value.Value, error) {
			min := 1
			if name == "modify" {
				min = 2
			}
			if err := count(args, min, 2); err != nil {
				return nil, err
			}
			fd, err := fdOf(args[0])
			if err != nil {
				return nil, err
			}
			mask := int64(unix.POLLIN | unix.POLLPRI | unix.POLLOUT)
			if len(args) > 1 {
				if mask, err = pollMask(args[1]); err != nil {
					return nil, err
				}
			}
			if _, err := fdSocket(p.s, fd); err != nil {
				return nil, err
			}
			_, known := p.mask[fd]
			if name == "modify" && !known {
				return nil, commands.ErrnoException(unix.ENOENT)
			}
			if !known {
				p.fds = append(p.fds, fd)
			}
			p.mask[fd] = int16(uint16(mask))
			return value.None, nil
		})
	case "unregister":
		return method(func(ctx context.Context, args []value.Value) (value.Value, error) {
			if len(args) != 1 {
				return nil, commands.Errorf(value.TypeError, "poll.unregister() takes exactly one argument (%d given)", len(args))
			}
			fd, err := fdOf(args[0])
			if err != nil {
				return nil, err
			}
			if _, ok := p.mask[fd]; !ok {
				return nil, value.Raise(value.KeyError, value.Int(fd))
			}
			delete(p.mask, fd)
			p.fds = slices.DeleteFunc(p.fds, func(x int) bool { return x == fd })
			return value.None, nil
		})
	case "poll":
		return method(func(ctx context.Context, args []value.Value) (value.Value, error) {
			if err := count(args, 0, 1); err != nil {
				return nil, err
			}
			timeout, err := pollTimeout(args)
			if err != nil {
				return nil, err
			}
			ready, err := pollFDs(p.s, ctx, p.fds, p.mask, timeout)
			if err != nil {
				return nil, err
			}
			out := make([]value.Value, len(ready))
			for i, r := range ready {
				out[i] = value.Tuple{value.Int(r.fd), value.Int(uint16(r.revents))}
			}
			return value.NewList(out), nil
		})
	}
	return nil, false
}

// AttrNames lists the poll object's methods.
func (p *pollObject) AttrNames() []string {
	return []string{"modify", "poll", "register", "unregister"}
}

// pollMask is a poll event mask as Python's poll.register reads it (a C
// unsigned short).
func pollMask(v value.Value) (int64, error) {
	if !value.IsInt(v) {
		return 0, commands.Errorf(value.TypeError, "an integer is required")
	}
	n, _ := value.Index(v)
	switch {
	case n < 0:
		return 0, commands.Errorf(value.ValueError, "value must be positive")
	case n > math.MaxUint16:
		return 0, commands.Errorf(value.OverflowError, "Python int too large for C unsigned short")
	}
	return n, nil
}

// pollTimeout is poll.poll's timeout: milliseconds (a float is rounded up),
// None or a negative number for no bound.
func pollTimeout(args []value.Value) (time.Duration, error) {
	if len(args) == 0 || args[0] == value.None {
		return netinfo.NoTimeout, nil
	}
	var ms float64
	switch x := args[0].(type) {
	case value.Float:
		ms = float64(x)
	case value.Int, value.Bool, value.Enum, *value.BigInt:
		n, _ := value.Index(x)
		ms = float64(n)
	default:
		return 0, commands.Errorf(value.TypeError, "timeout must be an integer or None")
	}
	switch {
	case math.IsNaN(ms):
		return 0, commands.Errorf(value.ValueError, "Invalid value NaN (not a number)")
	case ms < 0:
		return netinfo.NoTimeout, nil
	case math.Ceil(ms) > math.MaxInt32:
		return 0, commands.Errorf(value.OverflowError, "timeout is too large")
	}
	return time.Duration(math.Ceil(ms)) * time.Millisecond, nil
}

// fdReady is one descriptor poll found ready, and what for.
type fdReady struct {
	fd      int
	revents int16
}

// pollFDs waits as poll(2) on fds (each for mask[fd]) and returns those
// with events, in fds' order. A number no longer open is POLLNVAL, as
// poll(2) reports it.
func pollFDs(s *commands.Session, ctx context.Context, fds []int, mask map[int]int16, timeout time.Duration) ([]fdReady, error) {
	items := make([]netinfo.PollItem, len(fds))
	for i, fd := range fds {
		sk, err := fdSocket(s, fd)
		if err != nil {
			return nil, err
		}
		items[i].Events = mask[fd]
		if sk != nil {
			items[i].Socket = sk.Sock()
		}
	}
	err := waitReady(s, ctx, timeout, waitingFor(items), func(ctx context.Context, d time.Duration) (bool, error) {
		n, err := netinfo.Poll(ctx, items, d)
		return n > 0, err
	})
	if err != nil {
		return nil, err
	}
	var out []fdReady
	for i, it := range items {
		if it.Revents != 0 {
			out = append(out, fdReady{fds[i], it.Revents})
		}
	}
	return out, nil
}
