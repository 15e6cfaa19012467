package netinfo

import (
	"net/netip"
	"strings"

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

// sockaddr converts a to the form the unix package's calls take.
func (a Addr) sockaddr() (unix.Sockaddr, error) {
	switch a.Family {
	case unix.AF_INET:
		if !a.IP.Is4() {
			return nil, &Error{Op: "sockaddr", Errno: unix.EAFNOSUPPORT}
		}
		return &unix.SockaddrInet4{Port: a.Port, Addr: a.IP.As4()}, nil
	case unix.AF_INET6:
		return &unix.SockaddrInet6{Port: a.Port, Addr: a.IP.As16(), ZoneId: a.ScopeID}, nil
	case unix.AF_UNIX:
		return &unix.SockaddrUnix{Name: a.Path}, nil
	}
	return nil, &Error{Op: "sockaddr", Errno: unix.EAFNOSUPPORT}
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
