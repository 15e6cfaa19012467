package main

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"sockshell/netinfo/peers"
)

// The TLS transcripts' helpers (testdata/script/tls_*.txtar, py_ssl.txtar):
// TLS peers with each flaw of certificate, from a CA of the test's own,
// and a way to put their ports into a script.

// cmdTLSPeers starts a tls-echo peer for each certificate flaw (sound,
// expired, wrong-host, unknown-ca, self-signed), from a CA made for the
// transcript, on free loopback ports; it sets $SOUND_PORT, $EXPIRED_PORT,
// ... to their ports, writes the CA's certificate to ca.pem and each
// flaw's certificate and key to FLAW.crt and FLAW.key, for a server of the
// Python form to load. The peers stop when the transcript ends:
// tlspeers.
func cmdTLSPeers(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: tlspeers")
	}
	g := peers.NewGroup()
	ts.Defer(g.Close)
	if _, err := g.WriteCA(ts.MkAbs("ca.pem")); err != nil {
		ts.Fatalf("writing the CA: %v", err)
	}
	a, err := g.Authority()
	if err != nil {
		ts.Fatalf("%v", err)
	}
	for _, flaw := range peers.CertFlaws() {
		srv, err := g.StartTLS(peers.TLSEcho, netip.MustParseAddrPort("127.0.0.1:0"), peers.Limits{}, flaw)
		if err != nil {
			ts.Fatalf("starting a %v peer: %v", flaw, err)
		}
		name := strings.ToUpper(strings.ReplaceAll(flaw.String(), "-", "_")) + "_PORT"
		ts.Setenv(name, strconv.Itoa(int(srv.Addr().Port())))
		cert, err := a.ServerCert(flaw)
		if err != nil {
			ts.Fatalf("%v", err)
		}
		certPEM, keyPEM, err := peers.EncodeKeyPair(cert)
		if err != nil {
			ts.Fatalf("%v", err)
		}
		ts.Check(os.WriteFile(ts.MkAbs(flaw.String()+".crt"), certPEM, 0o644))
		ts.Check(os.WriteFile(ts.MkAbs(flaw.String()+".key"), keyPEM, 0o600))
	}
}

// cmdExpand writes IN to OUT with $NAME and ${NAME} replaced by the
// transcript's environment (the ports tlspeers set), since a script file
// is not expanded as a command line is: expand IN OUT.
func cmdExpand(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: expand IN OUT")
	}
	out := os.Expand(ts.ReadFile(args[0]), ts.Getenv)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o644))
}

// TestInteractiveTLS drives a TLS client on a terminal: the handshake, a
// recv that waits (and says so) until Ctrl-C ends it with the TLS session
// still usable, a refused certificate with its hint, and tlsinfo's lines
// within 80 columns.
func TestInteractiveTLS(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	for _, line := range []string{"srv = serve tls-echo 0", "port = srv.port", "s = socket", "connect s localhost $port", "tls s localhost"} {
		tm.send(line + "\r")
		tm.expect(line + "\r\n")
	}
	tm.expect("<ssl.SSLSocket fd=")
	tm.send("recv s\r")
	tm.expect("waiting for data from ('127.0.0.1', ")
	tm.expect("(TLS)... (Ctrl-C to stop)")
	tm.send("\x03")
	tm.expect("KeyboardInterrupt")
	tm.expect(promptText)
	// The interrupted recv left the TLS session whole: the echo comes back.
	tm.send("sendall s b'after Ctrl-C'; recv s\r")
	tm.expect("b'after Ctrl-C'\r\n")

	tm.send("t = socket; connect t localhost $port; tls t wrong.example\r")
	// (broken at spaces to fit 80 columns)
	tm.expect("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate\r\n")
	tm.expect("verify failed: Hostname mismatch, certificate is not valid for\r\n")
	tm.expect("'wrong.example'. (_ssl.c:1006)")
	tm.expect("for other names than this one")
	tm.send("tlsinfo t\r")
	out := tm.expect("names     DNS:localhost, IP:127.0.0.1, IP:::1")
	for _, line := range strings.Split(sgr.ReplaceAllString(out, ""), "\r\n") {
		if len(line) > 80 && !strings.Contains(line, "tlsinfo t") {
			t.Errorf("tlsinfo line wider than 80 columns: %q", line)
		}
	}
	tm.send("exit\r")
	if code := tm.wait(); code != 0 {
		t.Errorf("exit status %d", code)
	}
}

// TestTLSFilesStayPrivate checks that cafile writes the CA's certificate
// only (no key), where it says it did.
func TestTLSFilesStayPrivate(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(sockshellBin(t), "-c", "cafile; cafile('here.pem')")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+dir, "HOME="+dir)
	data, err := cmd.CombinedOutput()
	out := string(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// The session's own file, in a directory of its own under $TMPDIR,
	// is gone with the session; the one asked for stays.
	def := regexp.MustCompile(`'(` + regexp.QuoteMeta(dir) + `/sockshell-[^/']+/ca\.pem)'`).FindStringSubmatch(out)
	if def == nil || !strings.Contains(out, "'here.pem'") {
		t.Fatalf("cafile said %q, want a file in a directory under %s, and here.pem", out, dir)
	}
	if _, err := os.Stat(filepath.Dir(def[1])); !os.IsNotExist(err) {
		t.Errorf("the session's CA directory is still there after the session: %v", err)
	}
	f := filepath.Join(dir, "here.pem")
	data, err = os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "BEGIN CERTIFICATE") || strings.Contains(string(data), "PRIVATE KEY") {
		t.Errorf("%s holds %q, want a certificate and no key", f, data)
	}
}

// TestTLSServerGoClient runs a TLS server written in the Python form
// (load_cert_chain, wrap_socket with server_side, accept) and talks to it
// with Go's crypto/tls client trusting the CA: the handshake, the data both
// ways, and what the server saw, with Go alone.
func TestTLSServerGoClient(t *testing.T) {
	dir := t.TempDir()
	g := peers.NewGroup()
	defer g.Close()
	a, err := g.Authority()
	if err != nil {
		t.Fatal(err)
	}
	cert, err := a.ServerCert(peers.Sound)
	if err != nil {
		t.Fatal(err)
	}
	certPEM, keyPEM, err := peers.EncodeKeyPair(cert)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "server.crt"), certPEM, 0o644)
	os.WriteFile(filepath.Join(dir, "server.key"), keyPEM, 0o600)
	script := `import ssl
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain('server.crt', 'server.key')
ctx.set_alpn_protocols(['echo/1'])
listener = socket.socket()
listener.bind(('127.0.0.1', 0))
listener.listen()
print(listener.getsockname()[1])
ssock = ctx.wrap_socket(listener, server_side=True)
conn, addr = ssock.accept()
print(conn.version(), conn.selected_alpn_protocol(), conn.server_hostname)
data = conn.recv(1024)
conn.sendall(data[::-1])
print(data, conn.recv(1024))
`
	cmd := exec.Command(sockshellBin(t))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir, "HOME="+dir)
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("no port from the server: %v (stderr: %s)", err, stderr.String())
	}
	port := strings.TrimSpace(line)
	conf := a.ClientConfig("localhost")
	conf.NextProtos = []string{"echo/1"}
	c, err := tls.Dial("tcp", "127.0.0.1:"+port, conf)
	if err != nil {
		t.Fatalf("handshake with the Python-form server: %v (stderr: %s)", err, stderr.String())
	}
	if st := c.ConnectionState(); st.NegotiatedProtocol != "echo/1" {
		t.Errorf("ALPN %q, want echo/1", st.NegotiatedProtocol)
	}
	c.Write([]byte("hello"))
	reply := make([]byte, 16)
	n, err := io.ReadAtLeast(c, reply, 5)
	if err != nil || string(reply[:n]) != "olleh" {
		t.Errorf("reply %q, %v; want olleh", reply[:n], err)
	}
	c.Close()
	rest, _ := io.ReadAll(r)
	if err := cmd.Wait(); err != nil {
		t.Errorf("the server's session: %v (stderr: %s)", err, stderr.String())
	}
	want := "TLSv1.3 echo/1 None\nb'hello' b''\n"
	if string(rest) != want {
		t.Errorf("the server printed %q, want %q", rest, want)
	}
}

// cmdFreePort sets $NAME to a TCP port that was free on the loopback a
// moment ago, for a server the transcript starts that needs a number
// (openssl s_server): freeport NAME.
func cmdFreePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport NAME")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ts.Fatalf("%v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ts.Setenv(args[0], strconv.Itoa(port))
}
