package syntax

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"sockshell/commands/value"
)

// Top is one top-level statement with the text it was read from: a simple
// statement, or a whole block.
type Top struct {
	Stmt Stmt
	Src  string
	Line int // the line the statement starts on
}

// maxNesting bounds how deeply the parser recurses into an expression, so
// that hostile input (a million unary minuses) is an error, not a crash.
const maxNesting = 3000

// Parse reads src, one or more complete statements, whose first line is
// line number line of its script. names tells commands from variables (nil:
// every statement is Python).
func Parse(src string, line int, names Names) ([]Top, error) {
	if len(src) > maxLine {
		return nil, &Error{Class: value.SyntaxErrorClass, Msg: fmt.Sprintf("line too long (%d bytes; the limit is %d)", len(src), maxLine), Line: line}
	}
	if i := strings.IndexByte(src, 0); i >= 0 {
		return nil, &Error{Class: value.SyntaxErrorClass, Msg: "source code cannot contain null bytes", Line: line + strings.Count(src[:i], "\n")}
	}
	if !utf8.ValidString(src) {
		i := firstInvalid(src)
		l := line + strings.Count(src[:i], "\n")
		col := i - strings.LastIndexByte(src[:i], '\n')
		return nil, &Error{Class: value.SyntaxErrorClass, Msg: fmt.Sprintf("invalid UTF-8 byte 0x%02x at column %d", src[i], col), Line: l, Col: col}
	}
	if oneCommand(src, names) {
		if top, ok := shellLine(new(Shell), src, line); ok {
			return []Top{top}, nil
		}
	}
	p := newParser(src, line, names)
	if err := p.next(); err != nil {
		return nil, err
	}
	var out []Top
	for p.tok.kind != tEOF {
		if p.tok.kind == tNewline {
			if err := p.next(); err != nil {
				return nil, err
			}
			continue
		}
		if p.tok.kind == tIndent {
			return nil, &Error{Class: value.IndentationError, Msg: "unexpected indent", Line: p.tok.line, Col: p.tok.col}
		}
		if p.tok.kind == tDedent {
			if err := p.next(); err != nil {
				return nil, err
			}
			continue
		}
		start := p.tok
		if p.compoundStart() {
			st, err := p.compound()
			if err != nil {
				return nil, err
			}
			out = append(out, Top{Stmt: st, Src: strings.TrimRight(src[start.off:p.lastEnd], " \t\r\n"), Line: start.line})
			continue
		}
		// Simple statements, each a Top of its own.
		for {
			first := p.tok
			st, err := p.simpleStmt()
			if err != nil {
				return nil, err
			}
			out = append(out, Top{Stmt: st, Src: strings.TrimSpace(src[first.off:p.lastEnd]), Line: first.line})
			if !p.isOp(";") {
				break
			}
			if err := p.next(); err != nil {
				return nil, err
			}
			if p.tok.kind == tNewline || p.tok.kind == tEOF {
				break
			}
		}
		if p.tok.kind != tNewline && p.tok.kind != tEOF {
			return nil, p.invalid()
		}
	}
	return out, nil
}

// shellLine reads the commonest source there is, a script's line holding
// one shell command (`sendall client b'hi'`), into st, without the Python
// tokenizer; src is a line oneCommand accepts. Anything else on the line
// (an error too, so that its message stays the general parser's) is left
// to Parse: ok is false.
func shellLine(st *Shell, src string, line int) (Top, bool) {
	// Mid-line as far as the scanner knows (no indentation to track), and
	// so with no pointer into itself: it stays on the stack.
	sc := scanner{src: src, line: line, last: tName}
	if err := sc.shellStatement(st); err != nil {
		return Top{}, false
	}
	end := sc.pos
	rest := strings.TrimLeft(src[end:], " \t\f\r")
	if rest != "" && rest[0] != '#' {
		return Top{}, false // a ; and more statements
	}
	return Top{Stmt: st, Src: strings.TrimSpace(src[:end]), Line: line}, true
}

// oneCommand reports whether src is a line that starts with a shell
// command, at its first column.
func oneCommand(src string, names Names) bool {
	return names != nil && src != "" && (src[0] == '_' || src[0]|0x20 >= 'a' && src[0]|0x20 <= 'z') &&
		strings.IndexByte(src, '\n') < 0 && IsShell(src, names)
}

// A Parser reads source as Parse does, for a loop that runs each line's
// statements before it reads the next line: it reads the commonest line,
// one shell command, into a statement of its own each time, so that a
// script of thousands of commands makes no garbage for their trees. What
// its Parse returns is valid until its next call to Parse, as
// bufio.Scanner's Bytes are; a loop that runs lines while one of its
// statements is still running (a command that plays a lesson) reads them
// with the package's Parse instead.
type Parser struct {
	Names Names // what names mean, as Parse takes them
	shell Shell
	tops  [1]Top
}

// Parse reads src as the package's Parse does.
func (p *Parser) Parse(src string, line int) ([]Top, error) {
	if len(src) <= maxLine && strings.IndexByte(src, 0) < 0 && utf8.ValidString(src) {
		if oneCommand(src, p.Names) {
			if top, ok := shellLine(&p.shell, src, line); ok {
				p.tops[0] = top
				return p.tops[:], nil
			}
		}
	}
	return Parse(src, line, p.Names)
}

// ParseExpr reads src as one expression (eval() of a string, an f-string's
// field).
func ParseExpr(src string, line int) (Expr, error) {
	p := newParser(src, line, nil)
	p.sc.bol = false
	if err := p.next(); err != nil {
		return nil, err
	}
	x, err := p.exprList()
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tNewline {
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	if p.tok.kind != tEOF {
		return nil, p.invalid()
	}
	return x, nil
}

type parser struct {
	sc      *scanner
	tok     token
	lastEnd int // where the last token taken ended
	names   Names
	src     string
	depth   int
	scan    scanner // what sc points to: one allocation for both
}

func newParser(src string, line int, names Names) *parser {
	p := &parser{names: names, src: src}
	p.scan.init(src, line)
	p.sc = &p.scan
	return p
}

func (p *parser) next() error {
	p.lastEnd = p.tok.end
	t, err := p.sc.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) isOp(op string) bool  { return p.tok.kind == tOp && p.tok.text == op }
func (p *parser) isName(w string) bool { return p.tok.kind == tName && p.tok.text == w }
func (p *parser) errAt(t token, format string, args ...any) *Error {
	return syntaxErr(t.line, t.col, format, args...)
}

func unsupported(t token, format string, args ...any) *Error {
	return &Error{Class: value.NotImplementedErr, Msg: fmt.Sprintf(format, args...), Line: t.line, Col: t.col}
}

// invalid is Python's plain "invalid syntax" at the current token, with
// the more helpful wordings Python 3.11 gives in the common cases.
func (p *parser) invalid() error {
	t := p.tok
	switch {
	case t.kind == tEOF || t.kind == tNewline:
		return p.errAt(t, "invalid syntax")
	case t.kind == tIndent:
		return &Error{Class: value.IndentationError, Msg: "unexpected indent", Line: t.line, Col: t.col}
	case t.kind == tName && (t.text == "yield" || t.text == "await"):
		return unsupported(t, "'%s' is not supported in sockshell: write a function that returns a list instead", t.text)
	}
	return p.errAt(t, "invalid syntax")
}

func (p *parser) expectOp(op string) error {
	if !p.isOp(op) {
		switch {
		case op == ":" && (p.tok.kind == tNewline || p.tok.kind == tEOF):
			return p.errAt(p.tok, "expected ':'")
		case op == ":" && p.isOp("="):
			return p.errAt(p.tok, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
		}
		return p.invalid()
	}
	return p.next()
}

func (p *parser) compoundStart() bool {
	if p.tok.kind == tOp && p.tok.text == "@" {
		return true
	}
	if p.tok.kind != tName {
		return false
	}
	switch p.tok.text {
	case "if", "while", "for", "def", "try", "with", "class", "async":
		return true
	}
	return false
}

// compound reads a compound statement: if, while, for, def, try, with.
func (p *parser) compound() (Stmt, error) {
	t := p.tok
	if t.kind == tOp {
		return nil, unsupported(t, "decorators (@) are not supported in sockshell; call the function yourself: f = decorator(f)")
	}
	switch t.text {
	case "class":
		save, saveTok := *p.sc, p.tok
		if err := p.next(); err != nil || p.tok.kind != tName {
			*p.sc, p.tok = save, saveTok
			if err := p.next(); err != nil {
				return nil, err
			}
			return nil, p.invalid()
		}
		return nil, unsupported(t, "'class' is not supported in sockshell; keep data in a dict or a tuple, and write functions with def")
	case "async":
		return nil, unsupported(t, "'async' is not supported in sockshell; use select (import select) to wait on many sockets")
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	switch t.text {
	case "if":
		return p.ifStmt(t)
	case "while":
		cond, err := p.namedExpr()
		if err != nil {
			return nil, err
		}
		body, err := p.block(t, "while")
		if err != nil {
			return nil, err
		}
		st := &While{Pos: t.pos(), Cond: cond, Body: body}
		st.Else, err = p.elseBlock()
		return st, err
	case "for":
		target, err := p.targetList()
		if err != nil {
			return nil, err
		}
		if !p.isName("in") {
			return nil, p.invalid()
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		iter, err := p.exprList()
		if err != nil {
			return nil, err
		}
		body, err := p.block(t, "for")
		if err != nil {
			return nil, err
		}
		st := &For{Pos: t.pos(), Target: target, Iter: iter, Body: body}
		st.Else, err = p.elseBlock()
		return st, err
	case "def":
		return p.def(t)
	case "try":
		return p.try(t)
	case "with":
		return p.with(t)
	}
	return nil, p.invalid()
}

func (p *parser) ifStmt(t token) (Stmt, error) {
	cond, err := p.namedExpr()
	if err != nil {
		return nil, err
	}
	kind := "if"
	if t.text == "elif" {
		kind = "elif"
	}
	body, err := p.block(t, kind)
	if err != nil {
		return nil, err
	}
	st := &If{Pos: t.pos(), Cond: cond, Body: body}
	if p.atClause("elif") {
		e := p.tok
		if err := p.next(); err != nil {
			return nil, err
		}
		sub, err := p.ifStmt(e)
		if err != nil {
			return nil, err
		}
		st.Else = []Stmt{sub}
		return st, nil
	}
	st.Else, err = p.elseBlock()
	return st, err
}

// atClause reports whether the next token continues a compound statement
// with the clause kw (else, elif, except, finally) at this block's level.
func (p *parser) atClause(kw string) bool { return p.isName(kw) }

func (p *parser) elseBlock() ([]Stmt, error) {
	if !p.atClause("else") {
		return nil, nil
	}
	t := p.tok
	if err := p.next(); err != nil {
		return nil, err
	}
	return p.block(t, "else")
}

// block reads ': BODY' after a compound statement's header, where BODY is
// an indented block or simple statements on the same line.
func (p *parser) block(header token, kind string) ([]Stmt, error) {
	if err := p.expectOp(":"); err != nil {
		return nil, err
	}
	if p.tok.kind != tNewline {
		return p.simpleStmts()
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind != tIndent {
		what := "'" + kind + "' statement"
		switch kind {
		case "def":
			what = "function definition"
		case "else", "finally", "except", "try":
			what = "'" + kind + "' statement"
		}
		return nil, &Error{Class: value.IndentationError, Msg: fmt.Sprintf("expected an indented block after %s on line %d", what, header.line), Line: p.tok.line, Col: p.tok.col, Incomplete: p.tok.kind == tEOF}
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	var body []Stmt
	for p.tok.kind != tDedent && p.tok.kind != tEOF {
		if p.tok.kind == tNewline {
			if err := p.next(); err != nil {
				return nil, err
			}
			continue
		}
		if p.tok.kind == tIndent {
			return nil, &Error{Class: value.IndentationError, Msg: "unexpected indent", Line: p.tok.line, Col: p.tok.col}
		}
		if p.compoundStart() {
			st, err := p.compound()
			if err != nil {
				return nil, err
			}
			body = append(body, st)
			continue
		}
		sts, err := p.simpleStmts()
		if err != nil {
			return nil, err
		}
		body = append(body, sts...)
	}
	if p.tok.kind == tDedent {
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	return body, nil
}

// simpleStmts reads simple statements separated by ';' up to the end of
// the line.
func (p *parser) simpleStmts() ([]Stmt, error) {
	var out []Stmt
	for {
		st, err := p.simpleStmt()
		if err != nil {
			return nil, err
		}
		out = append(out, st)
		if !p.isOp(";") {
			break
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.tok.kind == tNewline || p.tok.kind == tEOF {
			break
		}
	}
	if p.tok.kind == tNewline {
		return out, p.next()
	}
	if p.tok.kind != tEOF && p.tok.kind != tDedent {
		return nil, p.invalid()
	}
	return out, nil
}

// simpleStmt reads one simple statement: a shell command, or Python.
func (p *parser) simpleStmt() (Stmt, error) {
	t := p.tok
	if t.kind == tName && p.names != nil && IsShell(p.src[t.off:], p.names) {
		p.sc.pos = t.off
		st := new(Shell)
		if err := p.sc.shellStatement(st); err != nil {
			return nil, err
		}
		st.Pos = t.pos()
		p.tok.end = p.sc.pos
		if err := p.next(); err != nil {
			return nil, err
		}
		return st, nil
	}
	if t.kind == tName {
		switch t.text {
		case "pass":
			return &Pass{t.pos()}, p.next()
		case "break":
			return &Break{t.pos()}, p.next()
		case "continue":
			return &Continue{t.pos()}, p.next()
		case "return":
			if err := p.next(); err != nil {
				return nil, err
			}
			if p.endOfStmt() {
				return &Return{Pos: t.pos()}, nil
			}
			x, err := p.exprList()
			return &Return{Pos: t.pos(), X: x}, err
		case "raise":
			return p.raise(t)
		case "global", "nonlocal":
			return p.global(t)
		case "del":
			return p.del(t)
		case "assert":
			if err := p.next(); err != nil {
				return nil, err
			}
			test, err := p.expression()
			if err != nil {
				return nil, err
			}
			st := &Assert{Pos: t.pos(), Test: test}
			if p.isOp(",") {
				if err := p.next(); err != nil {
					return nil, err
				}
				st.Msg, err = p.expression()
			}
			return st, err
		case "import", "from":
			return p.importStmt(t)
		case "elif", "else", "except", "finally":
			return nil, p.invalid()
		case "print":
			if st, err := p.printStatement(t); st != nil || err != nil {
				return st, err
			}
		}
	}
	return p.exprStmt()
}

func (p *parser) endOfStmt() bool {
	return p.tok.kind == tNewline || p.tok.kind == tEOF || p.isOp(";") || p.tok.kind == tDedent
}

// printStatement catches Python 2's print statement (print x), with
// Python 3's message.
func (p *parser) printStatement(t token) (Stmt, error) {
	save := *p.sc
	saveTok := p.tok
	if err := p.next(); err != nil {
		*p.sc, p.tok = save, saveTok
		return nil, nil
	}
	if p.tok.kind == tName || p.tok.kind == tString || p.tok.kind == tNumber {
		return nil, p.errAt(t, "Missing parentheses in call to 'print'. Did you mean print(...)?")
	}
	*p.sc, p.tok = save, saveTok
	return nil, nil
}

func (p *parser) exprStmt() (Stmt, error) {
	t := p.tok
	x, err := p.starExprList()
	if err != nil {
		return nil, err
	}
	switch {
	case p.isOp("="):
		targets := []Expr{x}
		var val Expr
		for p.isOp("=") {
			eq := p.tok
			if err := p.next(); err != nil {
				return nil, err
			}
			if p.endOfStmt() {
				return nil, p.errAt(p.tok, "invalid syntax")
			}
			if p.isName("yield") {
				return nil, p.invalid()
			}
			v, err := p.starExprList()
			if err != nil {
				return nil, err
			}
			if err := checkTarget(targets[len(targets)-1], eq, "assign to", true); err != nil {
				return nil, err
			}
			targets = append(targets, v)
		}
		val, targets = targets[len(targets)-1], targets[:len(targets)-1]
		return &Assign{Pos: t.pos(), Targets: targets, Value: val}, nil
	case p.tok.kind == tOp && len(p.tok.text) >= 2 && strings.HasSuffix(p.tok.text, "=") && p.tok.text != "==" && p.tok.text != "!=" && p.tok.text != "<=" && p.tok.text != ">=":
		op := p.tok
		switch x.(type) {
		case *Name, *Attr, *Index, *ShellVar:
		default:
			return nil, p.errAt(t, "'%s' is an illegal expression for augmented assignment", describe(x))
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		v, err := p.exprList()
		if err != nil {
			return nil, err
		}
		return &AugAssign{Pos: t.pos(), Target: x, Op: strings.TrimSuffix(op.text, "="), Value: v}, nil
	case p.isOp(":"):
		return nil, unsupported(p.tok, "variable annotations (x: int = ...) are not supported in sockshell; write x = ...")
	}
	if !p.endOfStmt() {
		return nil, p.juxtaposed(t, x)
	}
	return &ExprStmt{Pos: t.pos(), X: x}, nil
}

// juxtaposed explains two expressions side by side with nothing between
// them: an unknown command (`nosuch arg`) or invalid Python.
func (p *parser) juxtaposed(first token, x Expr) error {
	if n, ok := x.(*Name); ok && p.names != nil && (p.tok.kind == tName || p.tok.kind == tNumber || p.tok.kind == tString || p.tok.kind == tVar) && !p.names.IsVariable(n.ID) && !IsKeyword(n.ID) {
		return &UnknownCommand{Name: n.ID, Line: first.line}
	}
	return p.invalid()
}

// UnknownCommand is a statement that reads as a command with arguments
// (`nosuch arg`) where no command has that name.
type UnknownCommand struct {
	Name string
	Line int
}

func (e *UnknownCommand) Error() string { return "unknown command '" + value.ForMessage(e.Name) + "'" }

// checkTarget checks that x can be assigned to (or deleted), with
// Python's messages for what cannot.
func checkTarget(x Expr, at token, verb string, assign bool) error {
	switch x := x.(type) {
	case *Name, *Attr, *Index, *ShellVar:
		if n, ok := x.(*Name); ok && (n.ID == "__debug__") {
			return syntaxErr(at.line, at.col, "cannot %s __debug__", verb)
		}
		return nil
	case *Tuple:
		for _, e := range x.Elems {
			if err := checkTarget(e, at, verb, assign); err != nil {
				return err
			}
		}
		return nil
	case *List:
		for _, e := range x.Elems {
			if err := checkTarget(e, at, verb, assign); err != nil {
				return err
			}
		}
		return nil
	case *Starred:
		if !assign {
			return syntaxErr(at.line, at.col, "cannot %s starred", verb)
		}
		return checkTarget(x.X, at, verb, assign)
	}
	what := describe(x)
	if c, ok := x.(*Const); ok && (c.V == value.None || c.V == value.True || c.V == value.False) {
		p := x.Position()
		return syntaxErr(p.Line, p.Col, "cannot %s %s", verb, what)
	}
	if assign {
		p := x.Position()
		return syntaxErr(p.Line, p.Col, "cannot %s %s here. Maybe you meant '==' instead of '='?", verb, what)
	}
	p := x.Position()
	return syntaxErr(p.Line, p.Col, "cannot %s %s", verb, what)
}

// describe names an expression as Python's messages do.
func describe(x Expr) string {
	switch x := x.(type) {
	case *Call:
		return "function call"
	case *Const:
		switch x.V.(type) {
		case value.NoneType, value.Bool:
			return x.V.Repr()
		}
		return "literal"
	case *FString:
		return "f-string expression"
	case *Binary, *Unary:
		return "expression"
	case *BoolOp:
		return "expression"
	case *Compare:
		return "comparison"
	case *IfExp:
		return "conditional expression"
	case *Lambda:
		return "lambda"
	case *Dict:
		return "dict literal"
	case *Set:
		return "set display"
	case *Comp:
		switch x.Kind {
		case "list":
			return "list comprehension"
		case "dict":
			return "dict comprehension"
		case "set":
			return "set comprehension"
		}
		return "generator expression"
	case *Tuple:
		return "tuple"
	}
	return "expression"
}

func (p *parser) raise(t token) (Stmt, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	st := &Raise{Pos: t.pos()}
	if p.endOfStmt() {
		return st, nil
	}
	var err error
	if st.X, err = p.expression(); err != nil {
		return nil, err
	}
	if p.isName("from") {
		if err := p.next(); err != nil {
			return nil, err
		}
		st.Cause, err = p.expression()
	}
	return st, err
}

func (p *parser) global(t token) (Stmt, error) {
	st := &Global{Pos: t.pos(), Nonlocal: t.text == "nonlocal"}
	for {
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.tok.kind != tName || IsKeyword(p.tok.text) {
			return nil, p.invalid()
		}
		st.Names = append(st.Names, p.tok.text)
		if err := p.next(); err != nil {
			return nil, err
		}
		if !p.isOp(",") {
			return st, nil
		}
	}
}

func (p *parser) del(t token) (Stmt, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	x, err := p.exprList()
	if err != nil {
		return nil, err
	}
	var targets []Expr
	if tup, ok := x.(*Tuple); ok && tup.Pos == x.Position() && !p.isOp(")") {
		targets = tup.Elems
	} else {
		targets = []Expr{x}
	}
	for _, e := range targets {
		if err := checkTarget(e, t, "delete", false); err != nil {
			return nil, err
		}
	}
	return &Del{Pos: t.pos(), Targets: targets}, nil
}

func (p *parser) dottedName() (string, error) {
	if p.tok.kind != tName {
		return "", p.invalid()
	}
	name := p.tok.text
	if err := p.next(); err != nil {
		return "", err
	}
	for p.isOp(".") {
		if err := p.next(); err != nil {
			return "", err
		}
		if p.tok.kind != tName {
			return "", p.invalid()
		}
		name += "." + p.tok.text
		if err := p.next(); err != nil {
			return "", err
		}
	}
	return name, nil
}

func (p *parser) importStmt(t token) (Stmt, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	if t.text == "import" {
		var first *Import
		for {
			name, err := p.dottedName()
			if err != nil {
				return nil, err
			}
			st := &Import{Pos: t.pos(), Module: name}
			if p.isName("as") {
				if err := p.next(); err != nil {
					return nil, err
				}
				if p.tok.kind != tName {
					return nil, p.invalid()
				}
				st.As = p.tok.text
				if err := p.next(); err != nil {
					return nil, err
				}
			}
			if first != nil {
				return nil, unsupported(t, "one module per import statement, please: import %s", first.Module)
			}
			first = st
			if !p.isOp(",") {
				return first, nil
			}
			if err := p.next(); err != nil {
				return nil, err
			}
		}
	}
	name, err := p.dottedName()
	if err != nil {
		return nil, err
	}
	if !p.isName("import") {
		return nil, p.invalid()
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	st := &Import{Pos: t.pos(), Module: name, From: true}
	if p.isOp("*") {
		st.Star = true
		return st, p.next()
	}
	paren := p.isOp("(")
	if paren {
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	for {
		if p.tok.kind != tName {
			return nil, p.invalid()
		}
		pair := [2]string{p.tok.text, p.tok.text}
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.isName("as") {
			if err := p.next(); err != nil {
				return nil, err
			}
			if p.tok.kind != tName {
				return nil, p.invalid()
			}
			pair[1] = p.tok.text
			if err := p.next(); err != nil {
				return nil, err
			}
		}
		st.Names = append(st.Names, pair)
		if !p.isOp(",") {
			break
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		if paren && p.isOp(")") {
			break
		}
	}
	if paren {
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func (p *parser) def(t token) (Stmt, error) {
	if p.tok.kind != tName || IsKeyword(p.tok.text) {
		return nil, p.invalid()
	}
	st := &Def{Pos: t.pos(), Name: p.tok.text}
	if err := p.next(); err != nil {
		return nil, err
	}
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	var err error
	if st.Params, err = p.params(")"); err != nil {
		return nil, err
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	if p.isOp("->") {
		if err := p.next(); err != nil {
			return nil, err
		}
		if _, err := p.expression(); err != nil {
			return nil, err
		}
	}
	if st.Body, err = p.block(t, "def"); err != nil {
		return nil, err
	}
	if len(st.Body) > 0 {
		if es, ok := st.Body[0].(*ExprStmt); ok {
			if c, ok := es.X.(*Const); ok {
				if s, ok := c.V.(value.Str); ok {
					st.Doc = string(s)
				}
			}
		}
	}
	return st, nil
}

// params reads a parameter list up to end (")" for def, ":" for lambda).
func (p *parser) params(end string) ([]Param, error) {
	var out []Param
	kwOnly, seenDefault := false, false
	seen := map[string]bool{}
	for !p.isOp(end) {
		star := 0
		if p.isOp("*") {
			star = 1
		} else if p.isOp("**") {
			star = 2
		} else if p.isOp("/") {
			if err := p.next(); err != nil {
				return nil, err
			}
			if !p.isOp(end) {
				if err := p.expectOp(","); err != nil {
					return nil, err
				}
			}
			continue
		}
		if star > 0 {
			if err := p.next(); err != nil {
				return nil, err
			}
			if star == 1 && (p.isOp(",") || p.isOp(end)) {
				kwOnly = true
				if p.isOp(",") {
					if err := p.next(); err != nil {
						return nil, err
					}
				}
				continue
			}
		}
		if p.tok.kind != tName || IsKeyword(p.tok.text) {
			return nil, p.invalid()
		}
		prm := Param{Name: p.tok.text, Star: star, KwOnly: kwOnly && star == 0}
		if seen[prm.Name] {
			return nil, p.errAt(p.tok, "duplicate argument '%s' in function definition", prm.Name)
		}
		seen[prm.Name] = true
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.isOp(":") && end == ")" {
			if err := p.next(); err != nil {
				return nil, err
			}
			if _, err := p.expression(); err != nil {
				return nil, err
			}
		}
		if p.isOp("=") && star == 0 {
			if err := p.next(); err != nil {
				return nil, err
			}
			d, err := p.expression()
			if err != nil {
				return nil, err
			}
			prm.Default = d
			seenDefault = true
		} else if seenDefault && star == 0 && !prm.KwOnly {
			return nil, p.errAt(p.tok, "non-default argument follows default argument")
		}
		if star == 1 {
			kwOnly = true
		}
		out = append(out, prm)
		if !p.isOp(",") {
			break
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (p *parser) try(t token) (Stmt, error) {
	body, err := p.block(t, "try")
	if err != nil {
		return nil, err
	}
	st := &Try{Pos: t.pos(), Body: body}
	for p.atClause("except") {
		h := p.tok
		if err := p.next(); err != nil {
			return nil, err
		}
		hd := Handler{Pos: h.pos()}
		if p.isOp("*") {
			return nil, unsupported(p.tok, "except* (exception groups) is not supported in sockshell")
		}
		if !p.isOp(":") {
			if hd.Type, err = p.expression(); err != nil {
				return nil, err
			}
			if p.isOp(",") {
				return nil, p.errAt(p.tok, "multiple exception types must be parenthesized")
			}
			if p.isName("as") {
				if err := p.next(); err != nil {
					return nil, err
				}
				if p.tok.kind != tName {
					return nil, p.invalid()
				}
				hd.Name = p.tok.text
				if err := p.next(); err != nil {
					return nil, err
				}
			}
		}
		if hd.Body, err = p.block(h, "except"); err != nil {
			return nil, err
		}
		st.Handlers = append(st.Handlers, hd)
	}
	if len(st.Handlers) > 0 {
		if st.Else, err = p.elseBlock(); err != nil {
			return nil, err
		}
	}
	if p.atClause("finally") {
		f := p.tok
		if err := p.next(); err != nil {
			return nil, err
		}
		if st.Finally, err = p.block(f, "finally"); err != nil {
			return nil, err
		}
	}
	if len(st.Handlers) == 0 && st.Finally == nil {
		return nil, &Error{Class: value.SyntaxErrorClass, Msg: "expected 'except' or 'finally' block", Line: p.tok.line, Col: p.tok.col, Incomplete: p.tok.kind == tEOF}
	}
	return st, nil
}

func (p *parser) with(t token) (Stmt, error) {
	st := &With{Pos: t.pos()}
	for {
		x, err := p.expression()
		if err != nil {
			return nil, err
		}
		item := WithItem{X: x}
		if p.isName("as") {
			if err := p.next(); err != nil {
				return nil, err
			}
			if item.Target, err = p.target(); err != nil {
				return nil, err
			}
		}
		st.Items = append(st.Items, item)
		if !p.isOp(",") {
			break
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	var err error
	st.Body, err = p.block(t, "with")
	return st, err
}

// targetList reads the targets of a for loop: a, b or (a, b).
func (p *parser) targetList() (Expr, error) {
	t := p.tok
	first, err := p.target()
	if err != nil {
		return nil, err
	}
	if !p.isOp(",") {
		return first, nil
	}
	elems := []Expr{first}
	for p.isOp(",") {
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.isName("in") {
			break
		}
		x, err := p.target()
		if err != nil {
			return nil, err
		}
		elems = append(elems, x)
	}
	return &Tuple{Pos: t.pos(), Elems: elems}, nil
}

// target reads one assignment target of a for loop or with.
func (p *parser) target() (Expr, error) {
	t := p.tok
	var x Expr
	var err error
	if p.isOp("*") {
		if err := p.next(); err != nil {
			return nil, err
		}
		inner, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		x = &Starred{Pos: t.pos(), X: inner}
	} else if x, err = p.orExpr(); err != nil {
		return nil, err
	}
	if err := checkTarget(x, t, "assign to", false); err != nil {
		return nil, err
	}
	return x, nil
}

func firstInvalid(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}
