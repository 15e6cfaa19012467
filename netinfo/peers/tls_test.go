package peers

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// startTLS runs a TLS server of kind whose certificate has flaw, on a free
// loopback port; it returns the group's authority too.
func startTLS(t *testing.T, kind Kind, lim Limits, flaw CertFlaw) (*Group, *Server, *Authority) {
	t.Helper()
	g := NewGroup()
	t.Cleanup(g.Close)
	s, err := g.StartTLS(kind, loopback, lim, flaw)
	if err != nil {
		t.Fatalf("StartTLS(%s, %v): %v", kind, flaw, err)
	}
	a, err := g.Authority()
	if err != nil {
		t.Fatal(err)
	}
	return g, s, a
}

// dialTLS connects to s and does the handshake as a client trusting a's
// CA, asking for serverName.
func dialTLS(t testing.TB, s *Server, a *Authority, serverName string) (*tls.Conn, error) {
	t.Helper()
	c := dial(t, s)
	tc := tls.Client(c, a.ClientConfig(serverName))
	return tc, tc.Handshake()
}

func TestTLSEcho(t *testing.T) {
	g, s, a := startTLS(t, TLSEcho, Limits{}, Sound)
	events := collect(g)
	if s.UDP() {
		t.Error("tls-echo answers UDP")
	}
	msgs := []string{"x", "hello over TLS\n", strings.Repeat("0123456789abcdef", 20000)}
	var total int64
	for i, msg := range msgs {
		total += int64(len(msg))
		tc, err := dialTLS(t, s, a, "localhost")
		if err != nil {
			t.Fatalf("handshake: %v", err)
		}
		if st := tc.ConnectionState(); st.Version != tls.VersionTLS13 || st.PeerCertificates[0].Issuer.CommonName != a.Certificate().Subject.CommonName {
			t.Errorf("version %x, issuer %q", st.Version, st.PeerCertificates[0].Issuer)
		}
		go tc.Write([]byte(msg))
		got := make([]byte, len(msg))
		if _, err := io.ReadFull(tc, got); err != nil || string(got) != msg {
			t.Fatalf("echo of %d bytes: %v (same: %v)", len(msg), err, string(got) == msg)
		}
		// A clean close both ways: the server answers close_notify with
		// its own, so the client reads EOF, not a cut.
		tc.CloseWrite()
		if rest, err := io.ReadAll(tc); err != nil || len(rest) != 0 {
			t.Fatalf("after close_notify: %q, %v", rest, err)
		}
		if i == 0 {
			want := []EventType{Connected, Handshake, Received, Sent, Closed}
			for _, typ := range want {
				ev := events.next(t)
				if ev.Type != typ || ev.Kind != TLSEcho {
					t.Fatalf("event %+v, want type %v", ev, typ)
				}
				switch typ {
				case Handshake:
					if !strings.HasPrefix(ev.Note, "TLS 1.3, TLS_") || !strings.Contains(ev.Note, `server name "localhost"`) {
						t.Errorf("handshake note %q", ev.Note)
					}
				case Received, Sent:
					if string(ev.Data) != msg { // the plaintext, not the records
						t.Errorf("%v data %q", typ, ev.Data)
					}
				case Closed:
					if ev.Note != ClosedByClient || ev.In != 1 || ev.Out != 1 {
						t.Errorf("closed: %q, %d in, %d out", ev.Note, ev.In, ev.Out)
					}
				}
			}
			g.SetLog(nil)
		}
	}
	eventually(t, "every connection is closed", func() bool { return s.Stats().Open == 0 })
	// The counters count plaintext: the records' headers, tags and the
	// handshake would make them larger.
	if st := s.Stats(); st.Total != len(msgs) || st.In != total || st.Out != total {
		t.Errorf("stats = %+v, want %d connections and %d bytes in and out", st, len(msgs), total)
	}
}

// The certificate is for every loopback name a client may use; the
// server reports what it presents.
func TestTLSNamesAndCertInfo(t *testing.T) {
	_, s, a := startTLS(t, TLSEcho, Limits{}, Sound)
	for _, name := range []string{"localhost", "127.0.0.1"} {
		tc, err := dialTLS(t, s, a, name)
		if err != nil {
			t.Errorf("as %s: %v", name, err)
			continue
		}
		tc.Close()
	}
	// ::1, where this machine has IPv6.
	g := NewGroup()
	defer g.Close()
	if s6, err := g.Start(TLSEcho, netip.MustParseAddrPort("[::1]:0"), Limits{}); err == nil {
		a6, _ := g.Authority()
		tc, err := dialTLS(t, s6, a6, "::1")
		if err != nil {
			t.Errorf("as ::1: %v", err)
		} else {
			tc.Close()
		}
	}

	info, ok := s.Cert()
	if !ok {
		t.Fatal("a TLS server has no certificate info")
	}
	leaf, _ := a.ServerCert(Sound)
	if info.Subject != "CN=localhost,O=sockshell" || info.Issuer != a.Certificate().Subject.String() ||
		!info.NotBefore.Equal(leaf.Leaf.NotBefore) || !info.NotAfter.Equal(leaf.Leaf.NotAfter) || info.Flaw != Sound {
		t.Errorf("cert info %+v", info)
	}
	if strings.Join(info.DNSNames, " ") != "localhost" || len(info.IPAddresses) != 2 ||
		info.IPAddresses[0] != netip.MustParseAddr("127.0.0.1") || info.IPAddresses[1] != netip.MustParseAddr("::1") {
		t.Errorf("names %v, addresses %v", info.DNSNames, info.IPAddresses)
	}
	if len(info.SHA256) != 32*3-1 || strings.ToUpper(info.SHA256) != info.SHA256 {
		t.Errorf("fingerprint %q", info.SHA256)
	}
	info.DNSNames[0] = "changed"
	if again, _ := s.Cert(); again.DNSNames[0] != "localhost" {
		t.Error("Cert returns the server's own slices")
	}
	_, plain := start(t, Echo, Limits{})
	if _, ok := plain.Cert(); ok {
		t.Error("a plain echo server has certificate info")
	}
}

// A Go client refuses each flawed certificate for its own reason, and the
// server's log says the handshake failed.
func TestTLSFlawsWithGoClient(t *testing.T) {
	tests := []struct {
		flaw  CertFlaw
		check func(error) bool
	}{
		{Expired, func(err error) bool {
			var e x509.CertificateInvalidError
			return errors.As(err, &e) && e.Reason == x509.Expired
		}},
		{WrongHost, func(err error) bool { var e x509.HostnameError; return errors.As(err, &e) }},
		{UnknownCA, func(err error) bool { var e x509.UnknownAuthorityError; return errors.As(err, &e) }},
		{SelfSigned, func(err error) bool { var e x509.UnknownAuthorityError; return errors.As(err, &e) }},
	}
	for _, tt := range tests {
		t.Run(tt.flaw.String(), func(t *testing.T) {
			g, s, a := startTLS(t, TLSEcho, Limits{}, tt.flaw)
			events := collect(g)
			if info, _ := s.Cert(); info.Flaw != tt.flaw {
				t.Errorf("cert info flaw %v", info.Flaw)
			}
			_, err := dialTLS(t, s, a, "localhost")
			if !tt.check(err) {
				t.Fatalf("handshake: %v", err)
			}
			for ev := events.next(t); ev.Type != Closed; ev = events.next(t) {
				if ev.Type != Connected {
					t.Fatalf("event %+v before Closed", ev)
				}
			}
			if st := s.Stats(); st.In != 0 || st.Out != 0 {
				t.Errorf("plaintext counted for a failed handshake: %+v", st)
			}
		})
	}
}

func TestTLSHandshakeFailureEvent(t *testing.T) {
	g, s, a := startTLS(t, TLSEcho, Limits{}, UnknownCA)
	events := collect(g)
	dialTLS(t, s, a, "localhost")
	ev := events.next(t)
	for ev.Type != Closed {
		ev = events.next(t)
	}
	if !strings.HasPrefix(ev.Note, "closed: TLS handshake failed: remote error: tls: ") {
		t.Errorf("closed note %q", ev.Note)
	}
}

// A client that opens a connection and sends no ClientHello is closed
// after the idle timeout; one that sends plain text is refused at once.
func TestTLSIdleAndNotTLS(t *testing.T) {
	g, s, _ := startTLS(t, TLSEcho, Limits{IdleTimeout: 200 * time.Millisecond}, Sound)
	events := collect(g)
	c := dial(t, s)
	begin := time.Now()
	readAll(t, c)
	if took := time.Since(begin); took < 150*time.Millisecond || took > 3*time.Second {
		t.Errorf("a silent client was closed after %v, want about 200ms", took)
	}
	for ev := events.next(t); ev.Type != Closed; ev = events.next(t) {
	}

	c = dial(t, s)
	c.Write([]byte("hello, plain text\n"))
	got, _ := io.ReadAll(c) // Go's server may answer with an alert record
	if bytes.Contains(got, []byte("hello")) {
		t.Errorf("plain text came back: %q", got)
	}
	for ev := events.next(t); ev.Type != Closed; ev = events.next(t) {
		if ev.Type == Received {
			t.Fatalf("plain text was taken as data: %+v", ev)
		}
	}
}

func TestHTTPS(t *testing.T) {
	g, s, a := startTLS(t, HTTPS, Limits{}, Sound)
	events := collect(g)
	conf := a.ClientConfig("")
	conf.NextProtos = []string{"http/1.1"}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: conf}}
	defer client.CloseIdleConnections()
	url := "https://localhost:" + strconv.Itoa(int(s.Addr().Port())) + "/"
	for i := 0; i < 2; i++ { // the second request reuses the connection
		resp, err := client.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != Page || resp.TLS == nil || resp.TLS.NegotiatedProtocol != "http/1.1" {
			t.Fatalf("GET %s: %d, %d bytes, TLS %+v", url, resp.StatusCode, len(body), resp.TLS)
		}
	}
	if st := s.Stats(); st.Total != 1 {
		t.Errorf("%d connections for two requests, want keep-alive's 1", st.Total)
	}
	var requests int
	var handshakeNote string
	client.CloseIdleConnections()
	for ev := events.next(t); ev.Type != Closed; ev = events.next(t) {
		switch ev.Type {
		case Request:
			requests++
			if ev.Note != "GET / HTTP/1.1: 200 OK" {
				t.Errorf("request note %q", ev.Note)
			}
		case Handshake:
			handshakeNote = ev.Note
		}
	}
	if requests != 2 || !strings.HasSuffix(handshakeNote, ", ALPN http/1.1") {
		t.Errorf("%d requests, handshake %q", requests, handshakeNote)
	}
	// Counted as plaintext: requests in, responses out.
	if st := s.Stats(); st.Out < 2*int64(len(Page)) || st.Out > 2*int64(len(Page))+1000 {
		t.Errorf("%d bytes out for two pages of %d", st.Out, len(Page))
	}
}

// Plain HTTP sent to the HTTPS port gets a plain answer saying why, as
// from Go's net/http.
func TestHTTPSPlainRequest(t *testing.T) {
	_, s, _ := startTLS(t, HTTPS, Limits{}, Sound)
	c := dial(t, s)
	c.Write([]byte("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"))
	if got := string(readAll(t, c)); got != plainHTTPOnTLS {
		t.Errorf("got %q", got)
	}
}

// At its connection limit the HTTPS server still answers 503 over TLS.
func TestHTTPSBusy(t *testing.T) {
	_, s, a := startTLS(t, HTTPS, Limits{MaxConns: 1}, Sound)
	first, err := dialTLS(t, s, a, "localhost")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "one connection is open", func() bool { return s.Stats().Open == 1 })
	second, err := dialTLS(t, s, a, "localhost")
	if err != nil {
		t.Fatalf("the turned-away client's handshake: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(second), nil)
	if err != nil || resp.StatusCode != 503 {
		t.Fatalf("turned-away client: %v, %v", resp, err)
	}
	resp.Body.Close()
	if rest, err := io.ReadAll(second); err != nil || len(rest) != 0 {
		t.Errorf("after the 503: %q, %v (want a clean close_notify)", rest, err)
	}
	first.Close()
}

func TestStartTLSErrors(t *testing.T) {
	g := NewGroup()
	defer g.Close()
	if _, err := g.StartTLS(Echo, loopback, Limits{}, Expired); err == nil {
		t.Error("a plain echo server was started with an expired certificate")
	}
	if _, err := g.StartTLS(TLSEcho, loopback, Limits{}, CertFlaw(42)); err == nil {
		t.Error("a server was started with an unknown flaw")
	}
	if n := len(g.Servers()); n != 0 {
		t.Errorf("%d servers after failed starts", n)
	}
	if !TLSEcho.TLS() || !HTTPS.TLS() || Echo.TLS() || HTTP.TLS() || Chat.TLS() {
		t.Error("Kind.TLS is wrong")
	}
	for _, k := range []Kind{TLSEcho, HTTPS, Chat} {
		if got, ok := ParseKind(strings.ToUpper(string(k))); !ok || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k, got, ok)
		}
	}
}

// Stop ends every connection, in and out of the handshake, and leaves no
// goroutine and no fd behind.
func TestTLSStopLeavesNothing(t *testing.T) {
	baseFDs := openFDs(t)
	baseG := settle(0)
	g := NewGroup()
	a, _ := g.Authority()
	var servers []*Server
	for _, k := range []Kind{TLSEcho, HTTPS} {
		s, err := g.Start(k, loopback, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		servers = append(servers, s)
	}
	var clients []net.Conn
	var wg sync.WaitGroup
	for _, s := range servers {
		for i := 0; i < 3; i++ {
			clients = append(clients, dial(t, s)) // no handshake: waits in it
			tc, err := dialTLS(t, s, a, "localhost")
			if err != nil {
				t.Fatal(err)
			}
			clients = append(clients, tc)
			if s.Kind == TLSEcho { // and one in the middle of a stream
				wg.Add(1)
				go func() {
					defer wg.Done()
					chunk := make([]byte, 16<<10)
					for {
						if _, err := tc.Write(chunk); err != nil {
							return
						}
					}
				}()
			}
		}
	}
	eventually(t, "every connection is open", func() bool { return servers[0].Stats().Open == 6 && servers[1].Stats().Open == 6 })
	g.Close()
	for _, c := range clients {
		c.Close()
	}
	wg.Wait()
	if n := settle(baseG); n > baseG {
		t.Errorf("%d goroutines after Stop, %d before Start", n, baseG)
	}
	if n := openFDs(t); n != baseFDs {
		t.Errorf("%d fds open after Stop, %d before Start", n, baseFDs)
	}
}
