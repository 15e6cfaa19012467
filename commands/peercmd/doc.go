// Package peercmd is the local peers: servers the session carries with it
// (serve: echo, http, daytime, discard, chargen, chat, tls-echo, https),
// relays that misbehave on purpose between a client and a server (proxy),
// servers, stop, wait and log to watch and end them, and clients, the
// load generator that tests an echo server with many clients at once. The
// TLS servers' certificates come from a certificate authority made for
// the session (Authority, WriteCA), which package tlscmd trusts too.
//
// It is a package of its own because all of it hangs off the core: it
// runs netinfo/peers and netinfo/loadgen, keeps the session's servers in
// the session's State, and stops them when the session ends. Its init
// adds the commands to the shell.
package peercmd

import "sockshell/commands"

func init() {
	commands.Register(peerCommands...)
	commands.Register(clientsCommands...)
}
