package netinfo

import (
	"errors"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"sockshell/internal/escape"
)

// Syscall is one system call a Socket made, ready to be shown as strace shows
// it: `connect(3, {AF_INET, 127.0.0.1:50000}) = -1 ECONNREFUSED (Connection refused)`.
type Syscall struct {
	Name  string     // the system call: socket, bind, connect, accept4, sendto, ...
	Args  string     // its arguments, already formatted (see String)
	Ret   int        // what it returned; -1 when it failed
	Errno unix.Errno // why it failed; 0 when it did not
	// Wait is set on the call whose "would block" (EAGAIN, or a connect's
	// EINPROGRESS) sent the socket to wait in Go's poller: what it waits
	// for, such as "fd 3 is readable".
	Wait string
	// Out is what a call without an errno reports besides its return
	// value, shown after it in parentheses as strace shows poll's
	// revents: `[{fd=3, revents=POLLIN}]`, or "Timeout".
	Out string
}

// String formats the call as strace does, with the errno's name and the
// C library's words for it: `recvfrom(5, "Hey", 4096, 0) = 3`,
// `accept4(3, ..., SOCK_CLOEXEC|SOCK_NONBLOCK) = -1 EAGAIN (waiting until fd 3 is readable)`.
func (c Syscall) String() string {
	s := c.Name + "(" + c.Args + ") = " + strconv.Itoa(c.Ret)
	switch {
	case c.Errno != 0 && c.Wait != "":
		s += " " + errnoName(c.Errno) + " (waiting until " + c.Wait + ")"
	case c.Errno != 0:
		s += " " + errnoName(c.Errno) + " (" + Strerror(c.Errno) + ")"
	case c.Out != "":
		s += " (" + c.Out + ")"
	}
	return s
}

// Trace receives the system calls of the sockets made with it (see
// NewTracedSocket). It costs a socket a nil check and an atomic load per
// call while it is off; the arguments are formatted only while it is on.
type Trace struct {
	on   atomic.Bool
	emit func(Syscall)
	seq  atomic.Uint64 // the last Event.Seq of its sockets (history.go)
	// changed is the Seq of the last event that may have changed a TCP
	// state (history.go's LastChange).
	changed atomic.Uint64
}

// NewTrace returns a trace, off, that gives each call to emit as the call
// returns. emit runs on the goroutine that made the call.
func NewTrace(emit func(Syscall)) *Trace { return &Trace{emit: emit} }

// SetOn turns the trace on or off.
func (t *Trace) SetOn(on bool) { t.on.Store(on) }

// On reports whether the trace is on; a nil trace is off.
func (t *Trace) On() bool { return t != nil && t.on.Load() }

// NewTracedSocket makes a socket as NewSocket does, and reports the
// socket(2) call and every later system call on the socket (and on the
// sockets accept makes from it) to t while t is on. A nil t traces nothing.
func NewTracedSocket(t *Trace, family, typ, proto int) (*Socket, error) {
	flags := typ | unix.SOCK_NONBLOCK | unix.SOCK_CLOEXEC
	fd, err := unix.Socket(family, flags, proto)
	if t.On() {
		ret := fd
		if err != nil {
			ret = -1
		}
		t.emit(Syscall{Name: "socket", Args: fmtFamily(family) + ", " + fmtSockType(flags) + ", " + fmtProto(family, proto),
			Ret: ret, Errno: errnoOf(err)})
	}
	if err != nil {
		return nil, sysErr("socket", err)
	}
	s := newSocket(fd, family, typ, proto)
	s.trace = t
	return s, nil
}

// record reports one system call on the socket to its trace, if that is
// on: name, what it returned (n; -1 is taken from a failure), its error, and
// its arguments, which args formats only when they will be shown. It is
// called right after each system call the socket makes for the user.
//
// While the socket waits in the poller, the kernel's EAGAIN is shown once,
// marked as the start of the wait, and the retries the poller makes are
// left out: they say nothing new.
func (s *Socket) record(name string, n int, err error, args func() string) {
	if !s.trace.On() {
		return
	}
	c := Syscall{Name: name, Ret: n, Errno: errnoOf(err)}
	if err != nil {
		c.Ret = -1
	}
	switch {
	case c.Errno == unix.EAGAIN && s.waiting:
		if s.waitShown {
			return
		}
		s.waitShown = true
		c.Wait = "fd " + strconv.Itoa(s.waitFd) + " is readable"
		if s.waitDir == writable {
			c.Wait = "fd " + strconv.Itoa(s.waitFd) + " is writable"
		}
	case c.Errno == unix.EINPROGRESS && s.timeout != 0:
		c.Wait = "fd " + strconv.Itoa(s.fd) + " is writable"
	}
	c.Args = args()
	s.trace.emit(c)
}

// startWait and endWait bracket a wait in the poller, for record, which
// alone makes them into text: only a trace shows them.
func (s *Socket) startWait(fd int, dir direction) {
	s.waiting, s.waitFd, s.waitDir, s.waitShown = true, fd, dir, false
}

func (s *Socket) endWait() { s.waiting = false }

// errnoOf is the errno err carries, or 0.
func errnoOf(err error) unix.Errno {
	var e unix.Errno
	if err != nil && !errors.As(err, &e) {
		return 0
	}
	return e
}

// errnoName is an errno's C name, as strace prints it.
func errnoName(e unix.Errno) string {
	if e == unix.EOPNOTSUPP { // same number as ENOTSUP; sockets say EOPNOTSUPP
		return "EOPNOTSUPP"
	}
	if name := unix.ErrnoName(e); name != "" {
		return name
	}
	return "E" + strconv.Itoa(int(e))
}

// traceDataMax is how many bytes of a buffer a trace shows, as strace's
// default -s 32.
const traceDataMax = 32

// fmtData shows bytes as a quoted C string, escaped so that no byte reaches
// the terminal raw (\r, \n, \t by letter, other non-printables and every
// byte above 0x7e as \xNN, as Python's bytes repr), cut to traceDataMax
// bytes with "..." after the quote.
func fmtData(p []byte) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, c := range p {
		if i == traceDataMax {
			b.WriteString(`"...`)
			return b.String()
		}
		escape.Byte(&b, c, '"')
	}
	b.WriteByte('"')
	return b.String()
}

// fmtAddr shows a socket address as {AF_INET, 127.0.0.1:50000},
// {AF_INET6, [::1]:80} or {AF_UNIX, "/path"} (an abstract name as @"name",
// an unnamed socket as {AF_UNIX}).
func fmtAddr(a Addr) string {
	switch a.Family {
	case unix.AF_INET:
		return "{AF_INET, " + a.IP.String() + ":" + strconv.Itoa(a.Port) + "}"
	case unix.AF_INET6:
		ip := a.IP.String()
		if a.ScopeID != 0 {
			ip += "%" + strconv.Itoa(int(a.ScopeID))
		}
		return "{AF_INET6, [" + ip + "]:" + strconv.Itoa(a.Port) + "}"
	case unix.AF_UNIX:
		switch {
		case a.Path == "":
			return "{AF_UNIX}"
		case a.Path[0] == 0:
			return "{AF_UNIX, @" + fmtData([]byte(a.Path[1:])) + "}"
		}
		return "{AF_UNIX, " + fmtData([]byte(a.Path)) + "}"
	}
	return "{" + fmtFamily(a.Family) + "}"
}

// fmtFamily names an address family (AF_INET), or gives its number.
func fmtFamily(family int) string {
	if name, ok := EnumName(ClassAddressFamily, int64(family)); ok {
		return name
	}
	return strconv.Itoa(family)
}

// fmtSockType shows socket(2)'s type argument with its flags, in strace's
// order: SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK.
func fmtSockType(typ int) string {
	base := typ &^ (unix.SOCK_CLOEXEC | unix.SOCK_NONBLOCK)
	s, ok := EnumName(ClassSocketKind, int64(base))
	if !ok {
		s = strconv.Itoa(base)
	}
	if typ&unix.SOCK_CLOEXEC != 0 {
		s += "|SOCK_CLOEXEC"
	}
	if typ&unix.SOCK_NONBLOCK != 0 {
		s += "|SOCK_NONBLOCK"
	}
	return s
}

// fmtAcceptFlags shows accept4's flags.
func fmtAcceptFlags(flags int) string {
	return strings.TrimPrefix(fmtSockType(flags), "0|")
}

// ipProtos names the protocols an AF_INET or AF_INET6 socket takes, as
// strace does (0 is IPPROTO_IP, though other names share the number).
var ipProtos = map[int]string{
	0: "IPPROTO_IP", unix.IPPROTO_TCP: "IPPROTO_TCP", unix.IPPROTO_UDP: "IPPROTO_UDP",
	unix.IPPROTO_ICMP: "IPPROTO_ICMP", unix.IPPROTO_ICMPV6: "IPPROTO_ICMPV6",
	unix.IPPROTO_SCTP: "IPPROTO_SCTP", unix.IPPROTO_RAW: "IPPROTO_RAW",
}

// fmtProto shows socket(2)'s protocol: a name for the IP families, the
// number for the others (AF_UNIX's 0).
func fmtProto(family, proto int) string {
	if name, ok := ipProtos[proto]; ok && (family == unix.AF_INET || family == unix.AF_INET6) {
		return name
	}
	return strconv.Itoa(proto)
}

// sockLevels names the option levels as strace does, with the prefix of
// the options at each level.
var sockLevels = map[int]struct{ name, prefix string }{
	unix.SOL_SOCKET: {"SOL_SOCKET", "SO_"},
	unix.SOL_IP:     {"SOL_IP", "IP_"},
	unix.SOL_TCP:    {"SOL_TCP", "TCP_"},
	unix.SOL_UDP:    {"SOL_UDP", "UDP_"},
	unix.SOL_IPV6:   {"SOL_IPV6", "IPV6_"},
}

// fmtLevelOpt shows setsockopt's and getsockopt's level and option names.
func fmtLevelOpt(level, opt int) string {
	lv, ok := sockLevels[level]
	if !ok {
		return strconv.Itoa(level) + ", " + strconv.Itoa(opt)
	}
	for _, c := range Constants(lv.prefix) {
		if c.Value == int64(opt) && !notAnOption(c.Name) {
			return lv.name + ", " + c.Name
		}
	}
	return lv.name + ", " + strconv.Itoa(opt)
}

// notOptions are the names under an option prefix that are not options of
// that level but share its numbers: SO_J1939_* and SO_VM_* belong to the CAN
// and vsock levels, IP_DEFAULT_* are default values, and IP_RECVRETOPTS is
// an old alias of IP_RETOPTS.
var notOptions = []string{"SO_J1939_", "SO_VM_", "IP_DEFAULT_", "IP_RECVRETOPTS"}

func notAnOption(name string) bool {
	for _, p := range notOptions {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// fmtOptInt shows an int option's value as [1]; SO_ERROR's by errno name.
func fmtOptInt(level, opt, v int) string {
	if level == unix.SOL_SOCKET && opt == unix.SO_ERROR && v != 0 {
		return "[" + errnoName(unix.Errno(v)) + "]"
	}
	return "[" + strconv.Itoa(v) + "]"
}

// fmtShutHow names shutdown's HOW.
func fmtShutHow(how int) string {
	switch how {
	case unix.SHUT_RD:
		return "SHUT_RD"
	case unix.SHUT_WR:
		return "SHUT_WR"
	case unix.SHUT_RDWR:
		return "SHUT_RDWR"
	}
	return strconv.Itoa(how)
}

// fmtMsgFlags shows send's and recv's flags: MSG_NOSIGNAL, MSG_PEEK, or 0.
func fmtMsgFlags(flags int) string {
	switch flags {
	case unix.MSG_NOSIGNAL:
		return "MSG_NOSIGNAL"
	case unix.MSG_PEEK:
		return "MSG_PEEK"
	}
	return strconv.Itoa(flags)
}

// callArgs joins a call's fd and its other arguments.
func callArgs(fd int, rest ...string) string {
	return strings.Join(append([]string{strconv.Itoa(fd)}, rest...), ", ")
}
