package commands

import (
	"strconv"
	"strings"

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
			b.WriteString(", laddr=" + addrValue(a).Repr())
		}
		if a, err := v.sock.PeerAddr(); err == nil && !emptyAddr(a) {
			b.WriteString(", raddr=" + addrValue(a).Repr())
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

// Attr returns a socket attribute: fd, family, type, proto, laddr, raddr.
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
		return Str(a.Path)
	}
	return None
}

// emptyAddr reports an address Python leaves out of a socket's repr (an
// unbound AF_UNIX socket's empty path).
func emptyAddr(a netinfo.Addr) bool {
	return a.Family == unix.AF_UNIX && a.Path == ""
}
