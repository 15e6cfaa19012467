package peers

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// The services over TLS.
const (
	TLSEcho Kind = "tls-echo" // echo over TLS, with a certificate from the session's CA (TCP)
	HTTPS   Kind = "https"    // the HTTP server over TLS (TCP)
)

// TLS reports whether the service runs over TLS (on crypto/tls, with a
// certificate from the group's Authority).
func (k Kind) TLS() bool { return k == TLSEcho || k == HTTPS }

// tlsSetup is what a TLS peer serves with.
type tlsSetup struct {
	config *tls.Config
	info   CertInfo
}

// Authority returns the group's certificate authority, made on the first
// call (the first TLS peer's start makes it too). All of a group's TLS
// peers present certificates it signed, or, for a deliberate flaw, one
// made beside it.
func (g *Group) Authority() (*Authority, error) { return g.authority() }

// WriteCA writes the group's CA certificate in PEM (mode 0644) to path, or,
// when path is "", to DefaultCAPath (making its directory, mode 0700, as
// the XDG spec asks for state). It returns the path written, which
// CAFile reports from then on. The CA's key is never written.
func (g *Group) WriteCA(path string) (string, error) {
	a, err := g.Authority()
	if err != nil {
		return "", err
	}
	if path == "" {
		if path, err = DefaultCAPath(); err != nil {
			return "", err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return "", err
		}
	}
	if err := a.WriteCert(path); err != nil {
		return "", err
	}
	g.mu.Lock()
	g.caFile = path
	g.mu.Unlock()
	return path, nil
}

// CAFile returns the path the group's CA certificate was last written to
// by WriteCA, or "" if it has not been.
func (g *Group) CAFile() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.caFile
}

// StartTLS is Start for a TLS kind whose certificate has the given flaw:
// Sound for the session CA's certificate for localhost, 127.0.0.1 and ::1,
// or a deliberate defect that a client's verification must catch. (Start
// gives TLS kinds the sound certificate.) Any flaw but Sound is an error
// for a kind without TLS. It is StartWith with Options{Cert: flaw}.
func (g *Group) StartTLS(kind Kind, addr netip.AddrPort, lim Limits, flaw CertFlaw) (*Server, error) {
	return g.StartWith(kind, addr, lim, Options{Cert: flaw})
}

// tlsFor returns the configuration a server of kind needs, or nil for a
// kind without TLS.
func (g *Group) tlsFor(kind Kind, flaw CertFlaw) (*tlsSetup, error) {
	if !kind.TLS() {
		if flaw != Sound {
			return nil, fmt.Errorf("peers: %s does not use TLS: it has no certificate to be %v", kind, flaw)
		}
		return nil, nil
	}
	a, err := g.Authority()
	if err != nil {
		return nil, err
	}
	cert, err := a.ServerCert(flaw)
	if err != nil {
		return nil, err
	}
	conf := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if kind == HTTPS {
		// ALPN: say HTTP/1.1, so that a client offering h2 (curl does) knows
		// at once what this server speaks.
		conf.NextProtos = []string{"http/1.1"}
	}
	return &tlsSetup{config: conf, info: certInfo(cert.Leaf, flaw)}, nil
}

// Cert describes the certificate a TLS server presents; ok is false for a
// server without TLS.
func (s *Server) Cert() (info CertInfo, ok bool) {
	if s.tls == nil {
		return CertInfo{}, false
	}
	info = s.tls.info
	info.DNSNames = slices.Clone(info.DNSNames)
	info.IPAddresses = slices.Clone(info.IPAddresses)
	return info, true
}

// wrap returns what a new connection's service reads and writes: the TCP
// connection itself, or a TLS server connection over it.
func (s *Server) wrap(nc *net.TCPConn) net.Conn {
	if s.tls == nil {
		return nc
	}
	return tls.Server(nc, s.tls.config)
}

// HandshakeError is why a TLS connection ended before its handshake was
// done: often the client's alert, as "remote error: tls: unknown
// certificate authority" when it does not trust the certificate.
type HandshakeError struct{ Err error }

func (e *HandshakeError) Error() string { return "TLS handshake failed: " + e.Err.Error() }

// Unwrap returns the handshake's error.
func (e *HandshakeError) Unwrap() error { return e.Err }

// handshake does a TLS connection's handshake (within the idle timeout)
// and reports it. The service then runs over it (see Server.service).
func (c *conn) handshake() error {
	tc := c.stream.(*tls.Conn)
	c.SetDeadline(time.Now().Add(c.s.limits.IdleTimeout))
	if err := tc.Handshake(); err != nil {
		if c.s.Kind == HTTPS {
			answerPlainHTTP(c, err)
		}
		return &HandshakeError{Err: err}
	}
	if c.s.logging() {
		ev := c.event(Handshake)
		ev.Note = describeTLS(tc.ConnectionState())
		c.s.emit(ev)
	}
	return nil
}

// finish ends a connection's TLS session with close_notify, so that the
// client can tell the end of the data from a cut; it does nothing on a
// connection without TLS, or when close_notify has gone already.
// (crypto/tls bounds the write to 5 seconds, and fails every write on the
// connection after it.)
func (c *conn) finish() {
	if tc, ok := c.stream.(*tls.Conn); ok && tc.ConnectionState().HandshakeComplete {
		tc.CloseWrite()
	}
}

// CloseWrite shuts down the server's sending side (half_close, close_after,
// a linger, a relay passing a FIN on). Over TLS it sends close_notify
// first, so that the client's TLS library reports a clean end of the
// stream, as a plain TCP client reads a FIN, and not a truncation; the FIN
// follows in every case. Under TLS 1.3 the client may go on sending afterwards (RFC 8446,
// 6.1); a TLS 1.2 client is expected to answer with its own close_notify
// and close (RFC 5246, 7.2.1).
func (c *conn) CloseWrite() error {
	c.finish()
	return c.TCPConn.CloseWrite()
}

// describeTLS says what a handshake agreed: "TLS 1.3, TLS_AES_128_GCM_SHA256,
// server name "localhost", ALPN http/1.1".
func describeTLS(st tls.ConnectionState) string {
	s := tls.VersionName(st.Version) + ", " + tls.CipherSuiteName(st.CipherSuite)
	if st.ServerName != "" {
		s += fmt.Sprintf(", server name %q", st.ServerName)
	} else {
		s += ", no server name"
	}
	if st.NegotiatedProtocol != "" {
		s += ", ALPN " + st.NegotiatedProtocol
	}
	return s
}

// plainHTTPOnTLS is what the HTTPS server answers a plain HTTP request
// with, as Go's net/http does: the client sees why instead of a garbled
// close.
const plainHTTPOnTLS = "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"

// answerPlainHTTP answers a client that spoke plain HTTP to the HTTPS
// server (its first bytes were a request line, not a TLS record).
func answerPlainHTTP(c *conn, err error) {
	var re tls.RecordHeaderError
	if !errors.As(err, &re) || re.Conn == nil || !looksLikeHTTP(re.RecordHeader[:]) {
		return
	}
	// On the TCP connection itself: this client speaks no TLS.
	c.s.out.Add(int64(len(plainHTTPOnTLS))) // before the write, as writeCounted
	n, _ := io.WriteString(c.TCPConn, plainHTTPOnTLS)
	c.s.out.Add(int64(n - len(plainHTTPOnTLS)))
	c.out += int64(n)
}

// looksLikeHTTP reports whether the first five bytes of a connection are
// the start of an HTTP request.
func looksLikeHTTP(head []byte) bool {
	for _, m := range []string{"GET /", "HEAD ", "POST ", "PUT /", "OPTIO", "DELET", "PATCH", "CONNE", "TRACE"} {
		if string(head) == m {
			return true
		}
	}
	return false
}
