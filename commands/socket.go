package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/sys/unix"

	"sockshell/netinfo"
)

// Socket is a socket as a shell value: the real socket and the name of the
// variable it was first assigned to (for `sockets` and messages).
type Socket struct {
	sock *netinfo.Socket
	name string
}

// newSocketValue registers a socket with the session, so that `sockets`
// lists it and the end of the session closes it.
func (s *Session) newSocketValue(sk *netinfo.Socket) *Socket {
	v := &Socket{sock: sk}
	s.sockets = append(s.sockets, v)
	return v
}

func (v *Socket) close() error { return v.sock.Close() }

// Repr is the socket as Python prints it:
// <socket.socket fd=3, family=AddressFamily.AF_INET, type=SocketKind.SOCK_STREAM, proto=0, laddr=('0.0.0.0', 0)>
func (v *Socket) Repr() string {
	var b strings.Builder
	b.WriteString("<socket.socket ")
	if v.sock.Closed() {
		b.WriteString("[closed] ")
	}
	b.WriteString("fd=" + strconv.Itoa(v.sock.FD()))
	b.WriteString(", family=" + enumStr(netinfo.ClassAddressFamily, v.sock.Family))
	b.WriteString(", type=" + enumStr(netinfo.ClassSocketKind, v.sock.Type))
	b.WriteString(", proto=" + strconv.Itoa(v.sock.Proto))
	if !v.sock.Closed() {
		if a, err := v.sock.LocalAddr(); err == nil && !emptyAddr(a) {
			b.WriteString(", laddr=" + addrStr(a))
		}
		if a, err := v.sock.PeerAddr(); err == nil && !emptyAddr(a) {
			b.WriteString(", raddr=" + addrStr(a))
		}
	}
	b.WriteByte('>')
	return b.String()
}

// enumStr is str() of an enum member in Python: AddressFamily.AF_INET, or
// the bare number when the value is not a member.
func enumStr(class netinfo.Class, value int) string {
	if name, ok := netinfo.EnumName(class, int64(value)); ok {
		return class.String() + "." + name
	}
	return strconv.Itoa(value)
}

// Attr returns a socket attribute: fd, family, type, proto, laddr, raddr,
// timeout.
func (v *Socket) Attr(name string) (Value, error) {
	switch name {
	case "fd":
		return Int(v.sock.FD()), nil
	case "family":
		return constValue(netinfo.ClassAddressFamily, int64(v.sock.Family)), nil
	case "type":
		return constValue(netinfo.ClassSocketKind, int64(v.sock.Type)), nil
	case "proto":
		return Int(v.sock.Proto), nil
	case "laddr":
		a, err := v.sock.LocalAddr()
		if err != nil {
			return nil, err
		}
		return addrValue(a), nil
	case "raddr":
		a, err := v.sock.PeerAddr()
		if err != nil {
			return nil, err
		}
		return addrValue(a), nil
	case "timeout":
		return timeoutValue(v.sock.Timeout()), nil
	}
	return nil, pyErrorf("AttributeError", "'socket' object has no attribute '%s'", escapeForMessage(name))
}

// addrValue is an address as Python gives it: ('127.0.0.1', 80) for IPv4,
// ('::1', 80, 0, 0) for IPv6, the path for AF_UNIX.
func addrValue(a netinfo.Addr) Value {
	switch a.Family {
	case unix.AF_INET:
		return Tuple{Str(a.IP.String()), Int(a.Port)}
	case unix.AF_INET6:
		return Tuple{Str(a.IP.String()), Int(a.Port), Int(a.FlowInfo), Int(a.ScopeID)}
	case unix.AF_UNIX:
		if strings.HasPrefix(a.Path, "\x00") { // Linux's abstract namespace
			return Bytes(a.Path)
		}
		return Str(a.Path)
	}
	return None
}

// addrStr is str() of an address, as Python's socket repr shows it: a tuple's
// repr, or an AF_UNIX path without quotes.
// A path with control characters is shown escaped, as its repr, so that no
// peer can drive the terminal.
func addrStr(a netinfo.Addr) string {
	v := addrValue(a)
	if p, ok := v.(Str); ok && strings.IndexFunc(string(p), func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return string(p)
	}
	return v.Repr()
}

// emptyAddr reports an address Python leaves out of a socket's repr (an
// unbound AF_UNIX socket's empty path).
func emptyAddr(a netinfo.Addr) bool {
	return a.Family == unix.AF_UNIX && a.Path == ""
}

// sockAddr converts the address arguments of connect, bind and sendto into
// the socket's kind of address, with Python's checks and messages: HOST PORT
// as two arguments, or one address value (a tuple such as
// ('127.0.0.1', 50000), the last member of a getaddrinfo tuple, or an
// AF_UNIX path). op names the call in the messages, as Python's do.
func sockAddr(ctx context.Context, op string, sk *netinfo.Socket, addr, port Value) (netinfo.Addr, error) {
	if port != nil {
		addr = Tuple{addr, port}
	}
	switch sk.Family {
	case unix.AF_UNIX:
		var path string
		switch a := addr.(type) {
		case Str:
			path = string(a)
		case Bytes:
			path = string(a)
		default:
			return netinfo.Addr{}, typeErrorf("a bytes-like object is required, not '%s'", typeName(addr))
		}
		if len(path) >= maxUnixPath {
			return netinfo.Addr{}, pyErrorf("OSError", "AF_UNIX path too long")
		}
		return netinfo.UnixAddr(path), nil
	case unix.AF_INET, unix.AF_INET6:
	default:
		return netinfo.Addr{}, pyErrorf("OSError", "%s(): bad family", op)
	}
	fam := "AF_INET"
	if sk.Family == unix.AF_INET6 {
		fam = "AF_INET6"
	}
	t, ok := addr.(Tuple)
	if !ok {
		return netinfo.Addr{}, typeErrorf("%s(): %s address must be tuple, not %s", op, fam, typeName(addr))
	}
	switch {
	case sk.Family == unix.AF_INET && len(t) != 2:
		return netinfo.Addr{}, typeErrorf("AF_INET address must be a pair (host, port)")
	case sk.Family == unix.AF_INET6 && (len(t) < 2 || len(t) > 4):
		return netinfo.Addr{}, typeErrorf("AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])")
	}
	var host string
	switch h := t[0].(type) {
	case Str:
		host = string(h)
	case Bytes:
		host = string(h)
	default:
		return netinfo.Addr{}, typeErrorf("str, bytes or bytearray expected, not %s", typeName(t[0]))
	}
	nums := make([]int64, len(t)-1)
	for i, v := range t[1:] {
		n, ok := intValue(v)
		if !ok {
			return netinfo.Addr{}, typeErrorf("'%s' object cannot be interpreted as an integer", typeName(v))
		}
		nums[i] = n
	}
	if nums[0] < 0 || nums[0] > 65535 {
		return netinfo.Addr{}, pyErrorf("OverflowError", "%s(): port must be 0-65535.", op)
	}
	if len(nums) > 1 && (nums[1] < 0 || nums[1] > 1048575) {
		return netinfo.Addr{}, pyErrorf("OverflowError", "%s(): flowinfo must be 0-1048575.", op)
	}
	a, err := netinfo.IPAddr(sk.Family, host, int(nums[0]))
	if err != nil {
		return netinfo.Addr{}, err
	}
	if len(nums) > 1 {
		a.FlowInfo = uint32(nums[1])
	}
	if len(nums) > 2 {
		if nums[2] < 0 || nums[2] > 1<<32-1 {
			return netinfo.Addr{}, pyErrorf("OverflowError", "%s(): scope_id must be 0-4294967295.", op)
		}
		a.ScopeID = uint32(nums[2])
	}
	return a, nil
}

// maxUnixPath is the size of sun_path: a path must fit with its NUL.
const maxUnixPath = 108

// dataBytes returns the bytes a send command sends. A str is encoded as
// UTF-8, and the first time that happens the session says so: a socket
// carries bytes only, which the lecture makes a point of (Python itself
// would refuse a str with a TypeError).
func (s *Session) dataBytes(v Value) []byte {
	switch v := v.(type) {
	case Bytes:
		return v
	case Str:
		s.noteOnce("str-as-bytes", "note: sockets carry bytes, not str: the text was sent as its UTF-8 bytes (in Python: %s.encode('utf8'))", v.Repr())
		return []byte(v)
	}
	return nil
}

// dataLen is the number of bytes dataBytes gives for v.
func dataLen(v Value) int {
	switch v := v.(type) {
	case Bytes:
		return len(v)
	case Str:
		return len(v)
	}
	return 0
}

// timeoutValue is gettimeout's answer: None for a blocking socket, else the
// seconds as a float (0.0 for a non-blocking one).
func timeoutValue(d time.Duration) Value {
	if d == netinfo.NoTimeout {
		return None
	}
	return Float(d.Seconds())
}

// waitNoteDelay is how long a blocking call must wait before an interactive
// session says what it is waiting for: a call that completes at once (a
// queued connection, data already there) says nothing.
const waitNoteDelay = 150 * time.Millisecond

// blocking runs a call that may wait on sk, the way the shell waits:
//   - a call that completes at once (the data or the connection is there
//     already) costs nothing more than its system call: what follows
//     happens only when it is about to wait (netinfo.BeforeWait);
//   - results printed so far are flushed, so they are seen while it waits;
//   - the socket's own timeout wins; a socket with none gets the session's
//     default (a script's --timeout), so a script never hangs forever;
//   - on a terminal, a wait that lasts says what it waits for (what, built
//     lazily from the call: a function that captures nothing costs the
//     common case no allocation) and that Ctrl-C stops it; Ctrl-C cancels
//     c.Ctx, the call returns netinfo.ErrInterrupted and the socket stays
//     usable.
func (c *Call) blocking(sk *netinfo.Socket, what func(c *Call) string, run func(ctx context.Context) error) error {
	s := c.S
	b := &s.block
	b.w = waiting{c: c, what: what, sessionBound: sk.Timeout() == netinfo.NoTimeout && s.Opts.Timeout > 0}
	if b.parent != c.Ctx {
		b.parent, b.ctx = c.Ctx, netinfo.BeforeWait(c.Ctx, b.w.before)
	}
	w := &b.w
	err := run(b.ctx)
	if w.done != nil {
		close(w.done)
		<-w.noted
	}
	w.c, w.what = nil, nil // not to keep the call's data alive until the next call
	if w.sessionBound && errors.Is(err, netinfo.ErrTimeout) && c.Ctx.Err() != context.Canceled {
		why := fmt.Sprintf("a script's blocking calls give up after %s; sockshell --timeout=SECONDS changes that (0 waits forever), settimeout sets one socket's own", s.Opts.Timeout)
		if !s.Opts.Interactive {
			s.noteOnce("session-timeout", "note: %s", why)
		}
		return &PyError{Type: "TimeoutError", Msg: "timed out", Hint: why}
	}
	return err
}

// blockState is what blocking reuses from one call to the next, so that
// a call on a ready socket allocates nothing for it: the running call's
// waiting, and the context carrying its hook. The statements share one
// context until a signal cancels it (repl), so the hook's context is made
// again only then. A session runs one blocking call at a time.
type blockState struct {
	w      waiting
	parent context.Context // the context ctx was made from
	ctx    context.Context // parent with w.before as netinfo.BeforeWait
}

// waiting is what blocking does once its call is about to wait, with the
// state that keeps between the call's waits, in one value: a call that
// does not wait pays for that value and nothing else.
type waiting struct {
	c            *Call
	what         func(c *Call) string // what it waits for, given the call
	sessionBound bool                 // the session's timeout bounds the call
	deadline     time.Time            // set at the first wait when sessionBound
	done, noted  chan struct{}        // the "waiting for..." note's, once started
}

// before is the call's netinfo.BeforeWait hook.
func (w *waiting) before() time.Time {
	s := w.c.S
	s.Flush()
	if w.sessionBound && w.deadline.IsZero() {
		w.deadline = time.Now().Add(s.Opts.Timeout)
	}
	if s.Opts.Interactive && w.what != nil && w.done == nil {
		w.done, w.noted = make(chan struct{}), make(chan struct{})
		go func() {
			defer close(w.noted)
			select {
			case <-time.After(waitNoteDelay):
				s.Notef("%s (Ctrl-C to stop)", w.what(w.c))
			case <-w.done:
			}
		}()
	}
	return w.deadline
}

// describeAddr is a socket's local address for messages, or "" if unknown.
func describeAddr(sk *netinfo.Socket, peer bool) string {
	get := sk.LocalAddr
	if peer {
		get = sk.PeerAddr
	}
	a, err := get()
	if err != nil {
		return ""
	}
	return addrStr(a)
}
