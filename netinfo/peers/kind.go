package peers

import (
	"strings"
	"time"
)

// Kind names a service a local peer can run.
type Kind string

// The services.
const (
	Echo    Kind = "echo"    // RFC 862: sends back whatever it receives (TCP and UDP)
	Discard Kind = "discard" // RFC 863: reads and drops everything (TCP and UDP)
	Daytime Kind = "daytime" // RFC 867: sends the date and time as text (TCP and UDP)
	Chargen Kind = "chargen" // RFC 864: sends lines of characters until the client leaves (TCP)
	HTTP    Kind = "http"    // a small HTTP/1.1 server answering GET / with a page (TCP)
	// Proxy is a relay's kind (see Group.StartProxy): not a service, so
	// Kinds and ParseKind leave it out.
	Proxy Kind = "proxy"
)

// Kinds lists the services in the order help shows them.
func Kinds() []Kind { return []Kind{Echo, HTTP, Daytime, Discard, Chargen, Chat, TLSEcho, HTTPS} }

// ParseKind returns the service called name (case-insensitive).
func ParseKind(name string) (Kind, bool) {
	for _, k := range Kinds() {
		if strings.EqualFold(name, string(k)) {
			return k, true
		}
	}
	return "", false
}

// UDP reports whether the service also answers on UDP, on the same port
// number as its TCP listener. chargen does not: a UDP chargen is the
// textbook amplification reflector (a small forged datagram buys a larger
// reply), so it is left out even though RFC 864 describes one.
func (k Kind) UDP() bool { return k == Echo || k == Discard || k == Daytime }

// Limits bound what one server accepts.
type Limits struct {
	// MaxConns is how many TCP connections may be open at once. A
	// connection beyond it is accepted and closed at once (the HTTP and
	// HTTPS servers first answer 503 Service Unavailable, to up to 64 such
	// clients at a time, and linger), so a client never hangs in the
	// kernel's backlog. 0 means DefaultMaxConns.
	MaxConns int
	// IdleTimeout closes a connection that has received nothing (or could
	// not send anything) for this long; to keep timers cheap the limit is
	// applied within a sixteenth (a connection may go after 15/16 of it).
	// For HTTP it bounds the wait for each whole request head, including
	// the keep-alive wait between requests; for TLS, the handshake too.
	// For chat it bounds sending only: listening in silence is what a
	// chat client does. 0 means DefaultIdleTimeout.
	IdleTimeout time.Duration
}

// The default limits, documented in docs/homework.md.
const (
	DefaultMaxConns    = 1024
	DefaultIdleTimeout = 5 * time.Minute
)

// withDefaults fills the zero fields of l.
func (l Limits) withDefaults() Limits {
	if l.MaxConns <= 0 {
		l.MaxConns = DefaultMaxConns
	}
	if l.IdleTimeout <= 0 {
		l.IdleTimeout = DefaultIdleTimeout
	}
	return l
}
