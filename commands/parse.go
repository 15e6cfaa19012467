package commands

import (
	"fmt"
	"strings"
	"sync"
)

// Stmt is one statement of a line: an optional assignment and the expression
// whose value is shown or assigned. Both surface syntaxes (shell commands and
// the lecture's Python lines) parse into this one form.
type Stmt struct {
	Targets []string // NAME or A, B before = or +=; nil when nothing is assigned
	Op      string   // "=" or "+=" when Targets is set
	X       Expr
	Src     string // the statement's text, for echo and error reports

	room *nodeRoom // where Parse put its nodes, for Release
}

// Expr is an expression: a CallExpr, Word, Lit, VarRef or TupleExpr.
type Expr interface{ expr() }

// CallExpr is a command with its arguments (`getservbyname ssh`), or a bare name
// that turns out to be a variable or attribute (`foo`, `foo.family`).
type CallExpr struct {
	Name string
	Args []Expr

	// argRoom holds Args for a call of up to four tokens of arguments (the
	// common case), so that parsing a call allocates once for both.
	argRoom [4]Expr
}

// Word is a bare word argument. What it means depends on the parameter that
// receives it: a socket variable, a constant, a number, or literal text.
type Word struct{ Text string }

// Lit is a literal value: a quoted string, bytes, a number.
type Lit struct{ V Value }

// VarRef is $name or $name.attr: always a variable.
type VarRef struct{ Path string }

// TupleExpr is a parenthesized tuple such as ('127.0.0.1', 50000).
type TupleExpr struct{ Elems []Expr }

func (*CallExpr) expr()  {}
func (*Word) expr()      {}
func (*Lit) expr()       {}
func (*VarRef) expr()    {}
func (*TupleExpr) expr() {}

// Parse reads one line into its statements (separated by ';' or newlines).
// Empty statements and comments yield nothing.
func Parse(line string) ([]Stmt, error) {
	var room [8]token // a typical line's tokens, without allocating them
	toks, err := lexAppend(room[:0], line)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, nil
	}
	r := rooms.Get().(*nodeRoom)
	stmts := r.stmts[:0]
	for start := 0; start <= len(toks); {
		end := start
		for end < len(toks) && !(toks[end].kind == tPunct && toks[end].text == ";") {
			end++
		}
		if end > start {
			// Each statement is read in the syntax it is written in, so the
			// shell's and the lecture's Python lines mix on one line.
			var st Stmt
			if looksLikePython(toks[start:end]) {
				st, err = parsePython(r, toks[start:end])
			} else {
				st, err = r.parseStmt(toks[start:end])
			}
			if err != nil {
				return nil, err // r is left to the collector
			}
			st.Src = line[toks[start].pos:toks[end-1].end]
			st.room = r
			stmts = append(stmts, st)
		}
		start = end + 1
	}
	return stmts, nil
}

// Release gives the syntax nodes of stmts, a line's statements as Parse
// returned them, back for the lines to come: a script of thousands of
// lines then reuses one line's memory rather than asking for fresh memory
// (and the page faults that come with it) for each. Neither stmts nor any
// copy of its statements may be used afterwards. Releasing is optional.
func Release(stmts []Stmt) {
	if len(stmts) == 0 || stmts[0].room == nil {
		return
	}
	r := stmts[0].room
	*r = nodeRoom{}
	rooms.Put(r)
}

var rooms = sync.Pool{New: func() any { return new(nodeRoom) }}

// parseStmt reads a statement of the shell syntax, its nodes from r.
func (r *nodeRoom) parseStmt(toks []token) (Stmt, error) {
	var st Stmt
	if i := assignOp(toks); i >= 0 {
		for j := 0; j < i; j++ {
			t := toks[j]
			if j%2 == 1 {
				if !(t.kind == tPunct && t.text == ",") {
					return st, syntaxAt(t, "invalid syntax")
				}
				continue
			}
			if t.kind != tWord || !isIdent(t.text) {
				return st, syntaxAt(t, fmt.Sprintf("cannot assign to %s", describe(t)))
			}
			if st.Targets == nil && !r.targetsTaken {
				// The room's targets go to the line's first assignment;
				// a later one on the line gets a slice of its own.
				st.Targets, r.targetsTaken = r.targets[:0], true
			}
			st.Targets = append(st.Targets, t.text)
		}
		if i%2 == 0 {
			return st, syntaxAt(toks[i], "invalid syntax")
		}
		st.Op = toks[i].text
		if st.Op == "+=" && len(st.Targets) != 1 {
			return st, syntaxAt(toks[i], "'tuple' is an illegal expression for augmented assignment")
		}
		toks = toks[i+1:]
		if len(toks) == 0 {
			return st, &SyntaxError{Msg: "SyntaxError: nothing to assign after '" + st.Op + "'"}
		}
	}
	x, err := r.parseExpr(toks)
	st.X = x
	return st, err
}

// assignOp returns the index of the statement's = or += token, or -1.
func assignOp(toks []token) int {
	for i, t := range toks {
		if t.kind != tPunct {
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

func (r *nodeRoom) parseExpr(toks []token) (Expr, error) {
	first := toks[0]
	if first.kind == tWord && isDottedName(first.text) {
		x := r.call(first.text)
		var err error
		x.Args, err = r.parseArgs(toks[1:], x.argRoom[:0])
		return x, err
	}
	x, n, err := r.parseArg(toks)
	if err != nil {
		return nil, err
	}
	if n < len(toks) {
		return nil, syntaxAt(toks[n], "unexpected "+describe(toks[n])+" after a value")
	}
	if w, ok := x.(*Word); ok {
		v, ok := literalWord(w.Text)
		if !ok && leadingZeros(w.Text) {
			return nil, syntaxAt(first, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
		}
		if !ok {
			return nil, syntaxAt(first, "invalid syntax: "+describe(first))
		}
		return r.lit(v), nil
	}
	return x, nil
}

// parseArgs reads a call's arguments, into room when it has enough.
func (r *nodeRoom) parseArgs(toks []token, room []Expr) ([]Expr, error) {
	if len(toks) == 0 {
		return nil, nil
	}
	var args []Expr // at most one per token
	if len(toks) <= cap(room) {
		args = room[:0:len(toks)]
	} else {
		args = make([]Expr, 0, len(toks))
	}
	for len(toks) > 0 {
		x, n, err := r.parseArg(toks)
		if err != nil {
			return nil, err
		}
		args = append(args, x)
		toks = toks[n:]
	}
	return args, nil
}

// parseArg reads one argument and reports how many tokens it used.
func (r *nodeRoom) parseArg(toks []token) (Expr, int, error) {
	t := toks[0]
	switch t.kind {
	case tWord:
		return r.word(t.text), 1, nil
	case tStr, tBytes:
		return r.lit(t.val), 1, nil
	case tVar:
		return &VarRef{Path: t.text}, 1, nil
	}
	if t.text != "(" {
		return nil, 0, syntaxAt(t, "unexpected "+describe(t))
	}
	var elems []Expr
	i := 1
	for {
		if i >= len(toks) {
			return nil, 0, &SyntaxError{Msg: "SyntaxError: '(' was never closed", Pos: t.pos}
		}
		if toks[i].kind == tPunct && toks[i].text == ")" {
			return &TupleExpr{Elems: elems}, i + 1, nil
		}
		x, n, err := r.parseArg(toks[i:])
		if err != nil {
			return nil, 0, err
		}
		elems = append(elems, x)
		i += n
		if i < len(toks) && toks[i].kind == tPunct && toks[i].text == "," {
			i++
		} else if i < len(toks) && !(toks[i].kind == tPunct && toks[i].text == ")") {
			return nil, 0, syntaxAt(toks[i], "expected ',' or ')' in a tuple, not "+describe(toks[i]))
		}
	}
}

// nodeRoom holds the syntax nodes of a line, so that a typical shell line
// (one statement: a call with a few words and literals) is parsed with one
// allocation rather than one per node. Nodes past its room are allocated
// one by one.
type nodeRoom struct {
	stmts   [1]Stmt
	targets [2]string
	calls   [1]CallExpr
	words   [3]Word
	lits    [2]Lit
	nCalls  int
	nWords  int
	nLits   int

	targetsTaken bool
}

func (r *nodeRoom) call(name string) *CallExpr {
	x := slot(r.calls[:], &r.nCalls)
	x.Name = name
	return x
}

func (r *nodeRoom) word(text string) *Word {
	x := slot(r.words[:], &r.nWords)
	x.Text = text
	return x
}

func (r *nodeRoom) lit(v Value) *Lit {
	x := slot(r.lits[:], &r.nLits)
	x.V = v
	return x
}

// slot returns the next unused element of room, counting it in *used, or
// a new T once room is all used.
func slot[T any](room []T, used *int) *T {
	if *used < len(room) {
		*used++
		return &room[*used-1]
	}
	return new(T)
}

// isDottedName reports whether s is names joined by dots (foo, foo.family).
func isDottedName(s string) bool {
	for {
		i := strings.IndexByte(s, '.')
		if i < 0 {
			return isIdent(s)
		}
		if !isIdent(s[:i]) {
			return false
		}
		s = s[i+1:]
	}
}

func syntaxAt(t token, msg string) error {
	return &SyntaxError{Msg: "SyntaxError: " + msg, Pos: t.pos}
}

func describe(t token) string {
	switch t.kind {
	case tPunct:
		return "'" + t.text + "'"
	case tStr, tBytes:
		return "literal " + cutText(t.val.Repr())
	case tVar:
		return "'$" + t.text + "'"
	}
	return "'" + escapeForMessage(t.text) + "'"
}

// SplitStatements cuts src at each ';' and newline outside quotes, dropping
// comments, so that each piece can be run and reported on by itself (the
// statements of `sockshell -c 'a; b'` are numbered 1, 2). It only finds the
// boundaries: each piece is parsed, and any error in it found, later.
func SplitStatements(src string) []string {
	var pieces []string
	start := 0
	var quote byte
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case quote != 0:
			switch c {
			case '\\':
				i++
			case quote:
				quote = 0
			case '\n': // an unterminated quote ends with its line
				quote = 0
				pieces = append(pieces, src[start:i])
				start = i + 1
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#':
			pieces = append(pieces, src[start:i])
			for i < len(src) && src[i] != '\n' {
				i++
			}
			start = i + 1
		case c == ';' || c == '\n':
			pieces = append(pieces, src[start:i])
			start = i + 1
		}
	}
	if start < len(src) {
		pieces = append(pieces, src[start:])
	}
	var out []string
	for _, p := range pieces {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
