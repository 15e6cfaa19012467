package commands

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// lookupCommands look up services, hosts, constants and address info.
var lookupCommands = []*Command{
	{
		Name:    "getservbyname",
		Py:      &PySig{Style: value.Takes, Params: []string{"servicename", "protocolname"}, Min: 1},
		Section: SecServices,
		Params:  []Param{{Name: "NAME", Kind: KindText}, {Name: "PROTO", Kind: KindText, Optional: true}},
		Summary: "the port a service name stands for (ssh -> 22)",
		Help: `Looks NAME up in the services database (/etc/services) and gives its port,
as socket.getservbyname does. PROTO (tcp or udp) narrows the search to one
transport protocol; without it the first entry of any protocol counts.
Aliases count too (www is http). Names are case-sensitive.

Example:
  sockshell> getservbyname ssh
  22
  sockshell> getservbyname domain udp
  53`,
		Run: runGetservbyname,
	},
	{
		Name:    "getservbyport",
		Py:      &PySig{Style: value.Takes, Params: []string{"port", "protocolname"}, Min: 1},
		Section: SecServices,
		Params:  []Param{{Name: "PORT", Kind: KindAny}, {Name: "PROTO", Kind: KindText, Optional: true}},
		Summary: "the service name of a port (80 -> 'http')",
		Help: `The reverse lookup: gives the name the services database (/etc/services)
has for PORT, as socket.getservbyport does. PROTO (tcp or udp) narrows the
search to one transport protocol. PORT must be 0-65535.

Example:
  sockshell> getservbyport 80
  'http'
  sockshell> getservbyport 53 udp
  'domain'`,
		Run: runGetservbyport,
	},
	{
		Name:    "services",
		Section: SecServices,
		Params:  []Param{{Name: "LOW", Kind: KindAny, Optional: true}, {Name: "HIGH", Kind: KindAny, Optional: true}},
		Summary: "list the services of a port range (default 0-1023)",
		Help: `Lists every service the services database (/etc/services) has for the
ports LOW to HIGH, both included: one line per port, with each name and
the protocols it is listed for. Without arguments it lists the well-known
ports, 0 to 1023; with LOW alone it lists LOW to 1023. Both bounds must be
ports (0-65535) and LOW must not be above HIGH. Ports with no entry are
left out.

Example:
  sockshell> services 20 25
     20  ftp-data (tcp)
     21  ftp (tcp), fsp (udp)
     22  ssh (tcp)
     23  telnet (tcp)
     25  smtp (tcp)`,
		Run: runServices,
	},
	{
		Name:    "gethostname",
		Py:      &PySig{Style: value.NoArgs, Qual: "_socket.gethostname"},
		Section: SecHosts,
		Summary: "this machine's host name",
		Help: `Gives the name of the machine you are on, as socket.gethostname does.

Example:
  sockshell> gethostname
  'vm'`,
		Run: func(c *Call) (value.Value, error) {
			name, err := netinfo.Hostname()
			if err != nil {
				return nil, err
			}
			return value.Str(name), nil
		},
	},
	{
		Name:    "gethostbyname",
		Py:      &PySig{Style: value.Takes, Params: []string{"hostname"}, Min: 1},
		Section: SecHosts,
		Params:  []Param{{Name: "HOST", Kind: KindHost}},
		Summary: "the IPv4 address of a host name",
		Help: `Resolves HOST (a name or a numeric address) to one IPv4 address, as
socket.gethostbyname does: the hosts file (/etc/hosts) first, then DNS.
An empty HOST gives the wildcard address 0.0.0.0.

Example:
  sockshell> gethostbyname localhost
  '127.0.0.1'`,
		Run: func(c *Call) (value.Value, error) {
			host, err := hostText(c, 0)
			if err != nil {
				return nil, err
			}
			a, err := netinfo.HostByName(host)
			if err != nil {
				return nil, err
			}
			return value.Str(a.String()), nil
		},
	},
	{
		Name:    "gethostbyname_ex",
		Py:      &PySig{Style: value.Takes, Params: []string{"hostname"}, Min: 1},
		Section: SecHosts,
		Params:  []Param{{Name: "HOST", Kind: KindHost}},
		Summary: "a host's name, aliases and IPv4 addresses",
		Help: `Like gethostbyname, but gives the whole entry, as socket.gethostbyname_ex
does: (official name, [aliases], [IPv4 addresses]). A big site often has
several addresses.

Example:
  sockshell> gethostbyname_ex localhost
  ('localhost', [], ['127.0.0.1'])`,
		Run: runHostEntry(netinfo.HostByNameEx),
	},
	{
		Name:    "gethostbyaddr",
		Py:      &PySig{Style: value.Takes, Params: []string{"ip_address"}, Min: 1},
		Section: SecHosts,
		Params:  []Param{{Name: "IP", Kind: KindHost}},
		Summary: "the name of the host at an address (reverse lookup)",
		Help: `The reverse lookup: gives the entry of the host at IP, as
socket.gethostbyaddr does: (name, [aliases], [addresses]). IP may also be a
name, which is resolved first. An address with no name is a socket.herror.

Example:
  sockshell> gethostbyaddr 127.0.0.1
  ('localhost', [], ['127.0.0.1'])`,
		Run: runHostEntry(netinfo.HostByAddr),
	},
	{
		Name:    "getnameinfo",
		Py:      &PySig{Style: value.Takes, Params: []string{"sockaddr", "flags"}, Min: 2, Adapt: adaptSockaddr},
		Section: SecHosts,
		Params: []Param{
			{Name: "HOST", Kind: KindHost},
			{Name: "PORT", Kind: KindAny},
			{Name: "FLAGS", Kind: KindConst, Prefix: "NI_", Optional: true},
		},
		Summary: "the host and service names of an address and port",
		Help: `Turns a numeric address and a port into names, as
socket.getnameinfo((HOST, PORT), FLAGS) does: (host name, service name).
HOST must be a numeric address (a name is an error, as in Python). FLAGS
(default 0) is one of NI_NUMERICHOST, NI_NUMERICSERV, NI_NAMEREQD,
NI_DGRAM, NI_NOFQDN, or a number that adds several.

Example:
  sockshell> getnameinfo 127.0.0.1 80
  ('localhost', 'http')
  sockshell> getnameinfo 127.0.0.1 80 NI_NUMERICSERV
  ('localhost', '80')`,
		Run: runGetnameinfo,
	},
	{
		Name:    "get_constants",
		Aliases: []string{"constants"},
		Section: SecConstants,
		Params:  []Param{{Name: "PREFIX", Kind: KindText}},
		Summary: "the socket constants starting with PREFIX, number -> name",
		Help: `Maps each value of the socket module's constants whose names start with
PREFIX to its name, like the lecture's get_constants helper: AF_ gives the
address families, SOCK_ the socket types, IPPROTO_ the protocols (also
SOL_, SO_, AI_, NI_, MSG_, SHUT_, ...). When two names share a value the
later name (alphabetically) wins, as in the helper's dict. The entries are
shown sorted by number, as IPython shows a dict.

Example:
  sockshell> get_constants SOCK_
  {<SocketKind.SOCK_STREAM: 1>: 'SOCK_STREAM',
   <SocketKind.SOCK_DGRAM: 2>: 'SOCK_DGRAM',
   ...}`,
		Run: runGetConstants,
	},
	{
		Name:    "getaddrinfo",
		Py:      &PySig{Def: true, Params: []string{"host", "port", "family", "type", "proto", "flags"}, Min: 2},
		Section: SecAddrInfo,
		Params: []Param{
			{Name: "HOST", Kind: KindHost},
			{Name: "PORT", Kind: KindAny},
			{Name: "FAMILY", Kind: KindConst, Prefix: "AF_", Optional: true},
			{Name: "TYPE", Kind: KindConst, Prefix: "SOCK_", Optional: true},
			{Name: "PROTO", Kind: KindConst, Prefix: "IPPROTO_", Optional: true},
			{Name: "FLAGS", Kind: KindConst, Prefix: "AI_", Optional: true},
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
		Run: func(c *Call) (value.Value, error) {
			ais, err := addrInfo(c)
			if err != nil {
				return nil, err
			}
			out := make([]value.Value, len(ais))
			for i, ai := range ais {
				out[i] = value.Tuple{
					ConstValue(netinfo.ClassAddressFamily, int64(ai.Family)),
					ConstValue(netinfo.ClassSocketKind, int64(ai.Type)),
					value.Int(ai.Proto),
					value.Str(ai.CanonName),
					AddrValue(ai.Addr),
				}
			}
			return value.NewList(out), nil
		},
	},
	{
		Name:    "get_address_info",
		Aliases: []string{"addrinfo"},
		Section: SecAddrInfo,
		Params:  []Param{{Name: "HOST", Kind: KindHost}, {Name: "PORT", Kind: KindAny}},
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

// hostText is a host argument as the gethostby* functions take it: str or
// bytes, without NUL bytes.
func hostText(c *Call, i int) (string, error) {
	var s string
	switch v := c.Arg(i).(type) {
	case value.Str:
		s = string(v)
	case value.Bytes:
		s = string(v)
	case value.NoneType:
		return "", Errorf(value.TypeError, "%s() argument %d must be str, bytes or bytearray, not None", c.Cmd.Name, i+1)
	default:
		return "", Errorf(value.TypeError, "%s() argument %d must be str, bytes or bytearray, not %s", c.Cmd.Name, i+1, value.TypeName(v))
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", Errorf(value.TypeError, "%s() argument %d must be encoded string without null bytes, not %s", c.Cmd.Name, i+1, value.TypeName(c.Arg(i)))
	}
	return s, nil
}

// runHostEntry is the handler of a lookup that answers a host's entry
// (gethostbyname_ex, gethostbyaddr) for the host text of argument 0.
func runHostEntry(lookup func(host string) (netinfo.HostEntry, error)) func(*Call) (value.Value, error) {
	return func(c *Call) (value.Value, error) {
		host, err := hostText(c, 0)
		if err != nil {
			return nil, err
		}
		he, err := lookup(host)
		if err != nil {
			return nil, err
		}
		return hostEntryValue(he), nil
	}
}

// hostEntryValue is a host entry as Python gives it: (name, [aliases],
// [addresses]).
func hostEntryValue(he netinfo.HostEntry) value.Value {
	aliases, addrs := []value.Value{}, []value.Value{}
	for _, a := range he.Aliases {
		aliases = append(aliases, value.Str(a))
	}
	for _, a := range he.Addrs {
		addrs = append(addrs, value.Str(a.String()))
	}
	return value.Tuple{value.Str(he.Name), value.NewList(aliases), value.NewList(addrs)}
}

func runGetservbyname(c *Call) (value.Value, error) {
	name, err := c.Text(0)
	if err != nil {
		return nil, err
	}
	proto, err := c.Text(1)
	if err != nil {
		return nil, err
	}
	port, err := netinfo.ServByName(*name, proto)
	if err != nil {
		return nil, err
	}
	return value.Int(port), nil
}

func runGetservbyport(c *Call) (value.Value, error) {
	port, err := c.CInt(0, 0)
	if err != nil {
		return nil, err
	}
	proto, err := c.Text(1)
	if err != nil {
		return nil, err
	}
	name, err := netinfo.ServByPort(port, proto)
	if errors.Is(err, netinfo.ErrPortRange) {
		return nil, Errorf(value.OverflowError, "%s", err.Error())
	}
	if err != nil {
		return nil, err
	}
	return value.Str(name), nil
}

// The default range of `services`: the well-known ports.
const (
	defaultLowPort  = 0
	defaultHighPort = 1023
)

func runServices(c *Call) (value.Value, error) {
	low, err := c.CInt(0, defaultLowPort)
	if err != nil {
		return nil, err
	}
	high, err := c.CInt(1, defaultHighPort)
	if err != nil {
		return nil, err
	}
	for _, b := range []struct {
		name string
		n    int
	}{{"LOW", low}, {"HIGH", high}} {
		if b.n < 0 || b.n > 0xffff {
			return nil, Errorf(value.ValueError, "services: %s must be a port, 0-65535, not %d", b.name, b.n)
		}
	}
	if low > high {
		return nil, Errorf(value.ValueError, "services: LOW (%d) is above HIGH (%d)", low, high)
	}
	list, err := netinfo.ServicesInRange(low, high)
	if err != nil {
		return nil, err
	}
	for _, line := range serviceLines(list) {
		// A port's names go on under themselves on a narrow terminal.
		const indent = "       " // "%5d  "
		if w := c.S.Width(); w > 0 {
			line = line[:len(indent)] + strings.ReplaceAll(Wrap(line[len(indent):], max(w-len(indent), 1), ""), "\n", "\n"+indent)
		}
		c.S.Out.WriteString(strings.ReplaceAll(line, NBSP, " "))
		c.S.Out.WriteByte('\n')
	}
	if len(list) == 0 && c.S.Opts.Interactive {
		c.S.Notef("no service in %s uses a port from %d to %d", netinfo.ServicesFile, low, high)
	}
	return value.None, nil
}

// serviceLines formats services sorted by port, one line per port:
// "   21  ftp (tcp), fsp (udp)", each name with the protocols it is listed
// for, in file order. A name and its protocols are joined by no-break
// spaces, so that a narrow terminal's line breaks only between two
// names.
func serviceLines(list []netinfo.Service) []string {
	var lines []string
	for i := 0; i < len(list); {
		port := list[i].Port
		var names []string
		protos := map[string][]string{}
		for ; i < len(list) && list[i].Port == port; i++ {
			s := list[i]
			if _, seen := protos[s.Name]; !seen {
				names = append(names, s.Name)
			}
			protos[s.Name] = append(protos[s.Name], s.Proto)
		}
		parts := make([]string, len(names))
		for j, n := range names {
			parts[j] = n + NBSP + "(" + strings.Join(protos[n], ","+NBSP) + ")"
		}
		lines = append(lines, fmt.Sprintf("%5d  %s", port, strings.Join(parts, ", ")))
	}
	return lines
}

func runGetnameinfo(c *Call) (value.Value, error) {
	host, ok := c.Arg(0).(value.Str)
	if !ok {
		return nil, Errorf(value.TypeError, "getnameinfo(): illegal sockaddr argument")
	}
	if strings.IndexByte(string(host), 0) >= 0 {
		return nil, Errorf(value.ValueError, "embedded null character")
	}
	port, err := c.CInt(1, 0)
	if err != nil {
		return nil, err
	}
	flags, err := c.CInt(2, 0)
	if err != nil {
		return nil, err
	}
	name, serv, err := netinfo.GetNameInfo(string(host), port, flags)
	if err != nil {
		return nil, err
	}
	return value.Tuple{value.Str(name), value.Str(serv)}, nil
}

// constantEntry is one entry of get_constants' dict.
type constantEntry struct {
	key  value.Value
	num  int64
	name string
}

// constantsMap is the lecture helper's {getattr(socket, n): n ...} for
// prefix: names in sorted order, a later name with an equal value taking
// over the entry (whose key, the first one's constant, stays).
func constantsMap(prefix string) []constantEntry {
	var entries []constantEntry
	at := map[int64]int{}
	for _, k := range netinfo.Constants(prefix) {
		if i, ok := at[k.Value]; ok {
			entries[i].name = k.Name
			continue
		}
		at[k.Value] = len(entries)
		entries = append(entries, constantEntry{key: ConstValue(k.Class, k.Value), num: k.Value, name: k.Name})
	}
	return entries
}

// constantName is constantsMap(prefix)[value], or a KeyError as the helper
// raises for a value it has no name for.
func constantName(prefix string, key value.Value) (string, error) {
	n, _ := value.IntOf(key)
	for _, e := range constantsMap(prefix) {
		if e.num == n {
			return e.name, nil
		}
	}
	return "", Errorf(value.KeyError, "%s", key.Repr())
}

func runGetConstants(c *Call) (value.Value, error) {
	prefix := value.StrOf(c.Arg(0))
	entries := constantsMap(prefix)
	if len(entries) == 0 {
		e := Errorf(value.ValueError, "no socket constant starts with %s", value.Str(prefix).Repr())
		WithSuggestion(e, value.Suggest(prefix, constantPrefixes()))
		e.Hint = "try AF_, SOCK_, IPPROTO_, SOL_, SO_, AI_, NI_, MSG_ or SHUT_"
		return nil, e
	}
	// IPython shows a dict with its keys sorted; so does the lecture.
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].num < entries[j].num })
	d := value.NewDict()
	for _, e := range entries {
		d.Set(e.key, value.Str(e.name))
	}
	return d, nil
}

// constantPrefixes lists each constant name's part up to its first "_".
func constantPrefixes() []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range netinfo.ConstantNames() {
		if i := strings.IndexByte(n, '_'); i > 0 && !seen[n[:i+1]] {
			seen[n[:i+1]] = true
			out = append(out, n[:i+1])
		}
	}
	return out
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
func addrInfo(c *Call) ([]netinfo.AddrInfo, error) {
	host, ok := optionalText(c.Arg(0))
	if !ok {
		return nil, Errorf(value.TypeError, "getaddrinfo() argument 1 must be string or None")
	}
	port, ok := optionalText(c.Arg(1))
	if n, isInt := c.Arg(1).(value.Int); isInt { // an exact int only: Python refuses a bool or an enum here
		s := fmt.Sprint(int64(n))
		port, ok = &s, true
	}
	if !ok {
		return nil, Errorf(value.OSError, "Int or String expected")
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

func runGetAddressInfo(c *Call) (value.Value, error) {
	ais, err := addrInfo(c)
	if err != nil {
		return nil, err
	}
	w := c.S.Out
	for _, ai := range ais {
		family, err := constantName("AF_", ConstValue(netinfo.ClassAddressFamily, int64(ai.Family)))
		if err != nil {
			return nil, err
		}
		typ, err := constantName("SOCK_", ConstValue(netinfo.ClassSocketKind, int64(ai.Type)))
		if err != nil {
			return nil, err
		}
		proto, err := constantName("IPPROTO_", value.Int(ai.Proto))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(w, "family: %s\ntype: %s\nprotocol: %s\ncanonical name: %s\nsocket address: %s\n\n",
			family, typ, proto, printable(ai.CanonName), AddrValue(ai.Addr).Repr())
	}
	return value.None, nil
}

// printable is s as it is when it is safe to show on a terminal, else its
// repr: a canonical name comes from DNS, and a peer must not be able to
// drive the terminal.
func printable(s string) string {
	if value.Printable(s) {
		return s
	}
	return value.Str(s).Repr()
}

// adaptSockaddr takes getnameinfo's Python arguments (sockaddr, flags) to
// the command's HOST PORT FLAGS.
func adaptSockaddr(args []value.Value) ([]value.Value, error) {
	t, ok := args[0].(value.Tuple)
	if !ok {
		return nil, Errorf(value.TypeError, "getnameinfo() argument 1 must be a tuple")
	}
	if len(t) < 2 || len(t) > 4 {
		return nil, Errorf(value.TypeError, "getnameinfo(): illegal sockaddr argument")
	}
	return []value.Value{t[0], t[1], args[1]}, nil
}
