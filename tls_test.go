package main

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
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
	tm.expect("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'wrong.example'. (_ssl.c:1006)")
	tm.expect("for other names than the one asked for")
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
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir, "HOME="+dir)
	data, err := cmd.CombinedOutput()
	out := string(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := filepath.Join(dir, "sockshell", "ca.pem")
	if !strings.Contains(out, fmt.Sprintf("'%s'", want)) || !strings.Contains(out, "'here.pem'") {
		t.Errorf("cafile said %q, want %s and here.pem", out, want)
	}
	for _, f := range []string{want, filepath.Join(dir, "here.pem")} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "BEGIN CERTIFICATE") || strings.Contains(string(data), "PRIVATE KEY") {
			t.Errorf("%s holds %q, want a certificate and no key", f, data)
		}
	}
}
