package commands

import (
	"strings"
)

// The Python syntax's expression nodes. Each computes itself (see
// selfEvaluating in eval.go); names and literals reuse VarRef and Lit, and
// calls of commands end in the same Session.call as the shell syntax.
type (
	// pyNameRef is a bare name: a variable, or a builtin or command when
	// called.
	pyNameRef struct{ Name string }
	// pyModAttr is socket.NAME: a constant, or a command when called.
	pyModAttr struct {
		Name string
		Pos  int
	}
	// pyAttr is X.NAME on a value: an attribute, or a method when called.
	pyAttr struct {
		X    Expr
		Name string
	}
	// pyCall is F(ARGS): a command, a builtin, or a method.
	pyCall struct {
		Fn   Expr
		Args []pyArg
	}
	// pyIndex is X[I].
	pyIndex struct{ X, I Expr }
	// pySlice is X[LO:HI:STEP]; a missing part is nil.
	pySlice struct{ X, Lo, Hi, Step Expr }
	// pyList is [A, B, ...].
	pyList struct{ Elems []Expr }
	// pyBinary is X OP Y for + - * == !=.
	pyBinary struct {
		Op   string
		X, Y Expr
	}
	// pyNeg is -X.
	pyNeg struct{ X Expr }
)

// pyArg is one argument of a call; Star marks *ARG, whose items are spread.
type pyArg struct {
	X    Expr
	Star bool
}

func (*pyNameRef) expr() {}
func (*pyModAttr) expr() {}
func (*pyAttr) expr()    {}
func (*pyCall) expr()    {}
func (*pyIndex) expr()   {}
func (*pySlice) expr()   {}
func (*pyList) expr()    {}
func (*pyBinary) expr()  {}
func (*pyNeg) expr()     {}

// pyParser reads one statement's Python tokens by recursive descent.
type pyParser struct {
	toks []pyTok
	i    int
	end  int // offset just past the statement, for errors at its end
}

func (p *pyParser) peek() *pyTok {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

// isOp reports whether the next token is the operator op.
func (p *pyParser) isOp(op string) bool {
	t := p.peek()
	return t != nil && t.kind == pyOp && t.text == op
}

func (p *pyParser) errAt(t *pyTok, msg string) error {
	pos := p.end
	if t != nil {
		pos = t.pos
	}
	return &SyntaxError{Msg: "SyntaxError: " + msg, Pos: pos}
}

// unexpected reports the next token (or the end of the line) as out of place.
func (p *pyParser) unexpected() error {
	t := p.peek()
	if t == nil {
		return p.errAt(nil, "invalid syntax: the line ends too soon")
	}
	if t.kind == pyOp && !strings.Contains("()[],.:*+-=", t.text) || t.kind == pyName && pyOperatorWords[t.text] {
		return p.errAt(t, "the operator '"+t.text+"' is not supported in sockshell's Python lines (they know + - * == != , indexing, slicing, calls and attributes)")
	}
	return p.errAt(t, "invalid syntax near "+pyDescribe(t))
}

func pyDescribe(t *pyTok) string {
	if t.kind == pyStr {
		return "literal " + cutText(t.val.Repr())
	}
	return "'" + escapeForMessage(t.text) + "'"
}

// pyOperatorWords are Python's keyword operators, which the one-line syntax
// does not evaluate.
var pyOperatorWords = map[string]bool{"and": true, "or": true, "not": true, "in": true, "is": true, "if": true, "else": true, "lambda": true, "await": true, "yield": true}

func (p *pyParser) expectOp(op, what string) error {
	if !p.isOp(op) {
		if p.peek() == nil {
			return p.errAt(nil, what)
		}
		return p.unexpected()
	}
	p.i++
	return nil
}

// comparison reads A, or A == B, A != B.
func (p *pyParser) comparison() (Expr, error) {
	x, err := p.sum()
	if err == nil && (p.isOp("==") || p.isOp("!=")) {
		op := p.peek().text
		p.i++
		var y Expr
		if y, err = p.sum(); err == nil {
			x = &pyBinary{Op: op, X: x, Y: y}
		}
	}
	return x, err
}

// exprList reads `A` or `A, B, ...` (a tuple without parentheses, as in
// `x = 1, 2`).
func (p *pyParser) exprList() (Expr, error) {
	x, err := p.comparison()
	if err != nil {
		return nil, err
	}
	if !p.isOp(",") {
		return x, nil
	}
	elems := []Expr{x}
	for p.isOp(",") {
		p.i++
		if p.peek() == nil || p.isOp(")") || p.isOp("]") {
			break
		}
		x, err := p.comparison()
		if err != nil {
			return nil, err
		}
		elems = append(elems, x)
	}
	return &TupleExpr{Elems: elems}, nil
}

// sum reads terms joined by + and -.
func (p *pyParser) sum() (Expr, error) {
	x, err := p.term()
	for err == nil && (p.isOp("+") || p.isOp("-")) {
		op := p.peek().text
		p.i++
		var y Expr
		if y, err = p.term(); err == nil {
			x = &pyBinary{Op: op, X: x, Y: y}
		}
	}
	return x, err
}

// term reads factors joined by *.
func (p *pyParser) term() (Expr, error) {
	x, err := p.unary()
	for err == nil && p.isOp("*") {
		p.i++
		var y Expr
		if y, err = p.unary(); err == nil {
			x = &pyBinary{Op: "*", X: x, Y: y}
		}
	}
	return x, err
}

func (p *pyParser) unary() (Expr, error) {
	switch {
	case p.isOp("-"):
		p.i++
		x, err := p.unary()
		if lit, ok := x.(*Lit); ok && err == nil {
			// Fold -1 into a literal, so that info[-1] stays simple.
			if n, ok := lit.V.(Int); ok {
				return &Lit{V: -n}, nil
			}
		}
		return &pyNeg{X: x}, err
	case p.isOp("+"):
		p.i++
		return p.unary()
	}
	return p.postfix()
}

// postfix reads an atom and the attributes, calls and subscripts after it.
func (p *pyParser) postfix() (Expr, error) {
	x, err := p.atom()
	for err == nil {
		switch {
		case p.isOp("."):
			p.i++
			t := p.peek()
			if t == nil || t.kind != pyName {
				return nil, p.errAt(t, "expected an attribute name after '.'")
			}
			p.i++
			x = &pyAttr{X: x, Name: t.text}
		case p.isOp("("):
			p.i++
			var args []pyArg
			if args, err = p.args(); err == nil {
				x = &pyCall{Fn: x, Args: args}
			}
		case p.isOp("["):
			p.i++
			x, err = p.subscript(x)
		default:
			return x, nil
		}
	}
	return nil, err
}

// args reads a call's arguments after its '('.
func (p *pyParser) args() ([]pyArg, error) {
	var args []pyArg
	for !p.isOp(")") {
		if p.peek() == nil {
			return nil, p.errAt(nil, "'(' was never closed")
		}
		star := p.isOp("*")
		if star {
			p.i++
		}
		if t := p.peek(); t != nil && t.kind == pyName && p.i+1 < len(p.toks) &&
			p.toks[p.i+1].kind == pyOp && p.toks[p.i+1].text == "=" {
			return nil, p.errAt(t, "keyword arguments (such as "+t.text+"=...) are not supported in sockshell's Python lines; pass the arguments in order")
		}
		x, err := p.comparison()
		if err != nil {
			return nil, err
		}
		if t := p.peek(); t != nil && t.kind == pyName && t.text == "for" {
			return nil, blockError(p.toks, "for")
		}
		args = append(args, pyArg{X: x, Star: star})
		if p.isOp(",") {
			p.i++
			continue
		}
		if err := p.expectOp(")", "'(' was never closed"); err != nil {
			return nil, err
		}
		return args, nil
	}
	p.i++
	return args, nil
}

// subscript reads X[I] or X[LO:HI:STEP] after the '['.
func (p *pyParser) subscript(x Expr) (Expr, error) {
	var parts [3]Expr
	colons := 0
	for n := 0; ; {
		switch {
		case p.isOp("]"):
			p.i++
			if colons == 0 {
				if parts[0] == nil {
					return nil, p.errAt(&p.toks[p.i-1], "invalid syntax: empty subscript []")
				}
				return &pyIndex{X: x, I: parts[0]}, nil
			}
			return &pySlice{X: x, Lo: parts[0], Hi: parts[1], Step: parts[2]}, nil
		case p.isOp(":") && colons < 2:
			p.i++
			colons++
			n = colons
		case p.peek() == nil:
			return nil, p.errAt(nil, "'[' was never closed")
		case parts[n] != nil:
			return nil, p.unexpected()
		default:
			e, err := p.sum()
			if err != nil {
				return nil, err
			}
			parts[n] = e
		}
	}
}

func (p *pyParser) atom() (Expr, error) {
	t := p.peek()
	if t == nil {
		return nil, p.errAt(nil, "invalid syntax: the line ends too soon")
	}
	switch t.kind {
	case pyNum:
		p.i++
		return &Lit{V: t.val}, nil
	case pyStr:
		return p.stringLits()
	case pyVar:
		p.i++
		return &VarRef{Path: t.text}, nil
	case pyName:
		if pyOperatorWords[t.text] {
			return nil, p.unexpected()
		}
		p.i++
		if v, ok := literalWord(t.text); ok {
			return &Lit{V: v}, nil
		}
		if t.text == "socket" && p.isOp(".") && p.i+1 < len(p.toks) && p.toks[p.i+1].kind == pyName {
			name := p.toks[p.i+1]
			p.i += 2
			return &pyModAttr{Name: name.text, Pos: name.pos}, nil
		}
		return &pyNameRef{Name: t.text}, nil
	}
	switch {
	case p.isOp("("):
		p.i++
		if p.isOp(")") {
			p.i++
			return &TupleExpr{}, nil
		}
		x, err := p.exprList()
		if err != nil {
			return nil, err
		}
		if t := p.peek(); t != nil && t.kind == pyName && t.text == "for" {
			return nil, blockError(p.toks, "for")
		}
		if err := p.expectOp(")", "'(' was never closed"); err != nil {
			return nil, err
		}
		return x, nil
	case p.isOp("["):
		p.i++
		var elems []Expr
		for !p.isOp("]") {
			x, err := p.comparison()
			if err != nil {
				return nil, err
			}
			if t := p.peek(); t != nil && t.kind == pyName && t.text == "for" {
				return nil, blockError(p.toks, "for")
			}
			elems = append(elems, x)
			if p.isOp(",") {
				p.i++
				continue
			}
			if err := p.expectOp("]", "'[' was never closed"); err != nil {
				return nil, err
			}
			return &pyList{Elems: elems}, nil
		}
		p.i++
		return &pyList{Elems: elems}, nil
	}
	return nil, p.unexpected()
}

// stringLits reads one literal, or several written side by side ('a' 'b'),
// which Python joins into one.
func (p *pyParser) stringLits() (Expr, error) {
	first := p.peek()
	v := first.val
	p.i++
	for t := p.peek(); t != nil && t.kind == pyStr; t = p.peek() {
		_, aBytes := v.(Bytes)
		_, bBytes := t.val.(Bytes)
		if aBytes != bBytes {
			return nil, p.errAt(t, "cannot mix bytes and nonbytes literals")
		}
		sum, err := add(v, t.val)
		if err != nil {
			return nil, err
		}
		v = sum
		p.i++
	}
	return &Lit{V: v}, nil
}
