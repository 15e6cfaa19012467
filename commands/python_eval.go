package commands

import "context"

// eval of a bare name: the variable, or a constant (as after
// `from socket import *`). A builtin or command named without a call is a
// function in Python; here it has to be called.
func (x *pyNameRef) eval(ctx context.Context, s *Session) (Value, error) {
	if _, isVar := s.Var(x.Name); !isVar {
		_, isBuiltin := builtins[x.Name]
		if _, isCmd := Lookup(x.Name); isBuiltin || isCmd {
			return nil, typeErrorf("%s is a function here: call it, as in %s(...)", x.Name, x.Name)
		}
	}
	return s.lookupPath(x.Name)
}

// eval of socket.NAME: the constant of that name. A command named this way
// without a call is a function in Python; here it has to be called.
func (x *pyModAttr) eval(ctx context.Context, s *Session) (Value, error) {
	if c, ok := constant(x.Name); ok {
		return c, nil
	}
	if _, ok := Lookup(x.Name); ok {
		return nil, typeErrorf("socket.%s is a function here: call it, as in socket.%s(...)", x.Name, x.Name)
	}
	return nil, noModuleAttr(x.Name)
}

func noModuleAttr(name string) error {
	e := pyErrorf("AttributeError", "module 'socket' has no attribute '%s'", escapeForMessage(name))
	if sug := Suggest(name, append(constantNames(""), Names()...)); sug != "" {
		e.Msg += "; did you mean " + sug + "?"
	}
	return e
}

// eval of X.NAME: the value's attribute (a socket's family, an enum's name).
func (x *pyAttr) eval(ctx context.Context, s *Session) (Value, error) {
	v, err := s.eval(ctx, x.X)
	if err != nil {
		return nil, err
	}
	if a, ok := v.(interface{ Attr(string) (Value, error) }); ok {
		return a.Attr(x.Name)
	}
	if _, ok := stringMethods[x.Name]; ok {
		return nil, typeErrorf("%s.%s is a method: call it, as in x.%s(...)", typeName(v), x.Name, x.Name)
	}
	return nil, pyErrorf("AttributeError", "'%s' object has no attribute '%s'", typeName(v), escapeForMessage(x.Name))
}

// eval of F(ARGS). A call of socket.NAME or of a socket's method runs the
// command NAME through Session.call, exactly as the shell syntax would.
func (x *pyCall) eval(ctx context.Context, s *Session) (Value, error) {
	switch fn := x.Fn.(type) {
	case *pyModAttr:
		cmd, ok := Lookup(fn.Name)
		if !ok {
			if _, isConst := constant(fn.Name); isConst {
				return nil, typeErrorf("'int' object is not callable (socket.%s is a constant)", fn.Name)
			}
			return nil, noModuleAttr(fn.Name)
		}
		args, err := s.evalArgs(ctx, "socket."+fn.Name+"()", x.Args)
		if err != nil {
			return nil, err
		}
		return s.callValues(ctx, cmd, spreadSockaddr(cmd, args))
	case *pyAttr:
		recv, err := s.eval(ctx, fn.X)
		if err != nil {
			return nil, err
		}
		args, err := s.evalArgs(ctx, typeName(recv)+"."+fn.Name+"()", x.Args)
		if err != nil {
			return nil, err
		}
		return s.callMethod(ctx, recv, fn.Name, args)
	case *pyNameRef:
		if _, isVar := s.Var(fn.Name); !isVar {
			return s.callName(ctx, fn.Name, x.Args)
		}
	}
	f, err := s.eval(ctx, x.Fn)
	if err != nil {
		return nil, err
	}
	return nil, typeErrorf("'%s' object is not callable", typeName(f))
}

// callName calls a bare name: a builtin (len, str, print, ...) or a command
// (get_constants('AF_'), as the lecture calls its helpers).
func (s *Session) callName(ctx context.Context, name string, argExprs []pyArg) (Value, error) {
	if name == "help" {
		argExprs = helpTopic(argExprs)
	}
	if b, ok := builtins[name]; ok {
		args, err := s.evalArgs(ctx, name+"()", argExprs)
		if err != nil {
			return nil, err
		}
		return b(s, args)
	}
	cmd, ok := Lookup(name)
	if !ok {
		e := pyErrorf("NameError", "name '%s' is not defined", escapeForMessage(name))
		if sug := Suggest(name, append(append(builtinNames(), Names()...), s.VarNames()...)); sug != "" {
			e.Msg += "; did you mean " + sug + "?"
		}
		return nil, e
	}
	args, err := s.evalArgs(ctx, name+"()", argExprs)
	if err != nil {
		return nil, err
	}
	return s.callValues(ctx, cmd, args)
}

// helpTopic turns help(socket.getservbyname) into help('getservbyname'),
// since commands are not values here.
func helpTopic(args []pyArg) []pyArg {
	if len(args) == 1 && !args[0].Star {
		switch f := args[0].X.(type) {
		case *pyModAttr:
			return []pyArg{{X: &Lit{V: Str(f.Name)}}}
		case *pyAttr:
			return []pyArg{{X: &Lit{V: Str(f.Name)}}}
		case *pyNameRef:
			return []pyArg{{X: &Lit{V: Str(f.Name)}}}
		}
	}
	return args
}

// callMethod calls recv.NAME(args): on a socket, the command NAME with the
// socket as its first argument; on str and bytes, encode and decode.
func (s *Session) callMethod(ctx context.Context, recv Value, name string, args []Value) (Value, error) {
	if _, ok := recv.(*Socket); ok {
		cmd, ok := Lookup(name)
		if !ok || len(cmd.Params) == 0 || cmd.Params[0].Kind != KindSocket {
			if attr, ok := socketMethodAttrs[name]; ok && len(args) == 0 {
				return recv.(*Socket).Attr(attr)
			}
			if v, err := recv.(*Socket).Attr(name); err == nil {
				return nil, typeErrorf("'%s' object is not callable", typeName(v))
			}
			e := pyErrorf("AttributeError", "'socket' object has no attribute '%s'", escapeForMessage(name))
			if sug := Suggest(name, socketMethodNames()); sug != "" {
				e.Msg += "; did you mean " + sug + "?"
			}
			return nil, e
		}
		return s.callValues(ctx, cmd, append([]Value{recv}, args...))
	}
	if m, ok := stringMethods[name]; ok {
		switch recv.(type) {
		case Str, Bytes:
			return m(recv, args)
		}
	}
	if a, ok := recv.(interface{ Attr(string) (Value, error) }); ok {
		if v, err := a.Attr(name); err == nil {
			return nil, typeErrorf("'%s' object is not callable", typeName(v))
		}
	}
	return nil, pyErrorf("AttributeError", "'%s' object has no attribute '%s'", typeName(recv), escapeForMessage(name))
}

// spreadSockaddr adapts Python's getnameinfo(sockaddr, flags) to the
// command's HOST PORT [FLAGS]: an address tuple given where the command
// takes HOST and PORT fills both.
func spreadSockaddr(cmd *Command, args []Value) []Value {
	if len(args) == 0 || len(cmd.Params) < 2 || cmd.Params[0].Kind != KindHost || cmd.Params[1].Name != "PORT" {
		return args
	}
	if t, ok := args[0].(Tuple); ok && (len(t) == 2 || len(t) == 4) {
		return append([]Value{t[0], t[1]}, args[1:]...)
	}
	return args
}

// socketMethodAttrs are the socket methods that only read an attribute.
var socketMethodAttrs = map[string]string{"fileno": "fd"}

// socketMethodNames are the commands that take a socket first: the methods
// a socket has in the Python syntax.
func socketMethodNames() []string {
	var names []string
	for _, cmd := range table {
		if len(cmd.Params) > 0 && cmd.Params[0].Kind == KindSocket {
			names = append(names, cmd.Name)
		}
	}
	return names
}

// callValues runs a command on arguments already evaluated, through the
// same Session.call (arity and kind checks included) as the shell syntax.
// One rule differs, as in Python: data to send must be bytes, so a str
// given for a DATA parameter is the TypeError the lecture shows (the shell
// syntax encodes it as UTF-8 instead).
func (s *Session) callValues(ctx context.Context, cmd *Command, args []Value) (Value, error) {
	lits := make([]Expr, len(args))
	for i, v := range args {
		if len(cmd.Params) > 0 {
			p := cmd.Params[min(i, len(cmd.Params)-1)]
			if _, isStr := v.(Str); isStr && p.Kind == KindData && (i < len(cmd.Params) || p.Variadic) {
				return nil, typeErrorf("a bytes-like object is required, not 'str'")
			}
		}
		lits[i] = &Lit{V: v}
	}
	return s.call(ctx, &CallExpr{Name: cmd.Name, Args: lits})
}

// evalArgs evaluates a call's arguments, spreading *ARG; what names the
// callee in errors, as Python does ("len() argument after * ...").
func (s *Session) evalArgs(ctx context.Context, what string, args []pyArg) ([]Value, error) {
	var out []Value
	for _, a := range args {
		v, err := s.eval(ctx, a.X)
		if err != nil {
			return nil, err
		}
		if !a.Star {
			out = append(out, v)
			continue
		}
		items, ok := iterate(v)
		if !ok {
			return nil, typeErrorf("%s argument after * must be an iterable, not %s", what, typeName(v))
		}
		out = append(out, items...)
	}
	return out, nil
}

// iterate returns the items Python's iteration gives: a tuple's or list's
// elements, a str's characters, a bytes' ints, a dict's keys.
func iterate(v Value) ([]Value, bool) {
	switch v := v.(type) {
	case Tuple:
		return v, true
	case List:
		return v, true
	case Dict:
		return v.Keys, true
	case Str:
		var out []Value
		for _, r := range string(v) {
			out = append(out, Str(string(r)))
		}
		return out, true
	case Bytes:
		out := make([]Value, len(v))
		for i, b := range v {
			out[i] = Int(b)
		}
		return out, true
	}
	return nil, false
}

// eval of [A, B, ...].
func (x *pyList) eval(ctx context.Context, s *Session) (Value, error) {
	vs, err := s.evalEach(ctx, x.Elems)
	if err != nil {
		return nil, err
	}
	return List(vs), nil
}
