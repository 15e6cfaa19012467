package lookupcmd

import (
	"fmt"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// addrInfoCommands ask the resolver how to reach a host and port.
var addrInfoCommands = []*commands.Command{
	{
		Name:    "getaddrinfo",
		Py:      &commands.PySig{Def: true, Params: []string{"host", "port", "family", "type", "proto", "flags"}, Min: 2},
		Section: commands.SecAddrInfo,
		Params: []commands.Param{
			{Name: "HOST", Kind: commands.KindHost},
			{Name: "PORT", Kind: commands.KindAny},
			{Name: "FAMILY", Kind: commands.KindConst, Prefix: "AF_", Optional: true},
			{Name: "TYPE", Kind: commands.KindConst, Prefix: "SOCK_", Optional: true},
			{Name: "PROTO", Kind: commands.KindConst, Prefix: "IPPROTO_", Optional: true},
			{Name: "FLAGS", Kind: commands.KindConst, Prefix: "AI_", Optional: true},
		},
		Summary: "the ways to reach a host and port: (family, type, proto, canonname, address)",
		Help: `Asks the system's resolver how to reach PORT on HOST, as
socket.getaddrinfo does, and lists one 5-tuple per way: (family, type,
proto, canonical name, socket address); the first three are what to give
to socket, the address what to give to connect or bind.
HOST is a name, a numeric address, or None (this machine's loopback
addresses; with AI_PASSIVE the wildcard ones). PORT is a number, a
service name (http), or value.None. FAMILY, TYPE and PROTO narrow the answers
(0 means any); FLAGS may be AI_CANONNAME (fill in the canonical name),
AI_PASSIVE, AI_NUMERICHOST, ... or a number that adds several.
A service that /etc/services lists for tcp only gives only SOCK_STREAM;
a numeric port gives SOCK_STREAM, SOCK_DGRAM and SOCK_RAW.

Example:
  sockshell> getaddrinfo localhost http
  [(<AddressFamily.AF_INET: 2>,
    <SocketKind.SOCK_STREAM: 1>,
    6,
    '',
    ('127.0.0.1', 80))]`,
		Run: func(c *commands.Call) (value.Value, error) {
			ais, err := addrInfo(c)
			if err != nil {
				return nil, err
			}
			out := make([]value.Value, len(ais))
			for i, ai := range ais {
				out[i] = value.Tuple{
					commands.ConstValue(netinfo.ClassAddressFamily, int64(ai.Family)),
					commands.ConstValue(netinfo.ClassSocketKind, int64(ai.Type)),
					value.Int(ai.Proto),
					value.Str(ai.CanonName),
					commands.AddrValue(ai.Addr),
				}
			}
			return value.NewList(out), nil
		},
	},
	{
		Name:    "get_address_info",
		Aliases: []string{"addrinfo"},
		Section: commands.SecAddrInfo,
		Params:  []commands.Param{{Name: "HOST", Kind: commands.KindHost}, {Name: "PORT", Kind: commands.KindAny}},
		Summary: "getaddrinfo's answers as labelled blocks, by constant name",
		Help: `Prints getaddrinfo HOST PORT the way the lecture's get_address_info
helper does: one block per answer, with the family, type and protocol by
name (from get_constants AF_, SOCK_ and IPPROTO_), the canonical name and
the socket address, and a blank line after each block.

Example:
  sockshell> get_address_info 127.0.0.1 http
  family: AF_INET
  type: SOCK_STREAM
  protocol: IPPROTO_TCP
  canonical name: 
  socket address: ('127.0.0.1', 80)
`,
		Run: runGetAddressInfo,
	},
}

// optionalText is a str or bytes argument as text, or nil for value.None; ok is
// false for a value of any other type.
func optionalText(v value.Value) (text *string, ok bool) {
	switch v := v.(type) {
	case value.NoneType:
		return nil, true
	case value.Str:
		s := string(v)
		return &s, true
	case value.Bytes:
		s := string(v)
		return &s, true
	}
	return nil, false
}

// addrInfo runs getaddrinfo with the call's HOST, PORT and optional FAMILY,
// TYPE, PROTO and FLAGS, converting them as Python's socket.getaddrinfo does.
func addrInfo(c *commands.Call) ([]netinfo.AddrInfo, error) {
	host, ok := optionalText(c.Arg(0))
	if !ok {
		return nil, commands.Errorf(value.TypeError, "getaddrinfo() argument 1 must be string or None")
	}
	port, ok := optionalText(c.Arg(1))
	if n, isInt := c.Arg(1).(value.Int); isInt { // an exact int only: Python refuses a bool or an enum here
		s := fmt.Sprint(int64(n))
		port, ok = &s, true
	}
	if !ok {
		return nil, commands.Errorf(value.OSError, "Int or String expected")
	}
	var h netinfo.Hints
	for i, p := range []*int{&h.Family, &h.Type, &h.Proto, &h.Flags} {
		n, err := c.CInt(i+2, 0)
		if err != nil {
			return nil, err
		}
		*p = n
	}
	return netinfo.GetAddrInfo(host, port, h)
}

func runGetAddressInfo(c *commands.Call) (value.Value, error) {
	ais, err := addrInfo(c)
	if err != nil {
		return nil, err
	}
	w := c.S.Out
	for _, ai := range ais {
		family, err := constantName("AF_", commands.ConstValue(netinfo.ClassAddressFamily, int64(ai.Family)))
		if err != nil {
			return nil, err
		}
		typ, err := constantName("SOCK_", commands.ConstValue(netinfo.ClassSocketKind, int64(ai.Type)))
		if err != nil {
			return nil, err
		}
		proto, err := constantName("IPPROTO_", value.Int(ai.Proto))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(w, "family: %s\ntype: %s\nprotocol: %s\ncanonical name: %s\nsocket address: %s\n\n",
			family, typ, proto, value.TextOrRepr(ai.CanonName), commands.AddrValue(ai.Addr).Repr())
	}
	return value.None, nil
}
