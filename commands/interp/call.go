package interp

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// Function is a function defined in the session (def or lambda).
type Function struct {
	Name     string
	Doc      string
	params   []syntax.Param
	defaults []value.Value // one per parameter; nil where none
	body     []syntax.Stmt
	in       *Interp
	closure  *frame // the function frame it was defined in, for free names

	locals    map[string]bool // names assigned in the body
	globals   map[string]bool // declared global
	nonlocals map[string]bool // declared nonlocal
}

func (f *Function) Type() *value.Class { return value.FunctionType }

func (f *Function) Repr() string { return fmt.Sprintf("<function %s at %p>", f.Name, f) }

// Attr gives __name__ and __doc__.
func (f *Function) Attr(name string) (value.Value, bool) {
	switch name {
	case "__name__", "__qualname__":
		return value.Str(f.Name), true
	case "__doc__":
		if f.Doc == "" {
			return value.None, true
		}
		return value.Str(f.Doc), true
	}
	return nil, false
}

// Closure returns the values the function can reach besides the globals:
// its defaults and its enclosing functions' variables (for what the
// session keeps alive).
func (f *Function) Closure() []value.Value {
	var out []value.Value
	for _, d := range f.defaults {
		if d != nil {
			out = append(out, d)
		}
	}
	for fr := f.closure; fr != nil && (fr.fn != nil || fr.comp); fr = fr.parent {
		for _, v := range fr.vars {
			out = append(out, v)
		}
	}
	return out
}

func (in *Interp) makeFunction(ctx context.Context, fr *frame, name string, params []syntax.Param, body []syntax.Stmt, lambda *syntax.Lambda, doc string) (*Function, error) {
	f := &Function{Name: name, Doc: doc, params: params, body: body, in: in}
	f.defaults = make([]value.Value, len(params))
	for i, p := range params {
		if p.Default != nil {
			v, err := in.eval(ctx, fr, p.Default)
			if err != nil {
				return nil, err
			}
			f.defaults[i] = v
		}
	}
	// A function made in another, or in a comprehension (a lambda there
	// sees the loop variable), reaches that scope's names.
	if fr.fn != nil || fr.comp {
		f.closure = fr
	}
	f.locals, f.globals, f.nonlocals = scopeOf(params, body)
	if fr.fn == nil {
		// Python checks a whole definition when it compiles it: every
		// nonlocal name, in the function and in the ones nested in it,
		// must be bound by an enclosing function.
		if err := checkNonlocals(params, body, nil); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Call runs the function.
func (f *Function) Call(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
	in := f.in
	if in.depth >= maxDepth {
		return nil, value.Errorf(value.RecursionError, "maximum recursion depth exceeded")
	}
	if err := in.tick(ctx); err != nil {
		return nil, err
	}
	defs := make([]value.DefParam, len(f.params))
	for i, p := range f.params {
		defs[i] = value.DefParam{Name: p.Name, HasDefault: p.Default != nil, Star: p.Star, KwOnly: p.KwOnly}
	}
	bound, err := value.BindDef(f.qualName(), defs, 0, args, kw)
	if err != nil {
		return nil, err
	}
	fr := &frame{vars: make(map[string]value.Value, len(f.locals)), fn: f, parent: f.closure}
	for i, p := range f.params {
		v := bound[i]
		if v == nil {
			v = f.defaults[i]
		}
		fr.vars[p.Name] = v
	}
	in.depth++
	c, err := in.execBlock(ctx, fr, f.body)
	in.depth--
	if err != nil {
		return nil, err
	}
	if c == ctlReturn {
		return fr.ret, nil
	}
	return value.None, nil
}

func (f *Function) qualName() string {
	if f.closure != nil && f.closure.fn != nil {
		return f.closure.fn.qualName() + ".<locals>." + f.Name
	}
	return f.Name
}

// checkNonlocals checks that each nonlocal name of the function with
// these params and body is bound in one of the functions enclosing it
// (their names in enclosing), and so for the functions defined in its
// body, with Python's SyntaxError for the first that is not.
func checkNonlocals(params []syntax.Param, body []syntax.Stmt, enclosing []map[string]bool) error {
	locals, _, nonlocals := scopeOf(params, body)
	var err error
	walkStmts(body, func(st syntax.Stmt) {
		if g, ok := st.(*syntax.Global); ok && g.Nonlocal && err == nil {
			for _, n := range g.Names {
				if !slices.ContainsFunc(enclosing, func(scope map[string]bool) bool { return scope[n] }) {
					err = syntaxError(g, "no binding for nonlocal '"+n+"' found")
					return
				}
			}
		}
	})
	if err != nil {
		return err
	}
	// The functions defined here see this one's names, its nonlocal ones
	// included (they are bound further out).
	maps.Copy(locals, nonlocals)
	inner := append(enclosing[:len(enclosing):len(enclosing)], locals)
	walkStmts(body, func(st syntax.Stmt) {
		if d, ok := st.(*syntax.Def); ok && err == nil {
			err = checkNonlocals(d.Params, d.Body, inner)
		}
	})
	return err
}

// walkStmts calls f for each statement of body and of the blocks in it,
// but not of the functions defined there (a scope of their own).
func walkStmts(body []syntax.Stmt, f func(syntax.Stmt)) {
	for _, st := range body {
		f(st)
		switch st := st.(type) {
		case *syntax.For:
			walkStmts(st.Body, f)
			walkStmts(st.Else, f)
		case *syntax.While:
			walkStmts(st.Body, f)
			walkStmts(st.Else, f)
		case *syntax.If:
			walkStmts(st.Body, f)
			walkStmts(st.Else, f)
		case *syntax.Try:
			walkStmts(st.Body, f)
			for _, h := range st.Handlers {
				walkStmts(h.Body, f)
			}
			walkStmts(st.Else, f)
			walkStmts(st.Finally, f)
		case *syntax.With:
			walkStmts(st.Body, f)
		}
	}
}

// scopeOf finds a function's local names (its parameters and every name
// its body assigns), and the names it declares global or nonlocal.
func scopeOf(params []syntax.Param, body []syntax.Stmt) (locals, globals, nonlocals map[string]bool) {
	locals, globals, nonlocals = map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range params {
		locals[p.Name] = true
	}
	var target func(x syntax.Expr)
	target = func(x syntax.Expr) {
		switch x := x.(type) {
		case *syntax.Name:
			locals[x.ID] = true
		case *syntax.Tuple:
			for _, e := range x.Elems {
				target(e)
			}
		case *syntax.List:
			for _, e := range x.Elems {
				target(e)
			}
		case *syntax.Starred:
			target(x.X)
		}
	}
	walkStmts(body, func(st syntax.Stmt) {
		switch st := st.(type) {
		case *syntax.Assign:
			for _, t := range st.Targets {
				target(t)
			}
		case *syntax.AugAssign:
			target(st.Target)
		case *syntax.Shell:
			for _, n := range st.Targets {
				locals[n] = true
			}
		case *syntax.For:
			target(st.Target)
		case *syntax.Def:
			locals[st.Name] = true
		case *syntax.Try:
			for _, h := range st.Handlers {
				if h.Name != "" {
					locals[h.Name] = true
				}
			}
		case *syntax.With:
			for _, it := range st.Items {
				if it.Target != nil {
					target(it.Target)
				}
			}
		case *syntax.Import:
			if st.From {
				for _, n := range st.Names {
					locals[n[1]] = true
				}
			} else if st.As != "" {
				locals[st.As] = true
			} else {
				locals[st.Module] = true
			}
		case *syntax.Del:
			for _, t := range st.Targets {
				target(t)
			}
		case *syntax.Global:
			for _, n := range st.Names {
				if st.Nonlocal {
					nonlocals[n] = true
				} else {
					globals[n] = true
				}
			}
		}
	})
	for n := range globals {
		delete(locals, n)
	}
	for n := range nonlocals {
		delete(locals, n)
	}
	return locals, globals, nonlocals
}

// call computes F(ARGS).
func (in *Interp) call(ctx context.Context, fr *frame, x *syntax.Call) (value.Value, error) {
	fn, err := in.eval(ctx, fr, x.Fn)
	if err != nil {
		return nil, err
	}
	var args []value.Value
	var kw []value.Kw
	for _, a := range x.Args {
		v, err := in.eval(ctx, fr, a.X)
		if err != nil {
			return nil, err
		}
		switch {
		case a.Star == 1:
			if _, err := value.Iter(v); err != nil {
				return nil, value.Errorf(value.TypeError, "%s argument after * must be an iterable, not %s", callName(fn), value.TypeName(v))
			}
			items, err := value.ItemsContext(ctx, v)
			if err != nil {
				return nil, err
			}
			args = append(args, items...)
		case a.Star == 2:
			d, ok := v.(*value.Dict)
			if !ok {
				return nil, value.Errorf(value.TypeError, "%s argument after ** must be a mapping, not %s", callName(fn), value.TypeName(v))
			}
			for _, e := range d.Items() {
				k, ok := e.K.(value.Str)
				if !ok {
					return nil, value.Errorf(value.TypeError, "keywords must be strings")
				}
				kw = append(kw, value.Kw{Name: string(k), V: e.V})
			}
		case a.Name != "":
			for _, k := range kw {
				if k.Name == a.Name {
					return nil, value.Errorf(value.SyntaxErrorClass, "keyword argument repeated: %s", a.Name)
				}
			}
			kw = append(kw, value.Kw{Name: a.Name, V: v})
		default:
			args = append(args, v)
		}
	}
	return in.Call(ctx, fn, args, kw)
}

// Call calls any callable value.
func (in *Interp) Call(ctx context.Context, fn value.Value, args []value.Value, kw []value.Kw) (value.Value, error) {
	c, ok := fn.(value.Callable)
	if !ok {
		return nil, value.Errorf(value.TypeError, "'%s' object is not callable", value.TypeName(fn))
	}
	return c.Call(ctx, args, kw)
}

// callName names a callee in messages: len(), socket.socket().
func callName(fn value.Value) string {
	switch f := fn.(type) {
	case *Function:
		return f.qualName() + "()"
	case *value.Builtin:
		return f.Name + "()"
	case *value.Class:
		return f.Name + "()"
	}
	return value.TypeName(fn) + " object"
}

// comprehension computes a list, set or dict comprehension, or a
// generator expression (computed at once, into an iterator).
func (in *Interp) comprehension(ctx context.Context, fr *frame, x *syntax.Comp) (value.Value, error) {
	// The first iterable is computed in the enclosing scope; the rest, and
	// the loop variables, in the comprehension's own.
	first, err := in.eval(ctx, fr, x.For[0].Iter)
	if err != nil {
		return nil, err
	}
	scope := &frame{vars: map[string]value.Value{}, fn: fr.fn, parent: fr, comp: true}
	var out []value.Value
	var dict *value.Dict
	var set *value.Set
	switch x.Kind {
	case "dict":
		dict = value.NewDict()
	case "set":
		set = value.NewSet()
	}
	var loop func(level int, iter value.Value) error
	loop = func(level int, iter value.Value) error {
		next, err := value.Iter(iter)
		if err != nil {
			return err
		}
		f := x.For[level]
		for {
			if err := in.tick(ctx); err != nil {
				return err
			}
			item, ok, err := next()
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			if err := in.assign(ctx, scope, f.Target, item); err != nil {
				return err
			}
			keep := true
			for _, cond := range f.Ifs {
				c, err := in.eval(ctx, scope, cond)
				if err != nil {
					return err
				}
				if !value.Truth(c) {
					keep = false
					break
				}
			}
			if !keep {
				continue
			}
			if level+1 < len(x.For) {
				sub, err := in.eval(ctx, scope, x.For[level+1].Iter)
				if err != nil {
					return err
				}
				if err := loop(level+1, sub); err != nil {
					return err
				}
				continue
			}
			v, err := in.eval(ctx, scope, x.Elt)
			if err != nil {
				return err
			}
			if dict != nil {
				val, err := in.eval(ctx, scope, x.Value)
				if err != nil {
					return err
				}
				if err := dict.Set(v, val); err != nil {
					return err // a MemoryError too, past MaxSize
				}
				continue
			}
			if set != nil {
				if err := set.Add(v); err != nil {
					return err
				}
				continue
			}
			out = append(out, v)
			if err := value.CheckItems(int64(len(out))); err != nil {
				return err
			}
		}
	}
	if err := loop(0, first); err != nil {
		return nil, err
	}
	switch x.Kind {
	case "dict":
		return dict, nil
	case "set":
		return set, nil
	case "gen":
		i := 0
		return value.NewIterator("generator", func() (value.Value, bool, error) {
			if i >= len(out) {
				return nil, false, nil
			}
			i++
			return out[i-1], true, nil
		}, out...), nil
	}
	return value.NewList(out), nil
}
