package peercmd

import (
	"fmt"
	"net/netip"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
	"sockshell/netinfo/peers"
)

// Server is a local server (or relay) as a shell value.
type Server struct {
	srv    *peers.Server
	caFile string // where its CA certificate was written ("" without TLS)
}

// Repr describes the server with the words that started it:
// <echo server 1 listening on ('127.0.0.1', 10000) TCP+UDP split=1>,
// <proxy 2 listening on ('127.0.0.1', 10001) relaying to ('127.0.0.1', 10000)>.
func (v *Server) Repr() string {
	state := "listening on"
	if v.srv.Stopped() {
		state = "[stopped] was on"
	}
	b := fmt.Sprintf("%s server %d %s %s %s", v.srv.Kind, v.srv.ID, state, addrPortValue(v.srv.Addr()).Repr(), protocols(v.srv))
	if v.srv.Kind == peers.Proxy {
		b = fmt.Sprintf("proxy %d %s %s relaying to %s", v.srv.ID, state, addrPortValue(v.srv.Addr()).Repr(), addrPortValue(v.srv.Target()).Repr())
	}
	if o := v.srv.Options().String(); o != "" {
		b += " " + o
	}
	if v.caFile != "" {
		b += " ca=" + value.Safe(v.caFile, "")
	}
	return "<" + b + ">"
}

// serverClass is the class of local servers.
var serverClass = &value.Class{Name: "server", Module: "sockshell", Base: value.ObjectType}

// Type is the class of local servers.
func (v *Server) Type() *value.Class { return serverClass }

// Attr gives the server's fields: id, kind, laddr, host, port, options,
// target (a relay's, else None), cafile (a TLS server's, else None).
func (v *Server) Attr(name string) (value.Value, bool) {
	ap := v.srv.Addr()
	switch name {
	case "id":
		return value.Int(v.srv.ID), true
	case "kind":
		return value.Str(v.srv.Kind), true
	case "laddr":
		return addrPortValue(ap), true
	case "host":
		return value.Str(ap.Addr().String()), true
	case "port":
		return value.Int(ap.Port()), true
	case "options":
		return value.Str(v.srv.Options().String()), true
	case "target":
		if t := v.srv.Target(); t.IsValid() {
			return addrPortValue(t), true
		}
		return value.None, true
	case "cafile":
		if v.caFile != "" {
			return value.Str(v.caFile), true
		}
		return value.None, true
	}
	return nil, false
}

// AttrNames lists the server's fields.
func (v *Server) AttrNames() []string {
	return []string{"cafile", "host", "id", "kind", "laddr", "options", "port", "target"}
}

// protocols says what srv answers on: TCP, or TCP and UDP.
func protocols(srv *peers.Server) string {
	if srv.UDP() {
		return "TCP+UDP"
	}
	return "TCP"
}

// addrPortValue is an address as Python shows a socket address tuple.
func addrPortValue(ap netip.AddrPort) value.Value {
	a := netinfo.Addr{Family: unix.AF_INET, IP: ap.Addr(), Port: int(ap.Port())}
	if ap.Addr().Is6() {
		a.Family = unix.AF_INET6
	}
	return commands.AddrValue(a)
}
