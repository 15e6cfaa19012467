package diagramcmd

import (
	"errors"
	"os"
	"slices"
	"syscall"

	"sockshell/commands"
	"sockshell/commands/peercmd"
	"sockshell/commands/value"
	"sockshell/internal/ladder"
	"sockshell/netinfo"
)

// diagramCommands draw the conversation of the session's sockets.
var diagramCommands = []*commands.Command{
	{
		Name:    "diagram",
		Section: commands.SecSession,
		Params:  []commands.Param{{Name: "SOCKET", Kind: commands.KindAny, Optional: true, Variadic: true, Choices: []string{"reset", "--out"}}},
		Summary: "draw what happened on the sockets as a ladder diagram",
		Help: `Draws a ladder (sequence) diagram of what the session's sockets did: one
lane per socket, named by its variable, time downward, an arrow per
event. connect and accept show the handshake they imply (SYN, SYN+ACK,
ACK); each send and recv is drawn as the call really was, with its byte
count and first bytes (one sendall of 21 bytes read as 16 then 5 is one
arrow out and two arrows in); shutdown and close send a FIN, an abortive
close (SO_LINGER 0, or unread bytes) an RST. The TCP state of each lane
is shown in brackets where the kernel says it changed: LISTEN,
SYN_SENT, ESTABLISHED, FIN_WAIT2, CLOSE_WAIT, TIME_WAIT, ... A peer
outside the session (another program, a serve peer) is a dashed lane,
drawn from what this side saw; a dashed arrow is bytes the receiver has
not read (yet). A relay of the session (proxy) that its sockets talk
through is a lane of its own, drawn from the relay's events: each chunk
it passes on, and the FIN or RST it sends.

  diagram                  every socket of the session, closed ones too
  diagram client conn      only these sockets (the others become peers)
  diagram reset            start a new picture: older events are not drawn
  diagram --out FILE.svg   write the picture as SVG, for slides; never
                           overwrites a file

It fits the terminal's width ($COLUMNS, or 80, when stdout is not a
terminal); colour only tells the lanes apart. The states are read after
each command that may change them, so a change is drawn where it was seen.

Example:
  sockshell> diagram`,
		Run: runDiagram,
	},
}

// diagramArgs is what diagram was asked to do.
type diagramArgs struct {
	socks []*commands.Socket // none: all of the session's
	out   string
	reset bool
}

// add selects a socket, once however often it is named.
func (a *diagramArgs) add(sk *commands.Socket) {
	if !slices.Contains(a.socks, sk) {
		a.socks = append(a.socks, sk)
	}
}

// readDiagramArgs reads diagram's words: sockets (values, or the names of
// variables that hold one), reset, --out FILE.
func readDiagramArgs(c *commands.Call) (diagramArgs, error) {
	var a diagramArgs
	usage := commands.Errorf(value.TypeError, "diagram: usage: %s, diagram reset, or diagram [SOCKET ...] --out FILE.svg", c.Cmd.Usage())
	for i := 0; i < len(c.Args); i++ {
		switch v := c.Args[i].(type) {
		case nil:
		case *commands.Socket:
			a.add(v)
		case value.Str:
			switch w := string(v); {
			case w == "reset":
				a.reset = true
			case w == "--out" || w == "-o":
				if i+1 >= len(c.Args) || c.Args[i+1] == nil {
					return a, commands.Errorf(value.TypeError, "diagram: --out needs a file name (diagram --out talk.svg)")
				}
				name, ok := c.Args[i+1].(value.Str)
				if !ok || name == "" {
					return a, commands.Errorf(value.TypeError, "diagram: --out takes a file name, not %s", value.TypeName(c.Args[i+1]))
				}
				a.out = string(name)
				i++
			default:
				sk, err := diagramSocket(c.S, w)
				if err != nil {
					return a, err
				}
				a.add(sk)
			}
		default:
			return a, commands.Errorf(value.TypeError, "diagram: a socket, reset or --out FILE, not %s", value.TypeName(v))
		}
	}
	if a.reset && (len(a.socks) > 0 || a.out != "") {
		return a, usage
	}
	return a, nil
}

// diagramSocket is the socket a bare word names.
func diagramSocket(s *commands.Session, name string) (*commands.Socket, error) {
	v, ok := s.Var(name)
	if !ok {
		e := commands.Errorf(value.NameError, "name '%s' is not defined (diagram: give sockets, reset or --out FILE)", value.ForMessage(name))
		commands.WithSuggestion(e, value.Suggest(name, append(s.SocketNames(), "reset", "--out")))
		return nil, e
	}
	sk, ok := v.(*commands.Socket)
	if !ok {
		return nil, commands.Errorf(value.TypeError, "diagram: %s is %s, not a socket", value.ForMessage(name), value.TypeName(v))
	}
	return sk, nil
}

func runDiagram(c *commands.Call) (value.Value, error) {
	a, err := readDiagramArgs(c)
	if err != nil {
		return nil, err
	}
	s := c.S
	noteStates(s, true)
	st := stateOf(s)
	relays := peercmd.RelayEvents(s)
	if a.reset {
		st.from = mark{seq: s.Tracer().LastSeq()}
		if n := len(relays.Events); n > 0 {
			st.from.relay = relays.Events[n-1].Seq
		}
		return value.None, nil
	}
	socks := a.socks
	if socks == nil {
		socks = s.Sockets()
	}
	d, dropped := buildDiagram(s, socks, relays, st.from)
	if len(d.Lanes) == 0 {
		what := "no socket has done anything yet"
		if st.from != (mark{}) {
			what = "nothing happened since diagram reset"
		}
		s.Notef("nothing to draw: %s", what)
		return value.None, nil
	}
	if dropped.socket > 0 {
		s.Notef("note: a socket keeps its last %d events: the %d before are not drawn", netinfo.HistoryMax, dropped.socket)
	}
	if dropped.relay > 0 {
		s.Notef("note: the session keeps its relays' last %d events: the %d before are not drawn", peercmd.RelayEventsMax, dropped.relay)
	}
	if dropped.relayLost > 0 {
		s.Notef("note: %d event%s of the local servers came faster than they could be kept: the relay's lane may lack some", dropped.relayLost, value.Plural(dropped.relayLost))
	}
	if a.out != "" {
		if err := writeSVG(a.out, d.SVG()); err != nil {
			return nil, err
		}
		s.Notef("wrote the diagram to %s (%d lane%s, %d row%s); open it in a browser",
			a.out, len(d.Lanes), value.Plural(len(d.Lanes)), len(d.Rows), value.Plural(len(d.Rows)))
		return value.None, nil
	}
	s.Out.WriteString(d.Text(ladder.TextOptions{Width: diagramWidth(s), Colour: s.Opts.Color}))
	return value.None, nil
}

// diagramWidth is the width to draw in: the terminal's, $COLUMNS when
// results do not go to a terminal (Session.Width), else 80.
func diagramWidth(s *commands.Session) int {
	if w := s.Width(); w > 0 {
		return w
	}
	return ladder.DefaultWidth
}

// writeSVG writes the picture to a new file: never over an existing one
// (a slide deck's picture is not replaced by accident), never through a
// symbolic link.
func writeSVG(name string, svg []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o644)
	if err != nil {
		e := commands.AsException(commands.FileError(unwrapPath(err), name))
		if e.Class == value.FileExistsError {
			e.Hint = "diagram never overwrites a file: choose another name, or remove the old one"
		}
		return e
	}
	_, err = f.Write(svg)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return commands.FileError(unwrapPath(err), name)
	}
	return nil
}

// unwrapPath is the errno inside an *os.PathError.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
