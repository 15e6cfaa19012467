package commands

import (
	"fmt"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// traceCommands show the system calls behind the socket commands.
var traceCommands = []*Command{
	{
		Name:    "trace",
		Section: SecSession,
		Params:  []Param{{Name: "on|off", Kind: KindText, Optional: true, Choices: []string{"on", "off"}}},
		Summary: "show the socket system calls each command makes, strace-style",
		Help: `trace on shows, on stderr, each system call the session's sockets make
as it returns, as strace would: its arguments, its result, and the errno
when it failed. Lines start with "  | " so they are never mistaken for
results. trace off stops it; trace alone says which. The --trace flag
starts a session with the trace on.

It shows what Python's socket methods are made of: socket, bind, listen,
connect, accept4, sendto, recvfrom, shutdown, setsockopt, getsockopt,
getsockname, getpeername, close. sockshell's sockets are non-blocking
(SOCK_NONBLOCK) so that Ctrl-C and timeouts can end a wait: a call that
would block shows "= -1 EAGAIN (waiting until fd 3 is readable)" once,
then the call that succeeded after the wait. The local servers (serve)
are not traced, nor the calls the shell makes to show a socket.

Example:
  sockshell> trace on
  sockshell> s = socket
    | socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 3`,
		Run: runTrace,
	},
}

// tracePrefix starts each trace line, so that it cannot be confused with a
// result or an error.
const tracePrefix = "  | "

// Tracer returns the session's system-call trace, made on first use (on if
// the session started with --trace). Every socket the session makes gets
// it, so that trace on and off reach the sockets made before.
func (s *Session) Tracer() *netinfo.Trace {
	if s.trace == nil {
		s.trace = netinfo.NewTrace(s.traceCall)
		s.trace.SetOn(s.Opts.Trace)
	}
	return s.trace
}

// traceCall shows one system call as it returns. It goes through Notef,
// after the results printed so far, so the trace keeps its place among
// them and among the notes and errors.
func (s *Session) traceCall(c netinfo.Syscall) { s.Notef("%s%s", tracePrefix, c) }

func runTrace(c *Call) (value.Value, error) {
	t := c.S.Tracer()
	switch v := c.Arg(0); v {
	case nil:
		state := "off"
		if t.On() {
			state = "on"
		}
		fmt.Fprintf(c.S.Out, "trace is %s\n", state)
	case value.Str("on"):
		t.SetOn(true)
	case value.Str("off"):
		t.SetOn(false)
	default:
		return nil, Errorf(value.ValueError, "trace: say on or off, not %s", value.ForMessage(v.Repr()))
	}
	return value.None, nil
}
