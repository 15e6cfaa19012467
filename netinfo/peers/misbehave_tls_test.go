package peers

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// The options over TLS shape the plaintext and leave the handshake alone;
// close_after and half_close end the TLS stream with close_notify, and
// reset_after with a bare TCP reset (see Options).

// startTLSWith runs a TLS server of kind with the options words, on a free
// loopback port; it returns the group's authority too.
func startTLSWith(t *testing.T, kind Kind, lim Limits, words string) (*Group, *Server, *Authority) {
	t.Helper()
	g, s := startWith(t, kind, lim, words)
	a, err := g.Authority()
	if err != nil {
		t.Fatal(err)
	}
	return g, s, a
}

// wire is a client's socket that keeps every byte read from it, so that a
// test can see the TLS records themselves.
type wire struct {
	net.Conn
	raw []byte
}

func (w *wire) Read(p []byte) (int, error) {
	n, err := w.Conn.Read(p)
	w.raw = append(w.raw, p[:n]...)
	return n, err
}

// recordTypes lists the content types of the whole TLS records in raw.
// Up to TLS 1.2 they are in the clear: 21 is an alert (close_notify, once
// the handshake is done), 23 application data. TLS 1.3 hides them all as
// 23.
func recordTypes(raw []byte) []byte {
	var types []byte
	for len(raw) >= 5 {
		n := 5 + (int(raw[3])<<8 | int(raw[4]))
		if len(raw) < n {
			break
		}
		types = append(types, raw[0])
		raw = raw[n:]
	}
	return types
}

// dialTLSWire connects to s as a client trusting a's CA, at most at TLS
// version max, recording what it reads.
func dialTLSWire(t *testing.T, s *Server, a *Authority, max uint16) (*tls.Conn, *wire) {
	t.Helper()
	w := &wire{Conn: dial(t, s)}
	conf := a.ClientConfig("localhost")
	conf.MaxVersion = max
	tc := tls.Client(w, conf)
	if err := tc.Handshake(); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	return tc, w
}

const alertRecord = 21

// close_after and half_close end the stream cleanly, with close_notify,
// after what they let through; close_after=0 and reset_after=0 act after
// the handshake, not on it; reset_after cuts the stream with a TCP reset
// and no alert. Counts and events are of plaintext.
func TestTLSOptionsEnd(t *testing.T) {
	const get = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
	is := func(want string) func([]byte) bool { return func(b []byte) bool { return string(b) == want } }
	prefix := func(of string) func([]byte) bool {
		return func(b []byte) bool { return strings.HasPrefix(of, string(b)) }
	}
	for _, tc := range []struct {
		kind  Kind
		words string
		send  string
		want  func([]byte) bool // the plaintext before the end
		reset bool              // the end is an RST, not close_notify and FIN
		note  string            // the Closed note
	}{
		{TLSEcho, "close_after=5", "hello world", is("hello"), false, "closed by the server (close_after=5)"},
		{TLSEcho, "close_after=0", "hello world", is(""), false, "closed by the server (close_after=0)"},
		{TLSEcho, "half_close", "ping", is("ping"), false, ""},
		{HTTPS, "close_after=20", get, is("HTTP/1.1 200 OK\r\nSer"), false, "closed by the server (close_after=20)"},
		{HTTPS, "half_close", get, func(b []byte) bool {
			return bytes.HasPrefix(b, []byte("HTTP/1.1 200 OK\r\n")) && bytes.HasSuffix(b, []byte(Page))
		}, false, ""},
		{TLSEcho, "reset_after=5", "hello world", prefix("hello"), true, "reset by the server (reset_after=5)"},
		// Nothing sent: a write after the reset would take its error,
		// and the read would then see a bare EOF.
		{TLSEcho, "reset_after=0", "", is(""), true, "reset by the server (reset_after=0)"},
	} {
		for _, version := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
			t.Run(fmt.Sprintf("%s %s %s", tc.kind, tc.words, tls.VersionName(version)), func(t *testing.T) {
				g, s, a := startTLSWith(t, tc.kind, Limits{}, tc.words)
				events := collect(g)
				c, w := dialTLSWire(t, s, a, version)
				if tc.send != "" {
					if _, err := c.Write([]byte(tc.send)); err != nil {
						t.Fatalf("sending: %v", err)
					}
				}
				got, err := io.ReadAll(c)
				switch {
				case !tc.want(got):
					t.Errorf("before the end: %q", got)
				case tc.reset && !errors.Is(err, syscall.ECONNRESET):
					t.Errorf("the end: %v, want ECONNRESET", err)
				case !tc.reset && err != nil:
					t.Errorf("the end: %v, want a clean one", err)
				}
				types := recordTypes(w.raw)
				last := len(types) > 0 && types[len(types)-1] == alertRecord
				if version == tls.VersionTLS12 && last == tc.reset {
					t.Errorf("record types %v: want close_notify last: %v", types, !tc.reset)
				}
				if tc.note == "" { // half_close: the client ends it
					c.Close()
				}
				var seen []EventType
				ev := events.next(t)
				for ; ev.Type != Closed; ev = events.next(t) {
					seen = append(seen, ev.Type)
				}
				if len(seen) < 2 || seen[0] != Connected || seen[1] != Handshake {
					t.Errorf("events %v: want Connected, Handshake first", seen)
				}
				if note := cmp(tc.note, ClosedByClient); ev.Note != note {
					t.Errorf("Closed note %q, want %q", ev.Note, note)
				}
				// A reset may take with it what the client had not read.
				if st := s.Stats(); !tc.reset && st.Out != int64(len(got)) || ev.Out != st.Out {
					t.Errorf("Out %d (the event's %d), want the %d bytes of plaintext received", st.Out, ev.Out, len(got))
				}
			})
		}
	}
}

// cmp returns a if it is not empty, else b.
func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// After half_close over TLS 1.3 the client reads a clean end and can
// still send: the server reads it, decrypted and counted, until the client
// closes.
func TestTLSHalfCloseKeepsReading(t *testing.T) {
	g, s, a := startTLSWith(t, TLSEcho, Limits{}, "half_close")
	events := collect(g)
	c, _ := dialTLSWire(t, s, a, tls.VersionTLS13)
	c.Write([]byte("ping"))
	if got, err := io.ReadAll(c); string(got) != "ping" || err != nil {
		t.Fatalf("got %q, %v; want ping and a clean end", got, err)
	}
	for i := 0; i < 3; i++ {
		if _, err := c.Write([]byte("still here")); err != nil {
			t.Fatalf("sending after the server's close_notify: %v", err)
		}
	}
	eventually(t, "the server reads what comes after", func() bool { return s.Stats().In == 4+30 })
	if open := s.Stats().Open; open != 1 {
		t.Fatalf("%d connections open, want the half-closed one", open)
	}
	c.Close()
	var seen []EventType
	ev := events.next(t)
	for ; ev.Type != Closed; ev = events.next(t) {
		seen = append(seen, ev.Type)
	}
	if !slices.Contains(seen, FinSent) || ev.Note != ClosedByClient || ev.In != 34 {
		t.Errorf("events %v, then Closed %q with In %d; want a FinSent, %q and 34", seen, ev.Note, ev.In, ClosedByClient)
	}
}

// split over TLS: each piece is a record of its own, and a TLS read returns
// one record at most, so even a client that reads late gets the pieces
// apart (unlike plain TCP, where they merge again in its buffer).
func TestTLSSplit(t *testing.T) {
	_, s, a := startTLSWith(t, TLSEcho, Limits{}, "split=3")
	c, _ := dialTLSWire(t, s, a, tls.VersionTLS13)
	msg := "hello, world!"
	c.Write([]byte(msg))
	eventually(t, "all is sent", func() bool { return s.Stats().Out == int64(len(msg)) })
	var got []string
	buf := make([]byte, 100)
	for n := 0; n < len(msg); {
		k, err := c.Read(buf)
		if err != nil {
			t.Fatalf("after %q: %v", got, err)
		}
		got = append(got, string(buf[:k]))
		n += k
	}
	if want := []string{"hel", "lo,", " wo", "rld", "!"}; !slices.Equal(got, want) {
		t.Errorf("reads %q, want %q", got, want)
	}
	if st := s.Stats(); st.In != int64(len(msg)) {
		t.Errorf("In %d, want %d: plaintext", st.In, len(msg))
	}
}

// read=no over TLS: the handshake is read (it must be), then nothing; the
// server still notices when the client goes.
func TestTLSReadNo(t *testing.T) {
	g, s, a := startTLSWith(t, TLSEcho, Limits{}, "read=no")
	events := collect(g)
	c, _ := dialTLSWire(t, s, a, tls.VersionTLS13)
	if _, err := c.Write(make([]byte, 1000)); err != nil {
		t.Fatal(err)
	}
	c.Close()
	var seen []EventType
	ev := events.next(t)
	for ; ev.Type != Closed; ev = events.next(t) {
		seen = append(seen, ev.Type)
	}
	if want := []EventType{Connected, Handshake}; !slices.Equal(seen, want) {
		t.Errorf("events %v, want %v", seen, want)
	}
	if st := s.Stats(); st.In != 0 || ev.In != 0 {
		t.Errorf("In %d (the event's %d): the server read", st.In, ev.In)
	}
}

// At its connection limit the HTTPS server answers 503 over TLS and then
// lingers, as the HTTP server does: a client still posting its body gets
// its answer instead of a reset.
func TestHTTPSBusyDrains(t *testing.T) {
	_, s, a := startTLSWith(t, HTTPS, Limits{MaxConns: 1}, "")
	if _, err := dialTLS(t, s, a, "localhost"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "one connection is open", func() bool { return s.Stats().Open == 1 })
	raw := dial(t, s)
	raw.SetWriteBuffer(32 << 10)
	w := &wire{Conn: raw}
	conf := a.ClientConfig("localhost")
	conf.MaxVersion = tls.VersionTLS12 // to see close_notify go by
	c := tls.Client(w, conf)
	body := 2 << 20
	req := fmt.Sprintf("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n", body)
	if _, err := c.Write(append([]byte(req), make([]byte, body)...)); err != nil {
		t.Fatalf("sending: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("turned-away client: %v, %v", resp, err)
	}
	resp.Body.Close()
	if rest, err := io.ReadAll(c); len(rest) != 0 || err != nil {
		t.Errorf("after the 503: %q, %v", rest, err)
	}
	if types := recordTypes(w.raw); types[len(types)-1] != alertRecord {
		t.Errorf("record types %v: want close_notify last", types)
	}
	eventually(t, "the linger reads the body, decrypted", func() bool { return s.Stats().In >= int64(body) })
	c.Close()
	if st := s.Stats(); st.Refused != 1 || st.Open != 1 {
		t.Errorf("stats %+v, want 1 refused and 1 open", st)
	}
}

// The chat broker ignores the options: a line goes to the others whole,
// at once, and nobody is cut off.
func TestChatIgnoresOptions(t *testing.T) {
	const words = "split=1 delay=30 close_after=0 read=no half_close"
	_, s := startWith(t, Chat, Limits{}, words)
	if got, want := s.Options().NoEffect(Chat), strings.Fields(words); !slices.Equal(got, want) {
		t.Errorf("NoEffect(chat) = %q, want %q", got, want)
	}
	cs := joinChat(t, s, 2)
	cs[0].Write([]byte("hi there\n"))
	if got := readN(t, cs[1], 9); got != "hi there\n" {
		t.Errorf("relayed %q", got)
	}
	cs[1].Write([]byte("and back\n"))
	if got := readN(t, cs[0], 9); got != "and back\n" {
		t.Errorf("relayed %q", got)
	}
	if st := s.Stats(); st.Open != 2 || st.In != 18 || st.Out != 18 {
		t.Errorf("stats %+v, want 2 open, 18 in and 18 out", st)
	}
}

// A relay in front of a TLS server shapes the TCP stream under TLS, not
// the records: with split=7 the records reach the client in 7-byte
// segments, and TLS puts them together again.
func TestRelayToTLS(t *testing.T) {
	g, s, a := startTLSWith(t, TLSEcho, Limits{}, "")
	opts, _ := ParseOptions([]string{"split=7"})
	r, err := g.StartProxy(loopback, s.Addr(), Limits{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	c, err := dialTLS(t, r, a, "localhost")
	if err != nil {
		t.Fatalf("handshake through the relay: %v", err)
	}
	c.Write([]byte("through the relay"))
	buf := make([]byte, 100)
	if n, err := c.Read(buf); string(buf[:n]) != "through the relay" {
		t.Errorf("got %q, %v", buf[:n], err)
	}
	if segs := segsIn(t, c.NetConn().(*net.TCPConn)); segs < 100 {
		t.Errorf("%d segments in: the relay did not split the TLS records", segs)
	}
}

// What Python's ssl module sees (OpenSSL, ragged EOFs not suppressed, the
// client reading late): split's pieces apart, close_after's end clean,
// reset_after's not. The socket's recv does get ECONNRESET, but Python
// (3.11 with OpenSSL 3, at least) reports it as SSLEOFError.
const pythonOptionsClient = `
import socket, ssl, sys, time
ca, port, send = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
ctx = ssl.create_default_context(cafile=ca)
raw = socket.create_connection(("127.0.0.1", port))
s = ctx.wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False)
pieces = []
try:
    s.sendall(send)
    time.sleep(0.3)  # read late: all has arrived
    while True:
        b = s.recv(1024)
        if not b:
            print("eof", pieces)
            break
        pieces.append(b)
except ssl.SSLEOFError:
    print("ragged", pieces)
except ConnectionResetError:
    print("reset", pieces)
`

func TestTLSOptionsWithPython(t *testing.T) {
	python := tool(t, "python3")
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	script := filepath.Join(t.TempDir(), "client.py")
	if err := os.WriteFile(script, []byte(pythonOptionsClient), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ words, send, want string }{
		{"split=3 close_after=11", "hello world", `^eof \[b'hel', b'lo ', b'wor', b'ld'\]$`},
		{"close_after=5", "hello world", `^eof \[b'hello'\]$`},
		{"reset_after=0", "", `^(reset|ragged) \[\]$`},
	} {
		t.Run(tc.words, func(t *testing.T) {
			g, s, _ := startTLSWith(t, TLSEcho, Limits{}, tc.words)
			ca, err := g.WriteCA("")
			if err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runTool(t, "", python, script, ca, fmt.Sprint(s.Addr().Port()), tc.send)
			if out = strings.TrimSpace(out); code != 0 || !regexp.MustCompile(tc.want).MatchString(out) {
				t.Errorf("python: exit %d, %q, stderr %q; want %q", code, out, errOut, tc.want)
			}
		})
	}
}

// cert=FLAW combines with the other options: a client that verifies fails
// in the handshake; one that does not goes on to meet split. A server
// without TLS refuses cert=.
func TestCertFlawWithOptions(t *testing.T) {
	g, s, a := startTLSWith(t, TLSEcho, Limits{}, "split=2 cert=expired")
	if info, ok := s.Cert(); !ok || info.Flaw != Expired {
		t.Fatalf("Cert() = %+v, %v; want the expired certificate", info, ok)
	}
	if got := s.Options().String(); got != "split=2 cert=expired" {
		t.Errorf("Options() = %q", got)
	}
	if _, err := dialTLS(t, s, a, "localhost"); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("a verifying client's handshake: %v; want the certificate expired", err)
	}
	tc := tls.Client(dial(t, s), &tls.Config{InsecureSkipVerify: true})
	msg := "hello"
	if _, err := tc.Write([]byte(msg)); err != nil {
		t.Fatal(err)
	}
	eventually(t, "all is sent", func() bool { return s.Stats().Out == int64(len(msg)) })
	var got []string
	buf := make([]byte, 100)
	for n := 0; n < len(msg); {
		k, err := tc.Read(buf)
		if err != nil {
			t.Fatalf("after %q: %v", got, err)
		}
		got = append(got, string(buf[:k]))
		n += k
	}
	if want := []string{"he", "ll", "o"}; !slices.Equal(got, want) {
		t.Errorf("reads %q, want %q", got, want)
	}
	for _, kind := range []Kind{Echo, Chat} {
		if _, err := g.StartWith(kind, loopback, Limits{}, Options{Cert: WrongHost}); err == nil {
			t.Errorf("%s started with cert=wrong-host", kind)
		}
	}
	if _, err := g.StartProxy(loopback, s.Addr(), Limits{}, Options{Cert: UnknownCA}); err == nil {
		t.Error("a relay started with cert=unknown-ca")
	}
	if n := len(g.Servers()); n != 1 {
		t.Errorf("%d servers after the refused starts, want 1", n)
	}
}
