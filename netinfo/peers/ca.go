package peers

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// An Authority is a certificate authority made for one session, in memory:
// a self-signed CA certificate and key (ECDSA P-256), and the server
// certificates it signs for the TLS peers. Nothing is written to disk
// unless asked: WriteCert writes the CA certificate (which a client needs
// to trust the peers: curl --cacert, openssl s_client -CAfile, Python's
// ssl.create_default_context(cafile=...)), and WriteKey the CA key.
type Authority struct {
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
	certPEM []byte
	pool    *x509.CertPool

	mu     sync.Mutex
	leaves map[CertFlaw]tls.Certificate // made on first use, one per flaw
}

// The validity the CA and its sound certificates get: from an hour ago (so
// a client whose clock is a little behind still accepts them) for a
// month, far longer than any session lasts.
const (
	certBackdate = time.Hour
	certLifetime = 30 * 24 * time.Hour
)

// certHosts are the names a server certificate is for: the loopback
// names a client on this machine uses to reach a local peer.
var certHosts = []string{"localhost", "127.0.0.1", "::1"}

// wrongHost is the only name in a WrongHost certificate: .invalid can
// never be a real host (RFC 2606), so no client reaches a peer by it.
const wrongHost = "wrong-host.invalid"

// authorityName starts the common name of every session's CA.
const authorityName = "sockshell local CA"

// NewAuthority makes a new CA: its name ends with random hex, so that two
// sessions' CAs are told apart (in `openssl x509 -text`, or in an error
// naming the issuer).
func NewAuthority() (*Authority, error) {
	cert, key, err := newCA(authorityName)
	if err != nil {
		return nil, err
	}
	a := &Authority{
		cert:    cert,
		key:     key,
		certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}),
		pool:    x509.NewCertPool(),
		leaves:  make(map[CertFlaw]tls.Certificate),
	}
	a.pool.AddCert(cert)
	return a, nil
}

// newCA makes a self-signed CA certificate named prefix plus random hex.
func newCA(prefix string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tag := make([]byte, 4)
	rand.Read(tag)
	now := time.Now()
	tmpl := &x509.Certificate{
		Subject:   pkix.Name{Organization: []string{"sockshell"}, CommonName: prefix + " " + hex.EncodeToString(tag)},
		NotBefore: now.Add(-certBackdate),
		NotAfter:  now.Add(certLifetime),
		KeyUsage:  x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		// A CA that signs server certificates only, never another CA.
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	cert, err := sign(tmpl, nil, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	return cert, key, nil
}

// sign fills in tmpl's serial number and signs it with parentKey as
// parent (tmpl itself when parent is nil), returning the parsed result.
// Go adds the subject key id of a CA and the authority key id of a
// certificate signed by one, which strict verifiers (OpenSSL's
// X509_V_FLAG_X509_STRICT, the default of Python 3.13's ssl) require.
func sign(tmpl, parent *x509.Certificate, pub *ecdsa.PublicKey, parentKey *ecdsa.PrivateKey) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	tmpl.SerialNumber = serial
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, parentKey)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// Certificate returns the CA's certificate (the caller must not change it).
func (a *Authority) Certificate() *x509.Certificate { return a.cert }

// CertPEM returns the CA's certificate in PEM: the file a client is given
// to trust the TLS peers.
func (a *Authority) CertPEM() []byte { return append([]byte(nil), a.certPEM...) }

// Pool returns a pool holding the CA's certificate, for a Go client's
// tls.Config.RootCAs.
func (a *Authority) Pool() *x509.CertPool { return a.pool.Clone() }

// ClientConfig returns a client configuration that trusts the CA (and
// nothing else) and checks the server's name against serverName.
func (a *Authority) ClientConfig(serverName string) *tls.Config {
	return &tls.Config{RootCAs: a.Pool(), ServerName: serverName, MinVersion: tls.VersionTLS12}
}

// WriteCert writes the CA's certificate, in PEM, to path, with mode 0644 (a
// certificate is public). The file is replaced whole (written beside it,
// then renamed), so that a client reading it meanwhile never sees half of
// one. The directory must exist.
func (a *Authority) WriteCert(path string) error { return writeAtomic(path, a.certPEM, 0o644) }

// WriteKey writes the CA's private key, in PEM (PKCS #8), to path, with
// mode 0600. Whoever holds it can sign certificates the CA file's users
// trust: write it only when the user asks for it.
func (a *Authority) WriteKey(path string) error {
	der, err := x509.MarshalPKCS8PrivateKey(a.key)
	if err != nil {
		return err
	}
	return writeAtomic(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
}

// IsAuthorityCert reports whether data is the PEM of one certificate
// alone, of a CA that NewAuthority made (in this process or another): a
// file a caller may replace with the current CA's certificate, since an
// earlier session's CA can verify nothing once that session has ended (its
// key was never written).
func IsAuthorityCert(data []byte) bool {
	block, rest := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" || len(strings.TrimSpace(string(rest))) != 0 {
		return false
	}
	c, err := x509.ParseCertificate(block.Bytes)
	return err == nil && c.IsCA && c.Subject.String() == c.Issuer.String() &&
		len(c.Subject.Organization) == 1 && c.Subject.Organization[0] == "sockshell" &&
		strings.HasPrefix(c.Subject.CommonName, authorityName+" ")
}

// writeAtomic writes data to a new file beside path and renames it to
// path.
func writeAtomic(path string, data []byte, mode os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = f.Chmod(mode)
	if err == nil {
		_, err = f.Write(data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// DefaultCAPath is where WriteCA writes the CA certificate when given no
// path: $XDG_STATE_HOME/sockshell/ca.pem, or
// ~/.local/state/sockshell/ca.pem when XDG_STATE_HOME is unset (or not an
// absolute path, which the XDG base directory spec says to ignore). It is
// bench/tlspeer's default; the shell writes a file of each session's own
// instead (see commands/peercmd/ca.go).
func DefaultCAPath() (string, error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "sockshell", "ca.pem"), nil
}

// CertFlaw is a deliberate defect in a TLS peer's certificate, so that a
// lesson can show each way a client's verification fails.
type CertFlaw int

// The flaws.
const (
	// Sound: signed by the session's CA, for localhost, 127.0.0.1 and ::1,
	// valid now. Every client given the CA file accepts it.
	Sound CertFlaw = iota
	// Expired: as Sound, but its validity ended a day ago (curl: "SSL
	// certificate problem: certificate has expired").
	Expired
	// WrongHost: signed by the CA and valid, but for wrong-host.invalid
	// only (curl: "no alternative certificate subject name matches target
	// host name").
	WrongHost
	// UnknownCA: for the right names, but signed by another CA, made for
	// the purpose and trusted by nobody (curl: "unable to get local issuer
	// certificate").
	UnknownCA
	// SelfSigned: for the right names, but signed by its own key (curl:
	// "self-signed certificate").
	SelfSigned
)

var flawNames = []string{Sound: "sound", Expired: "expired", WrongHost: "wrong-host", UnknownCA: "unknown-ca", SelfSigned: "self-signed"}

// CertFlaws lists the flaws in the order help shows them.
func CertFlaws() []CertFlaw { return []CertFlaw{Sound, Expired, WrongHost, UnknownCA, SelfSigned} }

// String returns the flaw's name: sound, expired, wrong-host, unknown-ca or
// self-signed.
func (f CertFlaw) String() string {
	if f >= 0 && int(f) < len(flawNames) {
		return flawNames[f]
	}
	return fmt.Sprintf("CertFlaw(%d)", int(f))
}

// ParseCertFlaw returns the flaw called name (case-insensitive; an
// underscore may stand for the hyphen).
func ParseCertFlaw(name string) (CertFlaw, bool) {
	name = strings.ReplaceAll(name, "_", "-")
	for _, f := range CertFlaws() {
		if strings.EqualFold(name, f.String()) {
			return f, true
		}
	}
	return 0, false
}

// ServerCert returns a server certificate with the given flaw, and its key,
// ready for tls.Config.Certificates. Each flaw's certificate is made on
// first use and then reused, so that every peer of a session presents the
// same one.
func (a *Authority) ServerCert(flaw CertFlaw) (tls.Certificate, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c, ok := a.leaves[flaw]; ok {
		return c, nil
	}
	c, err := a.issue(flaw)
	if err != nil {
		return tls.Certificate{}, err
	}
	a.leaves[flaw] = c
	return c, nil
}

// issue makes a server certificate with the given flaw.
func (a *Authority) issue(flaw CertFlaw) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{Organization: []string{"sockshell"}, CommonName: certHosts[0]},
		NotBefore:   now.Add(-certBackdate),
		NotAfter:    a.cert.NotAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	setHosts(tmpl, certHosts)
	parent, parentKey := a.cert, a.key
	switch flaw {
	case Sound:
	case Expired:
		tmpl.NotBefore, tmpl.NotAfter = now.Add(-certLifetime), now.Add(-24*time.Hour)
	case WrongHost:
		tmpl.Subject.CommonName = wrongHost
		setHosts(tmpl, []string{wrongHost})
	case UnknownCA:
		// A CA of the same shape but named apart, thrown away once it has
		// signed: no file holds it, so no client can trust it.
		parent, parentKey, err = newCA("sockshell unknown CA")
		if err != nil {
			return tls.Certificate{}, err
		}
	case SelfSigned:
		parent, parentKey = nil, key
	default:
		return tls.Certificate{}, fmt.Errorf("peers: no such certificate flaw: %v", flaw)
	}
	leaf, err := sign(tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: key, Leaf: leaf}, nil
}

// setHosts puts names into tmpl's subject alternative names, as DNS names
// or IP addresses.
func setHosts(tmpl *x509.Certificate, names []string) {
	tmpl.DNSNames, tmpl.IPAddresses = nil, nil
	for _, h := range names {
		if ip, err := netip.ParseAddr(h); err == nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, net.IP(ip.AsSlice()))
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
}

// EncodeKeyPair returns a certificate chain and its private key in PEM, as
// tls.LoadX509KeyPair and other servers (openssl s_server, Python's
// ssl.SSLContext.load_cert_chain) read them. The key is a secret: write it
// only where the user asks.
func EncodeKeyPair(c tls.Certificate) (certPEM, keyPEM []byte, err error) {
	for _, der := range c.Certificate {
		certPEM = append(certPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	der, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		return nil, nil, err
	}
	return certPEM, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// CertInfo describes a certificate, for the servers table.
type CertInfo struct {
	Subject, Issuer     string // distinguished names, as "CN=localhost,O=sockshell"
	NotBefore, NotAfter time.Time
	DNSNames            []string     // the names it is for
	IPAddresses         []netip.Addr // and the addresses
	Flaw                CertFlaw
	// SHA256 is the fingerprint, as `openssl x509 -fingerprint -sha256`
	// prints it (upper-case hex pairs joined by colons).
	SHA256 string
}

// certInfo describes c, made with flaw.
func certInfo(c *x509.Certificate, flaw CertFlaw) CertInfo {
	info := CertInfo{
		Subject:   c.Subject.String(),
		Issuer:    c.Issuer.String(),
		NotBefore: c.NotBefore,
		NotAfter:  c.NotAfter,
		DNSNames:  append([]string(nil), c.DNSNames...),
		Flaw:      flaw,
		SHA256:    fingerprint(c.Raw),
	}
	for _, ip := range c.IPAddresses {
		if a, ok := netip.AddrFromSlice(ip); ok {
			info.IPAddresses = append(info.IPAddresses, a.Unmap())
		}
	}
	return info
}

// fingerprint is the SHA-256 digest of der, as openssl prints it.
func fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	s := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(s); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(s[i : i+2])
	}
	return b.String()
}
