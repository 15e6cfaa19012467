// Package sockcmd is the lecture's sockets: socket and close, the
// client's connect and connect_ex, the server's bind, listen and accept,
// data with send, sendall, sendto, recv, recvall and recvfrom, shutdown,
// the options and timeouts (setsockopt, getsockopt, settimeout,
// gettimeout, setblocking), the addresses (getsockname, getpeername) and
// the sockets table, each printed and failing as Python's socket module
// does. Its init adds these commands to the shell's table.
//
// The socket value itself (commands.Socket), its address and timeout
// conversions, its waits and its notes stay in the core, which every
// command package shares; this package holds only the commands. They are
// a package of their own because the core never calls them by their Go
// names: socket.socket and the methods of a socket value (s.recv,
// s.connect, ...) are made, per session, from the table's entries that
// have a Python signature, socket.create_connection calls socket,
// settimeout, bind and connect through the table by name, and tlscmd's
// SSLSocket falls back on the plain socket's commands by name too
// (Session.CallHandler). So the dependency goes one way, from here to
// commands, and no hook is needed; a program with the shell imports this
// package, as main does.
package sockcmd

import (
	"slices"

	"sockshell/commands"
)

func init() {
	// Within each of help's sections the commands come in the lecture's
	// order: socket, close and shutdown before the options and the
	// addresses; connect before send and recv.
	commands.Register(slices.Concat(
		setupCommands,
		clientCommands,
		sendCommands,
		recvCommands,
		serverCommands,
		optionCommands,
		stateCommands,
	)...)
}
