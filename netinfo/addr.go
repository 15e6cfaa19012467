package netinfo

import (
	"encoding/binary"
	"net/netip"
	"strings"

	"unsafe"

	"golang.org/x/sys/unix"
)

// Addr is a socket address of any family the shell supports: an IP address
// and port (with IPv6's flow info and scope id), or an AF_UNIX path.
type Addr struct {
	Family   int // unix.AF_INET, unix.AF_INET6 or unix.AF_UNIX
	IP       netip.Addr
	Port     int
	FlowInfo uint32
	ScopeID  uint32
	Path     string
}

// rawSockaddr is an address in the kernel's layout, as bind(2), connect(2)
// and sendto(2) take it. It is the shell's one encoder of addresses: the
// unix package's Sockaddr types would do the same for bind and connect,
// but its Sendto does not return how many bytes went, so sendto needs the
// kernel's layout here anyway.
type rawSockaddr struct {
	in4  unix.RawSockaddrInet4
	in6  unix.RawSockaddrInet6
	unix unix.RawSockaddrUnix
}

// set lays a out in r and returns a pointer to it and its length: an
// EAFNOSUPPORT error for a family the shell does not know or an IPv4
// socket address that is not IPv4, EINVAL for an AF_UNIX name longer than
// the kernel takes. An AF_UNIX path ends with a NUL that counts in the
// length; an abstract name (a leading NUL, or '@' as the unix package
// writes it) has none; the empty name is the family alone.
func (r *rawSockaddr) set(a Addr) (unsafe.Pointer, uintptr, error) {
	switch a.Family {
	case unix.AF_INET:
		if !a.IP.Is4() {
			return nil, 0, &Error{Op: "sockaddr", Errno: unix.EAFNOSUPPORT}
		}
		r.in4.Family = unix.AF_INET
		binary.BigEndian.PutUint16((*[2]byte)(unsafe.Pointer(&r.in4.Port))[:], uint16(a.Port))
		r.in4.Addr = a.IP.As4()
		return unsafe.Pointer(&r.in4), unix.SizeofSockaddrInet4, nil
	case unix.AF_INET6:
		r.in6.Family = unix.AF_INET6
		binary.BigEndian.PutUint16((*[2]byte)(unsafe.Pointer(&r.in6.Port))[:], uint16(a.Port))
		r.in6.Flowinfo = a.FlowInfo
		r.in6.Addr = a.IP.As16()
		r.in6.Scope_id = a.ScopeID
		return unsafe.Pointer(&r.in6), unix.SizeofSockaddrInet6, nil
	case unix.AF_UNIX:
		name := a.Path
		abstract := name != "" && (name[0] == 0 || name[0] == '@')
		if len(name) > len(r.unix.Path) || len(name) == len(r.unix.Path) && !abstract {
			return nil, 0, &Error{Op: "sockaddr", Errno: unix.EINVAL}
		}
		r.unix.Family = unix.AF_UNIX
		for i := 0; i < len(name); i++ {
			r.unix.Path[i] = int8(name[i])
		}
		size := 2 + len(name)
		switch {
		case abstract:
			r.unix.Path[0] = 0
		case name != "":
			size++ // the NUL after the path
		}
		return unsafe.Pointer(&r.unix), uintptr(size), nil
	}
	return nil, 0, &Error{Op: "sockaddr", Errno: unix.EAFNOSUPPORT}
}

// addrCall makes bind(2) or connect(2) (trap) on fd with the address a.
func addrCall(trap uintptr, fd int, a Addr) error {
	var raw rawSockaddr
	ptr, size, err := raw.set(a)
	if err != nil {
		return err
	}
	if _, _, e := unix.Syscall(trap, uintptr(fd), uintptr(ptr), size); e != 0 {
		return e
	}
	return nil
}

// addrFrom converts a sockaddr returned by the kernel. A nil sockaddr (an
// unbound socket of a family the kernel reports as empty) gives the zero
// address of family.
func addrFrom(family int, sa unix.Sockaddr) Addr {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return Addr{Family: unix.AF_INET, IP: netip.AddrFrom4(sa.Addr), Port: sa.Port}
	case *unix.SockaddrInet6:
		return Addr{Family: unix.AF_INET6, IP: netip.AddrFrom16(sa.Addr), Port: sa.Port, ScopeID: sa.ZoneId}
	case *unix.SockaddrUnix:
		// The unix package shows an unnamed socket's empty address as
		// "@", and an abstract one's leading NUL as '@': give them back
		// as the kernel has them, as Python does ('' and '\x00name').
		path := sa.Name
		if strings.HasPrefix(path, "@") {
			path = "\x00" + path[1:]
			if path == "\x00" {
				path = ""
			}
		}
		return Addr{Family: unix.AF_UNIX, Path: path}
	}
	switch family {
	case unix.AF_INET:
		return Addr{Family: family, IP: netip.IPv4Unspecified()}
	case unix.AF_INET6:
		return Addr{Family: family, IP: netip.IPv6Unspecified()}
	}
	return Addr{Family: family}
}

// IPAddr is the address of host and port for a socket of family (AF_INET or
// AF_INET6), resolved as Python's socket module resolves the host part of an
// address tuple (CPython's setipaddr, see resolveOne): the empty string is
// the wildcard address, '<broadcast>' the IPv4 broadcast address, a numeric
// address is taken as it is, and anything else goes to getaddrinfo for that
// family only, so a numeric address of the other family is EAI_ADDRFAMILY,
// as in Python. A lookup cannot be interrupted (glibc's getaddrinfo blocks).
func IPAddr(family int, host string, port int) (Addr, error) {
	a, err := resolveOne(host, family)
	if err != nil {
		return Addr{}, err
	}
	return Addr{Family: family, IP: a.IP.WithZone(""), Port: port, ScopeID: a.ScopeID}, nil
}

// UnixAddr is the AF_UNIX address of a path.
func UnixAddr(path string) Addr { return Addr{Family: unix.AF_UNIX, Path: path} }

// checkAddr reports an address the kernel's layout cannot hold, before any
// system call is made with it.
func checkAddr(a Addr) error {
	var raw rawSockaddr
	_, _, err := raw.set(a)
	return err
}
