package peers

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newAuthority(t *testing.T) *Authority {
	t.Helper()
	a, err := NewAuthority()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAuthorityCA(t *testing.T) {
	a := newAuthority(t)
	ca := a.Certificate()
	if !ca.IsCA || !ca.BasicConstraintsValid || ca.MaxPathLen != 0 || !ca.MaxPathLenZero {
		t.Errorf("CA constraints: IsCA %v valid %v maxpath %d zero %v", ca.IsCA, ca.BasicConstraintsValid, ca.MaxPathLen, ca.MaxPathLenZero)
	}
	if ca.KeyUsage&x509.KeyUsageCertSign == 0 {
		t.Error("the CA may not sign certificates (no keyCertSign)")
	}
	if err := ca.CheckSignatureFrom(ca); err != nil {
		t.Errorf("the CA is not self-signed: %v", err)
	}
	if len(ca.SubjectKeyId) == 0 {
		t.Error("the CA has no subject key id (strict verifiers want one)")
	}
	if !strings.HasPrefix(ca.Subject.CommonName, "sockshell local CA ") {
		t.Errorf("CA name %q", ca.Subject.CommonName)
	}
	if pub, ok := ca.PublicKey.(*ecdsa.PublicKey); !ok || pub.Curve != elliptic.P256() {
		t.Errorf("CA key %T, want ECDSA P-256", ca.PublicKey)
	}
	now := time.Now()
	if d := now.Sub(ca.NotBefore); d < 50*time.Minute || d > 70*time.Minute {
		t.Errorf("NotBefore is %v before now, want about an hour", d)
	}
	if d := ca.NotAfter.Sub(now); d < 29*24*time.Hour || d > 31*24*time.Hour {
		t.Errorf("NotAfter is %v after now, want about 30 days", d)
	}
	// The PEM is the certificate, and nothing else.
	block, rest := pem.Decode(a.CertPEM())
	if block == nil || block.Type != "CERTIFICATE" || len(rest) != 0 || string(block.Bytes) != string(ca.Raw) {
		t.Error("CertPEM is not exactly the CA's certificate")
	}
	// Two sessions' CAs are told apart, and trust only their own.
	b := newAuthority(t)
	if b.Certificate().Subject.CommonName == ca.Subject.CommonName {
		t.Errorf("two CAs share the name %q", ca.Subject.CommonName)
	}
	leaf, err := b.ServerCert(Sound)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := leaf.Leaf.Verify(x509.VerifyOptions{Roots: a.Pool(), DNSName: "localhost"}); err == nil {
		t.Error("one session's CA accepts another's certificate")
	}
}

// Each flaw breaks verification in its own way, and only that way.
func TestServerCertFlaws(t *testing.T) {
	a := newAuthority(t)
	tests := []struct {
		flaw CertFlaw
		ok   func(error) bool
		want string
	}{
		{Sound, func(err error) bool { return err == nil }, "no error"},
		{Expired, func(err error) bool {
			var e x509.CertificateInvalidError
			return errors.As(err, &e) && e.Reason == x509.Expired
		}, "x509.CertificateInvalidError{Reason: Expired}"},
		{WrongHost, func(err error) bool {
			var e x509.HostnameError
			return errors.As(err, &e)
		}, "x509.HostnameError"},
		{UnknownCA, func(err error) bool {
			var e x509.UnknownAuthorityError
			return errors.As(err, &e)
		}, "x509.UnknownAuthorityError"},
		{SelfSigned, func(err error) bool {
			var e x509.UnknownAuthorityError
			return errors.As(err, &e)
		}, "x509.UnknownAuthorityError"},
	}
	for _, tt := range tests {
		t.Run(tt.flaw.String(), func(t *testing.T) {
			cert, err := a.ServerCert(tt.flaw)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := a.ServerCert(tt.flaw); string(again.Leaf.Raw) != string(cert.Leaf.Raw) {
				t.Error("a second call made another certificate")
			}
			if cert.Leaf.IsCA {
				t.Error("a server certificate is a CA")
			}
			if len(cert.Leaf.ExtKeyUsage) != 1 || cert.Leaf.ExtKeyUsage[0] != x509.ExtKeyUsageServerAuth {
				t.Errorf("ext key usage %v, want server auth", cert.Leaf.ExtKeyUsage)
			}
			for _, host := range certHosts {
				_, err := cert.Leaf.Verify(x509.VerifyOptions{Roots: a.Pool(), DNSName: host})
				if !tt.ok(err) {
					t.Errorf("verifying for %s: %v, want %s", host, err, tt.want)
				}
			}
			// The key is the certificate's.
			if _, err := tls.X509KeyPair(keyPairPEM(t, cert)); err != nil {
				t.Errorf("key and certificate do not match: %v", err)
			}
		})
	}
	// The flaws leave everything else sound: an expired certificate is
	// for the right hosts, a wrong-host one is in date, and so on.
	exp, _ := a.ServerCert(Expired)
	if err := exp.Leaf.CheckSignatureFrom(a.Certificate()); err != nil {
		t.Errorf("the expired certificate is not signed by the CA: %v", err)
	}
	if err := exp.Leaf.VerifyHostname("localhost"); err != nil {
		t.Errorf("the expired certificate is not for localhost: %v", err)
	}
	if exp.Leaf.NotAfter.After(time.Now().Add(-12 * time.Hour)) {
		t.Errorf("the expired certificate is good until %v", exp.Leaf.NotAfter)
	}
	wrong, _ := a.ServerCert(WrongHost)
	if _, err := wrong.Leaf.Verify(x509.VerifyOptions{Roots: a.Pool(), DNSName: wrongHost}); err != nil {
		t.Errorf("the wrong-host certificate, checked for its own name: %v", err)
	}
	unknown, _ := a.ServerCert(UnknownCA)
	if unknown.Leaf.Issuer.CommonName == a.Certificate().Subject.CommonName || !strings.HasPrefix(unknown.Leaf.Issuer.CommonName, "sockshell unknown CA ") {
		t.Errorf("unknown-CA certificate issued by %q", unknown.Leaf.Issuer.CommonName)
	}
}

// keyPairPEM is EncodeKeyPair for a test: the certificate and key PEM as
// one call's two arguments.
func keyPairPEM(t *testing.T, c tls.Certificate) ([]byte, []byte) {
	t.Helper()
	certPEM, keyPEM, err := EncodeKeyPair(c)
	if err != nil {
		t.Fatal(err)
	}
	return certPEM, keyPEM
}

func TestCertFlawNames(t *testing.T) {
	for _, f := range CertFlaws() {
		for _, name := range []string{f.String(), strings.ToUpper(f.String()), strings.ReplaceAll(f.String(), "-", "_")} {
			if got, ok := ParseCertFlaw(name); !ok || got != f {
				t.Errorf("ParseCertFlaw(%q) = %v, %v; want %v", name, got, ok, f)
			}
		}
	}
	if _, ok := ParseCertFlaw("bogus"); ok {
		t.Error("ParseCertFlaw accepted bogus")
	}
	if s := CertFlaw(99).String(); s != "CertFlaw(99)" {
		t.Errorf("String of an unknown flaw: %q", s)
	}
}

func TestDefaultCAPath(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	tests := []struct{ xdg, want string }{
		{"/some/state", "/some/state/sockshell/ca.pem"},
		{"", filepath.Join(home, ".local/state/sockshell/ca.pem")},
		{"relative/state", filepath.Join(home, ".local/state/sockshell/ca.pem")}, // the XDG spec: ignore it
	}
	for _, tt := range tests {
		t.Setenv("XDG_STATE_HOME", tt.xdg)
		if got, err := DefaultCAPath(); err != nil || got != tt.want {
			t.Errorf("XDG_STATE_HOME=%q: %q, %v; want %q", tt.xdg, got, err, tt.want)
		}
	}
}

func TestWriteCA(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	g := NewGroup()
	defer g.Close()
	if g.CAFile() != "" {
		t.Fatal("CAFile before any write")
	}
	a, err := g.Authority()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := g.Authority(); again != a {
		t.Fatal("a group made a second authority")
	}
	path, err := g.WriteCA("")
	if want := filepath.Join(state, "sockshell", "ca.pem"); err != nil || path != want {
		t.Fatalf("WriteCA(\"\") = %q, %v; want %q", path, err, want)
	}
	checkCAFile(t, a, path)
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("state directory: %v, %v; want mode 0700", fi.Mode(), err)
	}
	if g.CAFile() != path {
		t.Errorf("CAFile = %q, want %q", g.CAFile(), path)
	}
	// Nothing but the certificate went to disk.
	ents, _ := os.ReadDir(filepath.Dir(path))
	if len(ents) != 1 {
		t.Errorf("the state directory holds %d files, want only ca.pem", len(ents))
	}

	// A path the user names; an old file there is replaced.
	mine := filepath.Join(t.TempDir(), "my-ca.pem")
	os.WriteFile(mine, []byte("old"), 0o600)
	if got, err := g.WriteCA(mine); err != nil || got != mine {
		t.Fatalf("WriteCA(%q) = %q, %v", mine, got, err)
	}
	checkCAFile(t, a, mine)
	if g.CAFile() != mine {
		t.Errorf("CAFile = %q after writing to %q", g.CAFile(), mine)
	}
	// A directory that does not exist is an error, and changes nothing.
	if _, err := g.WriteCA(filepath.Join(t.TempDir(), "no", "such", "ca.pem")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("writing into a missing directory: %v, want ErrNotExist", err)
	}
	if g.CAFile() != mine {
		t.Error("a failed write changed CAFile")
	}
}

// checkCAFile checks that path holds a's certificate, mode 0644.
func checkCAFile(t *testing.T, a *Authority, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("%s: mode %v, want 0644", path, fi.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) || string(data) != string(a.CertPEM()) {
		t.Errorf("%s does not hold the CA certificate", path)
	}
}

func TestWriteKey(t *testing.T) {
	a := newAuthority(t)
	path := filepath.Join(t.TempDir(), "ca.key")
	if err := a.WriteKey(path); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	if _, err := tls.X509KeyPair(a.CertPEM(), data); err != nil {
		t.Errorf("the key written is not the CA's: %v", err)
	}
}

// IsAuthorityCert knows a session CA's certificate, from this authority or
// another one, and nothing else: not a server certificate, not the
// unknown-ca flaw's own CA, not a CA with its key, not text.
func TestIsAuthorityCert(t *testing.T) {
	a, b := newAuthority(t), newAuthority(t)
	other, _, err := newCA("sockshell unknown CA") // as the unknown-ca flaw's
	if err != nil {
		t.Fatal(err)
	}
	sound, err := a.ServerCert(Sound)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := func(der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}) }
	keyDir := t.TempDir()
	if err := a.WriteKey(filepath.Join(keyDir, "key.pem")); err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(filepath.Join(keyDir, "key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"this CA", a.CertPEM(), true},
		{"another session's CA", b.CertPEM(), true},
		{"with a trailing newline", append(a.CertPEM(), '\n'), true},
		{"a server certificate", certPEM(sound.Certificate[0]), false},
		{"the unknown-ca flaw's CA", certPEM(other.Raw), false},
		{"the CA and its key", append(a.CertPEM(), key...), false},
		{"two CAs", append(a.CertPEM(), b.CertPEM()...), false},
		{"text", []byte("package main\n"), false},
		{"nothing", nil, false},
	} {
		if got := IsAuthorityCert(tc.data); got != tc.want {
			t.Errorf("%s: IsAuthorityCert = %v, want %v", tc.name, got, tc.want)
		}
	}
}
