package explaincmd

import (
	"fmt"
	"io"
	"regexp"
	"sockshell/commands"
	"sockshell/internal/layout"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// explainCommands explain errors in plain words.
var explainCommands = []*commands.Command{
	{
		Name:    "explain",
		Section: commands.SecSession,
		Params:  []commands.Param{{Name: "ERROR", Kind: commands.KindText, Optional: true, Choices: []string{"--list"}}},
		Summary: "explain an error: what it means, why it happens here, what to try",
		Help: `Explains an error number in plain words: its name and number, the C
library's text, the exception Python raises for it, what it means, the
usual causes when following the lecture, and what to try. ERROR is an
errno name (ECONNREFUSED), its number (111), an exception name
(ConnectionRefusedError), a resolver error (EAI_NONAME or -2), or a whole
error message pasted in quotes ('[Errno 98] Address already in use').
With no argument, explains the session's last error, with the hint it
had then; explain --list lists the errors it knows best.

Example:
  sockshell> connect s 127.0.0.1 1
  ConnectionRefusedError: [Errno 111] Connection refused
  sockshell> explain
  sockshell> explain 98`,
		Run: runExplain,
	},
}

// errnoStory is the longer explanation of an errno: what it means, why it
// usually happens in the lecture's exercises, and what to try. The one-line
// summary is the errno's hint (hints.go), shown first.
type errnoStory struct {
	Meaning string
	Causes  []string
	Try     []string
}

// errnoStories covers the errors a student meets in the lecture's client
// and server exercises.
var errnoStories = map[unix.Errno]errnoStory{
	unix.ECONNREFUSED: {
		Meaning: "The other host answered the connection request with a reset: no socket is listening on that address and port.",
		Causes: []string{
			"the server is not started yet, or it was stopped (its listening socket closed)",
			"a different port or address than the server's (127.0.0.1 vs ::1, 50000 vs 5000)",
			"the server called bind but not yet listen",
		},
		Try: []string{
			"for a quick peer in this same session: `serve echo 127.0.0.1 PORT`",
			"compare the address with the server's: `sockets` there shows its LOCAL address",
		},
	},
	unix.EADDRINUSE: {
		Meaning: "bind (or listen) asked for an address and port that another socket already holds.",
		Causes: []string{
			"another program, or another sockshell, is already serving on that port",
			"a server just stopped and its connections linger in TIME_WAIT for about a minute",
			"the same session bound a second socket to the same port",
		},
		Try: []string{
			"port 0 lets the kernel choose a free port; getsockname S then tells which",
			"`sockets` lists the session's own sockets and their addresses",
		},
	},
	unix.EADDRNOTAVAIL: {
		Meaning: "The address given to bind is not one of this machine's, or (for connect) no local port is left.",
		Causes: []string{
			"binding to another machine's address (bind takes a local address: 127.0.0.1, 0.0.0.0 or an address this host really has)",
			"connecting to port 0 or to the 0.0.0.0 address",
		},
		Try: []string{
			"bind to 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)",
			"check this machine's addresses with `gethostbyname_ex localhost`",
		},
	},
	unix.EACCES: {
		Meaning: "The system refused the operation for lack of permission.",
		Causes: []string{
			"binding to a port below 1024 (22, 80, ...) as an ordinary user",
			"sending to a broadcast address without SO_BROADCAST",
			"an AF_UNIX socket path in a directory you may not write to",
		},
		Try: []string{
			"the lecture's server uses 50000; any port from 1024 to 65535 needs no privilege",
		},
	},
	unix.EPIPE: {
		Meaning: "A write on a connection whose other side is gone: the peer closed it, or this side shut down writing.",
		Causes: []string{
			"the server closed the connection (conn.close()) and the client kept sending",
			"`shutdown S SHUT_WR` was called on this socket earlier",
		},
		Try: []string{
			"make a new socket and connect again",
			"read first (recv) to see whether the peer said goodbye: b'' means it closed",
		},
	},
	unix.ECONNRESET: {
		Meaning: "The peer aborted the connection with a reset instead of closing it in order.",
		Causes: []string{
			"the other program closed its socket with unread data still in it",
			"the other sockshell or server process ended abruptly",
		},
		Try: []string{
			"connect again; the old connection cannot be used any more",
			"on the other side, read everything before closing",
		},
	},
	unix.ENOTCONN: {
		Meaning: "The call needs a connected socket, and this one is not connected.",
		Causes: []string{
			"recv or send on the server's listening socket instead of the one accept returned",
			"recv or send before connect",
			"getpeername on an unconnected socket",
		},
		Try: []string{
			"on a server, use the socket from `conn, addr = accept server`",
			"on a client, connect first",
		},
	},
	unix.EISCONN: {
		Meaning: "connect on a socket that is already connected.",
		Causes: []string{
			"repeating connect on the same socket (a TCP socket connects once)",
		},
		Try: []string{
			"make a new socket for every new connection",
		},
	},
	unix.EBADF: {
		Meaning: "The file descriptor is not open: the socket was closed.",
		Causes: []string{
			"using a socket after close (its repr shows [closed] and fd=-1)",
		},
		Try: []string{
			"make a new socket with `socket` and set it up again",
		},
	},
	unix.EINVAL: {
		Meaning: "An argument does not fit the socket or its state.",
		Causes: []string{
			"accept on a socket that is not listening (bind and listen come first)",
			"bind on a socket that is already bound",
			"a negative or oversized value for an option or buffer",
		},
		Try: []string{
			"follow the server's order: socket, bind, listen, accept",
			"check the arguments with `help COMMAND`",
		},
	},
	unix.ETIMEDOUT: {
		Meaning: "The kernel gave up: the other host did not answer in time.",
		Causes: []string{
			"connecting to an address where nothing answers at all (a firewall drops the packets)",
			"a network or host that is down",
		},
		Try: []string{
			"use a local address (127.0.0.1) and a local server (`serve`)",
			"a socket's own timeout gives TimeoutError: timed out instead; see `settimeout`",
		},
	},
	unix.EAGAIN: {
		Meaning: "The call would have to wait, and the socket is not allowed to: nothing is ready yet.",
		Causes: []string{
			"recv or accept on a non-blocking socket (setblocking S False) with nothing to take",
			"a socket with timeout 0",
		},
		Try: []string{
			"try again when the peer has sent, or make the socket blocking again (setblocking S True)",
		},
	},
	unix.EAFNOSUPPORT: {
		Meaning: "The address belongs to another family than the socket's.",
		Causes: []string{
			"an IPv6 address (::1) with an AF_INET socket, or an IPv4 one with AF_INET6",
			"a family the kernel does not offer",
		},
		Try: []string{
			"make the socket with the family getaddrinfo gives for the address: socket(*info[:3])",
		},
	},
	unix.ENOENT: {
		Meaning: "No such file or directory.",
		Causes: []string{
			"connecting an AF_UNIX socket to a path where no server has bound a socket",
		},
		Try: []string{
			"start the AF_UNIX server first, and check the path",
		},
	},
	unix.EHOSTUNREACH: {
		Meaning: "No route leads to that host: it is off, or the network in between does not know it.",
		Causes: []string{
			"a host on the local network that is switched off",
			"a firewall that rejects the packets",
		},
		Try: []string{
			"check the address; for the exercises, use 127.0.0.1",
		},
	},
	unix.ENETUNREACH: {
		Meaning: "This machine has no route to that network.",
		Causes: []string{
			"the machine is offline, or has no IPv6 connectivity for an IPv6 address",
		},
		Try: []string{
			"use 127.0.0.1 or ::1 and a local server (`serve echo 127.0.0.1 PORT`)",
		},
	},
	unix.EINPROGRESS: {
		Meaning: "A connect on a non-blocking socket has started and is not finished yet.",
		Causes: []string{
			"connect after setblocking S False or settimeout S 0",
		},
		Try: []string{
			"make the socket blocking (setblocking S True), or wait and check it with getpeername",
		},
	},
}

// gaiNames are the resolver's error codes, as Python's socket module names
// them (EAI_NONAME, ...), by number.
func gaiNames() map[int64]string {
	m := map[int64]string{}
	for _, c := range netinfo.Constants("EAI_") {
		m[c.Value] = c.Name
	}
	return m
}

var errnoInMessage = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[Errno (-?\d+)\]`) })

func runExplain(c *commands.Call) (value.Value, error) {
	w := c.S.Out
	arg := c.Arg(0)
	if arg == nil {
		explainLast(w, c.S.LastError(), c.S.ProseWidth())
		return value.None, nil
	}
	text := strings.TrimSpace(value.StrOf(arg))
	if text == "--list" {
		listExplained(w, c.S.Width())
		return value.None, nil
	}
	for _, x := range explainers {
		if x.Explain(w, text) {
			return value.None, nil
		}
	}
	if m := errnoInMessage().FindStringSubmatch(text); m != nil {
		text = m[1]
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		switch {
		case n < 0:
			if name, ok := gaiNames()[n]; ok {
				explainGAI(w, name, n)
				return value.None, nil
			}
		case n > 0 && n < 4096 && unix.ErrnoName(unix.Errno(n)) != "":
			explainErrno(w, unix.Errno(n))
			return value.None, nil
		}
		return nil, commands.Errorf(value.ValueError, "no error number %d is known on this system", n)
	}
	name := strings.ToUpper(text)
	if c, ok := netinfo.LookupConstant(name); ok && strings.HasPrefix(name, "EAI_") {
		explainGAI(w, name, c.Value)
		return value.None, nil
	}
	if e, ok := errnoByName(name); ok {
		explainErrno(w, e)
		return value.None, nil
	}
	if errs := errnosOfException(strings.TrimPrefix(text, "builtins.")); len(errs) > 0 {
		for i, e := range errs {
			if i > 0 {
				w.WriteString("\n")
			}
			explainErrno(w, e)
		}
		return value.None, nil
	}
	e := commands.Errorf(value.ValueError, "unknown error '%s'; give an errno name (ECONNREFUSED), a number (111) or an exception name (ConnectionRefusedError)", value.ForMessage(text))
	var names []string
	for errno := range errnoStories {
		names = append(names, unix.ErrnoName(errno))
	}
	for _, x := range explainers {
		names = append(names, x.Names()...)
	}
	commands.WithSuggestion(e, value.Suggest(name, names))
	e.Hint = "`explain --list` lists the errors it knows best"
	return nil, e
}

// errnoByName finds an errno by its C name (ECONNREFUSED).
func errnoByName(name string) (unix.Errno, bool) {
	for n := 1; n < 256; n++ {
		if unix.ErrnoName(unix.Errno(n)) == name {
			return unix.Errno(n), true
		}
	}
	// Aliases the C library has under a second name.
	switch name {
	case "EWOULDBLOCK":
		return unix.EAGAIN, true
	case "EDEADLOCK":
		return unix.EDEADLK, true
	case "ENOTSUP":
		return unix.EOPNOTSUPP, true
	}
	return 0, false
}

// errnosOfException lists the explained errnos Python raises as the
// exception named (PermissionError is EACCES and EPERM).
func errnosOfException(name string) []unix.Errno {
	var out []unix.Errno
	for errno := range errnoStories {
		if value.ErrnoClass(int(errno)).Name == name && name != "OSError" {
			out = append(out, errno)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func explainErrno(w io.Writer, errno unix.Errno) { explainErrnoHint(w, errno, "") }

// explainErrnoHint is explainErrno with the hint an error really had, when
// it was more precise than the errno's own (a bind's TIME_WAIT).
func explainErrnoHint(w io.Writer, errno unix.Errno, hint string) {
	pe := commands.ErrnoException(errno)
	fmt.Fprintf(w, "%s (errno %d): %s\n", unix.ErrnoName(errno), int(errno), netinfo.Strerror(errno))
	fmt.Fprintf(w, "Python raises: %s\n", pe.Error())
	if hint == "" {
		hint = pe.Hint
	}
	if hint != "" {
		fmt.Fprintf(w, "In short: %s\n", hint)
	}
	story, ok := errnoStories[errno]
	if !ok {
		return
	}
	fmt.Fprintf(w, "\nWhat it means: %s\n", story.Meaning)
	writeList(w, "Usual causes in the lecture's exercises:", story.Causes)
	writeList(w, "What to try:", story.Try)
}

func explainGAI(w io.Writer, name string, code int64) {
	fmt.Fprintf(w, "%s (resolver error %d)\n", name, code)
	fmt.Fprintf(w, "Python raises: socket.gaierror, with [Errno %d] and the resolver's message\n", code)
	if hint := commands.GAIHint(int(code)); hint != "" {
		fmt.Fprintf(w, "In short: %s\n", hint)
	}
	fmt.Fprintf(w, "\nWhat it means: getaddrinfo (or gethostbyname, getnameinfo) could not turn a name into an address.\n")
	writeList(w, "What to try:", []string{
		"check the spelling of the host and service",
		"use a numeric address (127.0.0.1) and a port number, which need no lookup",
	})
}

func writeList(w io.Writer, title string, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(w, "%s\n", title)
	for _, it := range items {
		fmt.Fprintf(w, "  - %s\n", it)
	}
}

// explainLast explains the session's last error: an errno's or a
// resolver error's story, or for an error of Python's own what its hint
// said.
func explainLast(w io.Writer, e *value.Exception, width int) {
	if e == nil {
		fmt.Fprintf(w, "%s\n", layout.Wrap("No error yet in this session. `explain NAME` explains one (explain ECONNREFUSED), `explain --list` lists the errors it knows best.", width, ""))
		return
	}
	fmt.Fprintf(w, "The last error: %s\n\n", value.Safe(e.Error(), ""))
	code, hasCode := int64(0), false
	if len(e.Args) >= 2 {
		if n, ok := e.Args[0].(value.Int); ok {
			code, hasCode = int64(n), true
		}
	}
	switch {
	case hasCode && e.Class == value.GAIError:
		if name, ok := gaiNames()[code]; ok {
			explainGAI(w, name, code)
			return
		}
	case hasCode && e.Class.IsSubclass(value.OSError) && code > 0 && code < 4096:
		explainErrnoHint(w, unix.Errno(code), e.Hint)
		return
	}
	switch {
	case e.Class == value.TimeoutError:
		fmt.Fprintf(w, "What it means: a blocking call waited longer than the socket's timeout (settimeout,\nor a script's default) and gave up; the socket is still usable.\n")
	case e.Class == value.KeyboardInterrupt:
		fmt.Fprintf(w, "What it means: Ctrl-C stopped the command; the sockets are as they were.\n")
	default:
		fmt.Fprintf(w, "It is an error of the command or of Python itself, not of the system: its message\nsays what was wrong. `help COMMAND` shows how a command is called.\n")
	}
	if e.Hint != "" {
		fmt.Fprintf(w, "In short: %s\n", e.Hint)
	}
}

// listExplained prints the errors explain knows best, by number.
func listExplained(w io.Writer, width int) {
	var errnos []unix.Errno
	for e := range errnoStories {
		errnos = append(errnos, e)
	}
	sort.Slice(errnos, func(i, j int) bool { return errnos[i] < errnos[j] })
	var rows [][]string
	for _, e := range errnos {
		rows = append(rows, []string{unix.ErrnoName(e), strconv.Itoa(int(e)), value.ErrnoClass(int(e)).Name, netinfo.Strerror(e)})
	}
	layout.PrintTable(w, width, append(layout.PlainColumns("NAME", "ERRNO", "PYTHON"), layout.WrapColumn("MESSAGE")), rows)
	fmt.Fprintf(w, "\n%s\n", layout.Wrap("`explain NAME` or `explain NUMBER` tells more; any errno works, and resolver errors (EAI_NONAME, -2) too.", layout.ProseWidthFor(width), ""))
	for _, x := range explainers {
		x.List(w, width)
	}
}

// An Explainer explains errors of its own to explain (package tlscmd's,
// the ways a certificate is refused).
type Explainer interface {
	// Explain writes the story of the error text names (a short name,
	// or a pasted message) and reports whether it knew it.
	Explain(w io.Writer, text string) bool
	// List writes, for explain --list, the errors it knows, to fit width.
	List(w io.Writer, width int)
	// Names are the names it knows, for explain's suggestions, in upper
	// case.
	Names() []string
}

// explainers are the command packages' (RegisterExplainer).
var explainers []Explainer

// RegisterExplainer makes explain ask x about an error it does not know.
// A command package calls it from its init.
func RegisterExplainer(x Explainer) { explainers = append(explainers, x) }
