// Package lookupcmd is the lecture's lookups: services and ports
// (getservbyname, getservbyport, services), hosts (gethostname,
// gethostbyname, gethostbyname_ex, gethostbyaddr, getnameinfo), the socket
// module's constants (get_constants) and address information
// (getaddrinfo, get_address_info), each answered as Python's socket module
// answers it. Its init adds these commands to the shell's table.
//
// They are a package of their own because the core never calls them by
// their Go names: the Python form's socket module (socket.getaddrinfo,
// socket.gethostbyname, ...) is made, per session, from the table's
// entries that have a Python signature, and socket.create_connection
// calls getaddrinfo through the table by name. So the core reaches them
// only through Register, the dependency goes one way, from here to
// commands, and no hook is needed. (create_connection does need
// getaddrinfo in the table: a program with the shell imports this
// package, as main does.)
package lookupcmd

import (
	"slices"

	"sockshell/commands"
)

func init() {
	commands.Register(slices.Concat(
		serviceCommands,
		hostCommands,
		constantCommands,
		addrInfoCommands,
	)...)
	// get_constants completes the constants' prefixes (AF_, SOCK_, ...).
	commands.SetChoices("get_constants", 0, constantPrefixes())
}
