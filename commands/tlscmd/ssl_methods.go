package tlscmd

import (
	"context"
	"sockshell/commands"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// The Python form's ssl.SSLSocket: the attributes and methods a TLS socket
// has besides a socket's, and those it does differently, with the
// signatures and messages of Python 3.11's ssl.py.

// sslSocketNames are the attributes and methods SSLSocket adds, for dir().
var sslSocketNames = []string{
	"cipher", "compression", "context", "do_handshake", "getpeercert", "pending", "read",
	"selected_alpn_protocol", "server_hostname", "server_side", "session", "session_reused",
	"shared_ciphers", "unwrap", "version", "write",
}

// tlsAttr is a TLS socket's attribute name, when SSLSocket has its own.
func tlsAttr(v *commands.Socket, name string) (value.Value, bool) {
	st := tlsOf(v)
	method := func(params []value.DefParam, f func(c *commands.Call, a []value.Value) (value.Value, error)) (value.Value, bool) {
		return &value.Builtin{Name: name, Self: v, Fn: func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			a, err := value.BindDef("SSLSocket."+name, params, 1, args, kw)
			if err != nil {
				return nil, err
			}
			return f(pyCall(v.Session(), ctx), a)
		}}, true
	}
	// recvfrom and sendto are refused while TLS is on; before it starts
	// (or after it ends), they are the plain socket's, as in Python.
	notAllowed := func(what string) (value.Value, bool) {
		return &value.Builtin{Name: name, Self: v, Fn: func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			if !tlsActive(v) && (what == "recvfrom" || what == "sendto") {
				return v.Session().CallPython(ctx, tlsPlainCmd(what), v, args, kw)
			}
			return nil, commands.Errorf(value.ValueError, "%s not allowed on instances of <class 'ssl.SSLSocket'>", what)
		}}, true
	}
	// Once TLS has ended (or before it starts), data goes to the plain
	// socket, as Python's SSLSocket does when it has no SSL object.
	raw := func(c *commands.Call, cmd string, args ...value.Value) (value.Value, error) {
		return v.Session().CallHandler(c.Ctx, cmd, v, args)
	}
	flags := func(a value.Value, call string) error {
		if a == nil {
			return nil
		}
		n, err := value.Index(a)
		if err != nil {
			return err
		}
		if n != 0 {
			return commands.Errorf(value.ValueError, "non-zero flags not allowed in calls to %s() on <class 'ssl.SSLSocket'>", call)
		}
		return nil
	}
	size := func(a value.Value) (int, error) {
		if a == nil {
			return 1024, nil
		}
		n, err := value.Index(a)
		if err != nil {
			return 0, err
		}
		if n < 0 {
			return 0, commands.Errorf(value.ValueError, "size should not be negative")
		}
		return int(min(n, netinfo.MaxRecv)), nil
	}
	data := func(a value.Value) ([]byte, error) {
		p, ok := value.BytesLike(a)
		if !ok {
			return nil, commands.Errorf(value.TypeError, "a bytes-like object is required, not '%s'", value.TypeName(a))
		}
		return p, nil
	}
	switch name {
	case "recv", "read":
		params := []value.DefParam{{Name: "buflen", HasDefault: true}, {Name: "flags", HasDefault: true}}
		if name == "read" {
			params = []value.DefParam{{Name: "len", HasDefault: true}, {Name: "buffer", HasDefault: true}}
		}
		return method(params, func(c *commands.Call, a []value.Value) (value.Value, error) {
			n, err := size(a[0])
			if err != nil {
				return nil, err
			}
			if name == "recv" {
				if err := flags(a[1], "recv"); err != nil {
					return nil, err
				}
			} else if a[1] != nil && a[1] != value.None {
				return nil, commands.Errorf(value.NotImplementedErr, "read() into a buffer is not supported in sockshell; use the bytes it returns")
			}
			if !tlsActive(v) {
				if name == "read" {
					return nil, commands.Errorf(value.ValueError, "Read on closed or unwrapped SSL socket.")
				}
				return raw(c, "recv", value.Int(n))
			}
			return tlsRecv(v, c, n)
		})
	case "send", "sendall", "write":
		params := []value.DefParam{{Name: "data"}, {Name: "flags", HasDefault: true}}
		if name == "write" {
			params = params[:1]
		}
		return method(params, func(c *commands.Call, a []value.Value) (value.Value, error) {
			if name != "write" {
				if err := flags(a[1], name); err != nil {
					return nil, err
				}
			}
			p, err := data(a[0])
			if err != nil {
				return nil, err
			}
			if !tlsActive(v) {
				if name == "write" {
					return nil, commands.Errorf(value.ValueError, "Write on closed or unwrapped SSL socket.")
				}
				return raw(c, name, value.Bytes(p))
			}
			n, err := tlsSend(v, c, p)
			if err != nil {
				return nil, err
			}
			if name == "sendall" {
				return value.None, nil
			}
			return value.Int(n), nil
		})
	case "recvfrom", "recvfrom_into", "recvmsg", "recvmsg_into":
		return notAllowed(name)
	case "sendto", "sendmsg":
		return notAllowed(name)
	case "recv_into":
		return method([]value.DefParam{{Name: "buffer"}, {Name: "nbytes", HasDefault: true}, {Name: "flags", HasDefault: true}}, func(c *commands.Call, a []value.Value) (value.Value, error) {
			return nil, commands.Errorf(value.NotImplementedErr, "SSLSocket.recv_into() is not supported in sockshell; use recv")
		})
	case "dup":
		return method(nil, func(c *commands.Call, a []value.Value) (value.Value, error) {
			return nil, commands.Errorf(value.NotImplementedErr, "Can't dup() SSLSocket instances")
		})
	case "pending":
		return method(nil, func(c *commands.Call, a []value.Value) (value.Value, error) {
			return nil, commands.Errorf(value.NotImplementedErr, "SSLSocket.pending() is not supported in sockshell: Go's crypto/tls does not tell; recv returns what a record holds")
		})
	case "close":
		return method(nil, func(c *commands.Call, a []value.Value) (value.Value, error) {
			return value.None, tlsClose(v)
		})
	case "shutdown":
		return method([]value.DefParam{{Name: "how"}}, func(c *commands.Call, a []value.Value) (value.Value, error) {
			st.off = true // Python drops the SSL object first
			return raw(c, "shutdown", a[0])
		})
	case "unwrap":
		return method(nil, func(c *commands.Call, a []value.Value) (value.Value, error) {
			if !tlsActive(v) {
				return nil, commands.Errorf(value.ValueError, "No SSL wrapper around %s", v.Repr())
			}
			if err := tlsEnd(v, c); err != nil {
				return nil, err
			}
			return v, nil
		})
	case "connect", "connect_ex":
		return method([]value.DefParam{{Name: "addr"}}, func(c *commands.Call, a []value.Value) (value.Value, error) {
			return tlsConnect(v, c, name, a[0], nil)
		})
	case "accept":
		return method(nil, func(c *commands.Call, a []value.Value) (value.Value, error) {
			return tlsAccept(v, c, func() (value.Value, error) { return raw(c, "accept") })
		})
	case "do_handshake":
		return method([]value.DefParam{{Name: "block", HasDefault: true}}, func(c *commands.Call, a []value.Value) (value.Value, error) {
			if st.tc == nil {
				if _, err := v.Sock().Getpeername(); err != nil {
					return nil, err
				}
			}
			return value.None, tlsHandshake(v, c)
		})
	case "version", "cipher", "compression", "selected_alpn_protocol", "selected_npn_protocol", "shared_ciphers":
		return method(nil, func(c *commands.Call, a []value.Value) (value.Value, error) {
			if !tlsActive(v) || !st.done || v.Sock().Closed() {
				return value.None, nil
			}
			cs := st.tc.ConnectionState()
			switch name {
			case "version":
				return value.Str(versionName(cs.Version)), nil
			case "cipher":
				return cipherTuple(cs.CipherSuite), nil
			case "selected_alpn_protocol":
				if cs.NegotiatedProtocol != "" {
					return value.Str(cs.NegotiatedProtocol), nil
				}
			case "shared_ciphers":
				if st.serverSide {
					return value.NewList([]value.Value{cipherTuple(cs.CipherSuite)}), nil
				}
			}
			return value.None, nil
		})
	case "getpeercert":
		return method([]value.DefParam{{Name: "binary_form", HasDefault: true}}, func(c *commands.Call, a []value.Value) (value.Value, error) {
			if _, err := v.Sock().Getpeername(); err != nil {
				return nil, err
			}
			if !tlsActive(v) || !st.done {
				return nil, commands.Errorf(value.ValueError, "handshake not done yet")
			}
			certs := st.tc.ConnectionState().PeerCertificates
			if len(certs) == 0 {
				return value.None, nil
			}
			if a[0] != nil && value.Truth(a[0]) {
				return value.Bytes(certs[0].Raw), nil
			}
			if st.ctx.verifyMode == certNone {
				return value.NewDict(), nil // not verified: Python shows nothing of it
			}
			return certDict(certs[0]), nil
		})
	case "server_hostname":
		if st.hostname == "" {
			return value.None, true
		}
		return value.Str(st.hostname), true
	case "server_side":
		return value.BoolOf(st.serverSide), true
	case "context":
		return st.ctx, true
	case "session":
		return value.None, true
	case "session_reused":
		if tlsActive(v) && st.done {
			return value.BoolOf(st.tc.ConnectionState().DidResume), true
		}
		return value.None, true
	}
	return nil, false
}

// tlsConnect is connect (or connect_ex) on a TLS socket not yet
// connected: the connection, then the handshake, as Python's
// SSLSocket.connect does. run is the plain command's handler in the shell
// form (nil in Python's, which calls the command itself).
func tlsConnect(v *commands.Socket, c *commands.Call, name string, addr value.Value, run func() (value.Value, error)) (value.Value, error) {
	st := tlsOf(v)
	if st.serverSide {
		return nil, commands.Errorf(value.ValueError, "can't connect in server-side mode")
	}
	if st.tc != nil {
		return nil, commands.Errorf(value.ValueError, "attempt to connect already-connected SSLSocket!")
	}
	if run == nil {
		run = func() (value.Value, error) { return v.Session().CallHandler(c.Ctx, name, v, []value.Value{addr}) }
	}
	r, err := run()
	if err != nil {
		return nil, err
	}
	if name == "connect_ex" && r != value.Value(value.Int(0)) {
		return r, nil
	}
	tlsStart(v)
	if st.onConnect {
		if err := tlsHandshake(v, c); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// tlsAccept is accept on a listening TLS socket: the connection accepted
// becomes a server-side TLS socket of the same context, handshake done,
// as Python's SSLSocket.accept does. run accepts the plain connection.
func tlsAccept(v *commands.Socket, c *commands.Call, run func() (value.Value, error)) (value.Value, error) {
	r, err := run()
	if err != nil {
		return nil, err
	}
	t, ok := r.(value.Tuple)
	if !ok || len(t) != 2 {
		return r, nil
	}
	conn := t[0].(*commands.Socket)
	st := tlsOf(v)
	attach(conn, &tlsState{ctx: st.ctx, serverSide: true, onConnect: st.onConnect, ragged: st.ragged})
	if err := tlsConnected(conn, c); err != nil {
		return nil, err
	}
	return t, nil
}
