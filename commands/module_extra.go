package commands

import (
	"context"
	"encoding/binary"
	"net/netip"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
)

// The socket module's functions that are not commands (they do no system
// call a student watches: address and byte-order conversions), and the
// errno module.

// socketFuncs are socket.inet_aton, inet_ntoa, inet_pton, inet_ntop,
// htons, ntohs, htonl and ntohl, with Python's messages.
func socketFuncs() map[string]value.Value {
	one := func(name string, f func(a value.Value) (value.Value, error)) *value.Builtin {
		return fn(name, func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			a, err := (&value.Sig{Name: name, Min: 1, Names: []string{"x"}, NoKw: true}).Bind(args, kw)
			if err != nil {
				return nil, err
			}
			return f(a[0])
		})
	}
	two := func(name string, f func(a, b value.Value) (value.Value, error)) *value.Builtin {
		return fn(name, func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			a, err := (&value.Sig{Name: name, Min: 2, Names: []string{"family", "x"}, NoKw: true}).Bind(args, kw)
			if err != nil {
				return nil, err
			}
			return f(a[0], a[1])
		})
	}
	order := func(name string, bits int) *value.Builtin {
		return fn(name, func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			if len(args) != 1 || len(kw) > 0 {
				return nil, Errorf(value.TypeError, "%s() takes exactly one argument (%d given)", name, len(args))
			}
			n, err := value.Index(args[0])
			if err != nil {
				return nil, err
			}
			width := "16-bit unsigned integer"
			if bits == 32 {
				width = "32-bit unsigned integer"
			}
			switch {
			case n < 0:
				return nil, Errorf(value.OverflowError, "%s: can't convert negative Python int to C %s", name, width)
			case bits == 16 && n > 0xffff, bits == 32 && n > 0xffffffff:
				return nil, Errorf(value.OverflowError, "%s: Python int too large to convert to C %s", name, width)
			}
			if bits == 16 {
				return value.Int(int64(n>>8&0xff | n&0xff<<8)), nil
			}
			var b [4]byte
			binary.BigEndian.PutUint32(b[:], uint32(n))
			return value.Int(binary.LittleEndian.Uint32(b[:])), nil
		})
	}
	return map[string]value.Value{
		"inet_aton": one("inet_aton", func(a value.Value) (value.Value, error) {
			s, ok := a.(value.Str)
			if !ok {
				return nil, Errorf(value.TypeError, "inet_aton() argument 1 must be str, not %s", value.TypeName(a))
			}
			ip, err := netip.ParseAddr(string(s))
			if err != nil || !ip.Is4() {
				return nil, Errorf(value.OSError, "illegal IP address string passed to inet_aton")
			}
			b := ip.As4()
			return value.Bytes(b[:]), nil
		}),
		"inet_ntoa": one("inet_ntoa", func(a value.Value) (value.Value, error) {
			p, ok := value.BytesLike(a)
			if !ok {
				return nil, Errorf(value.TypeError, "a bytes-like object is required, not '%s'", value.TypeName(a))
			}
			if len(p) != 4 {
				return nil, Errorf(value.OSError, "packed IP wrong length for inet_ntoa")
			}
			return value.Str(netip.AddrFrom4([4]byte(p)).String()), nil
		}),
		"inet_pton": two("inet_pton", func(f, a value.Value) (value.Value, error) {
			fam, err := value.Index(f)
			if err != nil {
				return nil, err
			}
			s, ok := a.(value.Str)
			if !ok {
				return nil, Errorf(value.TypeError, "inet_pton() argument 2 must be str, not %s", value.TypeName(a))
			}
			ip, perr := netip.ParseAddr(string(s))
			switch fam {
			case unix.AF_INET:
				if perr != nil || !ip.Is4() {
					return nil, Errorf(value.OSError, "illegal IP address string passed to inet_pton")
				}
				b := ip.As4()
				return value.Bytes(b[:]), nil
			case unix.AF_INET6:
				if perr != nil || ip.Zone() != "" {
					return nil, Errorf(value.OSError, "illegal IP address string passed to inet_pton")
				}
				b := ip.As16()
				return value.Bytes(b[:]), nil
			}
			return nil, ErrnoException(unix.EAFNOSUPPORT)
		}),
		"inet_ntop": two("inet_ntop", func(f, a value.Value) (value.Value, error) {
			fam, err := value.Index(f)
			if err != nil {
				return nil, err
			}
			p, ok := value.BytesLike(a)
			if !ok {
				return nil, Errorf(value.TypeError, "a bytes-like object is required, not '%s'", value.TypeName(a))
			}
			switch {
			case fam == unix.AF_INET && len(p) == 4:
				return value.Str(netip.AddrFrom4([4]byte(p)).String()), nil
			case fam == unix.AF_INET6 && len(p) == 16:
				return value.Str(netip.AddrFrom16([16]byte(p)).String()), nil
			case fam == unix.AF_INET || fam == unix.AF_INET6:
				return nil, Errorf(value.ValueError, "invalid length of packed IP address string")
			}
			return nil, Errorf(value.ValueError, "unknown address family %d", fam)
		}),
		"htons": order("htons", 16), "ntohs": order("ntohs", 16),
		"htonl": order("htonl", 32), "ntohl": order("ntohl", 32),
	}
}

// errnoModule is Python's errno: the errno names as numbers, and
// errorcode mapping numbers to names.
func errnoModule() *value.Module {
	m := &value.Module{Name: "errno", Names: map[string]value.Value{}}
	codes := value.NewDict()
	for n := 1; n < 134; n++ {
		name := unix.ErrnoName(unix.Errno(n))
		if name == "" {
			continue
		}
		m.Names[name] = value.Int(n)
		codes.Set(value.Int(n), value.Str(name))
	}
	for alias, n := range map[string]unix.Errno{"EWOULDBLOCK": unix.EAGAIN, "EDEADLOCK": unix.EDEADLK, "ENOTSUP": unix.EOPNOTSUPP} {
		m.Names[alias] = value.Int(n)
	}
	m.Names["errorcode"] = codes
	return m
}
