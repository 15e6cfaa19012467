package tlscmd

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sockshell/commands"
	"strings"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
)

// The ssl module of the Python form: contexts, the TLS socket they make,
// the constants and enums, and the exceptions, with Python 3.11's names,
// signatures and messages. Underneath it is Go's crypto/tls over the
// session's own socket (ssl_socket.go): what Python leaves to OpenSSL,
// sockshell does with crypto/tls, and says so where the two differ
// (docs/tls.md).

// The protocol numbers of Python's _SSLMethod enum that sockshell has.
const (
	protocolTLS       = 2  // PROTOCOL_TLS (deprecated): either side
	protocolTLSClient = 16 // PROTOCOL_TLS_CLIENT
	protocolTLSServer = 17 // PROTOCOL_TLS_SERVER
)

// The verify modes of Python's VerifyMode enum.
const (
	certNone     = 0
	certOptional = 1
	certRequired = 2
)

// The TLSVersion enum's members, by value.
var tlsVersions = []struct {
	name  string
	value int64
}{
	{"MINIMUM_SUPPORTED", -2}, {"SSLv3", 0x300}, {"TLSv1", 0x301}, {"TLSv1_1", 0x302},
	{"TLSv1_2", 0x303}, {"TLSv1_3", 0x304}, {"MAXIMUM_SUPPORTED", -1},
}

// The ssl module's enum classes.
var (
	sslMethodClass  = value.EnumClass("_SSLMethod", "ssl")
	verifyModeClass = value.EnumClass("VerifyMode", "ssl")
	tlsVersionClass = value.EnumClass("TLSVersion", "ssl")
	purposeClass    = &value.Class{Name: "Purpose", Module: "ssl", Base: value.ObjectType, Attrs: map[string]value.Value{}}
)

func init() {
	member := func(c *value.Class, name string, n int64) {
		c.Attrs[name] = value.Enum{Class: c, Name: name, Value: n}
	}
	member(sslMethodClass, "PROTOCOL_TLS", protocolTLS)
	member(sslMethodClass, "PROTOCOL_TLS_CLIENT", protocolTLSClient)
	member(sslMethodClass, "PROTOCOL_TLS_SERVER", protocolTLSServer)
	member(verifyModeClass, "CERT_NONE", certNone)
	member(verifyModeClass, "CERT_OPTIONAL", certOptional)
	member(verifyModeClass, "CERT_REQUIRED", certRequired)
	for _, v := range tlsVersions {
		member(tlsVersionClass, v.name, v.value)
	}
	purposeClass.Attrs["SERVER_AUTH"] = &purpose{name: "SERVER_AUTH", server: true}
	purposeClass.Attrs["CLIENT_AUTH"] = &purpose{name: "CLIENT_AUTH"}
	for _, c := range []*value.Class{sslMethodClass, verifyModeClass, tlsVersionClass} {
		c := c
		c.New = func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			if len(args) != 1 || len(kw) > 0 {
				return nil, commands.Errorf(value.TypeError, "%s() takes exactly one argument (%d given)", c.Name, len(args))
			}
			if n, ok := value.IntOf(args[0]); ok {
				if m, ok := enumMember(c, n); ok {
					return m, nil
				}
			}
			return nil, commands.Errorf(value.ValueError, "%s is not a valid %s", args[0].Repr(), c.Name)
		}
	}
}

// enumMember is the member of enum class c whose value is n.
func enumMember(c *value.Class, n int64) (value.Enum, bool) {
	for _, m := range c.Attrs {
		if e, ok := m.(value.Enum); ok && e.Value == n {
			return e, true
		}
	}
	return value.Enum{}, false
}

// enumOr is n as a member of c, or a plain int when it is none.
func enumOr(c *value.Class, n int64) value.Value {
	if m, ok := enumMember(c, n); ok {
		return m
	}
	return value.Int(n)
}

// purpose is a member of ssl.Purpose: what create_default_context makes
// a context for (SERVER_AUTH: a client, which authenticates servers).
type purpose struct {
	name   string
	server bool
}

func (p *purpose) Type() *value.Class { return purposeClass }

func (p *purpose) Repr() string {
	if p.server {
		return "<Purpose.SERVER_AUTH: _ASN1Object(nid=129, shortname='serverAuth', longname='TLS Web Server Authentication', oid='1.3.6.1.5.5.7.3.1')>"
	}
	return "<Purpose.CLIENT_AUTH: _ASN1Object(nid=130, shortname='clientAuth', longname='TLS Web Client Authentication', oid='1.3.6.1.5.5.7.3.2')>"
}

// Attr gives the member's name.
func (p *purpose) Attr(name string) (value.Value, bool) {
	if name == "name" {
		return value.Str(p.name), true
	}
	return nil, false
}

// sslModule is Python's ssl module, made once per session.
func sslModule(s *commands.Session) *value.Module {
	m := &value.Module{Name: "ssl", Names: map[string]value.Value{}}
	for _, c := range []*value.Class{sslMethodClass, verifyModeClass} {
		for name, v := range c.Attrs {
			m.Names[name] = v
		}
	}
	m.Names["_SSLMethod"] = sslMethodClass
	m.Names["VerifyMode"] = verifyModeClass
	m.Names["TLSVersion"] = tlsVersionClass
	m.Names["Purpose"] = purposeClass
	for name, c := range value.SSLErrorClasses {
		m.Names[name] = c
	}
	m.Names["CertificateError"] = value.SSLCertVerificationError
	m.Names["SSLContext"] = sslContextClass(s)
	m.Names["SSLSocket"] = sslSocketClass(s)
	m.Names["HAS_SNI"] = value.True
	m.Names["HAS_ALPN"] = value.True
	m.Names["HAS_TLSv1_3"] = value.True
	m.Names["OPENSSL_VERSION"] = value.Str("Go crypto/tls (sockshell; Python would name its OpenSSL)")
	m.Names["create_default_context"] = value.NewBuiltin("create_default_context", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		return createDefaultContext(s, ctx, args, kw)
	})
	// The module's functions sockshell leaves out, each saying what to do
	// instead rather than that it does not exist.
	for name, instead := range map[string]string{
		"wrap_socket": "it was removed in Python 3.12, and it checks no host name; make a context and wrap with it: " +
			"ctx = ssl.create_default_context(); t = ctx.wrap_socket(sock, server_hostname='localhost')",
		"match_hostname":         "it was removed in Python 3.12; a context with check_hostname (the default) checks the name",
		"get_server_certificate": "connect, wrap the socket, then t.getpeercert(True) (or tlsinfo t)",
		"MemoryBIO":              "wrap a socket with SSLContext.wrap_socket",
		"SSLObject":              "wrap a socket with SSLContext.wrap_socket",
		"RAND_bytes":             "sockshell has no random module",
	} {
		name, instead := name, instead
		m.Names[name] = value.NewBuiltin(name, func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			return nil, commands.Errorf(value.NotImplementedErr, "ssl.%s() is not supported in sockshell; %s", name, instead)
		})
	}
	return m
}

// createDefaultContext is ssl.create_default_context(purpose=
// Purpose.SERVER_AUTH, *, cafile=None, capath=None, cadata=None): a client
// context that checks the server's certificate and name against the
// system's roots (or, for CLIENT_AUTH, a server context), with the CAs
// given added.
func createDefaultContext(s *commands.Session, ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
	a, err := value.BindDef("create_default_context", []value.DefParam{
		{Name: "purpose", HasDefault: true},
		{Name: "cafile", HasDefault: true, KwOnly: true},
		{Name: "capath", HasDefault: true, KwOnly: true},
		{Name: "cadata", HasDefault: true, KwOnly: true},
	}, 0, args, kw)
	if err != nil {
		return nil, err
	}
	server := false
	if a[0] != nil {
		p, ok := a[0].(*purpose)
		if !ok {
			return nil, commands.Errorf(value.TypeError, "%s", a[0].Repr())
		}
		server = !p.server
	}
	c := newSSLContext(s, protocolTLSClient)
	if server {
		c = newSSLContext(s, protocolTLSServer)
	}
	if a[1] != nil || a[2] != nil || a[3] != nil {
		if err := c.loadVerifyLocations(a[1], a[2], a[3]); err != nil {
			return nil, err
		}
	}
	// Python loads the system's roots when no CA was given; and, for a
	// client, also when one was (load_default_certs is called whenever
	// the context verifies).
	c.systemRoots = true
	return c, nil
}

// sslContext is an ssl.SSLContext: the settings of the TLS sockets it
// wraps. What OpenSSL keeps in an SSL_CTX is kept here as Go values and
// turned into a tls.Config for each socket (ssl_socket.go).
type sslContext struct {
	s             *commands.Session
	protocol      int64
	checkHostname bool
	verifyMode    int64
	minVersion    int64 // a TLSVersion: -2 for the minimum supported
	maxVersion    int64 // -1 for the maximum supported
	roots         []*x509.Certificate
	systemRoots   bool // the system's trusted roots too
	sessionCA     bool // the session's own CA too (the tls command's)
	certs         []tls.Certificate
	alpn          []string
}

// newSSLContext is SSLContext(protocol) with Python's defaults: a client
// checks the server's certificate and name; a server asks nothing of its
// clients.
func newSSLContext(s *commands.Session, protocol int64) *sslContext {
	c := &sslContext{s: s, protocol: protocol, minVersion: 0x303, maxVersion: -1}
	if protocol == protocolTLSClient {
		c.checkHostname, c.verifyMode = true, certRequired
	}
	return c
}

// sslContextClass is ssl.SSLContext: calling it makes a context.
func sslContextClass(s *commands.Session) *value.Class {
	return s.State(contextClassKey{}, func() any { return makeContextClass(s) }).(*value.Class)
}

type contextClassKey struct{}

// makeContextClass makes ssl.SSLContext.
func makeContextClass(s *commands.Session) *value.Class {
	c := &value.Class{Name: "SSLContext", Module: "ssl", Base: value.ObjectType, Attrs: map[string]value.Value{}}
	c.New = func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := value.BindDef("SSLContext", []value.DefParam{{Name: "protocol", HasDefault: true}}, 0, args, kw)
		if err != nil {
			return nil, err
		}
		protocol := int64(protocolTLS)
		if a[0] != nil && a[0] != value.None {
			if protocol, err = value.Index(a[0]); err != nil {
				return nil, err
			}
		} else {
			s.NoteOnce("ssl-protocol", "DeprecationWarning: ssl.SSLContext() without protocol argument is deprecated.")
		}
		switch protocol {
		case protocolTLSClient, protocolTLSServer:
		case protocolTLS:
			s.NoteOnce("ssl-protocol-tls", "DeprecationWarning: ssl.PROTOCOL_TLS is deprecated")
		case 3, 4, 5, 1: // TLSv1, TLSv1_1, TLSv1_2, SSLv23's old numbers
			return nil, commands.Errorf(value.NotImplementedErr, "protocol %d is not supported in sockshell; use ssl.PROTOCOL_TLS_CLIENT or ssl.PROTOCOL_TLS_SERVER, and minimum_version", protocol)
		default:
			return nil, commands.Errorf(value.ValueError, "invalid or unsupported protocol version %d", protocol)
		}
		return newSSLContext(s, protocol), nil
	}
	return c
}

// Type is ssl.SSLContext.
func (c *sslContext) Type() *value.Class { return sslContextClass(c.s) }

// Repr is as Python's: <ssl.SSLContext object at 0x...>.
func (c *sslContext) Repr() string { return fmt.Sprintf("<ssl.SSLContext object at %p>", c) }

// sslContextAttrs are the context's attributes and methods, for dir().
var sslContextAttrs = []string{
	"check_hostname", "verify_mode", "protocol", "minimum_version", "maximum_version",
	"load_verify_locations", "load_cert_chain", "load_default_certs", "set_default_verify_paths",
	"wrap_socket", "set_alpn_protocols", "get_ca_certs", "set_ciphers", "wrap_bio",
}

// AttrNames lists them.
func (c *sslContext) AttrNames() []string { return sslContextAttrs }

// Attr is one of the context's attributes or methods.
func (c *sslContext) Attr(name string) (value.Value, bool) {
	method := func(f func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error)) (value.Value, bool) {
		return &value.Builtin{Name: name, Self: c, Fn: f}, true
	}
	switch name {
	case "check_hostname":
		return value.BoolOf(c.checkHostname), true
	case "verify_mode":
		return enumOr(verifyModeClass, c.verifyMode), true
	case "protocol":
		return enumOr(sslMethodClass, c.protocol), true
	case "minimum_version":
		return enumOr(tlsVersionClass, c.minVersion), true
	case "maximum_version":
		return enumOr(tlsVersionClass, c.maxVersion), true
	case "load_verify_locations":
		return method(func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			a, err := value.BindDef("load_verify_locations", []value.DefParam{{Name: "cafile", HasDefault: true}, {Name: "capath", HasDefault: true}, {Name: "cadata", HasDefault: true}}, 0, args, kw)
			if err != nil {
				return nil, err
			}
			return value.None, c.loadVerifyLocations(a[0], a[1], a[2])
		})
	case "load_cert_chain":
		return method(func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			a, err := value.BindDef("load_cert_chain", []value.DefParam{{Name: "certfile"}, {Name: "keyfile", HasDefault: true}, {Name: "password", HasDefault: true}}, 0, args, kw)
			if err != nil {
				return nil, err
			}
			return value.None, c.loadCertChain(a[0], a[1], a[2])
		})
	case "load_default_certs", "set_default_verify_paths":
		return method(func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			params := []value.DefParam{{Name: "purpose", HasDefault: true}}
			if name == "set_default_verify_paths" {
				params = nil
			}
			if _, err := value.BindDef("SSLContext."+name, params, 1, args, kw); err != nil {
				return nil, err
			}
			c.systemRoots = true
			return value.None, nil
		})
	case "wrap_socket":
		return method(func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			return c.wrapSocket(ctx, args, kw)
		})
	case "set_alpn_protocols":
		return method(func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			a, err := value.BindDef("SSLContext.set_alpn_protocols", []value.DefParam{{Name: "alpn_protocols"}}, 1, args, kw)
			if err != nil {
				return nil, err
			}
			protos, err := alpnList(a[0])
			if err != nil {
				return nil, err
			}
			c.alpn = protos
			return value.None, nil
		})
	case "get_ca_certs":
		return method(func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			a, err := value.BindDef("get_ca_certs", []value.DefParam{{Name: "binary_form", HasDefault: true}}, 0, args, kw)
			if err != nil {
				return nil, err
			}
			var out []value.Value
			for _, cert := range c.roots {
				if a[0] != nil && value.Truth(a[0]) {
					out = append(out, value.Bytes(cert.Raw))
				} else {
					out = append(out, certDict(cert))
				}
			}
			return value.NewList(out), nil
		})
	case "set_ciphers", "wrap_bio", "load_dh_params", "set_ecdh_curve", "set_servername_callback", "cert_store_stats", "session_stats":
		return method(func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			return nil, commands.Errorf(value.NotImplementedErr, "SSLContext.%s() is not supported in sockshell; Go's crypto/tls chooses the ciphers and curves", name)
		})
	}
	return nil, false
}

// SetAttr sets check_hostname, verify_mode, minimum_version or
// maximum_version, with Python's checks and messages.
func (c *sslContext) SetAttr(name string, v value.Value) error {
	switch name {
	case "check_hostname":
		c.checkHostname = value.Truth(v)
		if c.checkHostname && c.verifyMode == certNone {
			// As OpenSSL's Python binding does: checking a name needs a
			// verified certificate.
			c.verifyMode = certRequired
		}
		return nil
	case "verify_mode":
		n, err := value.Index(v)
		if err != nil {
			return err
		}
		if n < certNone || n > certRequired {
			return commands.Errorf(value.ValueError, "invalid value for verify_mode")
		}
		if n == certNone && c.checkHostname {
			return commands.Errorf(value.ValueError, "Cannot set verify_mode to CERT_NONE when check_hostname is enabled.")
		}
		c.verifyMode = n
		return nil
	case "minimum_version", "maximum_version":
		n, err := value.Index(v)
		if err != nil {
			return err
		}
		if _, ok := enumMember(tlsVersionClass, n); !ok {
			return commands.Errorf(value.ValueError, "Unsupported TLS/SSL version 0x%x", n)
		}
		if c.protocol != protocolTLS && c.protocol != protocolTLSClient && c.protocol != protocolTLSServer {
			return commands.Errorf(value.ValueError, "The context's protocol doesn't support modification of highest and lowest version.")
		}
		if name == "minimum_version" {
			c.minVersion = n
		} else {
			c.maxVersion = n
		}
		return nil
	case "protocol":
		return commands.Errorf(value.AttributeError, "attribute 'protocol' of '_ssl._SSLContext' objects is not writable")
	}
	if _, ok := c.Attr(name); ok {
		return commands.Errorf(value.AttributeError, "'SSLContext' object attribute '%s' is read-only in sockshell", value.ForMessage(name))
	}
	return commands.Errorf(value.AttributeError, "'SSLContext' object has no attribute '%s'", value.ForMessage(name))
}

// versions is the context's range of TLS versions as crypto/tls numbers
// them (0 for crypto/tls's own default).
func (c *sslContext) versions() (lo, hi uint16) {
	if c.minVersion > 0 {
		lo = uint16(c.minVersion)
	}
	if c.maxVersion > 0 {
		hi = uint16(c.maxVersion)
	}
	return lo, hi
}

// loadVerifyLocations is load_verify_locations(cafile, capath, cadata):
// the certificates of a PEM file, of each file in a directory, or given
// as PEM text or DER bytes, are trusted from now on.
func (c *sslContext) loadVerifyLocations(cafile, capath, cadata value.Value) error {
	none := func(v value.Value) bool { return v == nil || v == value.None }
	if none(cafile) && none(capath) && none(cadata) {
		return commands.Errorf(value.TypeError, "cafile, capath and cadata cannot be all omitted")
	}
	var found []*x509.Certificate
	if !none(cafile) {
		path, ok := pathArg(cafile)
		if !ok {
			return commands.Errorf(value.TypeError, "cafile should be a valid filesystem path")
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return sslFileError(err)
		}
		certs := pemCerts(data)
		if len(certs) == 0 {
			return sslError(value.SSLError, 136, "X509", "NO_CERTIFICATE_OR_CRL_FOUND", "no certificate or crl found", 4154)
		}
		found = append(found, certs...)
	}
	if !none(capath) {
		dir, ok := pathArg(capath)
		if !ok {
			return commands.Errorf(value.TypeError, "capath should be a valid filesystem path")
		}
		// OpenSSL reads a directory's hashed names lazily, when a
		// certificate needs an issuer; reading every file at once trusts
		// the same certificates.
		entries, err := os.ReadDir(dir)
		if err != nil {
			return sslFileError(err)
		}
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
				found = append(found, pemCerts(data)...)
			}
		}
	}
	if !none(cadata) {
		switch d := cadata.(type) {
		case value.Str:
			certs := pemCerts([]byte(d))
			if len(certs) == 0 {
				return sslError(value.SSLError, 136, "X509", "NO_CERTIFICATE_OR_CRL_FOUND", "no certificate or crl found", 4154)
			}
			found = append(found, certs...)
		default:
			p, ok := value.BytesLike(d)
			if !ok {
				return commands.Errorf(value.TypeError, "cadata should be an ASCII string or a bytes-like object")
			}
			cert, err := x509.ParseCertificate(p)
			if err != nil {
				return sslError(value.SSLError, 0, "ASN1", "", "not enough data", 4154)
			}
			found = append(found, cert)
		}
	}
	c.roots = append(c.roots, found...)
	return nil
}

// loadCertChain is load_cert_chain(certfile, keyfile=None, password=None):
// the certificate (and chain) the context's sockets present, and its key.
func (c *sslContext) loadCertChain(certfile, keyfile, password value.Value) error {
	certPath, ok := pathArg(certfile)
	if !ok {
		return commands.Errorf(value.TypeError, "certfile should be a valid filesystem path")
	}
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return sslFileError(err)
	}
	keyPEM := certPEM
	if keyfile != nil && keyfile != value.None {
		keyPath, ok := pathArg(keyfile)
		if !ok {
			return commands.Errorf(value.TypeError, "keyfile should be a valid filesystem path")
		}
		if keyPEM, err = os.ReadFile(keyPath); err != nil {
			return sslFileError(err)
		}
	}
	if len(pemCerts(certPEM)) == 0 {
		return sslError(value.SSLError, 524297, "SSL", "", "PEM lib", 3905)
	}
	if !hasPEMKey(keyPEM) {
		return sslError(value.SSLError, 524297, "SSL", "", "PEM lib", 3926)
	}
	if password != nil && password != value.None {
		return commands.Errorf(value.NotImplementedErr, "a key's password is not supported in sockshell; give a key file that is not encrypted")
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	switch {
	case err != nil && strings.Contains(err.Error(), "does not match"):
		return sslError(value.SSLError, 116, "X509", "KEY_VALUES_MISMATCH", "key values mismatch", 3926)
	case err != nil:
		return sslError(value.SSLError, 524297, "SSL", "", "PEM lib", 3926)
	}
	c.certs = []tls.Certificate{cert}
	return nil
}

// pathArg is a file name given as str or bytes.
func pathArg(v value.Value) (string, bool) {
	switch p := v.(type) {
	case value.Str:
		return string(p), !strings.ContainsRune(string(p), 0)
	case value.Bytes:
		return string(p), !strings.ContainsRune(string(p), 0)
	}
	return "", false
}

// sslFileError is the error for a file the ssl module cannot read:
// FileNotFoundError: [Errno 2] No such file or directory (without the
// name, as Python's ssl gives it).
func sslFileError(err error) error {
	var errno unix.Errno
	if errors.As(err, &errno) {
		return commands.ErrnoException(errno)
	}
	return commands.Errorf(value.OSError, "%s", err.Error())
}

// pemCerts are the certificates of PEM data, in order.
func pemCerts(data []byte) []*x509.Certificate {
	var certs []*x509.Certificate
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return certs
		}
		if b.Type == "CERTIFICATE" || b.Type == "TRUSTED CERTIFICATE" {
			if c, err := x509.ParseCertificate(b.Bytes); err == nil {
				certs = append(certs, c)
			}
		}
	}
}

// hasPEMKey reports whether PEM data holds a private key.
func hasPEMKey(data []byte) bool {
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return false
		}
		if strings.HasSuffix(b.Type, "PRIVATE KEY") {
			return true
		}
	}
}

// alpnList is set_alpn_protocols' argument: an iterable of str, each 1 to
// 255 bytes long.
func alpnList(v value.Value) ([]string, error) {
	items, err := value.Items(v)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range items {
		p, ok := it.(value.Str)
		if !ok {
			return nil, commands.Errorf(value.AttributeError, "'%s' object has no attribute 'encode'", value.TypeName(it))
		}
		if len(p) == 0 || len(p) > 255 {
			return nil, commands.Errorf(value.ValueError, "ALPN protocols must be 1 to 255 in length")
		}
		out = append(out, string(p))
	}
	return out, nil
}
