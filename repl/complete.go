package repl

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"sockshell/commands"
	"sockshell/netinfo"
)

// completer completes the word before the cursor by its context:
//   - after a dotted name (socket.ge, s.re, socket.AF_), the attributes of
//     what the name holds;
//   - at the start of a statement, the commands and the variables;
//   - as a shell command's argument, what that parameter takes: the
//     sockets for a SOCKET, the constants of its family for AF_... (the
//     option names after SO_), the words serve or lesson know, file names
//     for step and record;
//   - anywhere else, the variables, builtins and socket constants.
type completer struct{ sess *commands.Session }

// dotted is a dotted name before the cursor, with the part after its last
// dot being the word to complete.
var dotted = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\.([A-Za-z0-9_]*)$`)

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
	if m := dotted.FindStringSubmatch(before); m != nil {
		members, ok := c.sess.Members(m[1])
		if ok {
			return endings(members, m[2], ""), len([]rune(m[2]))
		}
	}
	stmt := before[statementStart(before):]
	start := strings.LastIndexAny(stmt, " \t,($[=") + 1
	word := stmt[start:]
	if strings.HasSuffix(stmt[:start], "$") {
		return endings(c.sess.VarNames(), word, " "), len([]rune(word))
	}
	return endings(c.candidates(stmt[:start], word), word, " "), len([]rune(word))
}

// candidates are the words that fit where a statement's text so far
// (head) leaves the cursor.
func (c *completer) candidates(head, word string) []string {
	words := strings.Fields(head)
	// Drop assignment targets: conn, addr = accept server.
	for i, w := range words {
		if w == "=" || strings.HasSuffix(w, "=") && !strings.Contains(w, "==") {
			words = words[i+1:]
			break
		}
	}
	if len(words) == 0 {
		return append(commands.Names(), c.sess.VarNames()...)
	}
	cmd, ok := commands.Lookup(words[0])
	if !ok || strings.ContainsAny(head, "(") {
		names := append(c.sess.VarNames(), c.sess.BuiltinNames()...)
		return append(names, netinfo.ConstantNames()...)
	}
	i := len(words) - 1 // the argument being typed
	if i >= len(cmd.Params) {
		return nil
	}
	p := cmd.Params[i]
	switch {
	case p.Kind == commands.KindSocket:
		return c.sess.SocketNames()
	case p.Kind == commands.KindConst:
		var names []string
		for _, k := range netinfo.Constants(p.Prefix) {
			names = append(names, k.Name)
		}
		if p.Prefix == "SO_" {
			// An option of another level (TCP_NODELAY, IP_TTL) too.
			for _, pre := range []string{"TCP_", "IP_", "IPV6_"} {
				for _, k := range netinfo.Constants(pre) {
					names = append(names, k.Name)
				}
			}
		}
		return names
	case p.File:
		return append(p.Choices, fileNames(word)...)
	case p.Choices != nil:
		return p.Choices
	}
	return append(c.sess.VarNames(), netinfo.ConstantNames()...)
}

// fileNames are the files and directories of the directory the typed
// word is in (a directory gets a slash, so completion goes on into it).
func fileNames(word string) []string {
	dir, prefix := ".", ""
	if i := strings.LastIndexByte(word, filepath.Separator); i >= 0 {
		dir, prefix = word[:i+1], word[:i+1]
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := prefix + e.Name()
		if e.IsDir() {
			name += string(filepath.Separator)
		}
		out = append(out, name)
	}
	return out
}

// endings returns the candidates that start with word, each without the
// word and with suffix added, sorted, once each.
func endings(candidates []string, word, suffix string) [][]rune {
	sort.Strings(candidates)
	var out [][]rune
	seen := map[string]bool{}
	for _, cand := range candidates {
		if strings.HasPrefix(cand, word) && !seen[cand] {
			seen[cand] = true
			end := suffix
			if strings.HasSuffix(cand, string(filepath.Separator)) {
				end = ""
			}
			out = append(out, []rune(cand[len(word):]+end))
		}
	}
	return out
}

// statementStart is where the statement the cursor is in starts: after
// the last ';' outside quotes.
func statementStart(s string) int {
	start := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == ';':
			start = i + 1
		}
	}
	return start
}
