package netinfo

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// KernelView is what the kernel holds for a socket that Python's socket
// object does not show: the TCP state, the bytes queued each way and, for a
// listening socket, how full its accept queue is.
type KernelView struct {
	// State is the TCP state (LISTEN, ESTABLISHED, CLOSE_WAIT, ...) from
	// TCP_INFO; empty for a socket that is not TCP.
	State string
	// RecvQ is the number of bytes received and waiting for recv (SIOCINQ);
	// for a datagram socket, the size of the next datagram.
	RecvQ int
	// SendQ is the number of bytes sent but not yet acknowledged by the
	// peer (SIOCOUTQ).
	SendQ int
	// Listening is true for a listening TCP socket, whose AcceptQ
	// connections are complete and waiting for accept, out of Backlog.
	Listening        bool
	AcceptQ, Backlog int
}

// tcpStates names the kernel's TCP states (include/net/tcp_states.h).
var tcpStates = [...]string{
	1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2",
	6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN",
	11: "CLOSING", 12: "NEW_SYN_RECV",
}

func tcpStateName(n int) string {
	if n > 0 && n < len(tcpStates) {
		return tcpStates[n]
	}
	return "STATE_" + strconv.Itoa(n)
}

// Kernel reads the socket's state from the kernel: TCP_INFO for a TCP socket
// (for a listener, tcpi_unacked is the accept queue's length and
// tcpi_sacked its backlog) and the SIOCINQ and SIOCOUTQ ioctls for the
// queued bytes. A listener has no byte queues.
func (s *Socket) Kernel() (KernelView, error) {
	var v KernelView
	err := s.control("kernel", func(fd int) error {
		isTCP := s.Type == unix.SOCK_STREAM && (s.Family == unix.AF_INET || s.Family == unix.AF_INET6)
		if isTCP {
			info, err := unix.GetsockoptTCPInfo(fd, unix.IPPROTO_TCP, unix.TCP_INFO)
			if err != nil {
				return err
			}
			v.State = tcpStateName(int(info.State))
			if info.State == 10 {
				v.Listening, v.AcceptQ, v.Backlog = true, int(info.Unacked), int(info.Sacked)
				return nil
			}
		} else if s.Type == unix.SOCK_STREAM {
			// An AF_UNIX stream socket has no TCP_INFO; SO_ACCEPTCONN
			// still tells a listener apart.
			if on, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ACCEPTCONN); err == nil && on == 1 {
				v.Listening = true
				return nil
			}
		}
		v.RecvQ, _ = unix.IoctlGetInt(fd, unix.SIOCINQ)
		v.SendQ, _ = unix.IoctlGetInt(fd, unix.SIOCOUTQ)
		return nil
	})
	return v, err
}

// Lingering reports the TCP state of a closed socket's connection if the
// kernel still keeps it (TIME_WAIT after an active close, FIN_WAIT2 or
// LAST_ACK while the last packets are exchanged), read from /proc/net/tcp
// or tcp6. ok is false for an open socket, one that never connected, and a
// connection the kernel has forgotten.
func (s *Socket) Lingering() (state string, local, peer Addr, ok bool) {
	st, ok := s.lingeringState()
	if !ok {
		return "", Addr{}, Addr{}, false
	}
	return tcpStateName(st), s.lastLocal, s.lastPeer, true
}
