package lookupcmd

import (
	"strings"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// hostCommands look up host names and addresses.
var hostCommands = []*commands.Command{
	{
		Name:    "gethostname",
		Py:      &commands.PySig{Style: value.NoArgs, Qual: "_socket.gethostname"},
		Section: commands.SecHosts,
		Summary: "this machine's host name",
		Help: `Gives the name of the machine you are on, as socket.gethostname does.

Example:
  sockshell> gethostname
  'vm'`,
		Run: func(c *commands.Call) (value.Value, error) {
			name, err := netinfo.Hostname()
			if err != nil {
				return nil, err
			}
			return value.Str(name), nil
		},
	},
	{
		Name:    "gethostbyname",
		Py:      &commands.PySig{Style: value.Takes, Params: []string{"hostname"}, Min: 1},
		Section: commands.SecHosts,
		Params:  []commands.Param{{Name: "HOST", Kind: commands.KindHost}},
		Summary: "the IPv4 address of a host name",
		Help: `Resolves HOST (a name or a numeric address) to one IPv4 address, as
socket.gethostbyname does: the hosts file (/etc/hosts) first, then DNS.
An empty HOST gives the wildcard address 0.0.0.0.

Example:
  sockshell> gethostbyname localhost
  '127.0.0.1'`,
		Run: func(c *commands.Call) (value.Value, error) {
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
		Py:      &commands.PySig{Style: value.Takes, Params: []string{"hostname"}, Min: 1},
		Section: commands.SecHosts,
		Params:  []commands.Param{{Name: "HOST", Kind: commands.KindHost}},
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
		Py:      &commands.PySig{Style: value.Takes, Params: []string{"ip_address"}, Min: 1},
		Section: commands.SecHosts,
		Params:  []commands.Param{{Name: "IP", Kind: commands.KindHost}},
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
		Py:      &commands.PySig{Style: value.Takes, Params: []string{"sockaddr", "flags"}, Min: 2, Adapt: adaptSockaddr},
		Section: commands.SecHosts,
		Params: []commands.Param{
			{Name: "HOST", Kind: commands.KindHost},
			{Name: "PORT", Kind: commands.KindAny},
			{Name: "FLAGS", Kind: commands.KindConst, Prefix: "NI_", Optional: true},
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
}

// hostText is a host argument as the gethostby* functions take it: str or
// bytes, without NUL bytes.
func hostText(c *commands.Call, i int) (string, error) {
	var s string
	switch v := c.Arg(i).(type) {
	case value.Str:
		s = string(v)
	case value.Bytes:
		s = string(v)
	case value.NoneType:
		return "", commands.Errorf(value.TypeError, "%s() argument %d must be str, bytes or bytearray, not None", c.Cmd.Name, i+1)
	default:
		return "", commands.Errorf(value.TypeError, "%s() argument %d must be str, bytes or bytearray, not %s", c.Cmd.Name, i+1, value.TypeName(v))
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", commands.Errorf(value.TypeError, "%s() argument %d must be encoded string without null bytes, not %s", c.Cmd.Name, i+1, value.TypeName(c.Arg(i)))
	}
	return s, nil
}

// runHostEntry is the handler of a lookup that answers a host's entry
// (gethostbyname_ex, gethostbyaddr) for the host text of argument 0.
func runHostEntry(lookup func(host string) (netinfo.HostEntry, error)) func(*commands.Call) (value.Value, error) {
	return func(c *commands.Call) (value.Value, error) {
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

func runGetnameinfo(c *commands.Call) (value.Value, error) {
	host, ok := c.Arg(0).(value.Str)
	if !ok {
		return nil, commands.Errorf(value.TypeError, "getnameinfo(): illegal sockaddr argument")
	}
	if strings.IndexByte(string(host), 0) >= 0 {
		return nil, commands.Errorf(value.ValueError, "embedded null character")
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

// adaptSockaddr takes getnameinfo's Python arguments (sockaddr, flags) to
// the command's HOST PORT FLAGS.
func adaptSockaddr(args []value.Value) ([]value.Value, error) {
	t, ok := args[0].(value.Tuple)
	if !ok {
		return nil, commands.Errorf(value.TypeError, "getnameinfo() argument 1 must be a tuple")
	}
	if len(t) < 2 || len(t) > 4 {
		return nil, commands.Errorf(value.TypeError, "getnameinfo(): illegal sockaddr argument")
	}
	return []value.Value{t[0], t[1], args[1]}, nil
}
