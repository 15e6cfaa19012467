package peercmd

// The tests make sockets with the socket commands (socket, bind, connect,
// ...), a command package that main imports: the tests import it as main
// does.
import _ "sockshell/commands/sockcmd"
