//go:build !cgo

package netinfo

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Without cgo there is no glibc to call, so this file emulates what glibc
// does on a machine whose nsswitch.conf says "hosts: files dns": the hosts
// file first, then DNS through Go's own resolver. It follows glibc's rules
// for flags, socket types and services, so that the cases the tests pin
// (loopback, the hosts file, numeric addresses, the services database)
// answer exactly as the cgo build does.

// hostsFile is the hosts database.
var hostsFile = "/etc/hosts"

// dnsResolver answers the names the hosts file does not know. Tests replace
// it with one that fails at once, so they never send a query.
var dnsResolver = &net.Resolver{PreferGo: true}

// dnsTimeout bounds one DNS question, as resolv.conf's defaults roughly do.
const dnsTimeout = 10 * time.Second

// hostLine is one line of the hosts file: an address and its names, the
// official one first.
type hostLine struct {
	addr  netip.Addr
	names []string
}

func readHosts() []hostLine {
	f, err := os.Open(hostsFile)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []hostLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		a, err := netip.ParseAddr(fields[0])
		if err != nil {
			continue
		}
		out = append(out, hostLine{addr: a.Unmap(), names: fields[1:]})
	}
	return out
}

// hostsByName returns the official name and addresses of the first hosts
// line naming host (names compare without case, as glibc's do), and the
// addresses of every later line naming it too.
func hostsByName(host string, family int) (canon string, addrs []netip.Addr) {
	for _, l := range readHosts() {
		if !familyOK(l.addr, family) {
			continue
		}
		for _, n := range l.names {
			if strings.EqualFold(n, host) {
				if canon == "" {
					canon = l.names[0]
				}
				addrs = append(addrs, l.addr)
				break
			}
		}
	}
	return canon, addrs
}

func familyOK(a netip.Addr, family int) bool {
	switch family {
	case unix.AF_INET:
		return a.Is4()
	case unix.AF_INET6:
		return a.Is6()
	}
	return true
}

// lookupDNS asks DNS for host's addresses of family.
func lookupDNS(host string, family int) ([]netip.Addr, error) {
	network := "ip"
	switch family {
	case unix.AF_INET:
		network = "ip4"
	case unix.AF_INET6:
		network = "ip6"
	}
	ctx, cancel := context.WithTimeout(context.Background(), dnsTimeout)
	defer cancel()
	addrs, err := dnsResolver.LookupNetIP(ctx, network, host)
	if err != nil {
		var de *net.DNSError
		if errors.As(err, &de) && (de.IsTimeout || de.IsTemporary) {
			return nil, gaiError(EAIAgain)
		}
		return nil, gaiError(EAINoName)
	}
	for i := range addrs {
		addrs[i] = addrs[i].Unmap()
	}
	return addrs, nil
}

// socketTypes are glibc's rows of (type, protocol) that getaddrinfo answers
// with when the hints leave them open, in glibc's order.
var socketTypes = []struct {
	typ, proto int
	protoName  string // the services database's name; "" takes no named service
}{
	{unix.SOCK_STREAM, unix.IPPROTO_TCP, "tcp"},
	{unix.SOCK_DGRAM, unix.IPPROTO_UDP, "udp"},
	{unix.SOCK_RAW, 0, ""},
}

// The flags glibc accepts (AI_IDN and AI_CANONIDN included).
const knownAIFlags = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x400

// getaddrinfo emulates glibc's getaddrinfo.
func getaddrinfo(host, service *string, h Hints) ([]AddrInfo, error) {
	if h.Flags&^knownAIFlags != 0 || (h.Flags&AICanonName != 0 && host == nil) {
		return nil, gaiError(-1)
	}
	if host == nil && service == nil {
		return nil, gaiError(EAINoName)
	}
	if h.Family != unix.AF_UNSPEC && h.Family != unix.AF_INET && h.Family != unix.AF_INET6 {
		return nil, gaiError(EAIFamily)
	}
	if h.Type != 0 && h.Type != unix.SOCK_STREAM && h.Type != unix.SOCK_DGRAM && h.Type != unix.SOCK_RAW {
		return nil, gaiError(EAISockType)
	}
	if h.Type == unix.SOCK_RAW && service != nil {
		return nil, gaiError(EAIService) // raw sockets have no ports
	}
	// The (type, proto) rows the hints and the service allow, with ports.
	type row struct{ typ, proto, port int }
	var rows []row
	protoKnown := false
	for _, st := range socketTypes {
		if h.Type != 0 && h.Type != st.typ {
			continue
		}
		if h.Type != 0 && h.Proto != 0 && st.typ != unix.SOCK_RAW && h.Proto != st.proto {
			continue
		}
		if h.Type == 0 && h.Proto != 0 && h.Proto != st.proto {
			continue
		}
		protoKnown = true
		proto := st.proto
		if st.typ == unix.SOCK_RAW && h.Proto != 0 {
			proto = h.Proto
		}
		port := 0
		if service != nil {
			if n, ok := numericService(*service); ok {
				port = n
			} else if h.Flags&AINumericServ != 0 {
				return nil, gaiError(EAINoName)
			} else {
				if st.protoName == "" {
					continue
				}
				p, err := ServByName(*service, &st.protoName)
				if err != nil {
					continue
				}
				port = p
			}
		}
		rows = append(rows, row{st.typ, proto, port})
	}
	if !protoKnown && h.Type != 0 {
		return nil, gaiError(EAISockType)
	}
	if len(rows) == 0 {
		return nil, gaiError(EAIService)
	}
	addrs, canon, err := hostAddrs(host, h)
	if err != nil {
		return nil, err
	}
	var out []AddrInfo
	for _, a := range addrs {
		for _, r := range rows {
			ai := AddrInfo{Family: familyOf(a), Type: r.typ, Proto: r.proto, Addr: Addr{Family: familyOf(a), IP: a, Port: r.port}}
			if len(out) == 0 && h.Flags&AICanonName != 0 {
				ai.CanonName = canon
			}
			out = append(out, ai)
		}
	}
	return out, nil
}

// hostAddrs finds the addresses getaddrinfo answers for host, and the
// canonical name AI_CANONNAME reports.
func hostAddrs(host *string, h Hints) ([]netip.Addr, string, error) {
	if host == nil {
		v4, v6 := netip.AddrFrom4([4]byte{127, 0, 0, 1}), netip.IPv6Loopback()
		order := []netip.Addr{v6, v4} // glibc's address sorting puts ::1 first
		if h.Flags&AIPassive != 0 {
			v4, v6 = netip.IPv4Unspecified(), netip.IPv6Unspecified()
			order = []netip.Addr{v4, v6}
		}
		var out []netip.Addr
		for _, a := range order {
			if familyOK(a, h.Family) {
				out = append(out, a)
			}
		}
		return out, "", nil
	}
	name := *host
	if a, err := netip.ParseAddr(name); err == nil && a.Zone() == "" {
		if !familyOK(a, h.Family) {
			return nil, "", gaiError(EAIAddrFamily)
		}
		return []netip.Addr{a}, name, nil
	}
	if h.Flags&AINumericHost != 0 || name == "" {
		return nil, "", gaiError(EAINoName)
	}
	if canon, addrs := hostsByName(name, h.Family); len(addrs) > 0 {
		return addrs, canon, nil
	}
	addrs, err := lookupDNS(name, h.Family)
	return addrs, name, err
}

// numericService is glibc's test of a service string: strtoul in base 10
// that consumes it all and gives a non-negative int (the port keeps the low
// 16 bits, as htons does).
func numericService(s string) (int, bool) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "+"), "-")
	if t == "" {
		return 0, s == "" // strtoul("") consumes nothing, leaving "" behind
	}
	n, err := strconv.ParseUint(t, 10, 64)
	if err != nil || neg || int32(n) < 0 {
		return 0, false
	}
	return int(n & 0xffff), true
}

// getnameinfo emulates glibc's getnameinfo.
func getnameinfo(a Addr, flags int) (string, string, error) {
	const knownNIFlags = NINumericHost | NINumericServ | 0x4 | NINameReqd | NIDgram | 0x20
	if flags&^knownNIFlags != 0 {
		return "", "", gaiError(-1)
	}
	host := a.IP.String()
	if flags&NINumericHost == 0 {
		found := false
		for _, l := range readHosts() {
			if l.addr == a.IP {
				host, found = l.names[0], true
				break
			}
		}
		if !found && flags&NINameReqd != 0 {
			return "", "", gaiError(EAINoName)
		}
	}
	serv := strconv.Itoa(a.Port)
	if flags&NINumericServ == 0 {
		proto := "tcp"
		if flags&NIDgram != 0 {
			proto = "udp"
		}
		if name, err := ServByPort(a.Port, &proto); err == nil {
			serv = name
		}
	}
	return host, serv, nil
}

// gethostbyname emulates glibc's gethostbyname_r for IPv4: a numeric
// address names itself, then the hosts file, then DNS.
func gethostbyname(name string) (HostEntry, int, error) {
	if name == "" {
		return HostEntry{}, 0, hostError(noRecovery)
	}
	if a, err := netip.ParseAddr(name); err == nil && a.Is4() {
		return HostEntry{Name: name, Addrs: []netip.Addr{a}}, unix.AF_INET, nil
	}
	for _, l := range readHosts() {
		for _, n := range l.names {
			if l.addr.Is4() && strings.EqualFold(n, name) {
				return HostEntry{Name: l.names[0], Aliases: l.names[1:], Addrs: []netip.Addr{l.addr}}, unix.AF_INET, nil
			}
		}
	}
	addrs, err := lookupDNS(name, unix.AF_INET)
	if err != nil {
		return HostEntry{}, 0, hostError(hostNotFound)
	}
	return HostEntry{Name: name, Addrs: addrs}, unix.AF_INET, nil
}

// gethostbyaddr emulates glibc's gethostbyaddr_r: the hosts file, then a
// DNS reverse lookup. The unspecified address has no name (and asking DNS
// for one would be pointless).
func gethostbyaddr(a netip.Addr) (HostEntry, error) {
	if a.IsUnspecified() {
		return HostEntry{}, hostError(hostNotFound)
	}
	for _, l := range readHosts() {
		if l.addr == a {
			return HostEntry{Name: l.names[0], Aliases: l.names[1:], Addrs: []netip.Addr{a}}, nil
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), dnsTimeout)
	defer cancel()
	names, err := dnsResolver.LookupAddr(ctx, a.String())
	if err != nil || len(names) == 0 {
		return HostEntry{}, hostError(hostNotFound)
	}
	return HostEntry{Name: strings.TrimSuffix(names[0], "."), Addrs: []netip.Addr{a}}, nil
}

// gaiError is the GAIError for an EAI_* code, with glibc's gai_strerror
// text (the cgo build asks the C library instead).
func gaiError(code int) *GAIError {
	msg, ok := gaiMessages[code]
	if !ok {
		msg = "Unknown error"
	}
	return &GAIError{Code: code, Msg: msg}
}
