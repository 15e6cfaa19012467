package netinfo

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// TCPConn is one TCP socket the kernel holds, of any process, as
// /proc/net/tcp and tcp6 list it: its addresses and its state.
type TCPConn struct {
	Local, Peer netip.AddrPort
	// State is the TCP state as the kernel names it (LISTEN,
	// ESTABLISHED, TIME_WAIT, ...).
	State string
}

// TCPConnsOnPort lists the kernel's TCP sockets whose local port is port,
// IPv4 then IPv6, of every process: listening, connected, and those that
// linger after their close (TIME_WAIT). It is what tells why a bind to
// the port failed with EADDRINUSE.
func TCPConnsOnPort(port int) []TCPConn {
	var out []TCPConn
	if port <= 0 || port > 65535 {
		return nil
	}
	for _, family := range []int{unix.AF_INET, unix.AF_INET6} {
		conns, err := diagPort(family, port)
		if err != nil {
			return tcpConnsOnPortProc(port)
		}
		for _, c := range conns {
			out = append(out, TCPConn{Local: c.Local, Peer: c.Peer, State: tcpStateName(c.state)})
		}
	}
	return out
}

// tcpConnsOnPortProc is TCPConnsOnPort from /proc/net/tcp and tcp6.
func tcpConnsOnPortProc(port int) []TCPConn {
	var out []TCPConn
	for _, v6 := range []bool{false, true} {
		scanTCP(v6, func(local, peer netip.AddrPort, state int) bool {
			if int(local.Port()) == port {
				out = append(out, TCPConn{Local: local, Peer: peer, State: tcpStateName(state)})
			}
			return true
		})
	}
	return out
}

// lingeringState is the kernel's TCP state number of a closed socket's
// connection, and whether the kernel still keeps it (see Lingering).
func (s *Socket) lingeringState() (int, bool) {
	if s.open || !s.lastPeer.IP.IsValid() || s.lastPeer.Port == 0 {
		return 0, false
	}
	return connState(s.Family, s.lastLocal, s.lastPeer)
}

// connState is the kernel's TCP state number of the connection from local
// to peer, and whether the kernel has it.
func connState(family int, local, peer Addr) (int, bool) {
	l := netip.AddrPortFrom(local.IP, uint16(local.Port))
	r := netip.AddrPortFrom(peer.IP, uint16(peer.Port))
	if state, found, err := diagLookup(family, l, r); err == nil {
		return state, found
	}
	state, found := 0, false
	scanTCP(family == unix.AF_INET6, func(lo, pe netip.AddrPort, st int) bool {
		if lo == l && pe == r {
			state, found = st, true
			return false
		}
		return true
	})
	return state, found
}

// scanTCP calls fn for each connection of /proc/net/tcp (tcp6 when v6)
// with its addresses and state number, until fn returns false. A file
// that cannot be read lists nothing.
func scanTCP(v6 bool, fn func(local, peer netip.AddrPort, state int) bool) {
	name := "/proc/net/tcp"
	if v6 {
		name = "/proc/net/tcp6"
	}
	f, err := os.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 {
			continue
		}
		l, okL := parseProcAddr(fields[1])
		r, okR := parseProcAddr(fields[2])
		st, err := strconv.ParseUint(fields[3], 16, 8)
		if !okL || !okR || err != nil {
			continue // the heading, or a line this code does not know
		}
		if !fn(l, r, int(st)) {
			return
		}
	}
}

// parseProcAddr reads an address of /proc/net/tcp: the IP as hex words in
// host byte order, a colon, the port in hex.
func parseProcAddr(field string) (netip.AddrPort, bool) {
	ipHex, portHex, ok := strings.Cut(field, ":")
	if !ok {
		return netip.AddrPort{}, false
	}
	raw, err := hex.DecodeString(ipHex)
	port, perr := strconv.ParseUint(portHex, 16, 16)
	if err != nil || perr != nil || (len(raw) != 4 && len(raw) != 16) {
		return netip.AddrPort{}, false
	}
	// Each 32-bit word is printed in the host's byte order: put it back
	// in network order.
	for i := 0; i < len(raw); i += 4 {
		binary.BigEndian.PutUint32(raw[i:], binary.NativeEndian.Uint32(raw[i:]))
	}
	ip, _ := netip.AddrFromSlice(raw)
	return netip.AddrPortFrom(ip, uint16(port)), true
}
