package peers

import (
	"context"
	"errors"
	"io"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Server is one running local peer: a TCP listener (and for some services a
// UDP socket on the same port) with a goroutine per connection.
type Server struct {
	ID     int
	Kind   Kind
	limits Limits
	opts   Options
	target netip.AddrPort // a relay's target
	group  *Group

	ln  *net.TCPListener
	udp *net.UDPConn // nil for TCP-only services

	tls    *tlsSetup // nil for services without TLS
	broker *broker   // chat's; nil for the others

	mu         sync.Mutex
	conns      map[*conn]struct{}
	turnedAway map[*conn]struct{} // HTTP clients being told 503 (see track)
	stopping   bool

	open, total, refused atomic.Int64
	in, out              atomic.Int64
	fromTarget, toTarget atomic.Int64

	wg       sync.WaitGroup // the accept loop, the UDP loop and every connection
	stopOnce sync.Once
	ctx      context.Context // cancelled when Stop begins: ends delays and a relay's connects
	cancel   context.CancelFunc
	done     chan struct{}
}

// Stats are a server's counters.
type Stats struct {
	Open    int   // TCP connections open now
	Total   int   // TCP connections accepted since the start (refused ones included)
	Refused int   // connections turned away at the connection limit
	In, Out int64 // bytes received from clients and sent to them, TCP and UDP together
	// A relay's bytes received from its target and sent to it (0 for
	// the other servers).
	FromTarget, ToTarget int64
}

// Stats returns the server's counters now.
func (s *Server) Stats() Stats {
	return Stats{
		Open:    int(s.open.Load()),
		Total:   int(s.total.Load()),
		Refused: int(s.refused.Load()),
		In:      s.in.Load(),
		Out:     s.out.Load(),

		FromTarget: s.fromTarget.Load(),
		ToTarget:   s.toTarget.Load(),
	}
}

// Addr is the address the server listens on.
func (s *Server) Addr() netip.AddrPort { return addrPort(s.ln.Addr()) }

// Target is where a relay connects for each client (the zero AddrPort
// for the other servers).
func (s *Server) Target() netip.AddrPort { return s.target }

// UDP reports whether the server also answers datagrams on its port.
func (s *Server) UDP() bool { return s.udp != nil }

// Limits returns the limits the server enforces.
func (s *Server) Limits() Limits { return s.limits }

// Options returns the ways the server misbehaves on purpose.
func (s *Server) Options() Options { return s.opts }

// Done is closed once the server has stopped.
func (s *Server) Done() <-chan struct{} { return s.done }

// Stopped reports whether the server has stopped.
func (s *Server) Stopped() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Stop closes the listener and every connection, and returns once all of
// the server's goroutines have ended. Stopping a stopped server does
// nothing.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		s.cancel()
		s.mu.Lock()
		s.stopping = true
		for c := range s.conns {
			c.TCPConn.Close()
		}
		for c := range s.turnedAway {
			c.TCPConn.Close()
		}
		s.mu.Unlock()
		s.ln.Close()
		if s.udp != nil {
			s.udp.Close()
		}
		s.wg.Wait()
		close(s.done)
		s.group.removed(s)
	})
	<-s.done
}

// listenTries bounds the search for a port free for both TCP and UDP.
const listenTries = 20

// listen opens the server's sockets. SO_REUSEADDR (Go's default for
// listeners) lets a stopped server's port be reused at once, as the
// homework's server needs.
func listen(g *Group, id int, kind Kind, addr netip.AddrPort, lim Limits, opts Options) (*Server, error) {
	var lc net.ListenConfig
	ctx := context.Background()
	// tcp4/udp4 for an IPv4 address: plain "tcp" would make 0.0.0.0 a
	// dual-stack IPv6 socket, not what the user asked for.
	tcp, udp := "tcp4", "udp4"
	if addr.Addr().Is6() {
		tcp, udp = "tcp6", "udp6"
	}
	for try := 0; ; try++ {
		ln, err := lc.Listen(ctx, tcp, addr.String())
		if err != nil {
			return nil, err
		}
		s := &Server{
			ID: id, Kind: kind, limits: lim, opts: opts, group: g,
			ln:         ln.(*net.TCPListener),
			conns:      make(map[*conn]struct{}),
			turnedAway: make(map[*conn]struct{}),
			done:       make(chan struct{}),
		}
		s.ctx, s.cancel = context.WithCancel(context.Background())
		if !kind.UDP() {
			return s, nil
		}
		bound := netip.AddrPortFrom(addr.Addr(), s.Addr().Port())
		pc, err := lc.ListenPacket(ctx, udp, bound.String())
		if err == nil {
			s.udp = pc.(*net.UDPConn)
			return s, nil
		}
		s.cancel()
		ln.Close()
		if addr.Port() != 0 || try == listenTries || !errors.Is(err, syscall.EADDRINUSE) {
			return nil, err
		}
	}
}

// serve starts the accept loop and the UDP loop.
func (s *Server) serve() {
	s.wg.Add(1)
	go s.acceptLoop()
	if s.udp != nil {
		s.wg.Add(1)
		go s.udpLoop()
	}
}

func (s *Server) acceptLoop() {
	defer s.wg.Done()
	var backoff time.Duration
	for {
		nc, err := s.ln.AcceptTCP()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of fds or memory: wait a little and go on, as
			// net/http does, rather than spin or give up.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			select {
			case <-time.After(backoff):
			case <-s.done:
				return
			}
			continue
		}
		backoff = 0
		c := &conn{
			TCPConn: nc, s: s, opts: s.connOptions(), id: int(s.total.Add(1)),
			local: addrPort(nc.LocalAddr()), remote: addrPort(nc.RemoteAddr()),
			reportsReads: reportsReads(s.Kind) && !s.opts.NoRead,
		}
		c.stream = s.wrap(nc)
		if s.Kind == Proxy {
			c.cut = make(chan struct{})
		}
		if s.group.Logging() { // not for a recording alone: see order.go
			s.settle()
		}
		if !s.track(c) {
			continue // track has closed it, or will after a 503
		}
		go s.handle(c)
	}
}

// maxTurnedAway bounds the HTTP clients being told 503 at once (each for
// up to a linger); beyond it they are closed at once, so that a flood
// beyond the connection limit can't hold more.
const maxTurnedAway = 64

// track registers a new connection, or turns it away (and closes it) when
// the server is at its limit or stopping.
func (s *Server) track(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		c.Close()
		return false
	}
	if len(s.conns) >= s.limits.MaxConns {
		s.refused.Add(1)
		if s.logging() {
			s.emit(c.event(Refused))
		}
		if (s.Kind == HTTP || s.Kind == HTTPS) && len(s.turnedAway) < maxTurnedAway {
			s.turnedAway[c] = struct{}{} // so that Stop closes it
			c.opts = Options{}           // the 503 is never shaped, and its linger reads
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				// The write does the TLS handshake first, for HTTPS:
				// both ways, bounded.
				c.SetDeadline(time.Now().Add(time.Second))
				if _, err := c.writeCounted(busyResponse()); err == nil {
					c.linger(time.Now().Add(lingerTime))
				}
				s.mu.Lock()
				delete(s.turnedAway, c)
				s.mu.Unlock()
				c.Close()
			}()
			return false
		}
		c.Close()
		return false
	}
	s.conns[c] = struct{}{}
	s.open.Add(1)
	s.wg.Add(1)
	// Reported here, not by the connection's goroutine, so that it comes
	// after what settle waited for and before anything of this connection.
	if s.logging() {
		s.emit(c.event(Connected))
	}
	return true
}

// handle serves one connection with its service, then closes it.
func (s *Server) handle(c *conn) {
	defer s.wg.Done()
	err := s.service(c)
	if errors.Is(err, errHalfClosed) {
		// The client may still send: read and drop until it closes.
		c.readSet = time.Time{} // the service may have left a deadline behind
		err = serveDiscard(c)
	}
	s.mu.Lock()
	stopping := s.stopping
	s.mu.Unlock()
	// Counted closed before the close itself (and before the linger, which
	// the client sees as the end): a client that sees the end of the
	// connection and then asks for the server's table finds it so.
	s.open.Add(-1)
	switch {
	case errors.Is(err, errEnded) && c.opts.End == CloseAfter:
		c.dropQueued()
	case c.lingerOnClose:
		// Still in s.conns, so that Stop cuts the linger short.
		c.linger(time.Now().Add(lingerTime))
	case err == nil || errors.Is(err, io.EOF):
		c.finish() // the service ended the connection, or the client did
	}
	// Reported before the close itself, for the same reason as the count
	// (and see settle).
	if s.logging() {
		ev := c.event(Closed)
		ev.Note, ev.In, ev.Out = c.closeNote(err, stopping), c.in.Load(), c.out
		s.emit(ev)
	}
	c.closedReported.Store(true)
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// service runs the server's service on c until it ends: over TLS, after
// the handshake. close_after=0 and reset_after=0 end the connection before
// the service has read or sent anything (but after the handshake: the
// options shape what TLS carries, not TLS itself).
func (s *Server) service(c *conn) error {
	if s.tls != nil {
		if err := c.handshake(); err != nil {
			return err
		}
	}
	if c.opts.End != KeepOpen && c.opts.EndAfter == 0 {
		return c.end()
	}
	switch s.Kind {
	case Echo, TLSEcho:
		return serveEcho(c)
	case Discard:
		return serveDiscard(c)
	case Daytime:
		return serveDaytime(c)
	case Chargen:
		return serveChargen(c)
	case HTTP, HTTPS:
		return serveHTTP(c)
	case Chat:
		return s.broker.serve(c)
	case Proxy:
		return s.relay(c)
	}
	return nil
}

// connOptions are the options a new connection carries out: the server's,
// but none for chat. The broker's writes are deliveries to one client
// paced against every other (ChatGrace), and shaping them would get
// clients dropped as too slow rather than show what the options teach.
func (s *Server) connOptions() Options {
	if s.Kind == Chat {
		return Options{}
	}
	return s.opts
}

// logging reports whether the server makes events: while the log is on,
// and, for a relay, while its events are recorded (Group.SetRecord).
func (s *Server) logging() bool {
	return s.group.logging.Load() || s.Kind == Proxy && s.group.recording.Load()
}

// emit sends an event, stamped with the server's id and kind.
func (s *Server) emit(ev Event) {
	ev.Server, ev.Kind = s.ID, s.Kind
	s.group.emit(ev)
}

// conn is one accepted connection: it counts the bytes it carries and
// reports them as events when the log is on.
type conn struct {
	*net.TCPConn
	// stream is what the service reads and writes: the TCP connection
	// itself, or a *tls.Conn over it (so the counts are of plaintext).
	// What acts on the socket itself (deadlines, TCP_NODELAY, SO_LINGER,
	// shutdown, poll) uses the TCPConn.
	stream net.Conn
	s      *Server
	opts   Options // the server's
	id     int     // the connection's number in its server (Event.Conn)
	local  netip.AddrPort
	remote netip.AddrPort
	in     atomic.Int64 // bytes received (atomic: settle reads it)
	out    int64        // bytes sent
	// What settle needs to know of the connection: whether every read is
	// reported (echo, discard, a relay), how many bytes reads have
	// returned and reported, since when a reported write is under way
	// (UnixNano, 0 when none; a relay's write to its target apart),
	// whether the client's FIN has been reported (a relay), and whether
	// the connection's Closed event has been made.
	reportsReads   bool
	reported       atomic.Int64
	sendingSince   atomic.Int64
	upSendingSince atomic.Int64
	finReported    atomic.Bool
	closedReported atomic.Bool
	// ending is set once the connection is being ended by the server
	// (close_after, reset_after, a relay's abort): its Closed event is
	// on its way (see Group.Flush); ended, once by close_after or
	// reset_after.
	ending, ended atomic.Bool
	// cut is closed when whatever a relay's connection waits for must end
	// now (the other side has failed); see conn.pause. Nil for services.
	cut     chan struct{}
	cutOnce sync.Once
	// halfClosed is set once half_close has shut down the sending side;
	// pushStuck while split's pieces stay unsent (see pushPiece).
	halfClosed, pushStuck bool
	// lingerOnClose asks handle to linger before closing: the service
	// answered with an error and may have left the client's request unread.
	lingerOnClose bool
	// When the read and write deadlines were last pushed back (see
	// refresh).
	readSet, writeSet time.Time
}

// refresh pushes a deadline back to now plus the idle timeout, but only
// when the last push is more than a sixteenth of the timeout old: resetting
// a timer on every read and write costs throughput with many connections,
// and the idle limit need not be exact. A connection is therefore closed
// after between 15/16 of the idle timeout and all of it without traffic.
func (c *conn) refresh(last *time.Time, set func(time.Time) error) {
	now := time.Now()
	idle := c.s.limits.IdleTimeout
	if now.Sub(*last) > idle/16 {
		set(now.Add(idle))
		*last = now
	}
}

// Read reads from the connection and counts the bytes: before the service
// can answer them, so a client that has its answer finds them counted.
// With read=no it reads nothing, and returns once the client has gone.
func (c *conn) Read(p []byte) (int, error) {
	if c.opts.NoRead {
		return 0, c.awaitHangup()
	}
	n, err := c.stream.Read(p)
	c.in.Add(int64(n))
	c.s.in.Add(int64(n))
	return n, err
}

// WriteTo and ReadFrom hide *net.TCPConn's, which io.Copy would otherwise
// use (splice, sendfile) past Read and Write: uncounted, and under TLS
// unencrypted.
func (c *conn) WriteTo(w io.Writer) (int64, error) { return io.Copy(w, struct{ io.Reader }{c}) }

// ReadFrom copies r to the connection through Write; see WriteTo.
func (c *conn) ReadFrom(r io.Reader) (int64, error) { return io.Copy(struct{ io.Writer }{c}, r) }

// recv reads what has arrived, waiting at most the idle timeout, and
// reports it.
func (c *conn) recv(p []byte) (int, error) {
	c.refresh(&c.readSet, c.SetReadDeadline)
	n, err := c.Read(p)
	if n > 0 && c.s.logging() {
		awaitReported(&c.sendingSince) // a relay's other goroutine
		c.s.emit(withData(c.event(Received), p[:n]))
	}
	c.reported.Add(int64(n))
	return n, err
}

// send writes all of p, giving up when the client takes nothing for the
// idle timeout (a client that never reads), and reports it (in a Sent
// event for each piece, with split=N).
func (c *conn) send(p []byte) error {
	c.refresh(&c.writeSet, c.SetWriteDeadline)
	c.beginSend()
	defer c.endSend()
	_, err := c.write(p, true)
	return err
}

// The bounds of a linger: how long in all, how long without a byte, and
// how many bytes a server reads and drops after its last answer before it
// closes anyway. nginx's lingering_time and lingering_timeout are 30 s and
// 5 s; a teaching server's clients are mostly on loopback.
const (
	lingerTime  = 10 * time.Second
	lingerIdle  = time.Second
	lingerBytes = 16 << 20
)

// linger ends the server's side of c gracefully: it shuts down the write
// side (the client sees the end of the answer), then reads and drops what
// the client still sends until the client closes, until is passed, the
// client sends nothing for lingerIdle, or lingerBytes have come. Closing a
// socket with unread bytes makes the kernel send RST, not FIN, and a
// client still sending (curl posting a body the server has refused) then
// fails on its send with ECONNRESET before it has read the answer. nginx
// (lingering_close) and net/http (closeWriteAndWait) do the same. The
// bytes dropped are counted in In.
func (c *conn) linger(until time.Time) {
	if c.CloseWrite() != nil {
		return
	}
	buf := make([]byte, bufSize)
	for left := lingerBytes; left > 0; {
		deadline := time.Now().Add(lingerIdle)
		if until.Before(deadline) {
			deadline = until
		}
		c.SetReadDeadline(deadline)
		n, err := c.Read(buf[:min(len(buf), left)])
		if err != nil {
			return
		}
		left -= n
	}
}

// event is an event of type t on c's socket.
func (c *conn) event(t EventType) Event {
	return Event{Type: t, Proto: "tcp", Conn: c.id, Local: c.local, Remote: c.remote}
}

// withData makes ev a Received or Sent event for p: it counts p and
// carries a copy of its first bytes.
func withData(ev Event, p []byte) Event {
	ev.N, ev.Data = len(p), append([]byte(nil), p[:min(len(p), MaxEventData)]...)
	return ev
}
