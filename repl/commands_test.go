package repl

// The shell's lookups (getservbyname, getaddrinfo, get_constants, ...) and
// its socket commands (socket, connect, recv, ...) are command packages
// that main imports; the lesson and these tests use them, so the tests
// import them as main does.
import (
	_ "sockshell/commands/lookupcmd"
	_ "sockshell/commands/sockcmd"
)
