// Package linecmd holds the shell's commands for talking to a peer line by
// line and byte by byte, the way pwntools' tubes and nc do: recvline,
// recvuntil, recvn, sendline, sendafter (bytes read past a delimiter stay
// in the socket for the next receive), and interact, which hands the
// terminal to a connection. Its init adds them to the command table.
package linecmd

import "sockshell/commands"

func init() {
	commands.Register(lineCommands...)
	commands.Register(interactCommands...)
}
