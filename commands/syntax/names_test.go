package syntax

// testNames is a Names for the tests: a few commands of the shell's
// table, and the variables a session may hold (log shadows the command of
// its name when it stands alone).
type testNames struct{ cmds, vars map[string]bool }

func (n testNames) IsCommand(s string) bool  { return n.cmds[s] }
func (n testNames) IsVariable(s string) bool { return n.vars[s] }

func set(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

var names = testNames{
	cmds: set("socket", "bind", "listen", "accept", "recv", "send", "connect", "close", "sockets", "help",
		"getservbyname", "log", "explain", "exit", "gethostname", "getaddrinfo", "settimeout"),
	vars: set("log", "s", "x"),
}
