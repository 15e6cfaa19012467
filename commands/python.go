package commands

import (
	"regexp"
	"strings"
	"sync"
)

// The lecture's Python lines are a second surface syntax over the same
// calls: `socket.getservbyname('ssh')` runs the command getservbyname,
// `s.recv(4096)` runs recv with s first, `socket.AF_INET` is the constant.
// Parse decides statement by statement which syntax it reads (see
// looksLikePython), so the two mix on one line and share variables.

// isPyKeyword reports whether a word is one of the Python keywords that
// start a statement that is not an expression. (A switch: a map lookup,
// hashing the first word of every line, cost more than the rest of
// looksLikePython.)
func isPyKeyword(w string) bool {
	switch w {
	case "import", "from", "def", "for", "while", "with", "class", "lambda",
		"if", "elif", "else", "try", "except", "finally", "return", "async",
		"await", "del", "global", "nonlocal", "assert", "raise", "yield",
		"pass", "break", "continue":
		return true
	}
	return false
}

// lazyRegexp compiles a regular expression the first time it is used: a
// start-up compiling them all would be paid by every `sockshell -c`.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// ipv6Word is a bracketed IPv6 address ([::1], [fe80::1%lo]:80), which a
// shell argument may be; its brackets do not make the line Python.
var ipv6Word = lazyRegexp(`^\[[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[\w.-]+)?\](:\d+)?$`)

// looksLikePython reports whether a statement is written in the lecture's
// Python syntax rather than as a shell command. It is Python when
//   - it starts with a Python keyword (import socket, def, for, while, ...)
//     or a pasted prompt (>>> or In [3]:);
//   - a name is followed directly, with no space, by '(' (socket.socket(),
//     len(x), msg.encode('utf8'));
//   - a word holds '[' or ']' (streams[0], response[:60], *info[:3]) other
//     than a bracketed IPv6 address after a space ([::1]);
//   - a string or ')' is followed directly by a word ('a'[0], 'x'.encode),
//     or a name directly by a string (f'...');
//   - it names socket.NAME (x = socket.SOCK_DGRAM, (socket.AF_INET, 1)),
//     except as an argument of a shell command (help socket.socket);
//   - it has + - * or == between values (msg + b'\r\n', b'x' * 10, -1,
//     a == b), or a comma outside parentheses after the '=' (x = 1, 2).
//
// Everything else is a shell command: `bind s 127.0.0.1 50000`,
// `x = ('127.0.0.1', 50000)` and `connect s ('127.0.0.1', 80)` stay shell
// lines (a space before '(' makes it an argument, not a call). Lines that read
// the same in both (foo, foo.family, msg = b'...', msg += b'...') give the
// same result either way.
func looksLikePython(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	if first := toks[0]; first.kind == tWord && (isPyKeyword(strings.TrimSuffix(first.text, ":")) || first.text == ">>>") {
		return true
	}
	if promptLen(toks) > 0 {
		return true
	}
	// socket.NAME is Python, unless it is an argument of a shell command
	// (help socket.socket).
	start := assignOp(toks) + 1
	shellCommand := func() bool {
		first := toks[min(start, len(toks)-1)]
		_, ok := Lookup(first.text)
		return ok && first.kind == tWord
	}
	depth := 0
	for i, t := range toks {
		glued := i > 0 && toks[i-1].end == t.pos // no space before t
		switch {
		case t.kind == tPunct && t.text == "(":
			depth++
		case t.kind == tPunct && t.text == ")":
			depth--
		case t.kind == tPunct && t.text == "," && depth == 0 && i > start:
			return true // x = 1, 2: a tuple without parentheses
		case t.kind == tPunct && t.text == "=" && glued && toks[i-1].text == "=":
			return true // a == b
		case t.kind == tStr || t.kind == tBytes:
			if glued && toks[i-1].kind == tWord {
				return true // f'...', u'...'
			}
		}
		if t.kind != tWord {
			continue
		}
		if namesSocketModule(t.text) && !shellCommand() {
			return true
		}
		if hasBracket(t.text) && (glued || !ipv6Word().MatchString(t.text)) {
			return true
		}
		if t.text == "+" || t.text == "-" || t.text == "*" {
			return true
		}
		if glued && (toks[i-1].kind == tStr || toks[i-1].kind == tBytes || toks[i-1].text == ")") {
			return true // 'x'.upper, b'x'*3, (1, 2)[0]
		}
		if i+1 < len(toks) && toks[i+1].kind == tPunct && toks[i+1].text == "(" && toks[i+1].pos == t.end {
			return true
		}
	}
	return false
}

// namesSocketModule reports whether a word is socket.NAME, perhaps after
// signs, a star or opening brackets (-socket.X, *socket.Y, (socket.Z).
func namesSocketModule(w string) bool {
	i := 0
	for i < len(w) && strings.IndexByte("-+*([", w[i]) >= 0 {
		i++
	}
	return strings.HasPrefix(w[i:], "socket.")
}

func hasBracket(w string) bool {
	return strings.IndexByte(w, '[') >= 0 || strings.IndexByte(w, ']') >= 0
}

// promptLen returns how many tokens a pasted prompt at the start takes:
// `>>>` or IPython's `In [12]:`.
func promptLen(toks []token) int {
	if toks[0].kind == tWord && toks[0].text == ">>>" {
		return 1
	}
	if len(toks) > 1 && toks[0].kind == tWord && toks[0].text == "In" && toks[1].kind == tWord && ipythonPrompt().MatchString(toks[1].text) {
		return 2
	}
	return 0
}

var ipythonPrompt = lazyRegexp(`^\[\d+\]:$`)

// parsePython parses one statement of the lecture's Python syntax into the
// same Stmt the shell syntax gives. A pasted prompt before a shell command
// (>>> bind s ...) leaves a shell statement, read with nodes from r.
func parsePython(r *nodeRoom, toks []token) (Stmt, error) {
	if n := promptLen(toks); n > 0 {
		toks = toks[n:]
		if len(toks) == 0 {
			return Stmt{X: &Lit{V: None}}, nil
		}
		if !looksLikePython(toks) {
			return r.parseStmt(toks)
		}
	}
	ptoks, err := pyLex(toks)
	if err != nil {
		return Stmt{}, err
	}
	if len(ptoks) == 0 {
		return Stmt{X: &Lit{V: None}}, nil
	}
	if first := ptoks[0]; first.kind == pyName || first.kind == pyOp && first.text == "@" {
		switch {
		case first.text == "import" || first.text == "from":
			return importStmt(ptoks)
		case isPyKeyword(first.text) || first.text == "@":
			return Stmt{}, blockError(ptoks, first.text)
		}
	}
	p := &pyParser{toks: ptoks, end: toks[len(toks)-1].end}
	var st Stmt
	if i := pyAssignOp(ptoks); i >= 0 {
		targets, err := pyTargets(ptoks[:i])
		if err != nil {
			return st, err
		}
		st.Targets, st.Op = targets, ptoks[i].text
		if st.Op == "+=" && len(targets) != 1 {
			return st, p.errAt(&ptoks[i], "'tuple' is an illegal expression for augmented assignment")
		}
		p.i = i + 1
		if p.peek() == nil {
			return st, p.errAt(nil, "nothing to assign after '"+st.Op+"'")
		}
	}
	x, err := p.exprList()
	if err != nil {
		return st, err
	}
	if p.peek() != nil {
		if t := p.peek(); t.kind == pyName && t.text == "for" {
			return st, blockError(ptoks, "for")
		}
		return st, p.unexpected()
	}
	st.X = x
	return st, nil
}

// pyAssignOp returns the index of the statement's '=' or '+=' outside
// brackets, or -1.
func pyAssignOp(toks []pyTok) int {
	depth := 0
	for i, t := range toks {
		depth += nesting(t)
		if t.kind == pyOp && (t.text == "=" || t.text == "+=") {
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// pyTargets reads what is assigned to: NAME, or NAME, NAME, ... (optionally
// in parentheses).
func pyTargets(toks []pyTok) ([]string, error) {
	if n := len(toks); n >= 2 && toks[0].kind == pyOp && toks[0].text == "(" && toks[n-1].kind == pyOp && toks[n-1].text == ")" {
		toks = toks[1 : n-1]
	}
	var names []string
	for j, t := range toks {
		if j%2 == 1 {
			if t.kind == pyOp && t.text == "," {
				continue
			}
		} else if t.kind == pyName && !isPyKeyword(t.text) {
			names = append(names, t.text)
			continue
		}
		msg := "cannot assign to that: assign to a name (x = ...) or to names (a, b = ...)"
		for _, u := range toks {
			switch {
			case u.kind == pyOp && u.text == "[":
				msg = "item assignment (x[i] = ...) is not supported; build a new value instead"
			case u.kind == pyOp && u.text == ".":
				msg = "attribute assignment (such as s.timeout = ...) is not supported; call the command instead (s.settimeout(5))"
			case u.kind == pyOp && strings.Contains("-*/%", u.text):
				msg = "only = and += are supported (write x = x - 1)"
			}
		}
		return nil, &SyntaxError{Msg: "SyntaxError: " + msg, Pos: t.pos}
	}
	if len(names) == 0 {
		return nil, &SyntaxError{Msg: "SyntaxError: invalid syntax: nothing before '='"}
	}
	return names, nil
}

// importStmt accepts `import socket` and `from socket import ...`: the
// socket module is always there, so they do nothing.
func importStmt(toks []pyTok) (Stmt, error) {
	none := Stmt{X: &Lit{V: None}}
	names := func(ts []pyTok) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.text)
		}
		return out
	}
	words := names(toks)
	switch {
	case len(words) == 2 && words[0] == "import" && words[1] == "socket":
		return none, nil
	case len(words) >= 4 && words[0] == "from" && words[1] == "socket" && words[2] == "import":
		return none, nil
	case len(words) >= 2 && words[1] != "socket":
		return Stmt{}, pyErrorf("ModuleNotFoundError", "sockshell's Python lines know only the socket module, not '%s'", escapeForMessage(words[1]))
	}
	return Stmt{}, pyErrorf("NotImplementedError", "only `import socket` and `from socket import ...` are supported (the socket module is always there: socket.NAME)")
}

// blockError is the one message for a statement that needs a real Python
// interpreter (def, for, while, a comprehension): it names the shell
// command that does the job the lecture does with it.
func blockError(toks []pyTok, kw string) error {
	has := func(name string) bool {
		for _, t := range toks {
			if t.kind == pyName && t.text == name {
				return true
			}
		}
		return false
	}
	var use string
	switch {
	case kw == "def" && len(toks) > 1 && commandUsage(toks[1].text) != "":
		use = "'" + toks[1].text + "' is already a command here: " + commandUsage(toks[1].text)
	case has("getaddrinfo") || has("SOCK_STREAM") || has("SOCK_DGRAM"):
		use = "To keep only some answers, give getaddrinfo the TYPE you want: socket.getaddrinfo(HOST, PORT, 0, socket.SOCK_STREAM)"
		if u := commandUsage("get_address_info"); u != "" {
			use += "; to print them in blocks: " + u
		}
	case has("dir") || has("startswith") || has("getattr"):
		use = "To map constants to names, use: " + orCommands("get_constants")
	case kw == "while" || has("recv"):
		use = "To receive until the other side is done, use: " + orCommands("recvall")
	default:
		use = "The lecture's helpers are commands here: " + orCommands("get_constants", "get_address_info", "recvall")
	}
	what := "'" + kw + "' statements"
	if kw == "for" && !(len(toks) > 0 && toks[0].text == "for") {
		what = "comprehensions"
	}
	return pyErrorf("NotImplementedError", "sockshell runs one statement a line; %s need a real Python interpreter. %s", what, use)
}

// commandUsage is a command's usage line, or "" when there is no such
// command (so that messages only name commands that exist).
func commandUsage(name string) string {
	if cmd, ok := Lookup(name); ok {
		return cmd.Usage()
	}
	return ""
}

// orCommands lists the usage of those of names that are commands; with
// none, it points at help.
func orCommands(names ...string) string {
	var uses []string
	for _, n := range names {
		if u := commandUsage(n); u != "" {
			uses = append(uses, u)
		}
	}
	if len(uses) == 0 {
		return "see `help` for the commands"
	}
	return strings.Join(uses, ", ")
}

// Incomplete reports whether line starts a Python-syntax statement whose
// brackets are still open, as the lecture's calls split over several lines
// are (`server_socket = socket.socket(` then `socket.AF_INET,` ...). The
// shell then reads the next line as its continuation, as IPython does. A
// line that cannot be read at all is complete: its error is reported as it
// stands.
func Incomplete(line string) bool {
	// Only an opening bracket can leave a statement open: a line without
	// one (nearly every line of a script) is complete without lexing it.
	if !hasOpenBracket(line) {
		return false
	}
	toks, err := lex(line)
	if err != nil || len(toks) == 0 {
		return false
	}
	// Only the last statement of the line can continue on the next one.
	start := 0
	for i, t := range toks {
		if t.kind == tPunct && t.text == ";" {
			start = i + 1
		}
	}
	if start >= len(toks) {
		return false
	}
	last := toks[start:]
	// A line ending in an open call is Python even before its arguments
	// arrive: `socket.socket(` alone is not yet recognizable otherwise.
	if !looksLikePython(last) && !(last[len(last)-1].kind == tPunct && last[len(last)-1].text == "(") {
		return false
	}
	ptoks, err := pyLex(last)
	if err != nil {
		return false
	}
	depth := 0
	for _, t := range ptoks {
		depth += nesting(t)
	}
	return depth > 0
}

func hasOpenBracket(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '(' || c == '[' || c == '{' {
			return true
		}
	}
	return false
}

// nesting is how a token changes the bracket depth: +1 for an opening
// bracket, -1 for a closing one.
func nesting(t pyTok) int {
	if t.kind == pyOp {
		switch t.text {
		case "(", "[", "{":
			return 1
		case ")", "]", "}":
			return -1
		}
	}
	return 0
}

// JoinContinued joins a statement's continuation lines: inside brackets a
// line break is only white space. A continuation prompt pasted from the
// slides or a Python session (`   ...:`, `....:`, `...`) is dropped.
func JoinContinued(lines []string) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		if i > 0 {
			l = continuationPrompt().ReplaceAllString(l, "")
		}
		parts[i] = l
	}
	return strings.Join(parts, " ")
}

var continuationPrompt = lazyRegexp(`^\s*\.\.\.+:?(\s|$)`)
