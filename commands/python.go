package commands

// looksLikePython reports whether a line is written in the lecture's Python
// syntax (socket.getservbyname('ssh'), s.recv(4096)) rather than as a shell
// command.
func looksLikePython(line string) bool { return false }

// parsePython parses a line of the lecture's Python syntax into the same
// statements the shell syntax gives.
func parsePython(line string) ([]Stmt, error) {
	return nil, &SyntaxError{Msg: "SyntaxError: Python syntax is not supported yet"}
}
