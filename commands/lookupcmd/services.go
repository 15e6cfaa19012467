package lookupcmd

import (
	"errors"
	"fmt"
	"strings"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/internal/layout"
	"sockshell/netinfo"
)

// serviceCommands look up ports and service names in the services database.
var serviceCommands = []*commands.Command{
	{
		Name:    "getservbyname",
		Py:      &commands.PySig{Style: value.Takes, Params: []string{"servicename", "protocolname"}, Min: 1},
		Section: commands.SecServices,
		Params:  []commands.Param{{Name: "NAME", Kind: commands.KindText}, {Name: "PROTO", Kind: commands.KindText, Optional: true}},
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
		Py:      &commands.PySig{Style: value.Takes, Params: []string{"port", "protocolname"}, Min: 1},
		Section: commands.SecServices,
		Params:  []commands.Param{{Name: "PORT", Kind: commands.KindAny}, {Name: "PROTO", Kind: commands.KindText, Optional: true}},
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
		Section: commands.SecServices,
		Params:  []commands.Param{{Name: "LOW", Kind: commands.KindAny, Optional: true}, {Name: "HIGH", Kind: commands.KindAny, Optional: true}},
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
}

func runGetservbyname(c *commands.Call) (value.Value, error) {
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

func runGetservbyport(c *commands.Call) (value.Value, error) {
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
		return nil, commands.Errorf(value.OverflowError, "%s", err.Error())
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

func runServices(c *commands.Call) (value.Value, error) {
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
			return nil, commands.Errorf(value.ValueError, "services: %s must be a port, 0-65535, not %d", b.name, b.n)
		}
	}
	if low > high {
		return nil, commands.Errorf(value.ValueError, "services: LOW (%d) is above HIGH (%d)", low, high)
	}
	list, err := netinfo.ServicesInRange(low, high)
	if err != nil {
		return nil, err
	}
	for _, line := range serviceLines(list) {
		// A port's names go on under themselves on a narrow terminal.
		const indent = "       " // "%5d  "
		if w := c.S.Width(); w > 0 {
			line = line[:len(indent)] + strings.ReplaceAll(layout.Wrap(line[len(indent):], max(w-len(indent), 1), ""), "\n", "\n"+indent)
		}
		c.S.Out.WriteString(strings.ReplaceAll(line, layout.NBSP, " "))
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
			parts[j] = n + layout.NBSP + "(" + strings.Join(protos[n], ","+layout.NBSP) + ")"
		}
		lines = append(lines, fmt.Sprintf("%5d  %s", port, strings.Join(parts, ", ")))
	}
	return lines
}
