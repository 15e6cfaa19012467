package commands

import (
	"context"
	"math"
	"strconv"
	"strings"

	"sockshell/netinfo"
)

// Call is one running command: its converted arguments and the session.
type Call struct {
	Ctx  context.Context
	S    *Session
	Cmd  *Command
	Args []Value // one per parameter; nil for an optional one not given
	Rest []Value // the values a variadic parameter received

	// argRoom holds Args for a command of up to four parameters (all of
	// them today but a few), so that a call is one allocation, not two.
	argRoom [4]Value
}

// Arg returns argument i, or nil when it was not given.
func (c *Call) Arg(i int) Value {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return nil
}

// selfEvaluating is an expression that knows how to compute itself: the
// Python syntax's indexing, slicing and method calls add their own this way.
type selfEvaluating interface {
	Expr
	eval(ctx context.Context, s *Session) (Value, error)
}

// evalEach evaluates es in order, stopping at the first error: the
// elements of a tuple or a list.
func (s *Session) evalEach(ctx context.Context, es []Expr) ([]Value, error) {
	vs := make([]Value, len(es))
	for i, e := range es {
		v, err := s.eval(ctx, e)
		if err != nil {
			return nil, err
		}
		vs[i] = v
	}
	return vs, nil
}

// eval computes an expression's value.
func (s *Session) eval(ctx context.Context, x Expr) (Value, error) {
	switch x := x.(type) {
	case *Lit:
		return x.V, nil
	case *VarRef:
		return s.lookupPath(x.Path)
	case *Word:
		if v, ok := literalWord(x.Text); ok {
			return v, nil
		}
		return Str(x.Text), nil
	case *TupleExpr:
		vs, err := s.evalEach(ctx, x.Elems)
		if err != nil {
			return nil, err
		}
		return Tuple(vs), nil
	case *CallExpr:
		return s.call(ctx, x)
	case selfEvaluating:
		return x.eval(ctx, s)
	}
	return nil, &PyError{Type: "InternalError", Msg: "unknown expression"}
}

// call runs a command, or shows a variable or attribute named by a bare word.
func (s *Session) call(ctx context.Context, x *CallExpr) (Value, error) {
	cmd, ok := Lookup(x.Name)
	if !ok {
		if len(x.Args) == 0 {
			return s.lookupPath(x.Name)
		}
		return nil, s.unknownCommand(x.Name)
	}
	n := len(x.Args)
	if n < cmd.minArgs() || (cmd.maxArgs() >= 0 && n > cmd.maxArgs()) {
		return nil, typeErrorf("%s: expected %s, got %d argument%s (usage: %s)",
			cmd.Name, countWords(cmd), n, plural(n), cmd.Usage())
	}
	c := s.spareCall
	if c == nil {
		c = new(Call)
	}
	s.spareCall = nil
	*c = Call{Ctx: ctx, S: s, Cmd: cmd}
	if len(cmd.Params) <= len(c.argRoom) {
		c.Args = c.argRoom[:0:len(cmd.Params)]
	} else {
		c.Args = make([]Value, 0, len(cmd.Params))
	}
	for i, arg := range x.Args {
		p := &cmd.Params[min(i, len(cmd.Params)-1)]
		v, err := s.convert(ctx, cmd, p, arg)
		if err != nil {
			return nil, err
		}
		if p.Variadic {
			c.Rest = append(c.Rest, v)
		} else {
			c.Args = append(c.Args, v)
		}
	}
	for len(c.Args) < len(cmd.Params) && !cmd.Params[len(c.Args)].Variadic {
		c.Args = append(c.Args, nil)
	}
	v, err := cmd.Run(c)
	// No handler keeps its Call, or a slice of its arguments, once it has
	// returned (nothing it starts outlives it), so the next command reuses
	// it: an allocation fewer for every command.
	*c = Call{}
	s.spareCall = c
	return v, err
}

func countWords(cmd *Command) string {
	lo, hi := cmd.minArgs(), cmd.maxArgs()
	switch {
	case hi < 0:
		return "at least " + strconv.Itoa(lo) + " argument" + plural(lo)
	case lo == hi:
		return strconv.Itoa(lo) + " argument" + plural(lo)
	}
	return strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + " arguments"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (s *Session) unknownCommand(name string) error {
	e := pyErrorf("NameError", "unknown command '%s'", escapeForMessage(name))
	candidates := append(Names(), s.VarNames()...)
	if sug := Suggest(name, candidates); sug != "" {
		e.Msg += "; did you mean " + sug + "?"
	}
	e.Hint = "`help` lists the commands"
	return e
}

// lookupPath returns a variable (`foo`) or one of its attributes
// (`foo.family`).
func (s *Session) lookupPath(path string) (Value, error) {
	parts := strings.Split(path, ".")
	v, ok := s.vars[parts[0]]
	if !ok {
		v, ok = constant(parts[0])
	}
	if !ok {
		if lit, ok := literalWord(path); ok {
			return lit, nil
		}
		e := pyErrorf("NameError", "name '%s' is not defined", escapeForMessage(parts[0]))
		if sug := Suggest(parts[0], append(s.VarNames(), Names()...)); sug != "" {
			e.Msg += "; did you mean " + sug + "?"
		}
		return nil, e
	}
	for _, attr := range parts[1:] {
		a, ok := v.(interface{ Attr(string) (Value, error) })
		if !ok {
			return nil, pyErrorf("AttributeError", "'%s' object has no attribute '%s'", typeName(v), attr)
		}
		var err error
		if v, err = a.Attr(attr); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// literalWord reads a bare word that is a literal: an int (decimal, 0x, 0o,
// 0b, with _ separators), a float, None, True or False.
func literalWord(w string) (Value, bool) {
	switch w {
	case "None":
		return None, true
	case "True":
		return Bool(true), true
	case "False":
		return Bool(false), true
	}
	if n, err := strconv.ParseInt(w, 0, 64); err == nil && !leadingZeros(w) {
		return Int(n), true
	}
	if strings.ContainsAny(w, ".eE") && !strings.ContainsAny(w, "xXpP_") {
		if f, err := strconv.ParseFloat(w, 64); err == nil && !math.IsInf(f, 0) {
			return Float(f), true
		}
	}
	return nil, false
}

// leadingZeros reports a decimal number written with leading zeros, such
// as 0777 or -010: Go would read it as octal, Python refuses it; here it is
// not a number at all. Zero itself (0, 00, -0_0) is fine, as in Python.
func leadingZeros(w string) bool {
	w = strings.TrimLeft(w, "+-")
	if len(w) < 2 || w[0] != '0' {
		return false
	}
	switch w[1] {
	case 'x', 'X', 'o', 'O', 'b', 'B':
		return false
	}
	return strings.Trim(w, "0_") != ""
}

// constant returns the value of a socket constant as Python's socket
// module holds it: an enum member, or a plain int.
func constant(name string) (Value, bool) {
	c, ok := netinfo.LookupConstant(name)
	if !ok {
		return nil, false
	}
	return constValue(c.Class, c.Value), true
}

// constValue is value as a member of class when it is one, else an Int.
func constValue(class netinfo.Class, value int64) Value {
	if name, ok := netinfo.EnumName(class, value); ok {
		return Enum{Class: class, Name: name, Value: value}
	}
	return Int(value)
}

// convert evaluates one argument for parameter p, reading a bare word the
// way that parameter's kind calls for.
func (s *Session) convert(ctx context.Context, cmd *Command, p *Param, arg Expr) (Value, error) {
	if w, ok := arg.(*Word); ok {
		switch p.Kind {
		case KindSocket:
			return s.socketArg(cmd, p, w.Text)
		case KindConst:
			if c, ok := constant(w.Text); ok {
				return c, nil
			}
			if v, ok := literalWord(w.Text); ok {
				arg = &Lit{V: v}
				break
			}
			if v, ok := s.vars[w.Text]; ok {
				arg = &Lit{V: v}
				break
			}
			e := pyErrorf("AttributeError", "module 'socket' has no attribute '%s'", escapeForMessage(w.Text))
			if sug := Suggest(w.Text, constantNames(p.Prefix)); sug != "" {
				e.Msg += "; did you mean " + sug + "?"
			}
			return nil, e
		case KindText, KindData, KindHost:
			if w.Text == "None" && p.Kind == KindHost {
				return None, nil
			}
			// Data may be a variable named bare, as the lecture's
			// sendall(msg) reads: `sendall conn msg`.
			if v, ok := s.vars[w.Text]; ok && p.Kind == KindData {
				return checkKind(cmd, p, v)
			}
			return Str(w.Text), nil
		}
	}
	v, err := s.eval(ctx, arg)
	if err != nil {
		return nil, err
	}
	return checkKind(cmd, p, v)
}

// checkKind verifies an evaluated argument against its parameter's kind.
func checkKind(cmd *Command, p *Param, v Value) (Value, error) {
	bad := func(want string) (Value, error) {
		return nil, typeErrorf("%s: %s must be %s, not %s", cmd.Name, p.Name, want, typeName(v))
	}
	switch p.Kind {
	case KindSocket:
		if _, ok := v.(*Socket); !ok {
			return bad("a socket")
		}
	case KindInt, KindConst:
		switch v.(type) {
		case Int, Enum, Bool:
		default:
			return bad("an integer")
		}
	case KindNumber:
		switch v.(type) {
		case Int, Float, Bool, NoneType:
		default:
			return bad("a number")
		}
	case KindText:
		if _, ok := v.(Str); !ok {
			if _, isInt := v.(Int); !isInt {
				return bad("text")
			}
		}
	case KindData:
		switch v.(type) {
		case Str, Bytes:
		default:
			return bad("str or bytes")
		}
	case KindHost:
		switch v.(type) {
		case Str, NoneType, Bytes:
		default:
			return bad("a host name or address (str) or None")
		}
	}
	return v, nil
}

func (s *Session) socketArg(cmd *Command, p *Param, name string) (Value, error) {
	v, ok := s.vars[name]
	if !ok {
		e := pyErrorf("NameError", "name '%s' is not defined (%s: %s must name a socket)", escapeForMessage(name), cmd.Name, p.Name)
		var socks []string
		for n, v := range s.vars {
			if _, ok := v.(*Socket); ok {
				socks = append(socks, n)
			}
		}
		if sug := Suggest(name, socks); sug != "" {
			e.Msg += "; did you mean " + sug + "?"
		}
		return nil, e
	}
	return checkKind(cmd, p, v)
}

func constantNames(prefix string) []string {
	var names []string
	for _, c := range netinfo.Constants(prefix) {
		names = append(names, c.Name)
	}
	return names
}

// intValue returns the integer an Int, Enum or Bool holds.
func intValue(v Value) (int64, bool) {
	switch v := v.(type) {
	case Int:
		return int64(v), true
	case Enum:
		return v.Value, true
	case Bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}
