package netinfo

import (
	"errors"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// The resolver's flags and error codes, as glibc's <netdb.h> defines them
// (golang.org/x/sys/unix has no netdb constants).
const (
	AIPassive     = 0x1
	AICanonName   = 0x2
	AINumericHost = 0x4
	AINumericServ = 0x400

	NINumericHost = 0x1
	NINumericServ = 0x2
	NINameReqd    = 0x8
	NIDgram       = 0x10

	EAINoName     = -2
	EAIAgain      = -3
	EAIFail       = -4
	EAIFamily     = -6
	EAISockType   = -7
	EAIService    = -8
	EAIAddrFamily = -9
	EAISystem     = -11
)

// gaiMessages are glibc's gai_strerror texts, for the build without cgo
// (the cgo build asks glibc itself).
var gaiMessages = map[int]string{
	-1:            "Bad value for ai_flags",
	EAINoName:     "Name or service not known",
	EAIAgain:      "Temporary failure in name resolution",
	EAIFail:       "Non-recoverable failure in name resolution",
	-5:            "No address associated with hostname",
	EAIFamily:     "ai_family not supported",
	EAISockType:   "ai_socktype not supported",
	EAIService:    "Servname not supported for ai_socktype",
	EAIAddrFamily: "Address family for hostname not supported",
	-10:           "Memory allocation failure",
	EAISystem:     "System error",
	-12:           "Argument buffer overflow",
}

// The h_errno codes of the legacy host lookups, and glibc's hstrerror texts.
const (
	hostNotFound = 1
	noRecovery   = 3
)

var hostMessages = map[int]string{
	0:            "Resolver Error 0 (no error)",
	hostNotFound: "Unknown host",
	2:            "Host name lookup failure",
	noRecovery:   "Unknown server error",
	4:            "No address associated with name",
}

// hostError is the HostError for an h_errno code, with glibc's text.
func hostError(code int) *HostError {
	msg, ok := hostMessages[code]
	if !ok {
		msg = "Unknown resolver error"
	}
	return &HostError{Code: code, Msg: msg}
}

// Hints narrows a getaddrinfo query, as the hint fields of struct addrinfo
// do: zero fields mean "any".
type Hints struct {
	Family, Type, Proto, Flags int
}

// AddrInfo is one answer of getaddrinfo: what to pass to socket() and the
// address to pass to connect() or bind(). CanonName is set on the first
// answer only, and only when AI_CANONNAME was asked for.
type AddrInfo struct {
	Family, Type, Proto int
	CanonName           string
	Addr                Addr
}

// HostEntry is a struct hostent: a host's official name, its other names and
// its addresses.
type HostEntry struct {
	Name    string
	Aliases []string
	Addrs   []netip.Addr
}

// GetAddrInfo asks the system's resolver (glibc's getaddrinfo, or its
// emulation when built without cgo) for the ways to reach service on host.
// A nil host or service is C's NULL (Python's None). The answers come in the
// resolver's order; a failure is a *GAIError.
func GetAddrInfo(host, service *string, h Hints) ([]AddrInfo, error) {
	return getaddrinfo(host, service, h)
}

// GetNameInfo turns a numeric host and a port into a host name and a service
// name, as Python's socket.getnameinfo((host, port), flags) does: the host
// must be a numeric address (it is parsed with AI_NUMERICHOST, never
// resolved), and the port is looked up as a UDP-typed service.
func GetNameInfo(host string, port int, flags int) (name, service string, err error) {
	portStr := strconv.Itoa(port)
	ais, err := getaddrinfo(&host, &portStr, Hints{Type: unix.SOCK_DGRAM, Flags: AINumericHost})
	if err != nil {
		return "", "", err
	}
	if len(ais) > 1 {
		return "", "", errors.New("sockaddr resolved to multiple addresses")
	}
	return getnameinfo(ais[0].Addr, flags)
}

// Hostname returns this machine's name (gethostname(2)).
func Hostname() (string, error) {
	return os.Hostname()
}

// HostByName returns one IPv4 address of host, as Python's
// socket.gethostbyname does.
func HostByName(host string) (netip.Addr, error) {
	a, err := resolveOne(host, unix.AF_INET)
	return a.IP, err
}

// HostByNameEx returns host's entry in the hosts database (its official name,
// aliases and IPv4 addresses), as Python's socket.gethostbyname_ex does:
// the name must first resolve to an IPv4 address, then gethostbyname_r gives
// the entry. A database miss is a *HostError.
func HostByNameEx(host string) (HostEntry, error) {
	if _, err := resolveOne(host, unix.AF_INET); err != nil {
		return HostEntry{}, err
	}
	he, family, err := gethostbyname(host)
	if err != nil {
		return HostEntry{}, err
	}
	if family != unix.AF_INET {
		return HostEntry{}, &Error{Op: "gethostbyname", Errno: unix.EAFNOSUPPORT}
	}
	return he, nil
}

// HostByAddr returns the entry of the host at ip (a numeric address, or a
// name that is resolved first), as Python's socket.gethostbyaddr does. A
// reverse-lookup miss is a *HostError.
func HostByAddr(ip string) (HostEntry, error) {
	a, err := resolveOne(ip, unix.AF_UNSPEC)
	if err != nil {
		return HostEntry{}, err
	}
	return gethostbyaddr(a.IP)
}

// resolveOne is CPython's setipaddr: the wildcard for "", the broadcast
// address for "<broadcast>", a numeric address as it is, and otherwise the
// first answer of getaddrinfo for family (with its IPv6 scope id).
func resolveOne(name string, family int) (Addr, error) {
	if name == "" {
		zero := "0"
		ais, err := getaddrinfo(nil, &zero, Hints{Family: family, Type: unix.SOCK_DGRAM, Flags: AIPassive})
		if err != nil {
			return Addr{}, err
		}
		if len(ais) > 1 {
			return Addr{}, errors.New("wildcard resolved to multiple address")
		}
		return ais[0].Addr, nil
	}
	if name == "255.255.255.255" || name == "<broadcast>" {
		if family != unix.AF_INET && family != unix.AF_UNSPEC {
			return Addr{}, errors.New("address family mismatched")
		}
		return Addr{Family: unix.AF_INET, IP: netip.AddrFrom4([4]byte{255, 255, 255, 255})}, nil
	}
	if a, ok := parseNumeric(name, family); ok {
		return Addr{Family: familyOf(a), IP: a}, nil
	}
	ais, err := getaddrinfo(&name, nil, Hints{Family: family})
	if err != nil {
		return Addr{}, err
	}
	return ais[0].Addr, nil
}

// familyOf is the address family of ip.
func familyOf(ip netip.Addr) int {
	if ip.Is4() {
		return unix.AF_INET
	}
	return unix.AF_INET6
}

// parseNumeric is inet_pton for family (AF_UNSPEC tries IPv4 then IPv6).
// An IPv6 address with a %scope is left to getaddrinfo, as CPython does.
func parseNumeric(name string, family int) (netip.Addr, bool) {
	a, err := netip.ParseAddr(name)
	if err != nil || a.Zone() != "" || strings.Contains(name, "%") {
		return netip.Addr{}, false
	}
	if a.Is4() && (family == unix.AF_UNSPEC || family == unix.AF_INET) {
		return a, true
	}
	if a.Is6() && (family == unix.AF_UNSPEC || family == unix.AF_INET6) {
		return a, true
	}
	return netip.Addr{}, false
}
