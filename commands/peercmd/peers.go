package peercmd

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/internal/layout"
	"sockshell/netinfo"
	"sockshell/netinfo/peers"
)

// peerCommands run the local peers: servers the session carries with it,
// and relays (proxy, in proxy.go).
var peerCommands = []*commands.Command{
	{
		Name:    "serve",
		Section: commands.SecPeers,
		Params: []commands.Param{
			{Name: "KIND", Kind: commands.KindText, Choices: kindNames()},
			{Name: "HOST", Kind: commands.KindAny, Optional: true},
			{Name: "PORT", Kind: commands.KindAny},
			{Name: halfClose, Kind: commands.KindAny, Optional: true, Choices: []string{halfClose}},
		},
		Options: peerOptions(true),
		Summary: "run " + kindList("/"),
		Help: `Starts a server in the background of the session and returns it; the
prompt comes back at once and the server runs until stop, or the end of
the session. PORT 0 picks a free port (the result shows which). HOST is
127.0.0.1 unless given; giving 0.0.0.0, :: or a machine's own address
makes the server reachable from the network, and the shell warns.

  echo      sends back whatever it receives (RFC 862; TCP and UDP)
  http      a small HTTP/1.1 server: GET / answers 200 OK with a page,
            other paths 404; keep-alive, 400 for a malformed request
  daytime   sends the date and time as a line of text (RFC 867; TCP, UDP)
  discard   reads and drops everything (RFC 863; TCP and UDP)
  chargen   sends lines of characters until you close (RFC 864; TCP)
  chat      a broker, as ncat --broker: each line a client sends goes to
            every other client (log shows who said what)
  tls-echo  echo over TLS, with a certificate from the session's CA
  https     the http server over TLS

Each connection is served on its own, so a slow client never holds up
another. Limits per server: 1024 open connections (more are closed at
once; http answers them 503) and 5 minutes idle (a connection that sends
nothing, or takes nothing, for that long is closed).

Options, one word each after the port, make a server misbehave on
purpose; each breaks an assumption a first client program tends to make:

` + optionsHelp(true) + `

An option that changes nothing on a kind (split on discard) gets a note.
Over TLS the options shape what the client's recv gets, after the
handshake. proxy takes the same options.

tls-echo and https present a certificate for localhost, 127.0.0.1 and
::1, signed by a certificate authority (CA) made for the session. A
client trusts it once given the CA's certificate (curl --cacert FILE,
openssl s_client -CAfile FILE, Python's cafile=FILE), which serve writes
to FILE with ca=FILE, or else to ca.pem in a directory made for the
session under $TMPDIR (or /tmp) and removed when the session ends; the
result and servers show where. ca=FILE replaces a CA file of an earlier
session, nothing else. cert=FLAW presents a certificate wrong on purpose:
expired, wrong-host (made for wrong-host.invalid only), unknown-ca
(signed by a CA nobody trusts) or self-signed.

Example:
  sockshell> serve echo 10000
  <echo server 1 listening on ('127.0.0.1', 10000) TCP+UDP>
  sockshell> serve echo 10001 split=1 delay=0.2
  sockshell> web = serve https 0 ca=ca.pem
  sockshell> web.port`,
		Run: runServe,
	},
	{
		Name:    "servers",
		Section: commands.SecPeers,
		Summary: "list the local servers with their counters",
		Help: `Lists the running local servers: id, service, address, protocols, open
connections, connections so far, and bytes received (IN) and sent (OUT);
for a relay, IN and OUT count its clients' side. Below, for the servers
that have any: their options, a relay's target with the bytes sent to it
and received from it, and where a TLS server's CA certificate is.

Example:
  sockshell> servers`,
		Run: runServers,
	},
	{
		Name:    "stop",
		Section: commands.SecPeers,
		Params:  []commands.Param{{Name: "ID", Kind: commands.KindAny}},
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
		Section: commands.SecPeers,
		Params:  []commands.Param{{Name: "SECONDS", Kind: commands.KindNumber, Optional: true}},
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
		Section: commands.SecPeers,
		Params:  []commands.Param{{Name: "on|off", Kind: commands.KindText, Optional: true, Choices: []string{"on", "off"}}},
		Summary: "show the local servers' connections as they happen",
		Help: `log on makes the local servers report each connection on stderr as it
happens: who connected, what they sent and got back (the first bytes,
escaped, as many as fit the line), and how it ended; a relay, what it
passed each way (-> target, <- target); chat, who said what; a TLS
server, what its handshakes agreed. log off stops it; log alone says
which. The -v flag starts a session with the log on.

Example:
  sockshell> log on
  sockshell> log off`,
		Run: runLog,
	},
	proxyCommand,
}

// peerSet is a session's local servers.
type peerSet struct {
	group  *peers.Group
	log    *peerLog     // the log's view of the connections (log.go)
	relays *relayRecord // the relays' events, for the diagram (relays.go)
	// caDefault is the session's own CA file, once written (ca.go);
	// caFiles is where each TLS server's CA certificate was written when
	// it started, by server id.
	caDefault string
	caFiles   map[int]string
}

// peerSetKey keys the session's peerSet in its State.
type peerSetKey struct{}

// sessionPeers returns the session's servers, making the set (and
// arranging for the end of the session to stop them) on first use.
func sessionPeers(s *commands.Session) *peerSet {
	return s.State(peerSetKey{}, func() any {
		ps := &peerSet{group: peers.NewGroup(), log: newPeerLog(s), relays: new(relayRecord), caFiles: make(map[int]string)}
		s.OnClose(ps.group.Close)
		if s.Opts.Verbose {
			ps.group.SetLog(ps.log.event)
		}
		return ps
	}).(*peerSet)
}

// ServerAt names the session's server listening at ap ("echo server 1"),
// or "": package diagramcmd's name for the lane of a peer that is one of
// them.
func ServerAt(s *commands.Session, ap netip.AddrPort) string {
	for _, srv := range sessionPeers(s).group.Servers() {
		a := srv.Addr()
		if a.Port() == ap.Port() && (a.Addr().Unmap() == ap.Addr() || a.Addr().IsUnspecified()) {
			return fmt.Sprintf("%s server %d", srv.Kind, srv.ID)
		}
	}
	return ""
}

// addrPortArg reads a host and a port given to serve or proxy (hostName
// and portName say which, for messages) as an address; a nil host is
// 127.0.0.1. Port 0 is taken only when zero is true (a port to listen on).
func addrPortArg(c *commands.Call, hostName, portName string, hostV, portV value.Value, zero bool) (netip.AddrPort, error) {
	if hostV == nil {
		hostV = value.Str("127.0.0.1")
	}
	host, ok := hostV.(value.Str)
	if !ok {
		return netip.AddrPort{}, commands.Errorf(value.TypeError, "%s: %s must be a host name or address (str), not %s", c.Cmd.Name, hostName, value.TypeName(hostV))
	}
	port, ok := value.IntOf(portV)
	if !ok {
		return netip.AddrPort{}, commands.Errorf(value.TypeError, "%s: %s must be an integer, not %s", c.Cmd.Name, portName, value.TypeName(portV))
	}
	if port < 0 || port > 65535 {
		return netip.AddrPort{}, commands.Errorf(value.OverflowError, "%s: port must be 0-65535.", c.Cmd.Name)
	}
	if port == 0 && !zero {
		return netip.AddrPort{}, commands.Errorf(value.ValueError, "%s: %s must be 1-65535: the port the server listens on", c.Cmd.Name, portName)
	}
	family := unix.AF_INET
	if strings.Contains(string(host), ":") {
		family = unix.AF_INET6
	}
	a, err := netinfo.IPAddr(family, string(host), int(port))
	if err != nil {
		return netip.AddrPort{}, err
	}
	ip := a.IP.Unmap() // ::ffff:127.0.0.1 is served as 127.0.0.1
	if a.ScopeID != 0 {
		ip = ip.WithZone(strconv.FormatUint(uint64(a.ScopeID), 10))
	}
	return netip.AddrPortFrom(ip, uint16(port)), nil
}

// given returns the arguments given, in order, from index i on.
func given(c *commands.Call, i int) []value.Value {
	var vs []value.Value
	for _, v := range c.Args[i:] {
		if v != nil {
			vs = append(vs, v)
		}
	}
	return vs
}

func runServe(c *commands.Call) (value.Value, error) {
	name := value.StrOf(c.Arg(0))
	kind, ok := peers.ParseKind(name)
	if !ok {
		return nil, commands.Errorf(value.ValueError, "serve: no service called '%s' (choose %s)", value.ForMessage(name), kindList(", "))
	}
	// [HOST] PORT [half_close]: a port is a number and half_close is not,
	// so a number second means a host first.
	var hostV, portV value.Value
	args := given(c, 1)
	if len(args) > 1 && isNumber(args[1]) {
		hostV, portV, args = args[0], args[1], args[2:]
	} else {
		portV, args = args[0], args[1:]
	}
	addr, err := addrPortArg(c, "HOST", "PORT", hostV, portV, true)
	if err != nil {
		return nil, err
	}
	opts, err := parsePeerOptions(c, args)
	if err != nil {
		return nil, err
	}
	var ca string
	if v := c.Opt(caOption); v != nil {
		ca = optionText(v)
	}
	if !kind.TLS() && (opts.Cert != peers.Sound || c.Opt(caOption) != nil) {
		word := "cert=" + opts.Cert.String()
		if opts.Cert == peers.Sound {
			word = "ca=" + value.ForMessage(ca)
		}
		return nil, commands.Errorf(value.ValueError, "serve: %s is for the TLS servers (tls-echo, https); %s has no certificate", word, kind)
	}
	ps := sessionPeers(c.S)
	var caFile string
	if kind.TLS() {
		// Before the start, so that a file that can't be written stops it.
		if caFile, err = WriteCA(c.S, ca); err != nil {
			return nil, err
		}
	}
	srv, err := ps.group.StartWith(kind, addr, peers.Limits{}, opts)
	if err != nil {
		return nil, err
	}
	if caFile != "" {
		ps.caFiles[srv.ID] = caFile
	}
	if note := noEffectNote(kind, opts); note != "" {
		c.S.NoteFit("%s", note)
	}
	warnReachable(c, srv)
	return &Server{srv: srv, caFile: caFile}, nil
}

// isNumber reports whether v is a number (a port given as a float is
// still where a port goes, for its error).
func isNumber(v value.Value) bool {
	switch v.(type) {
	case value.Int, value.Float, value.Bool, *value.BigInt:
		return true
	}
	return false
}

// warnReachable warns when a server listens beyond loopback.
func warnReachable(c *commands.Call, srv *peers.Server) {
	if !srv.Addr().Addr().IsLoopback() {
		c.S.NoteFit("warning: the %s server listens on %s, so it is reachable from the network, not only from this machine", srv.Kind, addrPortValue(srv.Addr()).Repr())
	}
}

func runServers(c *commands.Call) (value.Value, error) {
	w := c.S.Out
	var rows, details [][]string
	ps := sessionPeers(c.S)
	for _, srv := range ps.group.Servers() {
		st := srv.Stats()
		id := strconv.Itoa(srv.ID)
		rows = append(rows, []string{
			id, string(srv.Kind), addrPortValue(srv.Addr()).Repr(), protocols(srv),
			strconv.Itoa(st.Open), strconv.Itoa(st.Total), strconv.FormatInt(st.In, 10), strconv.FormatInt(st.Out, 10),
		})
		for i, d := range ps.details(srv) {
			if i > 0 {
				id = "" // one setting a line, the id on the first
			}
			details = append(details, []string{id, d})
		}
	}
	if len(rows) == 0 {
		fmt.Fprintln(w, "no servers running")
		return value.None, nil
	}
	cols := append(layout.PlainColumns("ID", "KIND"), layout.AddrColumn("ADDRESS"))
	cols = append(cols, layout.PlainColumns("PROTO", "OPEN", "TOTAL", "IN", "OUT")...)
	layout.PrintTable(w, c.S.Width(), cols, rows)
	if len(details) > 0 {
		fmt.Fprintln(w)
		layout.PrintTable(w, c.S.Width(), append(layout.PlainColumns("ID"), layout.WrapColumn("SETTINGS")), details)
	}
	return value.None, nil
}

// details says what sets a server apart, for servers, a line each: a
// relay's target and the bytes to and from it, the options, where the CA
// file is.
func (ps *peerSet) details(srv *peers.Server) []string {
	var lines []string
	if t := srv.Target(); t.IsValid() {
		st := srv.Stats()
		lines = append(lines, fmt.Sprintf("target %s: %d byte%s to it, %d from it",
			addrPortValue(t).Repr(), st.ToTarget, value.Plural(int(st.ToTarget)), st.FromTarget))
	}
	if o := srv.Options().String(); o != "" {
		lines = append(lines, o)
	}
	if f := ps.caFiles[srv.ID]; f != "" {
		lines = append(lines, "CA file "+value.Safe(f, ""))
	}
	return lines
}

func runStop(c *commands.Call) (value.Value, error) {
	arg := c.Arg(0)
	if name, ok := arg.(value.Str); ok {
		if name == "all" {
			sessionPeers(c.S).group.StopAll()
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
		return nil, commands.Errorf(value.TypeError, "stop: ID must be a server's id, a server, or all, not %s", value.TypeName(arg))
	}
	if srv, ok := sessionPeers(c.S).group.Get(int(id)); ok {
		srv.Stop()
		return value.None, nil
	}
	e := commands.Errorf(value.ValueError, "stop: no server %d is running", id)
	e.Hint = "`servers` lists the running servers and their ids"
	return nil, e
}

func runWait(c *commands.Call) (value.Value, error) {
	ctx := c.Ctx
	if v := c.Arg(0); v != nil {
		secs, ok := value.FloatOf(v)
		if !ok || secs < 0 {
			return nil, commands.Errorf(value.ValueError, "wait: SECONDS must be 0 or more")
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(secs*float64(time.Second)))
		defer cancel()
	}
	ps := sessionPeers(c.S)
	if len(ps.group.Servers()) == 0 {
		if c.S.Opts.Interactive {
			c.S.Notef("no server is running: nothing to wait for")
		}
		return value.None, nil
	}
	if c.S.Opts.Interactive {
		c.S.Notef("waiting while the servers run; Ctrl-C returns to the prompt (they keep running)")
	}
	c.S.Flush() // a standalone server shows its address before it blocks
	if err := ps.group.Wait(ctx); err != nil && c.Ctx.Err() != nil {
		return nil, netinfo.ErrInterrupted
	}
	return value.None, nil
}

func runLog(c *commands.Call) (value.Value, error) {
	ps := sessionPeers(c.S)
	switch v := c.Arg(0); v {
	case nil:
		state := "off"
		if ps.group.Logging() {
			state = "on"
		}
		fmt.Fprintf(c.S.Out, "log is %s\n", state)
	case value.Str("on"):
		ps.group.SetLog(ps.log.event)
	case value.Str("off"):
		ps.group.SetLog(nil)
		ps.log.forget()
	default:
		return nil, commands.Errorf(value.ValueError, "log: say on or off, not %s", value.ForMessage(v.Repr()))
	}
	return value.None, nil
}
