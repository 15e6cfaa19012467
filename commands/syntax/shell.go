package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"sockshell/commands/value"
)

// Names is what the parser needs to know of the session to tell the two
// syntaxes apart: which names are commands, and which the user has
// defined (a variable shadows a command of the same name when it stands
// alone: `log` shows the variable log, `log on` runs the command).
type Names interface {
	IsCommand(name string) bool
	IsVariable(name string) bool
}

// pyKeywords are Python's keywords; a statement starting with one is never
// a shell command.
var pyKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "async": true,
	"await": true, "break": true, "class": true, "continue": true, "def": true, "del": true, "elif": true,
	"else": true, "except": true, "finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true, "or": true,
	"pass": true, "raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
}

// IsKeyword reports whether w is one of Python's keywords.
func IsKeyword(w string) bool { return pyKeywords[w] }

// IsShell reports whether the statement at the start of s (up to its end
// of line) is a shell command: after optional assignment targets
// (`conn, addr =`), a command's name followed by a space and arguments
// (`bind s 127.0.0.1 0`), or standing alone (`sockets`) unless a variable
// has that name. A name followed directly by `(`, `.` or `[`, or by an
// operator, is Python (`socket.socket()`, `help(x)`, `send = 5`).
func IsShell(s string, names Names) bool {
	i := skipBlank(s, 0)
	// Assignment targets: NAME [, NAME]... = or +=.
	for j := i; ; {
		n := identEnd(s, j)
		if n == j {
			break
		}
		k := skipBlank(s, n)
		if k < len(s) && s[k] == ',' {
			j = skipBlank(s, k+1)
			continue
		}
		if strings.HasPrefix(s[k:], "+=") {
			i = skipBlank(s, k+2)
		} else if k < len(s) && s[k] == '=' && !strings.HasPrefix(s[k:], "==") {
			i = skipBlank(s, k+1)
		}
		break
	}
	e := identEnd(s, i)
	if e == i {
		return false
	}
	w := s[i:e]
	if pyKeywords[w] || !names.IsCommand(w) {
		return false
	}
	if e < len(s) && !isBlank(s[e]) && !endsStatement(s[e]) {
		return false
	}
	k := skipBlank(s, e)
	if k >= len(s) || endsStatement(s[k]) {
		return !names.IsVariable(w)
	}
	rest := s[k:]
	switch rest[0] {
	case '=': // an assignment, or ==
		return false
	case '!':
		if strings.HasPrefix(rest, "!=") {
			return false
		}
	case '+', '-', '*', '/', '%', '|', '&', '^', '>', '<':
		for _, op := range []string{"+=", "-=", "*=", "/=", "//=", "%=", "**=", "|=", "&=", "^=", ">>=", "<<="} {
			if strings.HasPrefix(rest, op) {
				return false
			}
		}
	}
	kw := rest[:identEnd(rest, 0)]
	switch kw {
	case "is", "in", "and", "or", "if", "else", "for", "not":
		return false
	}
	return true
}

// isBlank reports white space between words; a form feed is, as in
// Python.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\f' }

func endsStatement(c byte) bool { return c == ';' || c == '#' || c == '\n' || c == '\r' }

func skipBlank(s string, i int) int {
	for i < len(s) && isBlank(s[i]) {
		i++
	}
	return i
}

func identEnd(s string, i int) int {
	if i >= len(s) || !(s[i] == '_' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
		return i
	}
	for i < len(s) && isIdentByte(s[i]) {
		i++
	}
	return i
}

// shellTok is one token of a shell statement.
type shellTok struct {
	kind byte // 'w' word, 'l' literal, 'v' $var, 'p' punctuation ( ) , = +=
	text string
	val  value.Value
	off  int
}

// shellStatement reads the shell statement at s.src[s.pos:] up to its end
// (';', a line end, a comment, or the end of the source), leaving s.pos
// there.
func (s *scanner) shellStatement(st *Shell) error {
	start := s.pos
	var room [8]shellTok // a typical command's words, without a second allocation
	toks := room[:0]
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case isBlank(c):
			s.pos++
			continue
		case c == ';' || c == '\n' || c == '\r' || c == '#':
			goto done
		case c == '(' || c == ')' || c == ',' || c == '=':
			toks = append(toks, shellTok{kind: 'p', text: string(c), off: s.pos})
			s.pos++
			continue
		case c == '+' && s.pos+1 < len(s.src) && s.src[s.pos+1] == '=':
			toks = append(toks, shellTok{kind: 'p', text: "+=", off: s.pos})
			s.pos += 2
			continue
		case c == '\'' || c == '"':
			t, err := s.stringTok(s.pos, "")
			if err != nil {
				return err
			}
			toks = append(toks, shellTok{kind: 'l', val: t.val, off: t.off})
			continue
		case c == '$':
			t, err := s.token()
			if err != nil {
				return err
			}
			toks = append(toks, shellTok{kind: 'v', text: t.text, off: t.off})
			continue
		}
		if p := literalPrefix(s.src[s.pos:]); p != "" {
			t, err := s.stringTok(s.pos+len(p), p)
			if err != nil {
				return err
			}
			if t.kind == tFString {
				return s.errAt(t.off, "f-strings are Python: write the whole statement in Python form")
			}
			toks = append(toks, shellTok{kind: 'l', val: t.val, off: t.off})
			continue
		}
		j := s.pos
		for j < len(s.src) && !endsWord(s.src, j) {
			if wordByte[s.src[j]] {
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(s.src[j:])
			if r == utf8.RuneError && size == 1 {
				return s.errAt(j, "invalid UTF-8 byte 0x%02x", s.src[j])
			}
			if r == 0 {
				return s.errAt(j, "source code cannot contain null bytes")
			}
			if !unicode.IsPrint(r) {
				return s.errAt(j, "invalid non-printable character U+%04X", r)
			}
			j += size
		}
		toks = append(toks, shellTok{kind: 'w', text: s.src[s.pos:j], off: s.pos})
		s.pos = j
	}
done:
	return s.parseShell(st, toks, start)
}

// wordByte marks the printable ASCII bytes a bare word is made of, where
// endsWord has said it goes on.
var wordByte = func() (t [256]bool) {
	for c := '!'; c < 0x7f; c++ {
		t[c] = true
	}
	return t
}()

// endsWord reports whether src[j] ends a bare word. '#' does, as in
// Python, so that a comment needs no space before it.
func endsWord(src string, j int) bool {
	switch src[j] {
	case ' ', '\t', '\f', '\r', '\n', ';', ',', '=', '(', ')', '\'', '"', '#':
		return true
	case '+':
		return j+1 < len(src) && src[j+1] == '='
	}
	return false
}

// literalPrefix returns the b/r/rb/br/f prefix of a prefixed literal at
// the start of s, or "".
func literalPrefix(s string) string {
	if len(s) < 2 {
		return ""
	}
	switch s[0] | 0x20 {
	case 'b', 'r', 'f', 'u':
	default:
		return "" // the common case: a word
	}
	for n := 2; n >= 1; n-- {
		if len(s) > n && isStringPrefix(s[:n]) && (s[n] == '\'' || s[n] == '"') {
			return s[:n]
		}
	}
	return ""
}

// parseShell builds a shell statement from its tokens.
// parseShell fills st, whatever it held, with a shell statement from its
// tokens.
func (s *scanner) parseShell(st *Shell, toks []shellTok, start int) error {
	targets := st.Targets[:0] // (their room is used again)
	*st = Shell{Pos: Pos{s.line, s.col(start)}}
	// Targets: NAME [, NAME]... then = or +=.
	if i := shellAssign(toks); i >= 0 && !(isOption(toks, i) && !targetList(toks[:i])) && !commandWords(toks[:i]) {
		for j := 0; j < i; j++ {
			t := toks[j]
			if j%2 == 1 {
				if t.kind != 'p' || t.text != "," {
					return s.errAt(t.off, "invalid syntax")
				}
				continue
			}
			if t.kind != 'w' || !IsIdent(t.text) {
				return s.errAt(t.off, "cannot assign to %s", describeShell(t))
			}
			targets = append(targets, t.text)
		}
		if i%2 == 0 {
			return s.errAt(toks[i].off, "invalid syntax")
		}
		st.Targets = targets
		st.Op = toks[i].text
		if st.Op == "+=" && len(st.Targets) != 1 {
			return s.errAt(toks[i].off, "'tuple' is an illegal expression for augmented assignment")
		}
		toks = toks[i+1:]
	}
	if len(toks) == 0 || toks[0].kind != 'w' {
		return s.errAt(start, "invalid syntax")
	}
	st.Name = toks[0].text
	toks = toks[1:]
	switch {
	case len(toks) > len(st.room):
		st.Args = make([]Arg, 0, len(toks))
	case len(toks) > 0:
		st.Args = st.room[:0]
	}
	for len(toks) > 0 {
		if isOption(toks, 1) {
			v, n, err := s.shellArg(toks[2:], 0)
			if err != nil {
				return err
			}
			st.Args = append(st.Args, Arg{Kind: Option, Text: toks[0].text, Elems: []Arg{v}})
			toks = toks[2+n:]
			continue
		}
		a, n, err := s.shellArg(toks, 0)
		if err != nil {
			return err
		}
		st.Args = append(st.Args, a)
		toks = toks[n:]
	}
	return nil
}

// shellAssign returns the index of the statement's = or += before any
// parenthesis, or -1.
func shellAssign(toks []shellTok) int {
	for i, t := range toks {
		if t.kind != 'p' {
			continue
		}
		switch t.text {
		case "=", "+=":
			return i
		case "(", ")":
			return -1
		}
	}
	return -1
}

// isOption reports whether toks[i] is the = of a KEY=VALUE option: a
// name just before it and a value just after it, with no blank on either
// side (size=4096). With blanks (x = 5) it is an assignment, or an error.
func isOption(toks []shellTok, i int) bool {
	if i < 1 || i+1 >= len(toks) {
		return false
	}
	key, eq, val := toks[i-1], toks[i], toks[i+1]
	return eq.kind == 'p' && eq.text == "=" &&
		key.kind == 'w' && IsIdent(key.text) && key.off+len(key.text) == eq.off &&
		val.off == eq.off+1 && (val.kind != 'p' || val.text == "(")
}

// targetList reports whether toks are assignment targets: NAME [, NAME]...
// (conn,addr=accept server assigns; clients 5 h p size=64 does not).
func targetList(toks []shellTok) bool {
	for j, t := range toks {
		if j%2 == 1 && !(t.kind == 'p' && t.text == ",") || j%2 == 0 && !(t.kind == 'w' && IsIdent(t.text)) {
			return false
		}
	}
	return len(toks)%2 == 1
}

// commandWords reports whether toks, before a spaced =, are a command and
// its arguments rather than assignment targets (clients 5 h p size = 64):
// the = is then a misplaced argument, and shellArg says so.
func commandWords(toks []shellTok) bool {
	if len(toks) < 2 {
		return false
	}
	for _, t := range toks {
		if t.kind == 'p' {
			return false
		}
	}
	return true
}

// shellArg reads one argument and reports how many tokens it used.
func (s *scanner) shellArg(toks []shellTok, depth int) (Arg, int, error) {
	t := toks[0]
	switch t.kind {
	case 'w':
		return Arg{Kind: Word, Text: t.text}, 1, nil
	case 'l':
		return Arg{Kind: Lit, V: t.val}, 1, nil
	case 'v':
		return Arg{Kind: Var, Text: t.text}, 1, nil
	}
	if t.text != "(" {
		switch t.text {
		case "=":
			return Arg{}, 0, s.errAt(t.off, "invalid syntax: write options as KEY=VALUE, without blanks")
		case "+=":
			return Arg{}, 0, s.errAt(t.off, "invalid syntax: '%s' in a command's arguments (assign with NAME = command ...)", t.text)
		}
		return Arg{}, 0, s.errAt(t.off, "unexpected '%s'", t.text)
	}
	if depth >= maxDepth {
		return Arg{}, 0, s.errAt(t.off, "too many nested parentheses")
	}
	var elems []Arg
	i := 1
	for {
		if i >= len(toks) {
			return Arg{}, 0, s.errAt(t.off, "'(' was never closed")
		}
		if toks[i].kind == 'p' && toks[i].text == ")" {
			return Arg{Kind: TupleArg, Elems: elems}, i + 1, nil
		}
		x, n, err := s.shellArg(toks[i:], depth+1)
		if err != nil {
			return Arg{}, 0, err
		}
		elems = append(elems, x)
		i += n
		if i < len(toks) && toks[i].kind == 'p' && toks[i].text == "," {
			i++
		} else if i < len(toks) && !(toks[i].kind == 'p' && toks[i].text == ")") {
			return Arg{}, 0, s.errAt(toks[i].off, "expected ',' or ')' in a tuple, not %s", describeShell(toks[i]))
		}
	}
}

func describeShell(t shellTok) string {
	switch t.kind {
	case 'p':
		return "'" + t.text + "'"
	case 'l':
		return "literal " + value.CutText(t.val.Repr())
	case 'v':
		return "'$" + t.text + "'"
	}
	return "'" + value.ForMessage(t.text) + "'"
}

// LooksLikeExpr reports whether a shell word is a Python expression
// rather than a word (info[-1], port+1, len(x)): a command cannot take it
// as it stands, and the shell says to write the statement in Python form.
func LooksLikeExpr(word string) bool {
	for i := 0; i < len(word); i++ {
		switch word[i] {
		case '[', ']', '(', ')':
			return !ipv6Word(word)
		}
	}
	return false
}

// ipv6Word is a bracketed IPv6 address ([::1], [fe80::1%lo]:80).
func ipv6Word(w string) bool {
	if !strings.HasPrefix(w, "[") {
		return false
	}
	end := strings.IndexByte(w, ']')
	if end < 0 || !strings.Contains(w[:end], ":") {
		return false
	}
	rest := w[end+1:]
	return rest == "" || (rest[0] == ':' && strings.Trim(rest[1:], "0123456789") == "")
}
