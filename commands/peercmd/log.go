package peercmd

import (
	"fmt"
	"net/netip"
	"strings"
	"sync"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/internal/layout"
	"sockshell/netinfo/peers"
)

// peerLog writes the local servers' events (log on, -v) as lines on
// stderr, each fitting lineWidth: a line with bytes shows as many of them,
// escaped, as fit; a long note wraps under a hanging indent.
//
// A relay's two sockets per client are shown as one connection, named by
// its client: what passed toward the target ("-> target") and back toward
// the client ("<- target"), each chunk as it was sent, so that split's
// pieces show one by one. What it read is not shown again.
type peerLog struct {
	s *commands.Session

	mu sync.Mutex
	// clients are the relays' clients by connection, to name the client on
	// the events of the socket to the target (which carry the target's
	// address); an entry goes with the client's Closed event.
	clients map[relayConn]netip.AddrPort
}

// relayConn names one relayed connection: its server and number.
type relayConn struct{ server, conn int }

func newPeerLog(s *commands.Session) *peerLog {
	return &peerLog{s: s, clients: make(map[relayConn]netip.AddrPort)}
}

// forget drops what the log knew of open connections, whose later events
// (with the log off) it will not see.
func (l *peerLog) forget() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.clients)
}

// minPreview is how many bytes a data line shows at least, however little
// room the rest of the line leaves.
const minPreview = 4

// event writes one server event. It runs on the peers' log goroutine, so
// it writes through Logf only.
func (l *peerLog) event(ev peers.Event) {
	s := l.s
	if ev.Dropped > 0 {
		s.Logf("[log] %d event%s not shown: they came faster than they could be written", ev.Dropped, value.Plural(ev.Dropped))
	}
	who := l.who(ev)
	relay := ev.Kind == peers.Proxy
	note := value.Safe(ev.Note, "") // a handshake's note holds the client's server name
	switch ev.Type {
	case peers.Connected:
		if ev.Upstream {
			l.say("%s connected through to the target %s", who, ev.Remote)
		} else {
			l.say("%s connected", who)
		}
	case peers.Received, peers.Sent:
		switch {
		case relay && ev.Upstream && ev.Type == peers.Sent:
			s.Logf("%s", fitData(who+" -> target "+byteCount(ev.N)+": ", ev.Data, ev.N, ""))
		case relay && ev.Type == peers.Sent:
			s.Logf("%s", fitData(who+" <- target "+byteCount(ev.N)+": ", ev.Data, ev.N, ""))
		case relay: // what the relay read: its Sent shows it again
		default:
			verb := "received"
			if ev.Type == peers.Sent {
				verb = "sent"
			}
			s.Logf("%s", fitData(who+" "+verb+" "+byteCount(ev.N)+": ", ev.Data, ev.N, ""))
		}
	case peers.Message:
		s.Logf("%s", fitData(who+" says ", ev.Data, ev.N, " ("+note+")"))
	case peers.Request:
		l.say("%s %s", who, note)
	case peers.Handshake:
		l.say("%s TLS handshake: %s", who, note)
	case peers.FinSent:
		switch {
		case ev.Upstream:
			l.say("%s -> target FIN, %s", who, note)
		case relay && ev.Note == halfClose:
			l.say("%s <- FIN from the relay (half_close): it sends the client no more, and reads on", who)
		case relay:
			l.say("%s <- target FIN, %s", who, note)
		case ev.Note == halfClose:
			l.say("%s FIN sent (half_close): the server sends no more, and reads on", who)
		default:
			l.say("%s FIN sent: %s", who, note)
		}
	case peers.FinReceived:
		// A relay passes each FIN on, and that line says so.
	case peers.Closed:
		switch {
		case ev.Upstream && ev.In == 0 && ev.Out == 0:
			l.say("%s target: %s", who, note)
		case ev.Upstream:
			l.say("%s target: %s (%d byte%s in, %d out)", who, note, ev.In, value.Plural(int(ev.In)), ev.Out)
		default:
			l.say("%s %s (%d byte%s in, %d out)", who, note, ev.In, value.Plural(int(ev.In)), ev.Out)
		}
		if relay && !ev.Upstream {
			l.mu.Lock()
			delete(l.clients, relayConn{ev.Server, ev.Conn})
			l.mu.Unlock()
		}
	case peers.Refused:
		l.say("%s turned away: the server has its maximum of connections open", who)
	}
}

// who starts an event's line: the server and the client, "[echo 1]
// 127.0.0.1:44384". On a relay's socket to the target the client is the
// one that connection serves.
func (l *peerLog) who(ev peers.Event) string {
	server := fmt.Sprintf("[%s %d]", ev.Kind, ev.Server)
	if ev.Proto == "udp" {
		return fmt.Sprintf("%s udp %s", server, ev.Remote)
	}
	if ev.Kind != peers.Proxy {
		return fmt.Sprintf("%s %s", server, ev.Remote)
	}
	key := relayConn{ev.Server, ev.Conn}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !ev.Upstream {
		if ev.Type == peers.Connected {
			l.clients[key] = ev.Remote
		}
		return fmt.Sprintf("%s %s", server, ev.Remote)
	}
	if c, ok := l.clients[key]; ok {
		return fmt.Sprintf("%s %s", server, c)
	}
	return fmt.Sprintf("%s connection %d", server, ev.Conn)
}

// say writes a line of the log made of the shell's own words (and notes
// already made safe), wrapped to fit.
func (l *peerLog) say(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	l.s.Logf("%s", strings.Join(layout.HangingWrap(text, layout.LineWidth, "", "    "), "\n"))
}

// byteCount is "1 byte", "5 bytes".
func byteCount(n int) string { return fmt.Sprintf("%d byte%s", n, value.Plural(n)) }

// fitData is head, then data (the first bytes of n) as the repr of bytes,
// then tail, on one line of at most lineWidth: when not all of it fits (or
// data is only the start of the n bytes), the repr is of as many bytes as
// fit, followed by "...". It shows at least minPreview bytes.
func fitData(head string, data []byte, n int, tail string) string {
	full := value.Bytes(data).Repr()
	room := layout.LineWidth - len(head) - len(tail)
	if len(data) >= n && len(full) <= room {
		return head + full + tail
	}
	room -= len("...")
	// The longest start of data whose repr fits: a repr only grows with
	// the bytes it shows.
	lo, hi := 0, len(data)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if len(value.Bytes(data[:mid]).Repr()) <= room {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	k := max(lo, min(minPreview, len(data)))
	return head + value.Bytes(data[:k]).Repr() + "..." + tail
}
