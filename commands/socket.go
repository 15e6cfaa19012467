package commands

import (
	"context"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// Socket is a socket as a shell value: the real socket and the name of the
// variable it was first assigned to (for `sockets` and messages).
type Socket struct {
	sock  *netinfo.Socket
	name  string
	s     *Session
	layer Layer // what runs on top of the socket (TLS), or nil
	// successor is, for a socket whose fd a layer took (Python's
	// wrap_socket detaches the socket it wraps), the socket that has it.
	successor *Socket
}

// A Layer is a protocol run on top of a socket (TLS, package tlscmd): it
// makes the socket a value of another class, with attributes of its own,
// and decides how the commands given the socket run.
type Layer interface {
	// Class is the socket's class (ssl.SSLSocket).
	Class() *value.Class
	// Attr is one of the layer's own attributes, which come first.
	Attr(name string) (value.Value, bool)
	// AttrNames lists them, for dir() and completion.
	AttrNames() []string
	// Close ends the layer and closes the socket.
	Close() error
	// Run runs c, given the socket as its argument at, as the layer
	// must; handled is false for a command the layer leaves to its own
	// handler, on the socket as it is.
	Run(c *Call, at int) (v value.Value, err error, handled bool)
}

// NewSocket registers a socket with the session, so that `sockets` lists
// it, the end of the session closes it, and its waits go through the
// session (netinfo.Waiter).
func (s *Session) NewSocket(sk *netinfo.Socket) *Socket {
	sk.SetWaiter(s)
	v := &Socket{sock: sk, s: s}
	s.sockets = append(s.sockets, v)
	return v
}

// Detach is Python's sock.detach(), for a layer that takes a socket's fd
// (wrap_socket): the real socket goes to a new value, and the old one is
// left closed, with fd -1, its successor the new one.
func (s *Session) Detach(old *Socket) *Socket {
	v := s.NewSocket(old.sock)
	old.sock = &netinfo.Socket{Family: old.sock.Family, Type: old.sock.Type, Proto: old.sock.Proto}
	old.successor = v
	return v
}

// Layer is what runs on top of the socket, or nil.
func (v *Socket) Layer() Layer { return v.layer }

// SetLayer puts l on top of the socket (nil takes it off).
func (v *Socket) SetLayer(l Layer) { v.layer = l }

// Successor is the socket that took this one's fd (Detach), or nil.
func (v *Socket) Successor() *Socket { return v.successor }

// Session is the session the socket belongs to.
func (v *Socket) Session() *Session { return v.s }

// Type is socket.socket, the session's class of sockets, or its layer's.
func (v *Socket) Type() *value.Class {
	if v.layer != nil {
		return v.layer.Class()
	}
	return v.s.SocketClass()
}

// IsSocket marks a socket for the interpreter's bookkeeping.
func (v *Socket) IsSocket() bool { return true }

// Name is the first variable the socket was assigned to, or "".
func (v *Socket) Name() string { return v.name }

// Sock is the real socket.
func (v *Socket) Sock() *netinfo.Socket { return v.sock }

// Named records the first variable a socket is assigned to.
func (v *Socket) Named(name string) {
	if v.name == "" {
		v.name = name
	}
}

// Repr is the socket as Python prints it:
// <socket.socket fd=3, family=AddressFamily.AF_INET, type=SocketKind.SOCK_STREAM, proto=0, laddr=('0.0.0.0', 0)>
func (v *Socket) Repr() string {
	var b strings.Builder
	class := v.Type()
	b.WriteString("<" + class.Module + "." + class.Name + " ")
	if v.sock.Closed() {
		b.WriteString("[closed] ")
	}
	b.WriteString("fd=" + strconv.Itoa(v.sock.FD()))
	b.WriteString(", family=" + enumStr(netinfo.ClassAddressFamily, v.sock.Family))
	b.WriteString(", type=" + enumStr(netinfo.ClassSocketKind, v.sock.Type))
	b.WriteString(", proto=" + strconv.Itoa(v.sock.Proto))
	if !v.sock.Closed() {
		if a, err := v.sock.LocalAddr(); err == nil && !EmptyAddr(a) {
			b.WriteString(", laddr=" + AddrStr(a))
		}
		if a, err := v.sock.PeerAddr(); err == nil && !EmptyAddr(a) {
			b.WriteString(", raddr=" + AddrStr(a))
		}
	}
	b.WriteByte('>')
	return b.String()
}

// enumStr is str() of an enum member as a socket's repr shows it:
// AddressFamily.AF_INET, or the bare number when the value is not a member.
func enumStr(class netinfo.Class, n int) string {
	if name, ok := netinfo.EnumName(class, int64(n)); ok {
		return class.String() + "." + name
	}
	return strconv.Itoa(n)
}

// Attr is one of the socket's attributes (family, type, proto, timeout,
// and sockshell's laddr and raddr) or methods: every command that takes a
// socket first is a method (s.recv(4096) is recv s 4096).
func (v *Socket) Attr(name string) (value.Value, bool) {
	sk := v.sock
	if v.layer != nil {
		if a, ok := v.layer.Attr(name); ok {
			return a, true
		}
	}
	switch name {
	case "family":
		return ConstValue(netinfo.ClassAddressFamily, int64(sk.Family)), true
	case "type":
		return ConstValue(netinfo.ClassSocketKind, int64(sk.Type)), true
	case "proto":
		return value.Int(sk.Proto), true
	case "timeout":
		return TimeoutValue(sk.Timeout()), true
	case "fd":
		return value.Int(sk.FD()), true
	case "laddr", "raddr":
		get := sk.LocalAddr
		if name == "raddr" {
			get = sk.PeerAddr
		}
		a, err := get()
		if err != nil {
			return value.None, true
		}
		return AddrValue(a), true
	}
	if m, ok := v.s.methods()[name]; ok {
		return m(v), true
	}
	if cmd, ok := socketMethods()[name]; ok {
		return v.s.commandFunc(cmd, v), true
	}
	return nil, false
}

// AttrNames lists the socket's attributes and methods, as Python's dir()
// lists them, for dir() and completion.
func (v *Socket) AttrNames() []string {
	if v.layer != nil {
		return append(socketAttrNames(v.s), v.layer.AttrNames()...)
	}
	return socketAttrNames(v.s)
}

func socketAttrNames(s *Session) []string {
	names := []string{"family", "type", "proto", "timeout"}
	for n := range socketMethods() {
		names = append(names, n)
	}
	for n := range s.methods() {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	return names
}

// Enter and Exit make `with socket.socket() as s:` close the socket at
// the end of the block, as Python's does.
func (v *Socket) Enter(ctx context.Context) (value.Value, error) { return v, nil }

// Exit closes the socket.
func (v *Socket) Exit(ctx context.Context, exc *value.Exception) error {
	if v.layer != nil {
		return v.layer.Close()
	}
	return v.sock.Close()
}

// socketMethods are the commands that are methods of a socket, by their
// Python name.
func socketMethods() map[string]*Command {
	m := map[string]*Command{}
	for _, cmd := range table {
		if cmd.Py != nil && cmd.Py.Method {
			m[cmd.pyName()] = cmd
		}
	}
	return m
}

// methods are the socket methods that are not commands: what Python
// writes in the socket class itself.
func (s *Session) methods() map[string]func(v *Socket) value.Value {
	noArgs := func(name string, f func(v *Socket) value.Value) func(v *Socket) value.Value {
		return func(v *Socket) value.Value {
			return &value.Builtin{Name: name, Self: v, Fn: func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
				if _, err := (&value.Sig{Name: "socket." + name, Style: value.NoArgs, NoKw: true}).Bind(args, kw); err != nil {
					return nil, err
				}
				return f(v), nil
			}}
		}
	}
	m := map[string]func(v *Socket) value.Value{
		"fileno": noArgs("fileno", func(v *Socket) value.Value { return value.Int(v.sock.FD()) }),
		"getblocking": noArgs("getblocking", func(v *Socket) value.Value {
			return value.BoolOf(v.sock.Timeout() != 0)
		}),
		"__enter__": noArgs("__enter__", func(v *Socket) value.Value { return v }),
	}
	// The methods Python's sockets have that sockshell leaves out: each
	// says so, rather than that it does not exist.
	for name, instead := range map[string]string{
		"detach": "close it", "dup": "make a new socket", "makefile": "use recv and sendall",
		"get_inheritable": "sockshell's sockets are never inherited", "set_inheritable": "sockshell's sockets are never inherited",
		"recv_into": "use recv", "recvfrom_into": "use recvfrom", "recvmsg": "use recvfrom", "recvmsg_into": "use recvfrom",
		"sendmsg": "use sendto", "sendmsg_afalg": "use sendto", "sendfile": "read the file and use sendall",
	} {
		name, instead := name, instead
		m[name] = func(v *Socket) value.Value {
			return &value.Builtin{Name: name, Self: v, Fn: func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
				return nil, Errorf(value.NotImplementedErr, "socket.%s() is not supported in sockshell; %s", name, instead)
			}}
		}
	}
	return m
}

// AddrValue is an address as Python gives it: ('127.0.0.1', 80) for IPv4,
// ('::1', 80, 0, 0) for IPv6, the path for AF_UNIX.
func AddrValue(a netinfo.Addr) value.Value {
	switch a.Family {
	case unix.AF_INET:
		return value.Tuple{value.Str(a.IP.String()), value.Int(a.Port)}
	case unix.AF_INET6:
		return value.Tuple{value.Str(a.IP.String()), value.Int(a.Port), value.Int(a.FlowInfo), value.Int(a.ScopeID)}
	case unix.AF_UNIX:
		if strings.HasPrefix(a.Path, "\x00") { // Linux's abstract namespace
			return value.Bytes(a.Path)
		}
		return value.Str(a.Path)
	}
	return value.None
}

// AddrStr is str() of an address, as Python's socket repr shows it: a
// tuple's repr, or an AF_UNIX path without quotes when it is printable.
func AddrStr(a netinfo.Addr) string {
	v := AddrValue(a)
	if p, ok := v.(value.Str); ok && value.Printable(string(p)) {
		return string(p)
	}
	return v.Repr()
}

// EmptyAddr reports an address Python leaves out of a socket's repr (an
// unbound AF_UNIX socket's empty path).
func EmptyAddr(a netinfo.Addr) bool {
	return a.Family == unix.AF_UNIX && a.Path == ""
}

// SockAddr converts the address arguments of connect, bind and sendto into
// the socket's kind of address, with Python's checks and messages: HOST PORT
// as two arguments (the shell form), or one address value (a tuple such as
// ('127.0.0.1', 50000), the last member of a getaddrinfo tuple, or an
// AF_UNIX path). op names the call in the messages, as Python's do.
func SockAddr(op string, sk *netinfo.Socket, addr, port value.Value) (netinfo.Addr, error) {
	if port != nil {
		addr = value.Tuple{addr, port}
	}
	switch sk.Family {
	case unix.AF_UNIX:
		var path string
		switch a := addr.(type) {
		case value.Str:
			path = string(a)
		case value.Bytes:
			path = string(a)
		default:
			return netinfo.Addr{}, Errorf(value.TypeError, "a bytes-like object is required, not '%s'", value.TypeName(addr))
		}
		if len(path) >= maxUnixPath {
			return netinfo.Addr{}, Errorf(value.OSError, "AF_UNIX path too long")
		}
		return netinfo.UnixAddr(path), nil
	case unix.AF_INET, unix.AF_INET6:
	default:
		return netinfo.Addr{}, Errorf(value.OSError, "%s(): bad family", op)
	}
	fam := "AF_INET"
	if sk.Family == unix.AF_INET6 {
		fam = "AF_INET6"
	}
	t, ok := addr.(value.Tuple)
	if !ok {
		return netinfo.Addr{}, Errorf(value.TypeError, "%s(): %s address must be tuple, not %s", op, fam, value.TypeName(addr))
	}
	switch {
	case sk.Family == unix.AF_INET && len(t) != 2:
		return netinfo.Addr{}, Errorf(value.TypeError, "AF_INET address must be a pair (host, port)")
	case sk.Family == unix.AF_INET6 && (len(t) < 2 || len(t) > 4):
		return netinfo.Addr{}, Errorf(value.TypeError, "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])")
	}
	var host string
	switch h := t[0].(type) {
	case value.Str:
		host = string(h)
	case value.Bytes:
		host = string(h)
	default:
		return netinfo.Addr{}, Errorf(value.TypeError, "str, bytes or bytearray expected, not %s", value.TypeName(t[0]))
	}
	nums := make([]int64, len(t)-1)
	for i, v := range t[1:] {
		n, err := value.Index(v)
		if err != nil {
			return netinfo.Addr{}, err
		}
		nums[i] = n
	}
	if nums[0] < 0 || nums[0] > 65535 {
		return netinfo.Addr{}, Errorf(value.OverflowError, "%s(): port must be 0-65535.", op)
	}
	if len(nums) > 1 && (nums[1] < 0 || nums[1] > 1048575) {
		return netinfo.Addr{}, Errorf(value.OverflowError, "%s(): flowinfo must be 0-1048575.", op)
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
			return netinfo.Addr{}, Errorf(value.OverflowError, "%s(): scope_id must be 0-4294967295.", op)
		}
		a.ScopeID = uint32(nums[2])
	}
	return a, nil
}

// maxUnixPath is the size of sun_path: a path must fit with its NUL.
const maxUnixPath = 108

// TimeoutValue is gettimeout's answer: None for a blocking socket, else the
// seconds as a float (0.0 for a non-blocking one).
func TimeoutValue(d time.Duration) value.Value {
	if d == netinfo.NoTimeout {
		return value.None
	}
	return value.Float(d.Seconds())
}

// constant returns the value of a socket constant as Python's socket
// module holds it: an enum member, or a plain int.
func constant(name string) (value.Value, bool) {
	c, ok := netinfo.LookupConstant(name)
	if !ok {
		return nil, false
	}
	return ConstValue(c.Class, c.Value), true
}

// ConstValue is n as a member of class when it is one, else an Int.
func ConstValue(class netinfo.Class, n int64) value.Value {
	if name, ok := netinfo.EnumName(class, n); ok {
		return value.Enum{Class: enumClass(class), Name: name, Value: n}
	}
	return value.Int(n)
}

// enumClasses are the socket module's IntEnum classes, one per
// netinfo.Class.
var enumClasses = func() map[netinfo.Class]*value.Class {
	m := map[netinfo.Class]*value.Class{}
	for _, c := range []netinfo.Class{netinfo.ClassAddressFamily, netinfo.ClassSocketKind, netinfo.ClassMsgFlag, netinfo.ClassAddressInfo} {
		cls := value.EnumClass(c.String(), "socket")
		byValue := map[int64]value.Value{}
		for _, k := range netinfo.Constants("") {
			if k.Class != c {
				continue
			}
			name, _ := netinfo.EnumName(c, k.Value)
			member := value.Enum{Class: cls, Name: name, Value: k.Value}
			cls.Attrs[k.Name] = member
			byValue[k.Value] = member
		}
		// AddressFamily(2) is the member of value 2, as calling an enum
		// class gives.
		cls.New = func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			if len(args) != 1 || len(kw) > 0 {
				return nil, Errorf(value.TypeError, "%s() takes exactly one argument (%d given)", cls.Name, len(args))
			}
			n, ok := value.IntOf(args[0])
			if m, found := byValue[n]; ok && found {
				return m, nil
			}
			return nil, Errorf(value.ValueError, "%s is not a valid %s", args[0].Repr(), cls.Name)
		}
		m[c] = cls
	}
	return m
}()

func enumClass(class netinfo.Class) *value.Class { return enumClasses[class] }

func constantNames(prefix string) []string {
	var names []string
	for _, c := range netinfo.Constants(prefix) {
		names = append(names, c.Name)
	}
	return names
}
