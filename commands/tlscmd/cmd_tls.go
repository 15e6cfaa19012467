package tlscmd

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/peercmd"
	"sockshell/commands/sockcmd"
	"sockshell/commands/value"
	"sockshell/internal/layout"
	"sockshell/netinfo"
)

// tlsCommands put TLS on a connected socket and show what its handshake
// agreed.
var tlsCommands = []*commands.Command{
	{
		Name:    "tls",
		Section: commands.SecTLS,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "HOSTNAME", Kind: commands.KindHost, Optional: true},
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
		Section: commands.SecTLS,
		Params:  []commands.Param{{Name: "SOCKET", Kind: commands.KindSocket}},
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
		Section: commands.SecTLS,
		Params:  []commands.Param{{Name: "FILE", Kind: commands.KindText, Optional: true, File: true}},
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

func runTLS(c *commands.Call) (value.Value, error) {
	v := c.Socket(0)
	sk := v.Sock()
	switch {
	case tlsOf(v) != nil && !tlsOf(v).off:
		return nil, commands.Errorf(value.ValueError, "the socket speaks TLS already")
	case sk.Closed():
		return nil, commands.ErrnoException(unix.EBADF)
	case sk.Type != unix.SOCK_STREAM:
		return nil, commands.Errorf(value.NotImplementedErr, "only stream sockets are supported")
	}
	peer, err := sk.Getpeername()
	if err != nil {
		e := commands.AsException(err)
		e.Hint = "TLS starts on a connected socket: connect it first"
		return nil, e
	}
	ctx := newSSLContext(c.S, protocolTLSClient)
	ctx.systemRoots, ctx.sessionCA = true, true
	st := &tlsState{ctx: ctx, onConnect: true, ragged: true}
	if c.Given(1) && c.Arg(1) != value.None {
		if st.hostname, err = encodeHostname(c.Arg(1)); err != nil {
			return nil, err
		}
		if st.hostname == "" {
			// An empty name would check no name at all.
			return nil, commands.Errorf(value.ValueError, "check_hostname requires server_hostname")
		}
	} else if ip := peer.IP; ip.IsValid() {
		st.hostname = ip.Unmap().WithZone("").String()
	}
	attach(v, st)
	if err := tlsConnected(v, c); err != nil {
		return nil, err
	}
	return v, nil
}

func runCAFile(c *commands.Call) (value.Value, error) {
	path := ""
	if c.Given(0) {
		path = value.StrOf(c.Arg(0))
	}
	written, err := peercmd.WriteCA(c.S, path)
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
type tlsHandler func(c *commands.Call, v *commands.Socket, plain func(*commands.Call) (value.Value, error)) (value.Value, error)

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
		"shutdown": func(c *commands.Call, v *commands.Socket, plain func(*commands.Call) (value.Value, error)) (value.Value, error) {
			tlsOf(v).off = true // as Python: TLS ends, the socket shuts down
			return plain(c)
		},
		"connect":    tlsConnectCmd,
		"connect_ex": tlsConnectCmd,
		"accept": func(c *commands.Call, v *commands.Socket, plain func(*commands.Call) (value.Value, error)) (value.Value, error) {
			return tlsAccept(v, c, func() (value.Value, error) { return plain(c) })
		},
		"close": func(c *commands.Call, v *commands.Socket, plain func(*commands.Call) (value.Value, error)) (value.Value, error) {
			return value.None, tlsClose(v)
		},
	}
}

// Run runs a command given the TLS socket as its argument at (the
// commands.Layer): through the command's TLS handler, or its own handler
// when the command moves no data, or not at all. tls and tlsinfo take a
// TLS socket as it is.
func (st *tlsState) Run(c *commands.Call, at int) (value.Value, error, bool) {
	name := c.Cmd.Name
	switch {
	case name == "tls" || name == "tlsinfo":
		return nil, nil, false
	case tlsHandlers[name] != nil && at == 0:
		v, err := tlsHandlers[name](c, st.v, c.Cmd.Run)
		return v, err, true
	case tlsPassThrough[name] || st.off || st.tc == nil:
		return nil, nil, false
	}
	return nil, commands.Errorf(value.NotImplementedErr, "%s on a TLS socket is not supported in sockshell; use recv and send, which go through TLS", name), true
}

// tlsPlainCmd is the command name, which (through Call.run) treats a TLS
// socket not yet connected as a plain one.
func tlsPlainCmd(name string) *commands.Command {
	cmd, _ := commands.Lookup(name)
	return cmd
}

func tlsRefused(c *commands.Call, v *commands.Socket, plain func(*commands.Call) (value.Value, error)) (value.Value, error) {
	if !tlsActive(v) {
		return plain(c)
	}
	return nil, commands.Errorf(value.ValueError, "%s not allowed on instances of <class 'ssl.SSLSocket'>", c.Cmd.Name)
}

func tlsSendCmd(c *commands.Call, v *commands.Socket, plain func(*commands.Call) (value.Value, error)) (value.Value, error) {
	if !tlsActive(v) {
		return plain(c)
	}
	if n, err := c.Int(2, 0); err != nil || n != 0 {
		if err != nil {
			return nil, err
		}
		return nil, commands.Errorf(value.ValueError, "non-zero flags not allowed in calls to %s() on <class 'ssl.SSLSocket'>", c.Cmd.Name)
	}
	n, err := tlsSend(v, c, c.Data(1))
	if err != nil || c.Cmd.Name == "sendall" {
		return value.None, err
	}
	return value.Int(n), nil
}

func tlsRecvCmd(c *commands.Call, v *commands.Socket, plain func(*commands.Call) (value.Value, error)) (value.Value, error) {
	if !tlsActive(v) {
		return plain(c)
	}
	if n, err := c.Int(2, 0); err != nil || n != 0 {
		if err != nil {
			return nil, err
		}
		return nil, commands.Errorf(value.ValueError, "non-zero flags not allowed in calls to recv() on <class 'ssl.SSLSocket'>")
	}
	size, err := c.Int(1, 4096)
	if err != nil {
		return nil, err
	}
	if size < 0 {
		return nil, commands.Errorf(value.ValueError, "negative buffersize in recv")
	}
	return tlsRecv(v, c, int(min(size, netinfo.MaxRecv)))
}

// tlsRecvAllCmd is recvall on a TLS socket: the stream until its end
// (close_notify, or the connection's), with recvall's notes.
func tlsRecvAllCmd(c *commands.Call, v *commands.Socket, plain func(*commands.Call) (value.Value, error)) (value.Value, error) {
	if !tlsActive(v) {
		return plain(c)
	}
	size, err := c.Int(1, 4096)
	if err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, commands.Errorf(value.ValueError, "recvall needs a BUFSIZE of 1 or more")
	}
	all, err := tlsRecvAll(v, c, int(min(size, netinfo.MaxRecv)))
	if tlsEOF(v, err) {
		err = nil
	}
	quiet := errors.Is(err, netinfo.ErrTimeout) && v.Sock().Timeout() != netinfo.NoTimeout
	return sockcmd.RecvallResult(c, all, err, quiet, func(err error) *value.Exception { return tlsException(err, opRead) })
}

func tlsConnectCmd(c *commands.Call, v *commands.Socket, plain func(*commands.Call) (value.Value, error)) (value.Value, error) {
	return tlsConnect(v, c, c.Cmd.Name, nil, func() (value.Value, error) { return plain(c) })
}

func runTLSInfo(c *commands.Call) (value.Value, error) {
	v := c.Socket(0)
	if tlsOf(v) == nil && v.Successor() != nil {
		// wrap_socket detached it: what matters is the TLS socket it
		// became, which a failed handshake leaves no other name for.
		v = v.Successor()
	}
	if tlsOf(v) == nil {
		e := commands.Errorf(value.ValueError, "%s is not a TLS socket", socketLabel(v))
		e.Hint = "start TLS on a connected socket with `tls SOCKET HOSTNAME`"
		return nil, e
	}
	writeTLSInfo(c.S.Out, v, time.Now())
	return value.None, nil
}

// socketLabel names a socket in a message: its variable, or its fd.
func socketLabel(v *commands.Socket) string {
	if v.Name() != "" {
		return v.Name()
	}
	return fmt.Sprintf("the socket of fd %d", v.Sock().FD())
}

// infoWidth is the width tlsinfo's lines fit in.
const infoWidth = 80

// writeTLSInfo writes tlsinfo's report: the handshake, the verification,
// then the chain, each line within 80 columns.
func writeTLSInfo(w io.Writer, v *commands.Socket, now time.Time) {
	st := tlsOf(v)
	field := func(indent int, label, text string) {
		lead := fmt.Sprintf("%-16s", strings.Repeat(" ", indent)+label+" ")
		for _, line := range layout.FoldWords(text, infoWidth-len(lead)) {
			fmt.Fprintf(w, "%s%s\n", lead, line)
			lead = strings.Repeat(" ", len(lead))
		}
	}
	side, other := "client", "server"
	if st.serverSide {
		side, other = "server", "client"
	}
	head := fmt.Sprintf("TLS %s socket fd=%d", side, v.Sock().FD())
	if peer := commands.DescribeAddr(v.Sock(), true); peer != "" {
		head += ", connected to " + peer
	} else if v.Sock().Closed() {
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
