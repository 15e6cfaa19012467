package repl

import (
	"sort"
	"strings"

	"sockshell/commands"
	"sockshell/netinfo"
)

// completer completes the word before the cursor: a command name (or a
// variable) at the start of a statement, otherwise a variable, a socket
// constant or a command name (for help).
type completer struct{ sess *commands.Session }

// Do implements readline.AutoCompleter: it returns the possible endings of
// the word under the cursor and that word's length.
func (c *completer) Do(line []rune, pos int) (out [][]rune, length int) {
	defer func() {
		if recover() != nil {
			out, length = nil, 0 // a completion bug must not end the session
		}
	}()
	if pos < 0 || pos > len(line) {
		return nil, 0
	}
	before := string(line[:pos])
	start := strings.LastIndexAny(before, " \t;=,($") + 1
	word := before[start:]
	var candidates []string
	switch {
	case strings.HasSuffix(before[:start], "$"):
		candidates = c.sess.VarNames() // $name is always a variable
	case isStatementStart(before[:start]):
		candidates = append(commands.Names(), c.sess.VarNames()...)
	default:
		candidates = append(c.sess.VarNames(), netinfo.ConstantNames()...)
		candidates = append(candidates, commands.Names()...)
	}
	sort.Strings(candidates)
	seen := map[string]bool{}
	for _, cand := range candidates {
		if strings.HasPrefix(cand, word) && !seen[cand] {
			seen[cand] = true
			out = append(out, []rune(cand[len(word):]+" "))
		}
	}
	return out, len([]rune(word))
}

// isStatementStart reports whether the text before a word leaves the word
// in command position: at the start, after ';', or after an assignment.
func isStatementStart(before string) bool {
	t := strings.TrimRight(before, " \t")
	return t == "" || strings.HasSuffix(t, ";") || strings.HasSuffix(t, "=")
}
