package peers

import (
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"syscall"
)

// EventType says what happened on a connection.
type EventType int

// The event types.
const (
	Connected EventType = iota // a client connected
	Received                   // bytes arrived (N of them; Data holds the first ones)
	Sent                       // bytes went out
	Request                    // the HTTP server answered a request (Note: "GET / HTTP/1.1 200 OK")
	Closed                     // the connection ended (Note: why; In and Out: its totals)
	Refused                    // a client was turned away: the server was at its connection limit
	Handshake                  // a TLS handshake succeeded (Note: version, cipher suite, server name)
	Message                    // a chat client sent a line (Data: the line, up to MaxMessageData; Note: to how many)
)

// MaxEventData is how many bytes of a Received or Sent event's payload an
// Event carries: enough to recognise a message in a log line.
const MaxEventData = 64

// Event is one thing that happened on one of a server's connections (or,
// for UDP, one datagram).
type Event struct {
	Server  int  // the server's id in its Group
	Kind    Kind // the server's service
	Type    EventType
	Proto   string         // "tcp" or "udp"
	Remote  netip.AddrPort // the client
	N       int            // Received, Sent: how many bytes
	Data    []byte         // Received, Sent: the first MaxEventData of them (a copy)
	Note    string         // Request: the request and the status; Closed: why it ended
	In, Out int64          // Closed: bytes received and sent on the connection
	// Dropped counts the events before this one that were not delivered
	// because the log function could not keep up.
	Dropped int
}

// Why a connection ended, in the words of Closed events' Note.
const (
	ClosedByClient = "closed by the client"
	ClosedByReset  = "reset by the client"
	ClosedIdle     = "closed: idle too long"
	ClosedByServer = "closed by the server"
	ClosedStopped  = "closed: server stopped"
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
