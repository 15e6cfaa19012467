// Package lookupcmd is the lecture's lookups: services and ports
// (getservbyname, getservbyport, services), hosts (gethostname,
// gethostbyname, gethostbyname_ex, gethostbyaddr, getnameinfo), the socket
// module's constants (get_constants) and address information
// (getaddrinfo, get_address_info), each answered as Python's socket module
// answers it. Its init adds these commands to the shell's table.
//
// They are a package of their own because nothing in the core calls them
// by their Go names: the socket module of the Python form
// (socket.getaddrinfo, socket.gethostbyname, ...) is made from the command
// table's entries that have a Python signature, and create_connection calls
// getaddrinfo through the table too, so the core reaches them only through
// Register, and the dependency goes one way, from here to commands, with no
// hook needed.
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
