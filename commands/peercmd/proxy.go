package peercmd

import (
	"errors"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo/peers"
)

// proxyCommand runs a relay: a local server that passes each client on
// to a target server, misbehaving on the way as its options say (what
// toxiproxy does for integration tests), so that a student's own client
// and own server meet a network that splits, delays and resets.
var proxyCommand = &commands.Command{
	Name:    "proxy",
	Section: commands.SecPeers,
	Params: []commands.Param{
		{Name: "HOST", Kind: commands.KindAny, Optional: true},
		{Name: "PORT", Kind: commands.KindAny},
		{Name: "TARGET_HOST", Kind: commands.KindAny},
		{Name: "TARGET_PORT", Kind: commands.KindAny},
		{Name: halfClose, Kind: commands.KindAny, Optional: true, Choices: []string{halfClose}},
	},
	Options: peerOptions(false),
	Summary: "relay clients to a server, misbehaving on the way as told",
	Help: `Starts a relay in the background of the session and returns it: it
listens on PORT (HOST is 127.0.0.1 unless given; PORT 0 picks a free
port) and, for each client, connects to TARGET_HOST TARGET_PORT and
copies bytes both ways until both sides have finished. A FIN is passed
on as a FIN, a reset as a reset; when the target can't be reached the
relay resets the client's connection. Put it between any client and any
server, your own included: the client connects to the relay instead.

The options are serve's, and act on what goes toward the client (what
the target sends); what the client sends goes to the target unchanged:

` + optionsHelp(false) + `

servers shows the bytes that passed each way; log on shows each chunk as
the relay passes it on: "-> target" toward the server, "<- target" back
toward the client. A relay whose target is itself is refused.

Example:
  sockshell> serve echo 30000
  sockshell> proxy 30001 127.0.0.1 30000 split=1 delay=0.1
  sockshell> servers`,
	Run: runProxy,
}

func runProxy(c *commands.Call) (value.Value, error) {
	// [HOST] PORT TARGET_HOST TARGET_PORT [half_close]: the last word is
	// half_close when it is text, since a port is a number.
	args := given(c, 0)
	var flags []value.Value
	if _, isText := args[len(args)-1].(value.Str); isText && len(args) > 3 {
		args, flags = args[:len(args)-1], args[len(args)-1:]
	}
	if len(args) == 3 {
		args = append([]value.Value{nil}, args...)
	}
	if len(args) != 4 {
		return nil, commands.Errorf(value.TypeError, "proxy: expected [HOST] PORT TARGET_HOST TARGET_PORT, then options (usage: %s)", c.Cmd.Usage())
	}
	addr, err := addrPortArg(c, "HOST", "PORT", args[0], args[1], true)
	if err != nil {
		return nil, err
	}
	target, err := addrPortArg(c, "TARGET_HOST", "TARGET_PORT", args[2], args[3], false)
	if err != nil {
		return nil, err
	}
	opts, err := parsePeerOptions(c, flags)
	if err != nil {
		return nil, err
	}
	ps := sessionPeers(c.S)
	ps.group.SetRecord(ps.relays.add) // from the first relay on (relays.go)
	srv, err := ps.group.StartProxy(addr, target, peers.Limits{}, opts)
	if errors.Is(err, peers.ErrRelayLoop) {
		e := commands.Errorf(value.ValueError, "proxy: the target %s is the relay itself: each client would connect to it again, without end", addrPortValue(target).Repr())
		e.Hint = "give the address of the server to relay to, on another port"
		return nil, e
	}
	if err != nil {
		return nil, err
	}
	warnReachable(c, srv)
	return &Server{srv: srv}, nil
}
