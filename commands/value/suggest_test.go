package value

import (
	"strings"
	"testing"
)

// The expected suggestions were printed by Python 3.11 ("Did you mean:
// 'x'?") for an AttributeError on an object whose dir() is the candidate
// list, or (the session's names) for a NameError in a namespace that
// holds the candidates alone.
func TestSuggest(t *testing.T) {
	cmds := []string{"getservbyname", "getservbyport", "gethostbyname", "gethostbyname_ex", "help", "exit", "socket", "sockets", "recv", "recvfrom", "send", "sendall", "sendto", "connect", "close", "bind", "listen", "accept"}
	consts := []string{"AF_INET", "AF_INET6", "AF_UNIX", "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOL_SOCKET", "SO_REUSEADDR", "SO_REUSEPORT", "SO_KEEPALIVE", "IPPROTO_TCP", "IPPROTO_UDP", "SHUT_WR", "SHUT_RD", "SHUT_RDWR"}
	tests := []struct {
		cands      []string
		name, want string
	}{
		{cmds, "getservbynme", "getservbyname"},
		{cmds, "getservbyprot", "getservbyport"},
		{cmds, "GETSERVBYNAME", ""},
		{cmds, "Getservbyname", "getservbyname"},
		{cmds, "hlep", ""},
		{cmds, "sockt", "socket"},
		{cmds, "getserv", ""},
		{cmds, "xyzzy", ""},
		{cmds, "socket_", "socket"},
		{cmds, "sokets", "sockets"},
		{cmds, "recive", "recv"},
		{cmds, "rcv", "recv"},
		{cmds, "sendal", "sendall"},
		{cmds, "conect", "connect"},
		{cmds, "acept", "accept"},
		{cmds, "lisen", "listen"},
		{cmds, "bnd", "bind"},
		{cmds, "gethostbyname_x", "gethostbyname_ex"},
		{cmds, "cloes", "close"},
		{cmds, "exi", "exit"},
		{cmds, "x", ""},
		{cmds, "AF_INETT", ""},
		{cmds, "getservbyname_", "getservbyname"},
		{cmds, "Socket", "socket"},
		{cmds, "SOCKET", ""},
		{cmds, "connects", "connect"},
		{consts, "AF_INETT", "AF_INET"},
		{consts, "af_inet", ""},
		{consts, "AF_INET4", "AF_INET"},
		{consts, "SOCK_STREEM", "SOCK_STREAM"},
		{consts, "SO_REUSEADR", "SO_REUSEADDR"},
		{consts, "SO_RESUEADDR", "SO_REUSEADDR"},
		{consts, "SHUT_WRITE", "SHUT_WR"},
		{consts, "IPPROTO_TPC", "IPPROTO_TCP"},
		{consts, "SOCK_DGRM", "SOCK_DGRAM"},
		{consts, "AF_UNX", "AF_UNIX"},
		{consts, "so_reuseaddr", ""},
		{consts, "SOL_SOCK", "SOL_SOCKET"},
		{consts, "SHUT_W", "SHUT_WR"},
		{cmds, "", ""},
		{cmds, "help", ""}, // the name itself is never suggested
	}
	// A session's names, as a lecture's session has them, and short
	// names: Python 3.11 takes a candidate up to about a third of the
	// letters away, however short the name (prot -> print), but never the
	// name itself, and nothing for foo or x among a session's names.
	session := []string{"s", "server", "client", "conn", "addr", "port", "host", "msg", "data", "log", "help", "sockets", "socket", "print", "list"}
	tests = append(tests, []struct {
		cands      []string
		name, want string
	}{
		{session, "prot", "print"},
		{session, "foo", ""},
		{session, "x", ""},
		{session, "c", ""},
		{session, "hots", ""},
		{session, "hlep", ""},
		{session, "sever", "server"},
		{session, "prnt", "print"},
		{session, "msgs", "msg"},
		{session, "dat", "data"},
		{session, "conns", "conn"},
		{session, "adr", "addr"},
		{session, "clint", "client"},
		{session, "sock", "socket"},
		{session, "por", "port"},
		{session, "port", ""},
		{[]string{"abc"}, "ab", "abc"},
		{[]string{"ss"}, "s", "ss"},
		{[]string{"log"}, "lg", "log"},
		{[]string{"port"}, "prot", ""},
	}...)
	for _, tt := range tests {
		if got := Suggest(tt.name, tt.cands); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	// The order of the candidates does not change the answer.
	rev := make([]string, len(cmds))
	for i, c := range cmds {
		rev[len(cmds)-1-i] = c
	}
	for _, n := range []string{"sockt", "sendal", "recive"} {
		if Suggest(n, cmds) != Suggest(n, rev) {
			t.Errorf("Suggest(%q) depends on the candidates' order", n)
		}
	}
}

// Suggest at the edges of Python 3.11's suggestions.c (each expected
// answer printed by Python 3.11 for an AttributeError on an object whose
// dir() is the candidate list):
//   - a candidate one edit longer than a short name is suggested ("x" ->
//     "xy", "ab" -> "abc"): the first distance is not bounded by the
//     name's length;
//   - 750 candidates are too many (749 are not);
//   - a name longer than 40 characters still gets a suggestion when its
//     difference is small (the 40-character limit applies after the
//     common prefix and suffix are dropped).
func TestSuggestLikePython311(t *testing.T) {
	many := []string{"helper"}
	for i := 0; i < 749; i++ {
		many = append(many, "n"+Int(int64(i)).Repr())
	}
	tests := []struct {
		name  string
		cands []string
		want  string
	}{
		{"x", []string{"xy"}, "xy"},
		{"ab", []string{"abc"}, "abc"},
		{"ab", []string{"abcd"}, ""},
		{"helpr", many, ""},
		{"helpr", many[:749], "helper"},
		{strings.Repeat("a", 45) + "b", []string{strings.Repeat("a", 45) + "c"}, strings.Repeat("a", 45) + "c"},
		{strings.Repeat("b", 45), []string{strings.Repeat("c", 45)}, ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.name, tt.cands); got != tt.want {
			t.Errorf("Suggest(%q, %d candidates) = %q, want %q", tt.name, len(tt.cands), got, tt.want)
		}
	}
}
