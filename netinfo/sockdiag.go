package netinfo

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"
)

// The kernel's TCP connections are asked for through sock_diag
// (NETLINK_SOCK_DIAG, as ss does) rather than read from /proc/net/tcp:
// the kernel finds one connection in its hash tables at once, and filters
// a listing by port itself, where /proc/net/tcp lists every connection of
// the machine as text (one loaded by a load test holds 100,000 in
// TIME_WAIT and takes a second to read). /proc/net/tcp stays the way when
// sock_diag is not there.

// The parts of linux/inet_diag.h used here.
const (
	sizeofDiagReq    = 56 // struct inet_diag_req_v2
	sizeofDiagMsg    = 72 // struct inet_diag_msg
	diagReqBytecode  = 1  // INET_DIAG_REQ_BYTECODE, an attribute of a request
	diagBcSrcGE      = 2  // INET_DIAG_BC_S_GE: local port >= the next op's no
	diagBcSrcLE      = 3  // INET_DIAG_BC_S_LE
	diagNoCookie     = ^uint32(0)
	diagAllStates    = ^uint32(0)
	diagReplyMaxSize = 32 << 10
)

// errDiagReply is a reply of sock_diag this code cannot read.
var errDiagReply = errors.New("sock_diag: malformed reply")

// diagLookup finds the TCP connection from local to peer (one family's
// addresses) and returns its state number, or found false when the
// kernel has no such connection.
func diagLookup(family int, local, peer netip.AddrPort) (state int, found bool, err error) {
	var id [48]byte
	putDiagID(id[:], local, peer)
	msgs, err := diagAsk(family, unix.NLM_F_REQUEST, id[:], nil)
	if errors.Is(err, unix.ENOENT) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	for _, m := range msgs {
		// A lookup falls back to a listener on the local port: only the
		// connection itself counts.
		if m.Local == local && m.Peer == peer {
			return m.state, true, nil
		}
	}
	return 0, false, nil
}

// diagPort lists the TCP sockets of a family whose local port is port.
func diagPort(family, port int) ([]diagConn, error) {
	// Two comparisons: port >= P, then port <= P. Each op is followed by
	// one holding the port in its no field; a jump past the end (len+4)
	// rejects the socket, reaching the end exactly accepts it.
	bc := make([]byte, 16)
	putOp := func(at int, code byte, yes, no uint16) {
		bc[at], bc[at+1] = code, byte(yes)
		binary.NativeEndian.PutUint16(bc[at+2:], no)
		binary.NativeEndian.PutUint16(bc[at+6:], uint16(port))
	}
	putOp(0, diagBcSrcGE, 8, 20)
	putOp(8, diagBcSrcLE, 8, 12)
	attr := make([]byte, 4+len(bc))
	binary.NativeEndian.PutUint16(attr, uint16(len(attr)))
	binary.NativeEndian.PutUint16(attr[2:], diagReqBytecode)
	copy(attr[4:], bc)
	var id [48]byte
	putDiagID(id[:], netip.AddrPort{}, netip.AddrPort{})
	return diagAsk(family, unix.NLM_F_REQUEST|unix.NLM_F_DUMP, id[:], attr)
}

// diagConn is one socket a sock_diag reply describes.
type diagConn struct {
	Local, Peer netip.AddrPort
	state       int
}

// putDiagID writes an inet_diag_sockid: the ports and addresses in
// network order, any interface, and no cookie (its two words all ones).
func putDiagID(id []byte, local, peer netip.AddrPort) {
	binary.BigEndian.PutUint16(id[0:], local.Port())
	binary.BigEndian.PutUint16(id[2:], peer.Port())
	putDiagAddr(id[4:20], local.Addr())
	putDiagAddr(id[20:36], peer.Addr())
	binary.NativeEndian.PutUint32(id[36:], 0)
	binary.NativeEndian.PutUint32(id[40:], diagNoCookie)
	binary.NativeEndian.PutUint32(id[44:], diagNoCookie)
}

func putDiagAddr(b []byte, a netip.Addr) {
	if !a.IsValid() {
		return
	}
	if a.Is4() {
		v := a.As4()
		copy(b, v[:])
		return
	}
	v := a.As16()
	copy(b, v[:])
}

// diagAsk sends one request for TCP sockets of family and reads the
// sockets of the reply (all its parts, for a dump).
func diagAsk(family int, flags uint16, id, attrs []byte) ([]diagConn, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, unix.NETLINK_SOCK_DIAG)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	// The kernel answers at once; the bound is only so that a kernel that
	// never does cannot hang the shell.
	tv := unix.NsecToTimeval(int64(time.Second))
	unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)

	req := make([]byte, unix.SizeofNlMsghdr+sizeofDiagReq+len(attrs))
	binary.NativeEndian.PutUint32(req[0:], uint32(len(req)))
	binary.NativeEndian.PutUint16(req[4:], unix.SOCK_DIAG_BY_FAMILY)
	binary.NativeEndian.PutUint16(req[6:], flags)
	binary.NativeEndian.PutUint32(req[8:], 1) // seq
	r := req[unix.SizeofNlMsghdr:]
	r[0], r[1] = byte(family), unix.IPPROTO_TCP
	binary.NativeEndian.PutUint32(r[4:], diagAllStates)
	copy(r[8:56], id)
	copy(r[56:], attrs)
	if err := unix.Sendto(fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return nil, err
	}

	var out []diagConn
	buf := make([]byte, diagReplyMaxSize)
	for {
		n, _, err := unix.Recvfrom(fd, buf, 0)
		if err != nil {
			return nil, err
		}
		for p := buf[:n]; len(p) >= unix.SizeofNlMsghdr; {
			size := int(binary.NativeEndian.Uint32(p[0:]))
			typ := binary.NativeEndian.Uint16(p[4:])
			if size < unix.SizeofNlMsghdr || size > len(p) {
				return nil, errDiagReply
			}
			body := p[unix.SizeofNlMsghdr:size]
			p = p[min(len(p), (size+3)&^3):] // messages are 4-byte aligned
			switch typ {
			case unix.NLMSG_DONE:
				return out, nil
			case unix.NLMSG_ERROR:
				if len(body) < 4 {
					return nil, errDiagReply
				}
				if e := -int32(binary.NativeEndian.Uint32(body)); e != 0 {
					return nil, unix.Errno(e)
				}
				return out, nil
			case unix.SOCK_DIAG_BY_FAMILY:
				if len(body) < sizeofDiagMsg {
					return nil, errDiagReply
				}
				out = append(out, readDiagMsg(body))
				if flags&unix.NLM_F_DUMP == 0 {
					return out, nil // a lookup's one answer
				}
			}
		}
	}
}

// readDiagMsg reads a struct inet_diag_msg: family, state, then the
// socket's id.
func readDiagMsg(b []byte) diagConn {
	addr := func(raw []byte, port uint16) netip.AddrPort {
		if b[0] == unix.AF_INET {
			a, _ := netip.AddrFromSlice(raw[:4])
			return netip.AddrPortFrom(a, port)
		}
		a, _ := netip.AddrFromSlice(raw[:16])
		return netip.AddrPortFrom(a, port)
	}
	id := b[4:]
	return diagConn{
		Local: addr(id[4:20], binary.BigEndian.Uint16(id[0:])),
		Peer:  addr(id[20:36], binary.BigEndian.Uint16(id[2:])),
		state: int(b[1]),
	}
}
