package tlscmd

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/peercmd"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// A TLS socket is a Socket whose tls is set: the same real socket, with a
// crypto/tls session over its own recv and send (netinfo.Conn), so that
// the trace shows the records going out and in, the socket's timeout and
// Ctrl-C end a wait as they end any other, and the fd is the socket's.
// Python calls it ssl.SSLSocket; the shell's tls command and the Python
// form's SSLContext.wrap_socket both make one.

// tlsState is a TLS socket's session: the context it was made with, the
// side it plays, and, once connected, the crypto/tls connection.
type tlsState struct {
	v          *commands.Socket // the socket it runs on
	ctx        *sslContext
	serverSide bool
	hostname   string // server_hostname, "" for None
	// onConnect is do_handshake_on_connect: the handshake starts as soon
	// as the socket is connected (else at the first recv or send, or
	// do_handshake).
	onConnect bool
	// ragged is suppress_ragged_eofs: an end of the stream without TLS's
	// close_notify reads as b'' rather than SSLEOFError.
	ragged bool

	conn   *netinfo.Conn // the socket as crypto/tls's net.Conn
	tc     *tls.Conn     // nil until the socket is connected
	done   bool          // the handshake is complete
	off    bool          // TLS ended (shutdown, unwrap): a plain socket again
	report *verifyReport // what verification found, for tlsinfo
	failed error         // why the handshake failed, for tlsinfo
}

// attach makes st the layer on v.
func attach(v *commands.Socket, st *tlsState) {
	st.v = v
	v.SetLayer(st)
}

// Class is ssl.SSLSocket (commands.Layer).
func (st *tlsState) Class() *value.Class { return sslSocketClass(st.v.Session()) }

// Attr is one of SSLSocket's own attributes (commands.Layer).
func (st *tlsState) Attr(name string) (value.Value, bool) { return tlsAttr(st.v, name) }

// AttrNames lists SSLSocket's own attributes (commands.Layer).
func (st *tlsState) AttrNames() []string { return sslSocketNames }

// Close ends TLS and closes the socket (commands.Layer).
func (st *tlsState) Close() error { return tlsClose(st.v) }

// tlsOf is v's TLS state, or nil for a plain socket.
func tlsOf(v *commands.Socket) *tlsState {
	st, _ := v.Layer().(*tlsState)
	return st
}

// active reports whether the socket's calls go through TLS: connected,
// and TLS not ended.
func tlsActive(v *commands.Socket) bool {
	return tlsOf(v) != nil && tlsOf(v).tc != nil && !tlsOf(v).off
}

// sslSocketClass is ssl.SSLSocket, a subclass of socket.socket.
func sslSocketClass(s *commands.Session) *value.Class {
	return s.State(socketClassKey{}, func() any {
		return &value.Class{Name: "SSLSocket", Module: "ssl", Base: s.SocketClass(), Attrs: map[string]value.Value{}}
	}).(*value.Class)
}

type socketClassKey struct{}

// pyCall is a Call for a Python method that is not a command, so that
// its waits go through the session's blocking machinery.
func pyCall(s *commands.Session, ctx context.Context) *commands.Call {
	return &commands.Call{Ctx: ctx, S: s, Python: true}
}

// tlsTransport is the net.Conn crypto/tls runs on: the socket's Conn,
// whose interruption (Ctrl-C) or EAGAIN (a non-blocking socket) is made a
// temporary error, which crypto/tls passes on without breaking the
// session, so that a record half read is finished by the next recv, as
// OpenSSL does.
type tlsTransport struct{ *netinfo.Conn }

func (t tlsTransport) Read(p []byte) (int, error) {
	n, err := t.Conn.Read(p)
	if err != nil && (errors.Is(err, netinfo.ErrInterrupted) || errors.Is(err, unix.EAGAIN)) {
		err = resumable{err}
	}
	return n, err
}

// resumable is an error after which the call can be made again.
type resumable struct{ error }

func (e resumable) Unwrap() error   { return e.error }
func (resumable) Timeout() bool     { return false }
func (resumable) Temporary() bool   { return true }
func (e resumable) Is(t error) bool { return errors.Is(e.error, t) }

// start makes the crypto/tls connection of a connected socket.
func tlsStart(v *commands.Socket) {
	st := tlsOf(v)
	st.conn = v.Sock().NetConn(context.Background())
	cfg := st.config(v.Session())
	if st.serverSide {
		st.tc = tls.Server(tlsTransport{st.conn}, cfg)
	} else {
		st.tc = tls.Client(tlsTransport{st.conn}, cfg)
	}
}

// config is the crypto/tls configuration of the socket. Verification is
// sockshell's own (verifyChain), in VerifyConnection, so that it follows
// the context's verify_mode and check_hostname as OpenSSL does, words its
// refusal as OpenSSL does, and leaves what it found for tlsinfo even when
// the context did not ask for it.
func (st *tlsState) config(s *commands.Session) *tls.Config {
	c := st.ctx
	lo, hi := c.versions()
	cfg := &tls.Config{
		MinVersion:         lo,
		MaxVersion:         hi,
		NextProtos:         c.alpn,
		Certificates:       c.certs,
		InsecureSkipVerify: true, // verifyChain does it, below
	}
	store := trustStore{roots: c.roots, system: c.systemRoots}
	if c.sessionCA {
		if a, err := peercmd.Authority(s); err == nil {
			store.roots = append(store.roots[:len(store.roots):len(store.roots)], a.Certificate())
		}
	}
	asked := c.verifyMode != certNone
	if st.serverSide {
		switch c.verifyMode {
		case certOptional:
			cfg.ClientAuth = tls.RequestClientCert
		case certRequired:
			cfg.ClientAuth = tls.RequireAnyClientCert
		}
	} else if _, err := netip.ParseAddr(st.hostname); err != nil {
		cfg.ServerName = st.hostname // SNI carries names, never addresses
	}
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return nil
		}
		name := ""
		if !st.serverSide && c.checkHostname {
			name = st.hostname
		}
		rep := verifyChain(cs.PeerCertificates, store, name, !st.serverSide, time.Now())
		rep.asked = asked
		st.report = &rep
		if asked && rep.err != nil {
			return rep.err
		}
		return nil
	}
	return cfg
}

// under makes the TLS calls wait under ctx (a command's context) until
// the function it returns is called, which lets go of ctx: a context the
// session's statements share must not keep a socket's connection alive
// once the socket is dropped.
func (st *tlsState) under(ctx context.Context) func() {
	st.conn.SetContext(ctx)
	return func() { st.conn.SetContext(context.Background()) }
}

// tlsConnected starts TLS on a socket that has just been wrapped
// connected (or accepted), doing the handshake now if the context says
// so. A failed handshake closes the socket, as Python's wrap_socket does
// (the socket it made is dropped).
func tlsConnected(v *commands.Socket, c *commands.Call) error {
	tlsStart(v)
	if !tlsOf(v).onConnect {
		return nil
	}
	if v.Sock().Timeout() == 0 {
		tlsClose(v)
		return commands.Errorf(value.ValueError, "do_handshake_on_connect should not be specified for non-blocking sockets")
	}
	if err := tlsHandshake(v, c); err != nil {
		tlsClose(v)
		return err
	}
	return nil
}

// tlsHandshake does the handshake, if it is not done yet.
func tlsHandshake(v *commands.Socket, c *commands.Call) error {
	st := tlsOf(v)
	if st.done {
		return nil
	}
	if st.tc == nil {
		if _, err := v.Sock().Getpeername(); err != nil {
			return err
		}
		tlsStart(v)
	}
	err := c.Blocking(v.Sock(), func(*commands.Call) string {
		return "TLS handshake: waiting for " + commands.DescribeAddr(v.Sock(), true) + "..."
	}, func(ctx context.Context) error {
		defer st.under(ctx)()
		return st.tc.Handshake()
	})
	if err != nil {
		st.failed = err
		return tlsException(err, opHandshake)
	}
	st.done = true
	return nil
}

// tlsClose closes a TLS socket as Python's close does: the fd, without
// TLS's close_notify (unwrap sends that).
func tlsClose(v *commands.Socket) error {
	if tlsOf(v) != nil && tlsOf(v).conn != nil {
		tlsOf(v).conn.Close() // ends its context too
		return nil
	}
	return v.Sock().Close()
}

// tlsReady makes sure the handshake is done before data moves, as
// OpenSSL does it at the first read or write.
func tlsReady(v *commands.Socket, c *commands.Call) error {
	if tlsOf(v).done {
		return nil
	}
	return tlsHandshake(v, c)
}

// tlsRecv reads at most n bytes of the TLS stream: what one record
// holds, b” at its end.
func tlsRecv(v *commands.Socket, c *commands.Call, n int) (value.Value, error) {
	if err := tlsReady(v, c); err != nil {
		return nil, err
	}
	if n == 0 {
		return value.Bytes{}, nil
	}
	st := tlsOf(v)
	buf := make([]byte, min(n, netinfo.MaxRecv))
	var got int
	err := c.Blocking(v.Sock(), tlsWaitingToRead(v), func(ctx context.Context) error {
		defer st.under(ctx)()
		var err error
		got, err = st.tc.Read(buf)
		return err
	})
	if err != nil {
		if tlsEOF(v, err) {
			return value.Bytes{}, nil
		}
		return nil, tlsException(err, opRead)
	}
	return value.Bytes(buf[:got]), nil
}

// tlsEOF reports an error that is the end of the stream: the peer's
// close_notify, or (unless suppress_ragged_eofs is off) the connection's
// end without it.
func tlsEOF(v *commands.Socket, err error) bool {
	return errors.Is(err, io.EOF) || tlsOf(v).ragged && errors.Is(err, io.ErrUnexpectedEOF)
}

func tlsWaitingToRead(v *commands.Socket) func(*commands.Call) string {
	return func(*commands.Call) string {
		if peer := commands.DescribeAddr(v.Sock(), true); peer != "" {
			return "waiting for data from " + peer + " (TLS)..."
		}
		return "waiting for data (TLS)..."
	}
}

// tlsSend sends all of p in TLS records, as Python's SSLSocket.send does
// on a blocking socket, and returns how many bytes went.
func tlsSend(v *commands.Socket, c *commands.Call, p []byte) (int, error) {
	if err := tlsReady(v, c); err != nil {
		return 0, err
	}
	st := tlsOf(v)
	var n int
	err := c.Blocking(v.Sock(), func(*commands.Call) string {
		return fmt.Sprintf("sending %d bytes in TLS records: waiting for the peer to read...", len(p))
	}, func(ctx context.Context) error {
		defer st.under(ctx)()
		var err error
		n, err = st.tc.Write(p)
		return err
	})
	if err != nil {
		return n, tlsException(err, opWrite)
	}
	return n, nil
}

// tlsRecvAll reads the TLS stream until its end or until a wait passes
// the timeout, as recvall does on a plain socket.
func tlsRecvAll(v *commands.Socket, c *commands.Call, chunk int) ([]byte, error) {
	if err := tlsReady(v, c); err != nil {
		return nil, err
	}
	st := tlsOf(v)
	var deadline time.Time
	if !c.S.Opts.Interactive && c.S.Opts.Timeout > 0 {
		deadline = time.Now().Add(c.S.Opts.Timeout)
	}
	var all []byte
	buf := make([]byte, chunk)
	err := c.Blocking(v.Sock(), tlsWaitingToRead(v), func(ctx context.Context) error {
		defer st.under(ctx)()
		st.conn.SetReadDeadline(deadline)
		defer st.conn.SetReadDeadline(time.Time{})
		for {
			n, err := st.tc.Read(buf)
			all = append(all, buf[:n]...)
			if err != nil {
				return err
			}
			if len(all) > value.MaxSize {
				return netinfo.ErrLimit
			}
		}
	})
	return all, err
}

// tlsEnd ends TLS as unwrap does: close_notify sent, the peer's awaited,
// and the socket plain from then on.
func tlsEnd(v *commands.Socket, c *commands.Call) error {
	st := tlsOf(v)
	err := c.Blocking(v.Sock(), func(*commands.Call) string {
		return "TLS shutdown: waiting for the peer's close_notify..."
	}, func(ctx context.Context) error {
		defer st.under(ctx)()
		if err := st.tc.CloseWrite(); err != nil {
			return err
		}
		buf := make([]byte, 4096)
		for {
			if _, err := st.tc.Read(buf); err != nil {
				return err
			}
		}
	})
	st.off = true
	if err != nil && !errors.Is(err, io.EOF) {
		return tlsException(err, opRead)
	}
	return nil
}

// wrapSocket is SSLContext.wrap_socket(sock, server_side=False,
// do_handshake_on_connect=True, suppress_ragged_eofs=True,
// server_hostname=None, session=None): a new TLS socket on sock's fd, sock
// itself detached (closed, fd -1), as Python does; connected, it does the
// handshake at once.
func (c *sslContext) wrapSocket(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
	a, err := value.BindDef("SSLContext.wrap_socket", []value.DefParam{
		{Name: "sock"}, {Name: "server_side", HasDefault: true}, {Name: "do_handshake_on_connect", HasDefault: true},
		{Name: "suppress_ragged_eofs", HasDefault: true}, {Name: "server_hostname", HasDefault: true}, {Name: "session", HasDefault: true},
	}, 1, args, kw)
	if err != nil {
		return nil, err
	}
	flag := func(v value.Value, def bool) bool {
		if v == nil {
			return def
		}
		return value.Truth(v)
	}
	sock, ok := a[0].(*commands.Socket)
	if !ok {
		return nil, commands.Errorf(value.AttributeError, "'%s' object has no attribute 'getsockopt'", value.TypeName(a[0]))
	}
	if sock.Sock().Closed() {
		return nil, commands.ErrnoException(unix.EBADF)
	}
	if tlsOf(sock) != nil {
		return nil, commands.Errorf(value.NotImplementedErr, "wrapping a TLS socket again (TLS inside TLS) is not supported in sockshell")
	}
	if sock.Sock().Type != unix.SOCK_STREAM {
		return nil, commands.Errorf(value.NotImplementedErr, "only stream sockets are supported")
	}
	st := &tlsState{ctx: c, serverSide: flag(a[1], false), onConnect: flag(a[2], true), ragged: flag(a[3], true)}
	host := a[4]
	if host == nil {
		host = value.None
	}
	if st.serverSide && value.Truth(host) {
		return nil, commands.Errorf(value.ValueError, "server_hostname can only be specified in client mode")
	}
	if a[5] != nil && a[5] != value.None {
		if st.serverSide {
			return nil, commands.Errorf(value.ValueError, "session can only be specified in client mode")
		}
		return nil, commands.Errorf(value.NotImplementedErr, "TLS sessions (session=) are not supported in sockshell")
	}
	if c.checkHostname && !value.Truth(host) {
		return nil, commands.Errorf(value.ValueError, "check_hostname requires server_hostname")
	}
	v := c.s.Detach(sock)
	if host != value.None {
		if st.hostname, err = encodeHostname(host); err != nil {
			v.Sock().Close()
			return nil, err
		}
	}
	attach(v, st)
	if _, err := v.Sock().Getpeername(); err != nil {
		if errors.Is(err, unix.ENOTCONN) {
			return v, nil // connect (or accept) will start TLS
		}
		v.Sock().Close()
		return nil, err
	}
	if err := tlsConnected(v, pyCall(c.s, ctx)); err != nil {
		return nil, err
	}
	return v, nil
}

// encodeHostname is server_hostname as Python's context encodes it (the
// idna codec): a str of ASCII labels, as it is; bytes as they are.
func encodeHostname(v value.Value) (string, error) {
	switch h := v.(type) {
	case value.Bytes:
		return string(h), nil
	case value.Str:
		name := string(h)
		for _, r := range name {
			if r >= 0x80 {
				return "", commands.Errorf(value.NotImplementedErr, "a host name that is not ASCII is not supported in sockshell; give its xn-- form")
			}
		}
		labels := strings.Split(strings.TrimSuffix(name, "."), ".")
		for _, l := range labels {
			if l == "" && name != "" || len(l) > 63 {
				return "", commands.Errorf(value.UnicodeError, "encoding with 'idna' codec failed (UnicodeError: label empty or too long)")
			}
		}
		return name, nil
	}
	return "", commands.Errorf(value.AttributeError, "'%s' object has no attribute 'decode'", value.TypeName(v))
}
