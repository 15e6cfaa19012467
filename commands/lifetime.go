package commands

import (
	"slices"

	"sockshell/commands/interp"
	"sockshell/commands/value"
)

// CPython closes a socket when the last reference to it goes: rebinding
// the only name of a listening socket frees its port at once, and a
// socket made and not kept is closed at the end of its statement. The
// shell decides the same thing in one simple, deterministic way: after a
// statement that may have dropped a socket (a binding replaced or deleted,
// a socket made), every socket that cannot be reached from the session's
// names (and _) is closed, and on a terminal a note says which.

// A Resource is a value other than a socket that holds a descriptor of
// its own (an EpollSelector's epoll instance). Like a socket, it is closed
// when nothing reaches it any more, and at the end of the session.
type Resource interface {
	value.Value
	CloseResource()
	ResourceOpen() bool
}

// AddResource makes r one of the session's resources.
func (s *Session) AddResource(r Resource) {
	if s.resources == nil {
		s.OnClose(func() {
			for _, r := range s.resources {
				r.CloseResource()
			}
		})
	}
	s.resources = append(s.resources, r)
	s.in.Dropped = true // made: kept only if a name reaches it
}

// anyOpen reports whether any of the session's sockets or resources is
// open.
func (s *Session) anyOpen() bool {
	for _, sk := range s.sockets {
		if !sk.sock.Closed() {
			return true
		}
	}
	s.resources = slices.DeleteFunc(s.resources, func(r Resource) bool { return !r.ResourceOpen() })
	return len(s.resources) > 0
}

// closeUnreachable closes the session's open sockets (and resources) that
// no name reaches.
func (s *Session) closeUnreachable() {
	if !s.anyOpen() {
		s.dropClosed()
		return
	}
	reached := map[*Socket]bool{}
	seen := map[any]bool{}
	var walk func(v value.Value)
	walk = func(v value.Value) {
		switch v := v.(type) {
		case nil, value.Int, value.Float, value.Str, value.Bytes, value.Bool, value.NoneType, value.Enum, *value.BigInt, value.Range:
			return
		case *Socket:
			reached[v] = true
			return
		case value.Tuple:
			for _, x := range v {
				walk(x)
			}
			return
		}
		if seen[v] {
			return
		}
		seen[v] = true
		switch v := v.(type) {
		case *value.List:
			for _, x := range v.V {
				walk(x)
			}
		case *value.Dict:
			for _, e := range v.Items() {
				walk(e.K)
				walk(e.V)
			}
		case *value.Set:
			for _, x := range v.Keys() {
				walk(x)
			}
		case *value.Builtin:
			walk(v.Self)
		case *value.Exception:
			for _, x := range v.Args {
				walk(x)
			}
		case *interp.Function:
			for _, x := range v.Closure() {
				walk(x)
			}
		case *value.DictView:
			walk(v.D)
		case interface{ Holds() []value.Value }:
			for _, x := range v.Holds() {
				walk(x)
			}
		}
	}
	for _, v := range s.in.Globals {
		walk(v)
	}
	for _, v := range s.in.Builtins {
		walk(v)
	}
	for _, sk := range s.sockets {
		if sk.sock.Closed() || reached[sk] {
			continue
		}
		fd := sk.sock.FD()
		sk.sock.Close()
		if s.Opts.Interactive {
			if sk.name != "" {
				s.Notef("note: closed the socket that %s named before (fd %d): nothing refers to it any more", sk.name, fd)
			} else {
				s.Notef("note: closed the socket just made (fd %d): nothing refers to it; assign it to keep it (s = ...)", fd)
			}
		}
	}
	s.resources = slices.DeleteFunc(s.resources, func(r Resource) bool {
		if seen[r] {
			return false
		}
		r.CloseResource()
		return true
	})
	s.dropClosed()
}

// dropClosed forgets closed sockets the kernel no longer keeps a
// connection for, so a long session does not pile them up. (A closed
// socket whose connection lingers, in TIME_WAIT, stays for `sockets`.)
func (s *Session) dropClosed() {
	if len(s.sockets) < 64 {
		return
	}
	keep := s.sockets[:0]
	for _, sk := range s.sockets {
		if !sk.sock.Closed() {
			keep = append(keep, sk)
			continue
		}
		if _, _, _, lingering := sk.sock.Lingering(); lingering {
			keep = append(keep, sk)
		}
	}
	for i := len(keep); i < len(s.sockets); i++ {
		s.sockets[i] = nil
	}
	s.sockets = keep
}
