// Package linecmd holds the shell's commands for talking to a peer line by
// line and byte by byte, the way pwntools' tubes and nc do: recvline,
// recvuntil, recvn, sendline, sendafter (bytes read past a delimiter stay
// in the socket for the next receive), and interact, which hands the
// terminal to a connection. Its init adds them to the command table.
package linecmd

import (
	"sockshell/commands"

	// The helpers build on the socket commands (recv, sendall); importing
	// them makes them register first, so that help's Client side lists
	// connect, send and recv before recvline, as the lecture goes.
	_ "sockshell/commands/sockcmd"
)

func init() {
	commands.Register(lineCommands...)
	commands.Register(interactCommands...)
}
