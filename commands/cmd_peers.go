package commands

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
	"sockshell/netinfo"
	"sockshell/netinfo/peers"
)

// peerCommands run the local peers: servers the session carries with it.
var peerCommands = []*Command{
	{
		Name:    "serve",
		Section: SecPeers,
		Params: []Param{
			{Name: "KIND", Kind: KindText, Choices: kindNames()},
			{Name: "HOST", Kind: KindAny, Optional: true},
			{Name: "PORT", Kind: KindAny},
		},
		Summary: "run a local server: echo, http, daytime, discard or chargen",
		Help: `Starts a server in the background of the session and returns it; the
prompt comes back at once and the server runs until stop, or the end of
the session. PORT 0 picks a free port (the result shows which). HOST is
127.0.0.1 unless given; giving 0.0.0.0, :: or a machine's own address
makes the server reachable from the network, and the shell warns.

  echo     sends back whatever it receives (RFC 862; TCP and UDP)
  http     a small HTTP/1.1 server: GET / answers 200 OK with a page,
           other paths 404; keep-alive, 400 for a malformed request
  daytime  sends the date and time as a line of text (RFC 867; TCP, UDP)
  discard  reads and drops everything (RFC 863; TCP and UDP)
  chargen  sends lines of characters until you close (RFC 864; TCP)

Each connection is served on its own, so a slow client never holds up
another. Limits per server: 1024 open connections (more are closed at
once; http answers them 503) and 5 minutes idle (a connection that sends
nothing, or takes nothing, for that long is closed).

Example:
  sockshell> serve echo 10000
  <echo server 1 listening on ('127.0.0.1', 10000) TCP+UDP>
  sockshell> web = serve http 0
  sockshell> web.port`,
		Run: runServe,
	},
	{
		Name:    "servers",
		Section: SecPeers,
		Summary: "list the local servers with their counters",
		Help: `Lists the running local servers: id, service, address, protocols, open
connections, connections so far, and bytes received (IN) and sent (OUT).

Example:
  sockshell> servers`,
		Run: runServers,
	},
	{
		Name:    "stop",
		Section: SecPeers,
		Params:  []Param{{Name: "ID", Kind: KindAny}},
		Summary: "stop a local server (or all of them)",
		Help: `Stops the server with that id (as servers lists it, or a variable holding
the server): its listener closes and so does every connection it has
open. stop all stops every server.

Example:
  sockshell> stop 1
  sockshell> stop all`,
		Run: runStop,
	},
	{
		Name:    "wait",
		Section: SecPeers,
		Params:  []Param{{Name: "SECONDS", Kind: KindNumber, Optional: true}},
		Summary: "wait until Ctrl-C, or until every server has stopped",
		Help: `Blocks while the local servers run: until Ctrl-C, until every server
has stopped, or, given SECONDS, until that much time has passed. The
timeout of scripts does not apply, so

  sockshell -c 'serve echo 10000; wait'

is a standalone echo server (add -v to see each connection). In a
script Ctrl-C or SIGTERM ends the session and stops the servers; at the
prompt Ctrl-C only ends the wait and the servers keep running.

Example:
  sockshell> wait 2.5`,
		Run: runWait,
	},
	{
		Name:    "log",
		Section: SecPeers,
		Params:  []Param{{Name: "on|off", Kind: KindText, Optional: true, Choices: []string{"on", "off"}}},
		Summary: "show the local servers' connections as they happen",
		Help: `log on makes the local servers report each connection on stderr as it
happens: who connected, what they sent and got back (the first 64 bytes,
escaped), and how it ended. log off stops it; log alone says which.
The -v flag starts a session with the log on.

Example:
  sockshell> log on
  sockshell> log off`,
		Run: runLog,
	},
}

// peerSet is a session's local servers.
type peerSet struct {
	group *peers.Group
}

// peerSet returns the session's servers, making the set (and arranging for
// the end of the session to stop them) on first use.
func (s *Session) peerSet() *peerSet {
	if s.peers == nil {
		ps := &peerSet{group: peers.NewGroup()}
		s.peers = ps
		s.OnClose(ps.group.Close)
		if s.Opts.Verbose {
			ps.group.SetLog(s.logEvent)
		}
	}
	return s.peers
}

// Server is a local server as a shell value.
type Server struct {
	srv *peers.Server
}

// Repr describes the server: <echo server 1 listening on ('127.0.0.1', 10000) TCP+UDP>.
func (v *Server) Repr() string {
	state := "listening on"
	if v.srv.Stopped() {
		state = "[stopped] was on"
	}
	return fmt.Sprintf("<%s server %d %s %s %s>", v.srv.Kind, v.srv.ID, state, addrPortValue(v.srv.Addr()).Repr(), protocols(v.srv))
}

// serverClass is the class of local servers.
var serverClass = &value.Class{Name: "server", Module: "sockshell", Base: value.ObjectType}

// Type is the class of local servers.
func (v *Server) Type() *value.Class { return serverClass }

// Attr gives the server's fields: id, kind, laddr, host, port.
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
	}
	return nil, false
}

// AttrNames lists the server's fields.
func (v *Server) AttrNames() []string { return []string{"host", "id", "kind", "laddr", "port"} }

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
	return addrValue(a)
}

func runServe(c *Call) (value.Value, error) {
	name := value.StrOf(c.Arg(0))
	kind, ok := peers.ParseKind(name)
	if !ok {
		var kinds []string
		for _, k := range peers.Kinds() {
			kinds = append(kinds, string(k))
		}
		return nil, errorf(value.ValueError, "serve: no service called '%s' (choose %s)", value.ForMessage(name), strings.Join(kinds, ", "))
	}
	hostV, portV := c.Arg(1), c.Arg(2)
	if portV == nil {
		hostV, portV = value.Str("127.0.0.1"), c.Arg(1)
	}
	host, ok := hostV.(value.Str)
	if !ok {
		return nil, errorf(value.TypeError, "serve: HOST must be a host name or address (str), not %s", value.TypeName(hostV))
	}
	port, ok := value.IntOf(portV)
	if !ok {
		return nil, errorf(value.TypeError, "serve: PORT must be an integer, not %s", value.TypeName(portV))
	}
	if port < 0 || port > 65535 {
		return nil, errorf(value.OverflowError, "serve: port must be 0-65535.")
	}
	family := unix.AF_INET
	if strings.Contains(string(host), ":") {
		family = unix.AF_INET6
	}
	a, err := netinfo.IPAddr(family, string(host), int(port))
	if err != nil {
		return nil, err
	}
	ip := a.IP.Unmap() // ::ffff:127.0.0.1 is served as 127.0.0.1
	if a.ScopeID != 0 {
		ip = ip.WithZone(strconv.FormatUint(uint64(a.ScopeID), 10))
	}
	srv, err := c.S.peerSet().group.Start(kind, netip.AddrPortFrom(ip, uint16(port)), peers.Limits{})
	if err != nil {
		return nil, err
	}
	if !srv.Addr().Addr().IsLoopback() {
		c.S.Notef("warning: the %s server listens on %s, so it is reachable from the network, not only from this machine", kind, addrPortValue(srv.Addr()).Repr())
	}
	return &Server{srv: srv}, nil
}

func runServers(c *Call) (value.Value, error) {
	w := c.S.Out
	var rows [][]string
	if c.S.peers != nil {
		for _, srv := range c.S.peers.group.Servers() {
			st := srv.Stats()
			rows = append(rows, []string{
				strconv.Itoa(srv.ID), string(srv.Kind), addrPortValue(srv.Addr()).Repr(), protocols(srv),
				strconv.Itoa(st.Open), strconv.Itoa(st.Total), strconv.FormatInt(st.In, 10), strconv.FormatInt(st.Out, 10),
			})
		}
	}
	if len(rows) == 0 {
		fmt.Fprintln(w, "no servers running")
		return value.None, nil
	}
	printTable(w, c.S.Width(), []column{{header: "ID"}, {header: "KIND"}, addrColumn("ADDRESS"), {header: "PROTO"}, {header: "OPEN"}, {header: "TOTAL"}, {header: "IN"}, {header: "OUT"}}, rows)
	return value.None, nil
}

func runStop(c *Call) (value.Value, error) {
	arg := c.Arg(0)
	if name, ok := arg.(value.Str); ok {
		if name == "all" {
			if c.S.peers != nil {
				c.S.peers.group.StopAll()
			}
			return value.None, nil
		}
		if v, ok := c.S.Var(string(name)); ok {
			arg = v
		}
	}
	if v, ok := arg.(*Server); ok {
		v.srv.Stop()
		return value.None, nil
	}
	id, ok := value.IntOf(arg)
	if !ok {
		return nil, errorf(value.TypeError, "stop: ID must be a server's id, a server, or all, not %s", value.TypeName(arg))
	}
	if c.S.peers != nil {
		if srv, ok := c.S.peers.group.Get(int(id)); ok {
			srv.Stop()
			return value.None, nil
		}
	}
	e := errorf(value.ValueError, "stop: no server %d is running", id)
	e.Hint = "`servers` lists the running servers and their ids"
	return nil, e
}

func runWait(c *Call) (value.Value, error) {
	ctx := c.Ctx
	if v := c.Arg(0); v != nil {
		secs, ok := value.FloatOf(v)
		if !ok || secs < 0 {
			return nil, errorf(value.ValueError, "wait: SECONDS must be 0 or more")
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(secs*float64(time.Second)))
		defer cancel()
	}
	if c.S.peers == nil || len(c.S.peers.group.Servers()) == 0 {
		if c.S.Opts.Interactive {
			c.S.Notef("no server is running: nothing to wait for")
		}
		return value.None, nil
	}
	if c.S.Opts.Interactive {
		c.S.Notef("waiting while the servers run; Ctrl-C returns to the prompt (they keep running)")
	}
	c.S.Flush() // a standalone server shows its address before it blocks
	if err := c.S.peers.group.Wait(ctx); err != nil && c.Ctx.Err() != nil {
		return nil, netinfo.ErrInterrupted
	}
	return value.None, nil
}

func runLog(c *Call) (value.Value, error) {
	ps := c.S.peerSet()
	switch v := c.Arg(0); v {
	case nil:
		state := "off"
		if ps.group.Logging() {
			state = "on"
		}
		fmt.Fprintf(c.S.Out, "log is %s\n", state)
	case value.Str("on"):
		ps.group.SetLog(c.S.logEvent)
	case value.Str("off"):
		ps.group.SetLog(nil)
	default:
		return nil, errorf(value.ValueError, "log: say on or off, not %s", value.ForMessage(v.Repr()))
	}
	return value.None, nil
}

// logEvent writes one server event as a line on stderr. It runs on the
// peers' log goroutine, so it writes through Logf only.
func (s *Session) logEvent(ev peers.Event) {
	if ev.Dropped > 0 {
		s.Logf("[log] %d event%s not shown: they came faster than they could be written", ev.Dropped, value.Plural(ev.Dropped))
	}
	who := fmt.Sprintf("[%s %d] %s", ev.Kind, ev.Server, ev.Remote)
	if ev.Proto == "udp" {
		who = fmt.Sprintf("[%s %d] udp %s", ev.Kind, ev.Server, ev.Remote)
	}
	switch ev.Type {
	case peers.Connected:
		s.Logf("%s connected", who)
	case peers.Received, peers.Sent:
		verb := "received"
		if ev.Type == peers.Sent {
			verb = "sent"
		}
		data := value.Bytes(ev.Data).Repr()
		if ev.N > len(ev.Data) {
			data += "..."
		}
		s.Logf("%s %s %d byte%s: %s", who, verb, ev.N, value.Plural(ev.N), data)
	case peers.Request:
		s.Logf("%s %s", who, value.ForMessage(ev.Note))
	case peers.Closed:
		s.Logf("%s %s (%d byte%s in, %d out)", who, ev.Note, ev.In, value.Plural(int(ev.In)), ev.Out)
	case peers.Refused:
		s.Logf("%s turned away: the server has its maximum of connections open", who)
	}
}

// kindNames are the local servers' kinds, for serve's completion.
func kindNames() []string {
	var names []string
	for _, k := range peers.Kinds() {
		names = append(names, string(k))
	}
	return names
}
