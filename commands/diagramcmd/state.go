package diagramcmd

import (
	"sockshell/commands"
	"sockshell/netinfo"
)

// diagramState is what the session keeps for the diagram.
type diagramState struct {
	from    mark   // the last events before `diagram reset` (zero: none)
	checked uint64 // the trace's LastChange when the states were read
}

// stateOf is the session's diagramState, made on first use.
func stateOf(s *commands.Session) *diagramState {
	return s.State(diagramState{}, func() any { return new(diagramState) }).(*diagramState)
}

// noteStates reads the TCP states of the session's sockets into their
// histories (netinfo.NoteStates), after each statement that may have
// changed one (commands.AfterStatement), and always when force is set
// (before a diagram is drawn: the peer may have closed since).
func noteStates(s *commands.Session, force bool) {
	st := stateOf(s)
	change := s.Tracer().LastChange()
	if !force && change == st.checked {
		return // no socket did anything since
	}
	sockets := s.Sockets()
	socks := make([]*netinfo.Socket, len(sockets))
	for i, v := range sockets {
		socks[i] = v.Sock()
	}
	netinfo.NoteStates(socks)
	st.checked = change
}
