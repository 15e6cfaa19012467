package syntax

import (
	"strings"

	"sockshell/commands/value"
)

// Expressions, by Python's precedence, lowest first.

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxNesting {
		return &Error{Class: value.RecursionError, Msg: "maximum recursion depth exceeded during compilation", Line: p.tok.line}
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// starExprList reads expressions separated by commas, any of them *x: a
// tuple when there is a comma (x = 1, 2).
func (p *parser) starExprList() (Expr, error) {
	return p.list(true)
}

// exprList is starExprList for where Python allows a tuple display too
// (return 1, 2; for x in a, b).
func (p *parser) exprList() (Expr, error) { return p.list(true) }

func (p *parser) list(star bool) (Expr, error) {
	t := p.tok
	first, err := p.starOrExpr(star)
	if err != nil {
		return nil, err
	}
	if !p.isOp(",") {
		if _, isStar := first.(*Starred); isStar {
			if p.isOp("=") {
				return nil, p.errAt(t, "starred assignment target must be in a list or tuple")
			}
			return nil, p.errAt(t, "can't use starred expression here")
		}
		return first, nil
	}
	elems := []Expr{first}
	for p.isOp(",") {
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.endOfStmt() || p.isOp("=") || p.isOp(")") || p.isOp(":") || p.tok.kind == tOp && strings.HasSuffix(p.tok.text, "=") && len(p.tok.text) >= 2 && p.tok.text != "==" && p.tok.text != "!=" && p.tok.text != "<=" && p.tok.text != ">=" {
			break
		}
		x, err := p.starOrExpr(star)
		if err != nil {
			return nil, err
		}
		elems = append(elems, x)
	}
	return &Tuple{Pos: t.pos(), Elems: elems}, nil
}

func (p *parser) starOrExpr(star bool) (Expr, error) {
	if star && p.isOp("*") {
		t := p.tok
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		return &Starred{Pos: t.pos(), X: x}, nil
	}
	return p.namedExpr()
}

// namedExpr is an expression, or NAME := expression (not supported).
func (p *parser) namedExpr() (Expr, error) {
	x, err := p.expression()
	if err == nil && p.isOp(":=") {
		return nil, unsupported(p.tok, "the walrus operator := is not supported in sockshell; assign on a line of its own")
	}
	return x, err
}

// expression is a conditional expression or a lambda.
func (p *parser) expression() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if p.isName("lambda") {
		return p.lambda()
	}
	t := p.tok
	x, err := p.disjunction()
	if err != nil || !p.isName("if") {
		return x, err
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	cond, err := p.disjunction()
	if err != nil {
		return nil, err
	}
	if !p.isName("else") {
		return nil, p.errAt(p.tok, "expected 'else' after 'if' expression")
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	els, err := p.expression()
	if err != nil {
		return nil, err
	}
	return &IfExp{Pos: t.pos(), Cond: cond, Then: x, Else: els}, nil
}

func (p *parser) lambda() (Expr, error) {
	t := p.tok
	if err := p.next(); err != nil {
		return nil, err
	}
	params, err := p.params(":")
	if err != nil {
		return nil, err
	}
	if err := p.expectOp(":"); err != nil {
		return nil, err
	}
	body, err := p.expression()
	if err != nil {
		return nil, err
	}
	return &Lambda{Pos: t.pos(), Params: params, Body: body}, nil
}

func (p *parser) disjunction() (Expr, error) {
	t := p.tok
	x, err := p.conjunction()
	for err == nil && p.isName("or") {
		if err = p.next(); err != nil {
			break
		}
		var y Expr
		if y, err = p.conjunction(); err == nil {
			x = &BoolOp{Pos: t.pos(), Op: "or", X: x, Y: y}
		}
	}
	return x, err
}

func (p *parser) conjunction() (Expr, error) {
	t := p.tok
	x, err := p.inversion()
	for err == nil && p.isName("and") {
		if err = p.next(); err != nil {
			break
		}
		var y Expr
		if y, err = p.inversion(); err == nil {
			x = &BoolOp{Pos: t.pos(), Op: "and", X: x, Y: y}
		}
	}
	return x, err
}

func (p *parser) inversion() (Expr, error) {
	if !p.isName("not") {
		return p.comparison()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t := p.tok
	if err := p.next(); err != nil {
		return nil, err
	}
	x, err := p.inversion()
	if err != nil {
		return nil, err
	}
	return &Unary{Pos: t.pos(), Op: "not", X: x}, nil
}

func (p *parser) comparison() (Expr, error) {
	t := p.tok
	x, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	var ops []string
	var ys []Expr
	for {
		op := ""
		switch {
		case p.tok.kind == tOp && (p.tok.text == "==" || p.tok.text == "!=" || p.tok.text == "<" || p.tok.text == ">" || p.tok.text == "<=" || p.tok.text == ">="):
			op = p.tok.text
		case p.isName("in"):
			op = "in"
		case p.isName("is"):
			op = "is"
		case p.isName("not"):
			op = "not in"
		}
		if op == "" {
			break
		}
		opTok := p.tok
		if err := p.next(); err != nil {
			return nil, err
		}
		if op == "is" && p.isName("not") {
			op = "is not"
			if err := p.next(); err != nil {
				return nil, err
			}
		}
		if op == "not in" {
			if !p.isName("in") {
				return nil, p.errAt(opTok, "invalid syntax")
			}
			if err := p.next(); err != nil {
				return nil, err
			}
		}
		y, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		ops = append(ops, op)
		ys = append(ys, y)
	}
	if ops == nil {
		return x, nil
	}
	return &Compare{Pos: t.pos(), X: x, Ops: ops, Ys: ys}, nil
}

// binaryLevels are the binary operators by precedence, lowest first.
var binaryLevels = [][]string{{"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}}

func (p *parser) orExpr() (Expr, error) { return p.binary(0) }

func (p *parser) binary(level int) (Expr, error) {
	if level == len(binaryLevels) {
		return p.factor()
	}
	t := p.tok
	x, err := p.binary(level + 1)
	for err == nil && p.tok.kind == tOp && contains(binaryLevels[level], p.tok.text) {
		op := p.tok.text
		if err = p.next(); err != nil {
			break
		}
		var y Expr
		if y, err = p.binary(level + 1); err == nil {
			x = &Binary{Pos: t.pos(), Op: op, X: x, Y: y}
		}
	}
	return x, err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *parser) factor() (Expr, error) {
	if p.tok.kind == tOp && (p.tok.text == "-" || p.tok.text == "+" || p.tok.text == "~") {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		t := p.tok
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.factor()
		if err != nil {
			return nil, err
		}
		// Fold -1 into a literal, so that info[-1] stays simple.
		if c, ok := x.(*Const); ok && t.text == "-" {
			if v, err := value.Unary("-", c.V); err == nil && value.IsInt(c.V) {
				return &Const{Pos: t.pos(), V: v}, nil
			}
		}
		return &Unary{Pos: t.pos(), Op: t.text, X: x}, nil
	}
	return p.power()
}

func (p *parser) power() (Expr, error) {
	t := p.tok
	x, err := p.primary()
	if err != nil || !p.isOp("**") {
		return x, err
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	y, err := p.factor()
	if err != nil {
		return nil, err
	}
	return &Binary{Pos: t.pos(), Op: "**", X: x, Y: y}, nil
}

// primary reads an atom and the attributes, calls and subscripts after it.
func (p *parser) primary() (Expr, error) {
	if p.isName("await") {
		return nil, unsupported(p.tok, "'await' is not supported in sockshell; use select (import select) to wait on many sockets")
	}
	x, err := p.atom()
	for err == nil {
		t := p.tok
		switch {
		case p.isOp("."):
			if err = p.next(); err != nil {
				break
			}
			if p.tok.kind != tName {
				return nil, p.invalid()
			}
			x = &Attr{Pos: t.pos(), X: x, Name: p.tok.text}
			err = p.next()
		case p.isOp("("):
			if err = p.next(); err != nil {
				break
			}
			var args []CallArg
			if args, err = p.callArgs(); err == nil {
				x = &Call{Pos: x.Position(), Fn: x, Args: args}
			}
		case p.isOp("["):
			if err = p.next(); err != nil {
				break
			}
			var idx Expr
			if idx, err = p.subscript(); err == nil {
				x = &Index{Pos: x.Position(), X: x, I: idx}
			}
		default:
			return x, nil
		}
	}
	return nil, err
}

// callArgs reads a call's arguments after its '('.
func (p *parser) callArgs() ([]CallArg, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	var args []CallArg
	seenKw, seenKwUnpack := false, false
	for !p.isOp(")") {
		t := p.tok
		var a CallArg
		switch {
		case p.isOp("*"):
			a.Star = 1
		case p.isOp("**"):
			a.Star = 2
		}
		if a.Star == 1 && seenKwUnpack {
			return nil, p.errAt(t, "iterable argument unpacking follows keyword argument unpacking")
		}
		if a.Star > 0 {
			if err := p.next(); err != nil {
				return nil, err
			}
		}
		seenKwUnpack = seenKwUnpack || a.Star == 2
		x, err := p.namedExpr()
		if err != nil {
			return nil, err
		}
		if a.Star == 0 && p.isOp("=") {
			n, ok := x.(*Name)
			if !ok {
				return nil, p.errAt(t, "expression cannot contain assignment, perhaps you meant \"==\"?")
			}
			if err := p.next(); err != nil {
				return nil, err
			}
			if x, err = p.expression(); err != nil {
				return nil, err
			}
			a.Name = n.ID
			seenKw = true
		}
		if a.Star == 0 && a.Name == "" && p.isName("for") {
			comp, err := p.comprehension(t, "gen", x, nil)
			if err != nil {
				return nil, err
			}
			x = comp
			if !p.isOp(")") || len(args) > 0 {
				return nil, p.errAt(t, "Generator expression must be parenthesized")
			}
		}
		if a.Star == 0 && a.Name == "" && seenKwUnpack {
			return nil, p.errAt(t, "positional argument follows keyword argument unpacking")
		}
		if a.Star == 0 && a.Name == "" && seenKw {
			return nil, p.errAt(t, "positional argument follows keyword argument")
		}
		a.X = x
		args = append(args, a)
		if !p.isOp(",") {
			break
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	if !p.isOp(")") {
		return nil, p.commaExpected()
	}
	return args, p.next()
}

// commaExpected is the error for something other than ',' or the closing
// bracket inside brackets: Python 3.10's "Perhaps you forgot a comma?".
func (p *parser) commaExpected() error {
	if p.tok.kind == tName || p.tok.kind == tNumber || p.tok.kind == tString || p.tok.kind == tFString {
		return p.errAt(p.tok, "invalid syntax. Perhaps you forgot a comma?")
	}
	return p.invalid()
}

// subscript reads X[...] after the '[': an index, a slice, or a tuple of
// them.
func (p *parser) subscript() (Expr, error) {
	t := p.tok
	first, err := p.sliceItem()
	if err != nil {
		return nil, err
	}
	x := first
	if p.isOp(",") {
		elems := []Expr{first}
		for p.isOp(",") {
			if err := p.next(); err != nil {
				return nil, err
			}
			if p.isOp("]") {
				break
			}
			e, err := p.sliceItem()
			if err != nil {
				return nil, err
			}
			elems = append(elems, e)
		}
		x = &Tuple{Pos: t.pos(), Elems: elems}
	}
	if !p.isOp("]") {
		return nil, p.commaExpected()
	}
	return x, p.next()
}

func (p *parser) sliceItem() (Expr, error) {
	t := p.tok
	var parts [3]Expr
	var err error
	if !p.isOp(":") {
		if parts[0], err = p.namedExpr(); err != nil {
			return nil, err
		}
		if !p.isOp(":") {
			return parts[0], nil
		}
	}
	for n := 1; n <= 2 && p.isOp(":"); n++ {
		if err := p.next(); err != nil {
			return nil, err
		}
		if !p.isOp(":") && !p.isOp("]") && !p.isOp(",") {
			if parts[n], err = p.expression(); err != nil {
				return nil, err
			}
		}
	}
	return &SliceExpr{Pos: t.pos(), Lo: parts[0], Hi: parts[1], Step: parts[2]}, nil
}

func (p *parser) atom() (Expr, error) {
	t := p.tok
	switch t.kind {
	case tNumber:
		return &Const{Pos: t.pos(), V: t.val}, p.next()
	case tString, tFString:
		return p.strings()
	case tVar:
		return &ShellVar{Pos: t.pos(), Path: t.text}, p.next()
	case tName:
		switch t.text {
		case "None":
			return &Const{Pos: t.pos(), V: value.None}, p.next()
		case "True":
			return &Const{Pos: t.pos(), V: value.True}, p.next()
		case "False":
			return &Const{Pos: t.pos(), V: value.False}, p.next()
		case "yield":
			return nil, unsupported(t, "'yield' is not supported in sockshell: write a function that returns a list instead")
		case "lambda":
			return p.lambda()
		}
		if IsKeyword(t.text) {
			return nil, p.invalid()
		}
		return &Name{Pos: t.pos(), ID: t.text}, p.next()
	case tOp:
		switch t.text {
		case "(":
			return p.parenthesized()
		case "[":
			return p.listDisplay()
		case "{":
			return p.dictOrSet()
		case "...":
			return nil, unsupported(t, "Ellipsis (...) is not supported in sockshell; use pass or None")
		}
	case tIndent:
		return nil, &Error{Class: value.IndentationError, Msg: "unexpected indent", Line: t.line, Col: t.col}
	}
	return nil, p.invalid()
}

// strings reads one literal or several side by side ('a' 'b'), which
// Python joins into one.
func (p *parser) strings() (Expr, error) {
	first := p.tok
	var parts []FPart
	var v value.Value
	isF := false
	for p.tok.kind == tString || p.tok.kind == tFString {
		t := p.tok
		_, tBytes := t.val.(value.Bytes)
		if t.kind == tFString {
			tBytes = false
		}
		if v != nil || isF {
			_, vBytes := v.(value.Bytes)
			if vBytes != tBytes {
				return nil, p.errAt(t, "cannot mix bytes and nonbytes literals")
			}
		}
		if t.kind == tFString {
			fp, err := parseFString(t)
			if err != nil {
				return nil, err
			}
			if v != nil {
				parts = append(parts, FPart{Lit: string(v.(value.Str))})
				v = nil
			}
			parts = append(parts, fp...)
			isF = true
		} else if isF {
			parts = append(parts, FPart{Lit: string(t.val.(value.Str))})
		} else if v == nil {
			v = t.val
		} else {
			sum, err := value.Binary("+", v, t.val)
			if err != nil {
				return nil, err
			}
			v = sum
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	if isF {
		return &FString{Pos: first.pos(), Parts: parts}, nil
	}
	return &Const{Pos: first.pos(), V: v}, nil
}

// parenthesized reads (...): a group, a tuple, or a generator expression.
func (p *parser) parenthesized() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t := p.tok
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.isOp(")") {
		return &Tuple{Pos: t.pos()}, p.next()
	}
	if p.isName("yield") {
		return nil, unsupported(p.tok, "'yield' is not supported in sockshell: write a function that returns a list instead")
	}
	first, err := p.starOrExpr(true)
	if err != nil {
		return nil, err
	}
	if p.isName("for") {
		comp, err := p.comprehension(t, "gen", first, nil)
		if err != nil {
			return nil, err
		}
		if !p.isOp(")") {
			return nil, p.commaExpected()
		}
		return comp, p.next()
	}
	if p.isOp(")") {
		if _, isStar := first.(*Starred); isStar {
			return nil, p.errAt(t, "cannot use starred expression here")
		}
		return first, p.next()
	}
	elems := []Expr{first}
	for p.isOp(",") {
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.isOp(")") {
			break
		}
		x, err := p.starOrExpr(true)
		if err != nil {
			return nil, err
		}
		elems = append(elems, x)
	}
	if !p.isOp(")") {
		return nil, p.commaExpected()
	}
	return &Tuple{Pos: t.pos(), Elems: elems}, p.next()
}

func (p *parser) listDisplay() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t := p.tok
	if err := p.next(); err != nil {
		return nil, err
	}
	var elems []Expr
	for !p.isOp("]") {
		x, err := p.starOrExpr(true)
		if err != nil {
			return nil, err
		}
		if len(elems) == 0 && p.isName("for") {
			comp, err := p.comprehension(t, "list", x, nil)
			if err != nil {
				return nil, err
			}
			if !p.isOp("]") {
				return nil, p.commaExpected()
			}
			return comp, p.next()
		}
		elems = append(elems, x)
		if !p.isOp(",") {
			break
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	if !p.isOp("]") {
		return nil, p.commaExpected()
	}
	return &List{Pos: t.pos(), Elems: elems}, p.next()
}

func (p *parser) dictOrSet() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t := p.tok
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.isOp("}") {
		return &Dict{Pos: t.pos()}, p.next()
	}
	d := &Dict{Pos: t.pos()}
	var set *Set
	for !p.isOp("}") {
		if p.isOp("**") {
			if set != nil {
				return nil, p.invalid()
			}
			if err := p.next(); err != nil {
				return nil, err
			}
			x, err := p.orExpr()
			if err != nil {
				return nil, err
			}
			d.Keys = append(d.Keys, nil)
			d.Values = append(d.Values, x)
		} else {
			k, err := p.starOrExpr(true)
			if err != nil {
				return nil, err
			}
			if p.isOp(":") && set == nil {
				if err := p.next(); err != nil {
					return nil, err
				}
				v, err := p.expression()
				if err != nil {
					return nil, err
				}
				if len(d.Keys) == 0 && p.isName("for") {
					comp, err := p.comprehension(t, "dict", k, v)
					if err != nil {
						return nil, err
					}
					if !p.isOp("}") {
						return nil, p.commaExpected()
					}
					return comp, p.next()
				}
				d.Keys = append(d.Keys, k)
				d.Values = append(d.Values, v)
			} else {
				if len(d.Keys) > 0 {
					return nil, p.errAt(p.tok, "':' expected after dictionary key")
				}
				if set == nil && p.isName("for") {
					comp, err := p.comprehension(t, "set", k, nil)
					if err != nil {
						return nil, err
					}
					if !p.isOp("}") {
						return nil, p.commaExpected()
					}
					return comp, p.next()
				}
				if set == nil {
					set = &Set{Pos: t.pos()}
				}
				set.Elems = append(set.Elems, k)
			}
		}
		if !p.isOp(",") {
			break
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	if !p.isOp("}") {
		return nil, p.commaExpected()
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if set != nil {
		return set, nil
	}
	return d, nil
}

// comprehension reads the for and if clauses after a comprehension's
// first expression.
func (p *parser) comprehension(t token, kind string, elt, val Expr) (Expr, error) {
	c := &Comp{Pos: t.pos(), Kind: kind, Elt: elt, Value: val}
	if _, isStar := elt.(*Starred); isStar {
		return nil, p.errAt(t, "iterable unpacking cannot be used in comprehension")
	}
	for p.isName("for") {
		if err := p.next(); err != nil {
			return nil, err
		}
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
		iter, err := p.disjunction()
		if err != nil {
			return nil, err
		}
		f := CompFor{Target: target, Iter: iter}
		for p.isName("if") {
			if err := p.next(); err != nil {
				return nil, err
			}
			cond, err := p.disjunction()
			if err != nil {
				return nil, err
			}
			f.Ifs = append(f.Ifs, cond)
		}
		c.For = append(c.For, f)
	}
	return c, nil
}
