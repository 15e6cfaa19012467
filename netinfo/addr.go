package netinfo

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
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
// address tuple: the empty string is the wildcard address, '<broadcast>' the IPv4
// broadcast address, a numeric address is taken as it is (an IPv6 one may
// carry a %zone), and a name is looked up for that family only. A numeric
// address of the other family is the resolver's EAI_ADDRFAMILY, as in Python.
func IPAddr(ctx context.Context, family int, host string, port int) (Addr, error) {
	ip, scope, err := resolveHost(ctx, family, host)
	if err != nil {
		return Addr{}, err
	}
	return Addr{Family: family, IP: ip, Port: port, ScopeID: scope}, nil
}

// UnixAddr is the AF_UNIX address of a path.
func UnixAddr(path string) Addr { return Addr{Family: unix.AF_UNIX, Path: path} }

// errAddrFamily is glibc's EAI_ADDRFAMILY, which Python shows for an address
// of the wrong family: socket.gaierror: [Errno -9] Address family for
// hostname not supported.
var errAddrFamily = &GAIError{Code: -9, Msg: "Address family for hostname not supported"}

// errNoName is glibc's EAI_NONAME.
var errNoName = &GAIError{Code: -2, Msg: "Name or service not known"}

func resolveHost(ctx context.Context, family int, host string) (netip.Addr, uint32, error) {
	switch host {
	case "":
		if family == unix.AF_INET6 {
			return netip.IPv6Unspecified(), 0, nil
		}
		return netip.IPv4Unspecified(), 0, nil
	case "<broadcast>":
		if family == unix.AF_INET6 {
			return netip.Addr{}, 0, errAddrFamily
		}
		return netip.AddrFrom4([4]byte{255, 255, 255, 255}), 0, nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return checkFamily(family, ip)
	}
	network := "ip4"
	if family == unix.AF_INET6 {
		network = "ip6"
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, network, host)
	if err != nil || len(ips) == 0 {
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) && dnsErr.IsTemporary {
			return netip.Addr{}, 0, &GAIError{Code: -3, Msg: "Temporary failure in name resolution"}
		}
		return netip.Addr{}, 0, errNoName
	}
	// The resolver may give an IPv4 address in its IPv6-mapped form.
	ip := ips[0]
	if family == unix.AF_INET {
		ip = ip.Unmap()
	}
	return checkFamily(family, ip)
}

// checkFamily fits a numeric address to the socket's family: an IPv4 address
// written as ::ffff:a.b.c.d stays IPv6, and a zone becomes a scope id.
func checkFamily(family int, ip netip.Addr) (netip.Addr, uint32, error) {
	switch {
	case family == unix.AF_INET && ip.Is4():
		return ip, 0, nil
	case family == unix.AF_INET6 && ip.Is6():
		var scope uint32
		if zone := ip.Zone(); zone != "" {
			if n, err := strconv.ParseUint(zone, 10, 32); err == nil {
				scope = uint32(n)
			} else if ifi, err := net.InterfaceByName(zone); err == nil {
				scope = uint32(ifi.Index)
			} else {
				return netip.Addr{}, 0, errNoName
			}
		}
		return ip.WithZone(""), scope, nil
	}
	return netip.Addr{}, 0, errAddrFamily
}
