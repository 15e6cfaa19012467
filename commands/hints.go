package commands

import (
	"strings"

	"golang.org/x/sys/unix"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// errnoHints says in plain words what an errno usually means in the
// lecture's setting and what to try; a terminal session prints it under the
// error.
var errnoHints = map[unix.Errno]string{
	unix.ECONNREFUSED:    "nothing is listening on that address and port; start a server there first (another sockshell: bind, listen, accept) or check the port",
	unix.EADDRINUSE:      "another socket already holds this address and port (or a closed one lingers in TIME_WAIT); pick another port, or before bind: setsockopt S SOL_SOCKET SO_REUSEADDR 1",
	unix.EADDRNOTAVAIL:   "this machine has no such local address; bind to 127.0.0.1 or 0.0.0.0",
	unix.EBADF:           "the socket is closed; make a new one with `socket`",
	unix.ENOTCONN:        "the socket is not connected; connect it first (a server reads from the socket accept returned, not from the listening one)",
	unix.EISCONN:         "the socket is already connected, or is a listening server socket; a client needs a socket of its own: make a new one with `socket`",
	unix.EINVAL:          "the call does not fit the socket's state, or a value is out of range; `sockets` shows each socket's state",
	unix.EPIPE:           "the other side has closed the connection, so nothing more can be sent",
	unix.ECONNRESET:      "the other side dropped the connection abruptly (a reset)",
	unix.EACCES:          "ports below 1024 are reserved for root; use a port of 1024 or more",
	unix.EPERM:           "the system does not allow this for an ordinary user",
	unix.EAFNOSUPPORT:    "the address does not match the socket's family (an IPv6 address on an AF_INET socket, say)",
	unix.EPROTONOSUPPORT: "that protocol does not go with that socket type; use 0 to let the system choose",
	unix.EOPNOTSUPP:      "this kind of socket cannot do that (a UDP socket cannot listen or accept)",
	unix.ETIMEDOUT:       "the other side did not answer in time",
	unix.ENETUNREACH:     "there is no route to that network from this machine",
	unix.EHOSTUNREACH:    "there is no route to that host from this machine",
	unix.ENOENT:          "no socket file exists at that path; start the server that creates it",
	unix.EDESTADDRREQ:    "a datagram socket needs an address: use sendto, or connect it first",
	unix.EAGAIN:          "the socket is non-blocking (settimeout 0 or setblocking false) and the call would have had to wait; try again later, or setblocking S true",
	unix.EINPROGRESS:     "the non-blocking connect has started; the handshake finishes in the background (see `sockets`)",
	unix.EALREADY:        "a connect on this socket is still in progress (perhaps one stopped by Ctrl-C); wait, or make a new socket",
	unix.EMSGSIZE:        "the datagram is too big to send in one piece",
}

// offlineHint is the hint for a name that could not be resolved on a
// machine with no route out: classrooms are often offline, and the
// lecture's remote hosts have local stand-ins.
const offlineHint = "this machine has no network (no route out), so it can look up only its own names (localhost, /etc/hosts), not outside ones; for the lecture's remote server, use a local one: serve http 127.0.0.1 8080, then connect to 127.0.0.1 8080"

// GAIHint explains a resolver error code in plain words.
func GAIHint(code int) string {
	if (code == -2 || code == -3) && !netinfo.HasRouteOut() { // EAI_NONAME, EAI_AGAIN
		return offlineHint
	}
	switch code {
	case -2: // EAI_NONAME
		return "no such host or service is known to this machine (its hosts file, DNS, /etc/services); check the spelling, or use an address such as 127.0.0.1"
	case -3: // EAI_AGAIN
		return "the name server could not be reached; this machine may be offline"
	case -8: // EAI_SERVICE
		return "that service name is not known for this socket type; use a port number"
	case -9: // EAI_ADDRFAMILY
		return "the host has no address of the family asked for"
	case -5: // EAI_NODATA
		return "the host is known but has no address"
	}
	return ""
}

// commandHint adds to a NameError for a statement that is a bare name the
// command it may be a typo of: `hlep` is most likely help. Python's own
// suggestion stays; when a command is nearer (`sokets` is more likely the
// sockets command than the socket module), the hint names it.
func (s *Session) commandHint(st syntax.Stmt, err error) error {
	es, ok := st.(*syntax.ExprStmt)
	if !ok {
		return err
	}
	n, ok := es.X.(*syntax.Name)
	e := AsException(err)
	if !ok || e.Class != value.NameError {
		return err
	}
	cmd := nearCommand(n.ID)
	if cmd == "" {
		return err
	}
	if e.Note == "" {
		e.Note = "; did you mean " + cmd + "?"
		return e
	}
	// Python's message stays as Python words it; the hint tells of the
	// command.
	py := strings.TrimSuffix(strings.TrimPrefix(e.Note, ". Did you mean: '"), "'?")
	if typoDistance(n.ID, cmd) < typoDistance(n.ID, py) {
		e.Hint = "or the command " + cmd + "? (`help " + cmd + "`)"
	}
	return e
}

// nearCommand is the command a name is a typo of: one letter added,
// dropped, changed, or two swapped (two such for a longer name), or "".
func nearCommand(name string) string {
	most := 1
	if len(name) > 6 {
		most = 2
	}
	best, bestD := "", most+1
	for _, c := range Names() {
		if d := typoDistance(name, c); d > 0 && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// typoDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each count one.
func typoDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
