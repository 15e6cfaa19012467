// Package diagramcmd is the diagram command: the conversation of the
// session's sockets drawn as a ladder (sequence) diagram, one lane per
// socket and per peer outside the session, time downward, in the
// terminal or as SVG for slides. It reads the sockets' histories
// (netinfo's events) and, after each statement, their TCP states, so a
// CLOSE_WAIT or TIME_WAIT is drawn where it was seen; package
// internal/ladder lays the picture out and draws it. A relay of the
// session (proxy) that its sockets talk through is a lane of its own,
// drawn from the relay's events, which package peercmd keeps
// (peercmd.RelayEvents). It is a package of
// its own because nothing in the core needs the picture: its init adds
// the command and the hook that reads the states (commands.AfterStatement).
package diagramcmd

import "sockshell/commands"

func init() {
	commands.Register(diagramCommands...)
	commands.AfterStatement(func(s *commands.Session) { noteStates(s, false) })
}
