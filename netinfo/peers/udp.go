package peers

import (
	"errors"
	"net"
	"net/netip"
	"time"
)

// maxDatagram is the largest UDP payload: a datagram is read whole.
const maxDatagram = 64 << 10

// udpLoop answers datagrams: echo sends each back to its sender, daytime
// answers any datagram with the time, discard drops them. UDP has no
// connections, so there is no idle time or connection limit to enforce.
func (s *Server) udpLoop() {
	defer s.wg.Done()
	buf := make([]byte, maxDatagram)
	for {
		n, from, err := s.udp.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// An ICMP error from an earlier reply (ECONNREFUSED) or a
			// passing resource shortage: the socket itself is fine.
			time.Sleep(time.Millisecond)
			continue
		}
		client := netip.AddrPortFrom(from.Addr().Unmap(), from.Port())
		s.in.Add(int64(n))
		if s.logging() {
			s.emit(withData(Event{Type: Received, Proto: "udp", Local: s.Addr(), Remote: client}, buf[:n]))
		}
		var reply []byte
		switch s.Kind {
		case Echo:
			reply = buf[:n]
		case Daytime:
			reply = daytime(time.Now())
		default:
			continue
		}
		// Counted before the send, as conn.Write does: the client may
		// have the reply before the send returns.
		s.out.Add(int64(len(reply)))
		if _, err := s.udp.WriteToUDPAddrPort(reply, from); err != nil {
			s.out.Add(-int64(len(reply)))
			continue
		}
		if s.logging() {
			s.emit(withData(Event{Type: Sent, Proto: "udp", Local: s.Addr(), Remote: client}, reply))
		}
	}
}
