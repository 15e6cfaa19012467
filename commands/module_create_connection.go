package commands

import (
	"context"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
)

// createConnectionFunc is socket.create_connection(address, timeout=...,
// source_address=None, *, all_errors=False), as Python's socket.py writes
// it: getaddrinfo for a stream socket, then, for each address it gives in
// turn, a socket and a connect, until one connects; the last error if none
// does. It is made of the commands themselves, so the trace shows each
// call, as Python's would. (The ssl module's documentation opens its
// client with it.)
func (s *Session) createConnectionFunc() *value.Builtin {
	return fn("create_connection", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := value.BindDef("create_connection", []value.DefParam{
			{Name: "address"}, {Name: "timeout", HasDefault: true}, {Name: "source_address", HasDefault: true},
			{Name: "all_errors", HasDefault: true, KwOnly: true},
		}, 0, args, kw)
		if err != nil {
			return nil, err
		}
		if a[3] != nil && value.Truth(a[3]) {
			return nil, Errorf(value.NotImplementedErr, "all_errors=True is not supported in sockshell (it raises an ExceptionGroup); leave it out for the last error")
		}
		// Python unpacks it: host, port = address.
		addr, err := value.Items(a[0])
		switch {
		case err != nil:
			return nil, Errorf(value.TypeError, "cannot unpack non-iterable %s object", value.TypeName(a[0]))
		case len(addr) < 2:
			return nil, Errorf(value.ValueError, "not enough values to unpack (expected 2, got %d)", len(addr))
		case len(addr) > 2:
			return nil, Errorf(value.ValueError, "too many values to unpack (expected 2)")
		}
		call := func(name string, self value.Value, args ...value.Value) (value.Value, error) {
			cmd, ok := Lookup(name)
			if !ok { // a program that left out the package of lookups
				return nil, Errorf(value.NotImplementedErr, "socket.create_connection needs %s, which this build of sockshell leaves out", name)
			}
			return s.CallPython(ctx, cmd, self, args, nil)
		}
		infos, err := call("getaddrinfo", nil, addr[0], addr[1], value.Int(0), value.Int(unix.SOCK_STREAM))
		if err != nil {
			return nil, err
		}
		list, _ := infos.(*value.List)
		if list == nil || len(list.V) == 0 {
			return nil, Errorf(value.OSError, "getaddrinfo returns an empty list")
		}
		var last error
		for _, info := range list.V {
			t := info.(value.Tuple)
			v, err := call("socket", nil, t[0], t[1], t[2])
			if err != nil {
				last = err
				continue
			}
			sock := v.(*Socket)
			if a[1] != nil {
				if _, err = call("settimeout", sock, a[1]); err != nil {
					sock.sock.Close()
					return nil, err
				}
			}
			if a[2] != nil && a[2] != value.None {
				if _, err = call("bind", sock, a[2]); err != nil {
					sock.sock.Close()
					last = err
					continue
				}
			}
			if _, err = call("connect", sock, t[4]); err == nil {
				return sock, nil
			}
			sock.sock.Close()
			last = err
		}
		return nil, last
	})
}
