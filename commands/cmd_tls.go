package commands

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// tlsCommands put TLS on a connected socket and show what its handshake
// agreed.
var tlsCommands = []*Command{
	{
		Name:    "tls",
		Section: SecTLS,
		Params: []Param{
			{Name: "SOCKET", Kind: KindSocket},
			{Name: "HOSTNAME", Kind: KindHost, Optional: true},
		},
		Summary: "start TLS on a connected socket, as its client",
		Help: `Starts TLS on a connected TCP socket, as its client: the handshake runs
at once, and from then on send, sendall, recv, recvall and close on the
socket carry data in TLS records (trace shows the records). The socket
becomes a TLS socket in place, so the same name goes on working; the
result is the socket itself, for t = tls s localhost.

The server's certificate must chain to a root this machine trusts or to
the session's own CA (the one serve tls-echo and serve https use), and
must be for HOSTNAME, which is also sent to the server as the name it is
reached by (SNI); without HOSTNAME the certificate must be for the
peer's IP address. A refused certificate is an error, as in Python
(ssl.SSLCertVerificationError), and closes the socket; tlsinfo then
shows what the server sent. In Python: ctx.wrap_socket(s, server_hostname=...).

Example:
  sockshell> serve https 8443
  sockshell> s = socket
  sockshell> connect s localhost 8443
  sockshell> tls s localhost
  sockshell> sendall s b'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'
  sockshell> recv s`,
		Run: runTLS,
	},
	{
		Name:    "tlsinfo",
		Section: SecTLS,
		Params:  []Param{{Name: "SOCKET", Kind: KindSocket}},
		Summary: "what a TLS socket's handshake agreed, and its certificates",
		Help: `Shows a TLS socket's handshake: the TLS version, the cipher suite, the
name sent (SNI), the application protocol agreed (ALPN), the peer's
certificate chain (each one's subject, issuer, validity and names) and
the result of verifying it: why it was refused, or which root it chains
to. After a handshake that failed (the socket is closed then), it shows
what the peer sent and why it was refused. Given the socket that Python's
wrap_socket detached, it shows the TLS socket that took its place.

Example:
  sockshell> tlsinfo s`,
		Run: runTLSInfo,
	},
	{
		Name:    "cafile",
		Section: SecTLS,
		Params:  []Param{{Name: "FILE", Kind: KindText, Optional: true, File: true}},
		Summary: "write the local peers' CA certificate; returns its path",
		Help: `Writes the certificate of the session's own CA (the one whose
certificates serve tls-echo and serve https present) to FILE, in PEM,
and returns the path: give it to Python's ssl (cafile=...), to curl
(--cacert) or to openssl s_client (-CAfile), so they trust the local
peers. Without FILE it is the session's own file, the one serve writes
(ca.pem in a directory made for the session under $TMPDIR, removed when
the session ends). FILE follows serve's ca=FILE rules: it is never a
file of yours overwritten. The CA's key is never written. The tls
command trusts the CA without it.

Example:
  sockshell> ca = cafile
  sockshell> ctx = ssl.create_default_context(cafile=ca)`,
		Run: runCAFile,
	},
}

func runTLS(c *Call) (value.Value, error) {
	v := c.Socket(0)
	sk := v.sock
	switch {
	case v.tls != nil && !v.tls.off:
		return nil, Errorf(value.ValueError, "the socket speaks TLS already")
	case sk.Closed():
		return nil, ErrnoException(unix.EBADF)
	case sk.Type != unix.SOCK_STREAM:
		return nil, Errorf(value.NotImplementedErr, "only stream sockets are supported")
	}
	peer, err := sk.Getpeername()
	if err != nil {
		e := AsException(err)
		e.Hint = "TLS starts on a connected socket: connect it first"
		return nil, e
	}
	ctx := c.S.newSSLContext(protocolTLSClient)
	ctx.systemRoots, ctx.sessionCA = true, true
	st := &tlsState{ctx: ctx, onConnect: true, ragged: true}
	if c.Given(1) && c.Arg(1) != value.None {
		if st.hostname, err = encodeHostname(c.Arg(1)); err != nil {
			return nil, err
		}
		if st.hostname == "" {
			// An empty name would check no name at all.
			return nil, Errorf(value.ValueError, "check_hostname requires server_hostname")
		}
	} else if ip := peer.IP; ip.IsValid() {
		st.hostname = ip.Unmap().WithZone("").String()
	}
	v.tls = st
	if err := v.tlsConnected(c); err != nil {
		return nil, err
	}
	return v, nil
}

func runCAFile(c *Call) (value.Value, error) {
	path := ""
	if c.Given(0) {
		path = value.StrOf(c.Arg(0))
	}
	written, err := c.S.writeCA(path)
	if err != nil {
		return nil, err
	}
	return value.Str(written), nil
}

// The shell's commands on a TLS socket. A command given a TLS socket
// (Call.run asks tlsSocket) does what Python's SSLSocket does: data goes through TLS, recvfrom and
// sendto are refused, connect and accept do the handshake too. A command
// that does not move data (settimeout, getpeername, ...) works on the
// socket as it is; one that would read or write behind TLS's back is
// refused, rather than break the TLS stream.

// tlsHandler runs a command on a TLS socket v; plain is the command's own
// handler, for the socket underneath.
type tlsHandler func(c *Call, v *Socket, plain func(*Call) (value.Value, error)) (value.Value, error)

var tlsHandlers map[string]tlsHandler

// tlsPassThrough are the commands that act on a TLS socket's socket as it
// is: they move no data. (A command added later that only looks at a
// socket belongs here too; one that moves data, in tlsHandlers.)
var tlsPassThrough = map[string]bool{
	"settimeout": true, "gettimeout": true, "setblocking": true,
	"getsockname": true, "getpeername": true, "setsockopt": true, "getsockopt": true,
	"bind": true, "listen": true,
}

func init() {
	tlsHandlers = map[string]tlsHandler{
		"send":     tlsSendCmd,
		"sendall":  tlsSendCmd,
		"recv":     tlsRecvCmd,
		"recvall":  tlsRecvAllCmd,
		"sendto":   tlsRefused,
		"recvfrom": tlsRefused,
		"shutdown": func(c *Call, v *Socket, plain func(*Call) (value.Value, error)) (value.Value, error) {
			v.tls.off = true // as Python: TLS ends, the socket shuts down
			return plain(c)
		},
		"connect":    tlsConnectCmd,
		"connect_ex": tlsConnectCmd,
		"accept": func(c *Call, v *Socket, plain func(*Call) (value.Value, error)) (value.Value, error) {
			return v.tlsAccept(c, func() (value.Value, error) { return plain(c) })
		},
		"close": func(c *Call, v *Socket, plain func(*Call) (value.Value, error)) (value.Value, error) {
			return value.None, v.tlsClose()
		},
	}
}

// tlsSocket returns the call's socket argument (its first) when it
// speaks TLS, and its place; tls and tlsinfo take a TLS socket as it is.
func (c *Call) tlsSocket() (*Socket, int) {
	if c.Cmd.Name == "tls" || c.Cmd.Name == "tlsinfo" {
		return nil, -1
	}
	for i, p := range c.Cmd.Params {
		if p.Kind != KindSocket {
			continue
		}
		if v, ok := c.Arg(i).(*Socket); ok && v.tls != nil {
			return v, i
		}
		return nil, -1
	}
	return nil, -1
}

// runTLS runs the call on the TLS socket v, its argument at: through the
// command's TLS handler, or its own handler when the command moves no
// data, or not at all.
func (c *Call) runTLS(v *Socket, at int) (value.Value, error) {
	plain, name := c.Cmd.Run, c.Cmd.Name
	if h, ok := tlsHandlers[name]; ok && at == 0 {
		return h(c, v, plain)
	}
	if tlsPassThrough[name] || v.tls.off || v.tls.tc == nil {
		return plain(c)
	}
	return nil, Errorf(value.NotImplementedErr, "%s on a TLS socket is not supported in sockshell; use recv and send, which go through TLS", name)
}

// callPlain calls a command's own handler, in the Python form, on a TLS
// socket's socket (for the SSLSocket methods that fall back on a plain
// socket's, before TLS starts or after it ends).
func (s *Session) callPlain(ctx context.Context, name string, self value.Value, args []value.Value) (value.Value, error) {
	cmd, _ := Lookup(name)
	bound, err := cmd.bindPython(args, nil)
	if err != nil {
		return nil, err
	}
	c := &Call{Ctx: ctx, S: s, Cmd: cmd, Args: append([]value.Value{self}, bound...), Python: true}
	for len(c.Args) < len(cmd.Params) {
		c.Args = append(c.Args, nil)
	}
	return cmd.Run(c)
}

// tlsPlainCmd is the command name, which (through Call.run) treats a TLS
// socket not yet connected as a plain one.
func tlsPlainCmd(name string) *Command {
	cmd, _ := Lookup(name)
	return cmd
}

func tlsRefused(c *Call, v *Socket, plain func(*Call) (value.Value, error)) (value.Value, error) {
	if !v.tlsActive() {
		return plain(c)
	}
	return nil, Errorf(value.ValueError, "%s not allowed on instances of <class 'ssl.SSLSocket'>", c.Cmd.Name)
}

func tlsSendCmd(c *Call, v *Socket, plain func(*Call) (value.Value, error)) (value.Value, error) {
	if !v.tlsActive() {
		return plain(c)
	}
	if n, err := c.Int(2, 0); err != nil || n != 0 {
		if err != nil {
			return nil, err
		}
		return nil, Errorf(value.ValueError, "non-zero flags not allowed in calls to %s() on <class 'ssl.SSLSocket'>", c.Cmd.Name)
	}
	n, err := v.tlsSend(c, c.Data(1))
	if err != nil || c.Cmd.Name == "sendall" {
		return value.None, err
	}
	return value.Int(n), nil
}

func tlsRecvCmd(c *Call, v *Socket, plain func(*Call) (value.Value, error)) (value.Value, error) {
	if !v.tlsActive() {
		return plain(c)
	}
	if n, err := c.Int(2, 0); err != nil || n != 0 {
		if err != nil {
			return nil, err
		}
		return nil, Errorf(value.ValueError, "non-zero flags not allowed in calls to recv() on <class 'ssl.SSLSocket'>")
	}
	size, err := c.Int(1, 4096)
	if err != nil {
		return nil, err
	}
	if size < 0 {
		return nil, Errorf(value.ValueError, "negative buffersize in recv")
	}
	return v.tlsRecv(c, int(min(size, netinfo.MaxRecv)))
}

// tlsRecvAllCmd is recvall on a TLS socket: the stream until its end
// (close_notify, or the connection's), with recvall's notes.
func tlsRecvAllCmd(c *Call, v *Socket, plain func(*Call) (value.Value, error)) (value.Value, error) {
	if !v.tlsActive() {
		return plain(c)
	}
	size, err := c.Int(1, 4096)
	if err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, Errorf(value.ValueError, "recvall needs a BUFSIZE of 1 or more")
	}
	all, err := v.tlsRecvAll(c, int(min(size, netinfo.MaxRecv)))
	n := len(all)
	switch {
	case err == nil || v.tlsEOF(err):
		c.S.Notef("recvall: %d bytes in all; the peer closed the connection", n)
		return value.Bytes(all), nil
	case errors.Is(err, netinfo.ErrTimeout) && v.sock.Timeout() != netinfo.NoTimeout:
		c.S.Notef("recvall: %d bytes in all; stopped when no more came before the timeout", n)
		return value.Bytes(all), nil
	}
	c.S.Keep(value.Bytes(all))
	kept := fmt.Sprintf("%d byte%s arrived and %s kept in _", n, value.Plural(n), map[bool]string{true: "is", false: "are"}[n == 1])
	switch {
	case errors.Is(err, netinfo.ErrLimit):
		return nil, Errorf(value.MemoryError, "recvall stopped at sockshell's limit of %d MiB: %s; the rest waits in the socket", value.MaxSize>>20, kept)
	case errors.Is(err, netinfo.ErrTimeout) || IsTimeout(err):
		e := Errorf(value.TimeoutError, "recvall gave up after %s, the script's timeout: %s", c.S.Opts.Timeout, kept)
		e.Hint = "sockshell --timeout=SECONDS changes the limit (0: none); recv reads a part"
		return nil, e
	case errors.Is(err, netinfo.ErrInterrupted):
		return nil, Errorf(value.KeyboardInterrupt, "recvall stopped: %s", kept)
	}
	e := tlsException(err, opRead)
	e.Note = " (recvall: " + kept + ")"
	return nil, e
}

func tlsConnectCmd(c *Call, v *Socket, plain func(*Call) (value.Value, error)) (value.Value, error) {
	return v.tlsConnect(c, c.Cmd.Name, nil, func() (value.Value, error) { return plain(c) })
}

func runTLSInfo(c *Call) (value.Value, error) {
	v := c.Socket(0)
	if v.tls == nil && v.tlsTo != nil {
		// wrap_socket detached it: what matters is the TLS socket it
		// became, which a failed handshake leaves no other name for.
		v = v.tlsTo
	}
	if v.tls == nil {
		e := Errorf(value.ValueError, "%s is not a TLS socket", socketLabel(v))
		e.Hint = "start TLS on a connected socket with `tls SOCKET HOSTNAME`"
		return nil, e
	}
	writeTLSInfo(c.S.Out, v, time.Now())
	return value.None, nil
}

// socketLabel names a socket in a message: its variable, or its fd.
func socketLabel(v *Socket) string {
	if v.name != "" {
		return v.name
	}
	return fmt.Sprintf("the socket of fd %d", v.sock.FD())
}

// infoWidth is the width tlsinfo's lines fit in.
const infoWidth = 80

// writeTLSInfo writes tlsinfo's report: the handshake, the verification,
// then the chain, each line within 80 columns.
func writeTLSInfo(w io.Writer, v *Socket, now time.Time) {
	st := v.tls
	field := func(indent int, label, text string) {
		lead := fmt.Sprintf("%-16s", strings.Repeat(" ", indent)+label+" ")
		for _, line := range foldWords(text, infoWidth-len(lead)) {
			fmt.Fprintf(w, "%s%s\n", lead, line)
			lead = strings.Repeat(" ", len(lead))
		}
	}
	side, other := "client", "server"
	if st.serverSide {
		side, other = "server", "client"
	}
	head := fmt.Sprintf("TLS %s socket fd=%d", side, v.sock.FD())
	if peer := describeAddr(v.sock, true); peer != "" {
		head += ", connected to " + peer
	} else if v.sock.Closed() {
		head = fmt.Sprintf("TLS %s socket (closed)", side)
	}
	fmt.Fprintln(w, head)
	switch {
	case st.failed != nil:
		var ve *verifyError
		if errors.As(st.failed, &ve) {
			field(2, "handshake", "failed: the "+other+"'s certificate was refused")
		} else {
			field(2, "handshake", "failed: "+tlsException(st.failed, opHandshake).Error())
		}
	case st.tc == nil:
		field(2, "handshake", "not yet: the socket is not connected")
	case !st.done:
		field(2, "handshake", "not yet (do_handshake, or the first recv or send, does it)")
	case st.off:
		field(2, "handshake", "done, then TLS ended (shutdown or unwrap)")
	}
	if st.tc != nil && st.done {
		cs := st.tc.ConnectionState()
		suite := cipherTuple(cs.CipherSuite)
		field(2, "version", versionName(cs.Version))
		field(2, "cipher", fmt.Sprintf("%s (%d-bit keys)", value.StrOf(suite[0]), suite[2].(value.Int)))
		sni := "none"
		switch {
		case cs.ServerName != "":
			sni = value.Safe(cs.ServerName, "")
		case !st.serverSide && st.hostname != "":
			sni = "none (" + st.hostname + " is an address; SNI carries names only)"
		}
		field(2, "server name", sni)
		alpn := "none"
		if cs.NegotiatedProtocol != "" {
			alpn = value.Safe(cs.NegotiatedProtocol, "")
		}
		field(2, "ALPN", alpn)
	}
	rep := st.report
	if rep == nil {
		if st.done && st.serverSide {
			field(2, "verification", "none: the client sent no certificate")
		}
		return
	}
	field(2, "verification", verificationText(st, rep))
	if rep.err != nil {
		if key := explainKey(rep.err.code); key != "" {
			field(2, "", "`explain "+key+"` tells more")
		}
	}
	fmt.Fprintf(w, "certificate chain (as the %s sent it):\n", other)
	for i, cert := range rep.chain {
		writeCertInfo(field, i, cert, now)
	}
}

// verificationText says what the verification of the peer's chain found.
func verificationText(st *tlsState, rep *verifyReport) string {
	var s string
	if rep.err != nil {
		s = fmt.Sprintf("failed: %s (verify code %d)", rep.err.message, rep.err.code)
	} else {
		s = "ok: it chains to " + value.Safe(nameOf(rep.trustedBy.Subject), "")
		if rep.name != "" {
			s += " and is for " + rep.name
		}
	}
	if !rep.asked {
		s = "not asked for (CERT_NONE); had it been, " + s
	} else if rep.name == "" && !st.serverSide {
		s += " (the name was not checked: check_hostname is off)"
	}
	return s
}

// writeCertInfo writes one certificate of a chain: subject, issuer,
// validity (and whether now is in it) and the names it is for.
func writeCertInfo(field func(int, string, string), i int, c *x509.Certificate, now time.Time) {
	field(2, fmt.Sprintf("[%d] subject", i), value.Safe(nameOf(c.Subject), ""))
	field(6, "issuer", value.Safe(nameOf(c.Issuer), ""))
	const day = "2006-01-02 15:04 UTC"
	valid := c.NotBefore.UTC().Format(day) + " to " + c.NotAfter.UTC().Format(day)
	switch {
	case now.After(c.NotAfter):
		valid += " (EXPIRED " + ago(now.Sub(c.NotAfter)) + " ago)"
	case now.Before(c.NotBefore):
		valid += " (NOT YET VALID: starts in " + ago(c.NotBefore.Sub(now)) + ")"
	default:
		valid += " (valid now)"
	}
	field(6, "valid", valid)
	var names []string
	for _, n := range c.DNSNames {
		names = append(names, "DNS:"+value.Safe(n, ""))
	}
	for _, ip := range c.IPAddresses {
		if a, ok := netip.AddrFromSlice(ip); ok {
			names = append(names, "IP:"+a.Unmap().String())
		}
	}
	if len(names) > 0 {
		field(6, "names", strings.Join(names, ", "))
	}
	if c.IsCA {
		field(6, "CA", "yes: it may sign certificates")
	}
}

// ago is a duration in its largest whole unit: 3 days, 5 hours, 1 minute.
func ago(d time.Duration) string {
	n, unit := int(d/time.Second), "second"
	switch {
	case d >= 24*time.Hour:
		n, unit = int(d/(24*time.Hour)), "day"
	case d >= time.Hour:
		n, unit = int(d/time.Hour), "hour"
	case d >= time.Minute:
		n, unit = int(d/time.Minute), "minute"
	}
	return fmt.Sprintf("%d %s%s", n, unit, value.Plural(n))
}
