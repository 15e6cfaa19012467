package tlscmd

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"sockshell/commands/value"
)

// Certificates as Python's ssl shows them (getpeercert's dict, cipher(),
// version()), and their verification, done in OpenSSL's order and with
// its words, so that a refusal reads as Python's does.

// verifyReport is what the verification of a peer's chain found: kept on
// the TLS socket for tlsinfo, whether or not the context asked for it.
type verifyReport struct {
	chain     []*x509.Certificate // as the peer sent it, leaf first
	err       *verifyError        // nil when the chain verified
	trustedBy *x509.Certificate   // the root it chains to, when it does
	name      string              // the name checked ("" when none was)
	asked     bool                // the context asked for verification
}

// Verification codes and messages, as OpenSSL's X509_verify_cert_error_string
// words them.
const (
	vNotYetValid  = 9
	vExpired      = 10
	vSelfSigned   = 18
	vSelfInChain  = 19
	vNoIssuer     = 20
	vInvalidCA    = 24
	vBadPurpose   = 26
	vHostMismatch = 62
	vIPMismatch   = 64
)

var verifyMessages = map[int]string{
	vNotYetValid:  "certificate is not yet valid",
	vExpired:      "certificate has expired",
	vSelfSigned:   "self-signed certificate",
	vSelfInChain:  "self-signed certificate in certificate chain",
	vNoIssuer:     "unable to get local issuer certificate",
	vInvalidCA:    "invalid CA certificate",
	vBadPurpose:   "unsupported certificate purpose",
	vHostMismatch: "Hostname mismatch",
	vIPMismatch:   "IP address mismatch",
}

func verifyFailure(code int) *verifyError {
	return &verifyError{code: code, message: verifyMessages[code]}
}

// trustStore is what a context trusts: the roots it loaded, and the
// system's when asked.
type trustStore struct {
	roots  []*x509.Certificate
	system bool
}

// pool is the store as a crypto/x509 pool (never nil: an empty pool
// trusts nothing, where nil would mean the system's roots).
func (t trustStore) pool() *x509.CertPool {
	p := x509.NewCertPool()
	if t.system {
		if sys, err := x509.SystemCertPool(); err == nil {
			p = sys
		}
	}
	for _, c := range t.roots {
		p.AddCert(c)
	}
	return p
}

// verifyChain checks a peer's chain against the store, for a server's
// certificate (server true) or a client's, and its name against name
// (when name is not ""), in OpenSSL's order: first whether it chains to a
// trusted root, then the name, then the validity dates.
func verifyChain(chain []*x509.Certificate, store trustStore, name string, server bool, now time.Time) verifyReport {
	rep := verifyReport{chain: chain, name: name}
	if len(chain) == 0 {
		return rep
	}
	leaf := chain[0]
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	usage := x509.ExtKeyUsageServerAuth
	if !server {
		usage = x509.ExtKeyUsageClientAuth
	}
	pool := store.pool()
	opts := x509.VerifyOptions{Roots: pool, Intermediates: inter, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{usage}}
	chains, err := leaf.Verify(opts)
	var dates *verifyError // a validity failure, reported last
	var invalid x509.CertificateInvalidError
	switch {
	case err == nil:
		rep.trustedBy = chains[0][len(chains[0])-1]
	case errors.As(err, &invalid) && (invalid.Reason == x509.Expired):
		// crypto/x509 checks the dates while it builds the chain; OpenSSL
		// reports an unknown issuer first. So build it again at a time the
		// certificate was valid, to tell the two apart.
		code := vExpired
		if now.Before(invalid.Cert.NotBefore) {
			code = vNotYetValid
		}
		dates = verifyFailure(code)
		opts.CurrentTime = validTime(leaf)
		if chains, err2 := leaf.Verify(opts); err2 == nil {
			rep.trustedBy = chains[0][len(chains[0])-1]
		} else if issuer := issuerFailure(chain, err2); issuer != nil {
			rep.err = issuer
			return rep
		}
	case errors.As(err, &invalid) && invalid.Reason == x509.IncompatibleUsage:
		rep.err = verifyFailure(vBadPurpose)
		return rep
	case errors.As(err, &invalid) && invalid.Reason == x509.NotAuthorizedToSign:
		rep.err = verifyFailure(vInvalidCA)
		return rep
	default:
		if rep.err = issuerFailure(chain, err); rep.err == nil {
			rep.err = &verifyError{code: 1, message: "unspecified certificate verification error (" + err.Error() + ")"}
		}
		return rep
	}
	if name != "" {
		if herr := leaf.VerifyHostname(strings.TrimSuffix(name, ".")); herr != nil {
			code := vHostMismatch
			if _, perr := netip.ParseAddr(name); perr == nil {
				code = vIPMismatch
			}
			rep.err = &verifyError{code: code, message: fmt.Sprintf("%s, certificate is not valid for '%s'.", verifyMessages[code], name)}
			return rep
		}
	}
	rep.err = dates
	return rep
}

// validTime is a moment inside the certificate's validity.
func validTime(c *x509.Certificate) time.Time {
	return c.NotBefore.Add(c.NotAfter.Sub(c.NotBefore) / 2)
}

// issuerFailure words a failure to find a trusted issuer as OpenSSL
// does: the leaf signed by itself, a self-signed root sent in the chain,
// or no issuer found (nil for another kind of failure).
func issuerFailure(chain []*x509.Certificate, err error) *verifyError {
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		return nil
	}
	switch {
	case selfSigned(chain[0]):
		return verifyFailure(vSelfSigned)
	case len(chain) > 1 && selfSigned(chain[len(chain)-1]):
		return verifyFailure(vSelfInChain)
	}
	return verifyFailure(vNoIssuer)
}

// selfSigned reports whether c is signed by its own key.
func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// certDict is getpeercert()'s dict of a certificate, as Python's
// _decode_certificate makes it: subject and issuer as tuples of RDNs,
// version, serialNumber, the dates, and the alternative names.
func certDict(c *x509.Certificate) *value.Dict {
	d := value.NewDict()
	set := func(k string, v value.Value) { d.Set(value.Str(k), v) }
	set("subject", rdnTuple(c.RawSubject))
	set("issuer", rdnTuple(c.RawIssuer))
	set("version", value.Int(c.Version))
	set("serialNumber", value.Str(fmt.Sprintf("%X", c.SerialNumber.Bytes())))
	set("notBefore", value.Str(asn1Time(c.NotBefore)))
	set("notAfter", value.Str(asn1Time(c.NotAfter)))
	var alt value.Tuple
	pair := func(kind, v string) { alt = append(alt, value.Tuple{value.Str(kind), value.Str(v)}) }
	for _, n := range c.DNSNames {
		pair("DNS", n)
	}
	for _, n := range c.EmailAddresses {
		pair("email", n)
	}
	for _, ip := range c.IPAddresses {
		pair("IP Address", opensslIP(ip))
	}
	for _, u := range c.URIs {
		pair("URI", u.String())
	}
	if len(alt) > 0 {
		set("subjectAltName", alt)
	}
	strs := func(ss []string) value.Tuple {
		t := make(value.Tuple, len(ss))
		for i, s := range ss {
			t[i] = value.Str(s)
		}
		return t
	}
	if len(c.OCSPServer) > 0 {
		set("OCSP", strs(c.OCSPServer))
	}
	if len(c.IssuingCertificateURL) > 0 {
		set("caIssuers", strs(c.IssuingCertificateURL))
	}
	if len(c.CRLDistributionPoints) > 0 {
		set("crlDistributionPoints", strs(c.CRLDistributionPoints))
	}
	return d
}

// opensslIP is an IP address as OpenSSL prints one in a certificate:
// IPv6 in full, without leading zeros, in upper case (0:0:0:0:0:0:0:1).
func opensslIP(ip []byte) string {
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return "<invalid>"
	}
	if a.Is4() || a.Is4In6() {
		return a.Unmap().String()
	}
	b := a.As16()
	parts := make([]string, 8)
	for i := range parts {
		parts[i] = fmt.Sprintf("%X", uint16(b[2*i])<<8|uint16(b[2*i+1]))
	}
	return strings.Join(parts, ":")
}

// asn1Time is a certificate's date as OpenSSL prints it:
// 'Jan  1 02:41:53 2027 GMT'.
func asn1Time(t time.Time) string { return t.UTC().Format("Jan _2 15:04:05 2006 GMT") }

// attrNames are OpenSSL's long names of the attributes of a
// distinguished name, by OID.
var attrNames = map[string]string{
	"2.5.4.3": "commonName", "2.5.4.4": "surname", "2.5.4.5": "serialNumber",
	"2.5.4.6": "countryName", "2.5.4.7": "localityName", "2.5.4.8": "stateOrProvinceName",
	"2.5.4.9": "streetAddress", "2.5.4.10": "organizationName", "2.5.4.11": "organizationalUnitName",
	"2.5.4.12": "title", "2.5.4.42": "givenName", "2.5.4.17": "postalCode",
	"1.2.840.113549.1.9.1": "emailAddress", "0.9.2342.19200300.100.1.25": "domainComponent",
	"0.9.2342.19200300.100.1.1": "userId",
}

// rdnTuple is a distinguished name as Python's getpeercert gives it: a
// tuple of RDNs, each a tuple of (name, value) pairs, in the certificate's
// order.
func rdnTuple(raw []byte) value.Tuple {
	var seq pkix.RDNSequence
	if _, err := asn1.Unmarshal(raw, &seq); err != nil {
		return value.Tuple{}
	}
	out := value.Tuple{}
	for _, rdn := range seq {
		t := value.Tuple{}
		for _, atv := range rdn {
			name, ok := attrNames[atv.Type.String()]
			if !ok {
				name = atv.Type.String()
			}
			t = append(t, value.Tuple{value.Str(name), value.Str(fmt.Sprint(atv.Value))})
		}
		out = append(out, t)
	}
	return out
}

// versionName is version()'s name of a TLS version: 'TLSv1.3'.
func versionName(v uint16) string {
	switch v {
	case tls.VersionTLS13:
		return "TLSv1.3"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS10:
		return "TLSv1"
	}
	return fmt.Sprintf("0x%04x", v)
}

// opensslSuites are OpenSSL's names of crypto/tls's cipher suites, with
// the protocol version each was defined in and its secret bits, as
// cipher() gives them.
var opensslSuites = map[uint16]struct {
	name, version string
	bits          int
}{
	tls.TLS_AES_128_GCM_SHA256:                        {"TLS_AES_128_GCM_SHA256", "TLSv1.3", 128},
	tls.TLS_AES_256_GCM_SHA384:                        {"TLS_AES_256_GCM_SHA384", "TLSv1.3", 256},
	tls.TLS_CHACHA20_POLY1305_SHA256:                  {"TLS_CHACHA20_POLY1305_SHA256", "TLSv1.3", 256},
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:       {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLSv1.2", 128},
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:         {"ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2", 128},
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:       {"ECDHE-ECDSA-AES256-GCM-SHA384", "TLSv1.2", 256},
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:         {"ECDHE-RSA-AES256-GCM-SHA384", "TLSv1.2", 256},
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: {"ECDHE-ECDSA-CHACHA20-POLY1305", "TLSv1.2", 256},
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:   {"ECDHE-RSA-CHACHA20-POLY1305", "TLSv1.2", 256},
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA:          {"ECDHE-ECDSA-AES128-SHA", "TLSv1.0", 128},
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:            {"ECDHE-RSA-AES128-SHA", "TLSv1.0", 128},
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:          {"ECDHE-ECDSA-AES256-SHA", "TLSv1.0", 256},
	tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA:            {"ECDHE-RSA-AES256-SHA", "TLSv1.0", 256},
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256:       {"ECDHE-ECDSA-AES128-SHA256", "TLSv1.2", 128},
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256:         {"ECDHE-RSA-AES128-SHA256", "TLSv1.2", 128},
	tls.TLS_RSA_WITH_AES_128_GCM_SHA256:               {"AES128-GCM-SHA256", "TLSv1.2", 128},
	tls.TLS_RSA_WITH_AES_256_GCM_SHA384:               {"AES256-GCM-SHA384", "TLSv1.2", 256},
	tls.TLS_RSA_WITH_AES_128_CBC_SHA:                  {"AES128-SHA", "SSLv3", 128},
	tls.TLS_RSA_WITH_AES_256_CBC_SHA:                  {"AES256-SHA", "SSLv3", 256},
	tls.TLS_RSA_WITH_AES_128_CBC_SHA256:               {"AES128-SHA256", "TLSv1.2", 128},
}

// cipherTuple is cipher()'s (name, protocol, bits).
func cipherTuple(id uint16) value.Tuple {
	if s, ok := opensslSuites[id]; ok {
		return value.Tuple{value.Str(s.name), value.Str(s.version), value.Int(s.bits)}
	}
	return value.Tuple{value.Str(tls.CipherSuiteName(id)), value.Str("TLSv1.2"), value.Int(0)}
}

// nameOf is a distinguished name in one line, as RFC 4514 writes it
// (CN=localhost, O=sockshell): crypto/x509's own String, with a space
// after each comma that separates two parts (an escaped one, \, is
// part of a value).
func nameOf(n pkix.Name) string {
	s := n.String()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case ',':
			b.WriteByte(' ')
		}
	}
	return b.String()
}
