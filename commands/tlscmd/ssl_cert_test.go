package tlscmd

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	"sockshell/commands/value"
)

// testCert signs a certificate for names (DNS names or IP addresses)
// valid from nb to na, by parent (itself when parent is nil); ca makes it
// a CA.
func testCert(t *testing.T, cn string, names []string, nb, na time.Time, ca bool, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn, Organization: []string{"test"}},
		NotBefore:    nb, NotAfter: na,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  ca,
	}
	if ca {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
		tmpl.ExtKeyUsage = nil
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c, key
}

// TestVerifyChainOrder checks the verification's codes and messages, in
// OpenSSL's order where a certificate has more than one flaw: an unknown
// issuer before a wrong name, a wrong name before the dates.
func TestVerifyChainOrder(t *testing.T) {
	now := time.Now()
	long := now.Add(365 * 24 * time.Hour)
	past, yesterday := now.Add(-60*24*time.Hour), now.Add(-24*time.Hour)
	later := now.Add(24 * time.Hour)
	root, rootKey := testCert(t, "root", nil, past, long, true, nil, nil)
	other, otherKey := testCert(t, "other root", nil, past, long, true, nil, nil)
	inter, interKey := testCert(t, "intermediate", nil, past, long, true, root, rootKey)
	store := trustStore{roots: []*x509.Certificate{root}}

	sound, _ := testCert(t, "localhost", []string{"localhost", "127.0.0.1"}, past, long, false, root, rootKey)
	viaInter, _ := testCert(t, "localhost", []string{"localhost"}, past, long, false, inter, interKey)
	expired, _ := testCert(t, "localhost", []string{"localhost"}, past, yesterday, false, root, rootKey)
	notYet, _ := testCert(t, "localhost", []string{"localhost"}, later, long, false, root, rootKey)
	expiredWrongHost, _ := testCert(t, "elsewhere", []string{"elsewhere.invalid"}, past, yesterday, false, root, rootKey)
	unknownExpired, _ := testCert(t, "localhost", []string{"localhost"}, past, yesterday, false, other, otherKey)
	self, _ := testCert(t, "localhost", []string{"localhost"}, past, long, false, nil, nil)
	untrustedRoot, untrustedKey := testCert(t, "untrusted root", nil, past, long, true, nil, nil)
	underUntrusted, _ := testCert(t, "localhost", []string{"localhost"}, past, long, false, untrustedRoot, untrustedKey)

	for _, c := range []struct {
		name  string
		chain []*x509.Certificate
		host  string
		code  int
		msg   string
	}{
		{"sound", []*x509.Certificate{sound}, "localhost", 0, ""},
		{"sound, by address", []*x509.Certificate{sound}, "127.0.0.1", 0, ""},
		{"no name checked", []*x509.Certificate{sound}, "", 0, ""},
		{"through an intermediate", []*x509.Certificate{viaInter, inter}, "localhost", 0, ""},
		{"intermediate missing", []*x509.Certificate{viaInter}, "localhost", vNoIssuer, "unable to get local issuer certificate"},
		{"wrong name", []*x509.Certificate{sound}, "example.com", vHostMismatch, "Hostname mismatch, certificate is not valid for 'example.com'."},
		{"wrong address", []*x509.Certificate{sound}, "::1", vIPMismatch, "IP address mismatch, certificate is not valid for '::1'."},
		{"expired", []*x509.Certificate{expired}, "localhost", vExpired, "certificate has expired"},
		{"not yet valid", []*x509.Certificate{notYet}, "localhost", vNotYetValid, "certificate is not yet valid"},
		{"expired and for another name: the name first", []*x509.Certificate{expiredWrongHost}, "localhost", vHostMismatch, "Hostname mismatch, certificate is not valid for 'localhost'."},
		{"expired and of an unknown issuer: the issuer first", []*x509.Certificate{unknownExpired}, "localhost", vNoIssuer, "unable to get local issuer certificate"},
		{"self-signed", []*x509.Certificate{self}, "localhost", vSelfSigned, "self-signed certificate"},
		{"self-signed root in the chain", []*x509.Certificate{underUntrusted, untrustedRoot}, "localhost", vSelfInChain, "self-signed certificate in certificate chain"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := verifyChain(c.chain, store, c.host, true, now)
			switch {
			case c.code == 0 && rep.err != nil:
				t.Errorf("refused: %d %s", rep.err.code, rep.err.message)
			case c.code == 0 && rep.trustedBy != root:
				t.Errorf("trusted by %v, want the root", rep.trustedBy)
			case c.code != 0 && rep.err == nil:
				t.Errorf("accepted, want code %d", c.code)
			case c.code != 0 && (rep.err.code != c.code || rep.err.message != c.msg):
				t.Errorf("got %d %q, want %d %q", rep.err.code, rep.err.message, c.code, c.msg)
			}
		})
	}
}

// TestCertDict checks getpeercert's dict against the form Python gives.
func TestCertDict(t *testing.T) {
	now := time.Date(2027, 1, 5, 3, 4, 5, 0, time.UTC)
	c, _ := testCert(t, "localhost", []string{"localhost", "127.0.0.1", "::1"}, now, now.Add(24*time.Hour), false, nil, nil)
	d := certDict(c)
	want := map[string]string{
		"subject":        "((('organizationName', 'test'),), (('commonName', 'localhost'),))",
		"notBefore":      "'Jan  5 03:04:05 2027 GMT'",
		"notAfter":       "'Jan  6 03:04:05 2027 GMT'",
		"version":        "3",
		"subjectAltName": "(('DNS', 'localhost'), ('IP Address', '127.0.0.1'), ('IP Address', '0:0:0:0:0:0:0:1'))",
	}
	for k, w := range want {
		v, ok, _ := d.Get(value.Str(k))
		if !ok || v.Repr() != w {
			t.Errorf("%s: %v, want %s", k, v, w)
		}
	}
}
