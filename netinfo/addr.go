package netinfo

import (
	"net/netip"

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
		return Addr{Family: unix.AF_UNIX, Path: sa.Name}
	}
	switch family {
	case unix.AF_INET:
		return Addr{Family: family, IP: netip.IPv4Unspecified()}
	case unix.AF_INET6:
		return Addr{Family: family, IP: netip.IPv6Unspecified()}
	}
	return Addr{Family: family}
}
