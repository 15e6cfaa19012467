package commands

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/unix"

	"sockshell/netinfo"
)

// Notes and hints said at the moment they matter: what an empty recv
// means, and why a bind found its port taken.

// noteWidth is the width the shell's own notes are wrapped to.
const noteWidth = 80

// wrapText breaks text into lines of at most width cells at spaces, the
// lines after the first starting with indent. A word longer than a line
// stays whole on its own.
func wrapText(text string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for i, w := range strings.Fields(text) {
		switch {
		case i == 0:
		case line+1+len(w) > width:
			b.WriteString("\n" + indent)
			line = len(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}

// NoteEOF tells, once per socket and on a terminal only, what the empty
// bytes a recv on a stream socket returned mean: the peer closed its side,
// and this socket waits in CLOSE_WAIT (as the kernel says now) until it
// is closed too. recv calls it on an empty read; the note follows the
// statement's result.
func (c *Call) NoteEOF(v *Socket) {
	sk := v.sock
	if !c.S.Opts.Interactive || sk.Type != unix.SOCK_STREAM {
		return
	}
	key := fmt.Sprintf("eof %p", v)
	if c.S.said[key] {
		return
	}
	c.S.said[key] = true
	name, closeIt := "this socket", "close it"
	if v.name != "" {
		name = v.name
		closeIt = "close " + v.name
		if c.Python {
			closeIt = v.name + ".close()"
		}
	}
	text := "note: b'' means the peer has closed its side of the connection: nothing more will come. "
	state := ""
	if k, err := sk.Kernel(); err == nil {
		state = k.State
	}
	switch state {
	case "CLOSE_WAIT":
		text += fmt.Sprintf("%s is now in CLOSE_WAIT, and stays there until you close it (%s); it may still send before that.", name, closeIt)
	case "":
		text += fmt.Sprintf("Close %s when you are done with it (%s).", name, closeIt)
	default:
		text += fmt.Sprintf("%s is now in %s; close it (%s).", name, state, closeIt)
	}
	c.S.later = append(c.S.later, wrapText(text, noteWidth, "      "))
}

// giveLaterNotes writes the notes kept to follow the statement's result
// (the b” they explain is shown first).
func (s *Session) giveLaterNotes() {
	for _, n := range s.later {
		s.Notef("%s", n)
	}
	s.later = s.later[:0]
}

// AddrInUse gives a bind that failed with EADDRINUSE a hint drawn from
// what the kernel holds on the port now: a socket listening there, or a
// closed connection lingering in TIME_WAIT, which SO_REUSEADDR is about.
func AddrInUse(sk *netinfo.Socket, a netinfo.Addr, err error) error {
	if !errors.Is(err, unix.EADDRINUSE) || sk.Type != unix.SOCK_STREAM || (a.Family != unix.AF_INET && a.Family != unix.AF_INET6) {
		return err
	}
	listening, lingering := false, ""
	for _, conn := range netinfo.TCPConnsOnPort(a.Port) {
		ip := conn.Local.Addr().Unmap()
		if !a.IP.IsUnspecified() && !ip.IsUnspecified() && ip != a.IP.Unmap() {
			continue // another address's: no conflict
		}
		switch conn.State {
		case "LISTEN":
			listening = true
		case "TIME_WAIT", "FIN_WAIT2", "FIN_WAIT1", "CLOSING", "LAST_ACK":
			// The states of a connection whose socket was closed:
			// TIME_WAIT above all, the lesson's.
			if lingering != "TIME_WAIT" {
				lingering = conn.State
			}
		}
	}
	e := AsException(err)
	switch {
	case listening:
		e.Hint = wrapText(fmt.Sprintf("a socket is listening on port %d already (another program's, or this session's: see `sockets` and `servers`); pick another port, or stop that server: SO_REUSEADDR does not help against a listener", a.Port), noteWidth-len("hint: "), "")
	case lingering != "":
		e.Hint = wrapText(fmt.Sprintf("port %d is held by a closed connection in %s, which lingers about 60 s after a close (`explain` tells why); wait, or pick another port. A server whose socket, old and new, sets SO_REUSEADDR before bind (setsockopt S SOL_SOCKET SO_REUSEADDR 1) can be started again at once.", a.Port, lingering), noteWidth-len("hint: "), "")
	}
	return e
}
