package peers

import (
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"syscall"
	"time"
)

// EventType says what happened on a connection.
type EventType int

// The event types.
const (
	Connected   EventType = iota // a client connected
	Received                     // bytes arrived (N of them; Data holds the first ones)
	Sent                         // bytes went out
	Request                      // the HTTP server answered a request (Note: "GET / HTTP/1.1 200 OK")
	Closed                       // the connection ended (Note: why; In and Out: its totals)
	Refused                      // a client was turned away: the server was at its connection limit
	FinReceived                  // the other end shut down its sending side (a relay's read returned EOF)
	FinSent                      // the server shut down its sending side (Note: why) and the connection stays open the other way
	Handshake                    // a TLS handshake succeeded (Note: version, cipher suite, server name)
	Message                      // a chat client sent a line (Data: the line, up to MaxMessageData; Note: to how many)
)

// MaxEventData is how many bytes of a Received or Sent event's payload an
// Event carries: enough to recognise a message in a log line.
const MaxEventData = 64

// Event is one thing that happened on one of a server's connections (or,
// for UDP, one datagram).
//
// A relay (see Group.StartProxy) has two sockets per client: events on the
// socket to the client look like any server's, and events on its socket to
// the target have Upstream set, Remote the target and Local the relay's own
// address on that socket. Both carry the same Conn, so that the pair
// (Local, Remote) of each event names one socket and Conn ties a relay's
// two sockets together: what a ladder diagram needs to draw the client,
// the relay and the target as three lanes.
type Event struct {
	Server   int  // the server's id in its Group
	Kind     Kind // the server's service
	Type     EventType
	Proto    string         // "tcp" or "udp"
	Conn     int            // the TCP connection's number in its server (1, 2, ...); 0 for UDP
	Upstream bool           // a relay's event on its socket to the target
	Local    netip.AddrPort // the server's end of the socket
	Remote   netip.AddrPort // the other end: the client (the target when Upstream)
	N        int            // Received, Sent, Message: how many bytes
	Data     []byte         // Received, Sent: the first MaxEventData of them (a copy); Message: see MaxMessageData
	Note     string         // Request: the request and the status; Closed, FinSent: why; Handshake: what was agreed; Message: to how many
	In, Out  int64          // Closed: bytes received and sent on the connection
	// Dropped counts the events before this one that were not delivered
	// because the log function could not keep up.
	Dropped int
	// Time is when the event was reported, just after what it reports
	// happened (with Go's monotonic reading), so that a caller can place
	// it among other timelines, such as a shell socket's history for a
	// ladder diagram. One server's events have times in their order.
	Time time.Time
}

// Why a connection ended, in the words of Closed events' Note.
const (
	ClosedByClient = "closed by the client"
	ClosedByReset  = "reset by the client"
	ClosedIdle     = "closed: idle too long"
	ClosedByServer = "closed by the server"
	ClosedStopped  = "closed: server stopped"
	ClosedByTarget = "closed by the target" // a relay: the target finished first
	ResetByTarget  = "reset by the target"  // a relay: the target reset its side, so the relay reset the client's
	TargetFailed   = "reset: no connection to the target"
)

// closeReason turns the error that ended a connection into a Closed note.
func closeReason(err error, stopping bool) string {
	switch {
	case stopping || errors.Is(err, net.ErrClosed):
		return ClosedStopped
	case err == nil:
		return ClosedByServer
	case errors.Is(err, io.EOF):
		return ClosedByClient
	case errors.Is(err, os.ErrDeadlineExceeded):
		return ClosedIdle
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return ClosedByReset
	case errors.Is(err, errTooSlow):
		return ClosedTooSlow
	}
	return "closed: " + err.Error()
}

// addrPort is the address of a net.Addr from a TCP or UDP socket, with an
// IPv4 address seen through an IPv6 socket shown as IPv4.
func addrPort(a net.Addr) netip.AddrPort {
	var ap netip.AddrPort
	switch a := a.(type) {
	case *net.TCPAddr:
		ap = a.AddrPort()
	case *net.UDPAddr:
		ap = a.AddrPort()
	}
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
}
