package interp

import (
	"context"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// execBlock runs statements in turn until one leaves the block.
func (in *Interp) execBlock(ctx context.Context, fr *frame, body []syntax.Stmt) (control, error) {
	for _, st := range body {
		c, err := in.exec(ctx, fr, st)
		if err != nil || c != ctlNone {
			return c, err
		}
	}
	return ctlNone, nil
}

// exec runs one statement.
func (in *Interp) exec(ctx context.Context, fr *frame, st syntax.Stmt) (control, error) {
	c, err := in.exec1(ctx, fr, st)
	if err == nil {
		return c, nil
	}
	exc := in.exception(err)
	if fr.fn == nil && exc.Line == 0 {
		// A top-level statement's error says on which line it happened,
		// for a script's error location.
		exc.Line = st.Position().Line
	}
	return c, exc
}

func (in *Interp) exec1(ctx context.Context, fr *frame, st syntax.Stmt) (control, error) {
	switch st := st.(type) {
	case *syntax.ExprStmt:
		v, err := in.eval(ctx, fr, st.X)
		if err != nil {
			return ctlNone, err
		}
		if fr.display && v != value.None {
			in.display(v)
		}
		return ctlNone, nil
	case *syntax.Shell:
		return ctlNone, in.shell(ctx, fr, st)
	case *syntax.Assign:
		v, err := in.eval(ctx, fr, st.Value)
		if err != nil {
			return ctlNone, err
		}
		for _, t := range st.Targets {
			if err := in.assign(ctx, fr, t, v); err != nil {
				return ctlNone, err
			}
		}
		return ctlNone, nil
	case *syntax.AugAssign:
		return ctlNone, in.augAssign(ctx, fr, st)
	case *syntax.If:
		for {
			v, err := in.eval(ctx, fr, st.Cond)
			if err != nil {
				return ctlNone, err
			}
			if value.Truth(v) {
				return in.execBlock(ctx, fr, st.Body)
			}
			if len(st.Else) == 1 {
				if elif, ok := st.Else[0].(*syntax.If); ok {
					st = elif
					continue
				}
			}
			return in.execBlock(ctx, fr, st.Else)
		}
	case *syntax.While:
		for {
			if err := in.tick(ctx); err != nil {
				return ctlNone, err
			}
			v, err := in.eval(ctx, fr, st.Cond)
			if err != nil {
				return ctlNone, err
			}
			if !value.Truth(v) {
				return in.execBlock(ctx, fr, st.Else)
			}
			c, err := in.execBlock(ctx, fr, st.Body)
			switch {
			case err != nil:
				return ctlNone, err
			case c == ctlBreak:
				return ctlNone, nil
			case c == ctlReturn:
				return c, nil
			}
		}
	case *syntax.For:
		return in.forLoop(ctx, fr, st)
	case *syntax.Def:
		f, err := in.makeFunction(ctx, fr, st.Name, st.Params, st.Body, nil, st.Doc)
		if err != nil {
			return ctlNone, err
		}
		return ctlNone, in.setName(fr, st.Name, f)
	case *syntax.Return:
		if fr.fn == nil {
			return ctlNone, syntaxError(st, "'return' outside function")
		}
		fr.ret = value.None
		if st.X != nil {
			v, err := in.eval(ctx, fr, st.X)
			if err != nil {
				return ctlNone, err
			}
			fr.ret = v
		}
		return ctlReturn, nil
	case *syntax.Pass:
		return ctlNone, nil
	case *syntax.Break:
		return ctlBreak, nil
	case *syntax.Continue:
		return ctlContinue, nil
	case *syntax.Try:
		return in.try(ctx, fr, st)
	case *syntax.Raise:
		return ctlNone, in.raise(ctx, fr, st)
	case *syntax.Assert:
		v, err := in.eval(ctx, fr, st.Test)
		if err != nil {
			return ctlNone, err
		}
		if value.Truth(v) {
			return ctlNone, nil
		}
		if st.Msg == nil {
			return ctlNone, value.Raise(value.AssertionError)
		}
		msg, err := in.eval(ctx, fr, st.Msg)
		if err != nil {
			return ctlNone, err
		}
		return ctlNone, value.Raise(value.AssertionError, msg)
	case *syntax.Del:
		for _, t := range st.Targets {
			if err := in.del(ctx, fr, t); err != nil {
				return ctlNone, err
			}
		}
		return ctlNone, nil
	case *syntax.Global:
		if fr.fn == nil && st.Nonlocal {
			return ctlNone, syntaxError(st, "nonlocal declaration not allowed at module level")
		}
		return ctlNone, nil // declarations take effect when the function is made
	case *syntax.Import:
		return ctlNone, in.importStmt(fr, st)
	case *syntax.With:
		return in.with(ctx, fr, st, 0)
	}
	return ctlNone, value.Errorf(value.InternalError, "unknown statement %T", st)
}

// shell runs a shell command, assigning or showing its result.
func (in *Interp) shell(ctx context.Context, fr *frame, st *syntax.Shell) error {
	v, err := in.Host.Shell(ctx, st)
	if err != nil {
		return err
	}
	if v == nil {
		v = value.None
	}
	if st.Targets == nil {
		if fr.display && v != value.None {
			in.display(v)
		}
		return nil
	}
	if st.Op == "+=" {
		old, err := in.lookup(fr, st.Targets[0], st.Pos)
		if err != nil {
			return err
		}
		sum, err := value.InPlace("+", old, v)
		if err != nil {
			return err
		}
		return in.setName(fr, st.Targets[0], sum)
	}
	if len(st.Targets) == 1 {
		return in.setName(fr, st.Targets[0], v)
	}
	items, err := unpack(v, len(st.Targets), -1)
	if err != nil {
		return err
	}
	for i, name := range st.Targets {
		if err := in.setName(fr, name, items[i]); err != nil {
			return err
		}
	}
	return nil
}

func (in *Interp) forLoop(ctx context.Context, fr *frame, st *syntax.For) (control, error) {
	seq, err := in.eval(ctx, fr, st.Iter)
	if err != nil {
		return ctlNone, err
	}
	next, err := value.Iter(seq)
	if err != nil {
		return ctlNone, err
	}
	for {
		if err := in.tick(ctx); err != nil {
			return ctlNone, err
		}
		item, ok, err := next()
		if err != nil {
			return ctlNone, err
		}
		if !ok {
			return in.execBlock(ctx, fr, st.Else)
		}
		if err := in.assign(ctx, fr, st.Target, item); err != nil {
			return ctlNone, err
		}
		c, err := in.execBlock(ctx, fr, st.Body)
		switch {
		case err != nil:
			return ctlNone, err
		case c == ctlBreak:
			return ctlNone, nil
		case c == ctlReturn:
			return c, nil
		}
	}
}

// try runs try/except/else/finally.
func (in *Interp) try(ctx context.Context, fr *frame, st *syntax.Try) (control, error) {
	c, err := in.execBlock(ctx, fr, st.Body)
	if err != nil && isCatchable(err) {
		exc := in.exception(err)
		handled := false
		for _, h := range st.Handlers {
			match := true
			if h.Type != nil {
				t, terr := in.eval(ctx, fr, h.Type)
				if terr != nil {
					c, err = ctlNone, terr
					handled = true
					break
				}
				var merr error
				match, merr = matches(exc, t)
				if merr != nil {
					c, err = ctlNone, merr
					handled = true
					break
				}
			}
			if !match {
				continue
			}
			handled = true
			if h.Name != "" {
				if serr := in.setName(fr, h.Name, exc); serr != nil {
					return ctlNone, serr
				}
			}
			in.handling = append(in.handling, exc)
			c, err = in.execBlock(ctx, fr, h.Body)
			in.handling = in.handling[:len(in.handling)-1]
			if e, ok := err.(*value.Exception); ok && e != exc && e.Context == nil {
				e.Context = exc
			}
			if h.Name != "" {
				delete(fr.vars, h.Name)
			}
			break
		}
		if !handled {
			err = exc
		}
	} else if err == nil && c == ctlNone && st.Else != nil {
		c, err = in.execBlock(ctx, fr, st.Else)
	}
	if st.Finally != nil {
		savedRet := fr.ret
		// An exception on its way out is being handled while the
		// finally block runs: one raised there has it as __context__
		// (and a bare raise raises it again), as in Python.
		var pending *value.Exception
		if err != nil && isCatchable(err) {
			pending = in.exception(err)
			in.handling = append(in.handling, pending)
		}
		fc, ferr := in.execBlock(ctx, fr, st.Finally)
		if pending != nil {
			in.handling = in.handling[:len(in.handling)-1]
			if e, ok := ferr.(*value.Exception); ok && e != pending && e.Context == nil {
				e.Context = pending
			}
		}
		if ferr != nil || fc != ctlNone {
			return fc, ferr // a finally that leaves wins
		}
		fr.ret = savedRet
	}
	return c, err
}

// isCatchable reports whether err is an exception Python code may catch:
// any failure, but not a request to leave the shell.
func isCatchable(err error) bool { return err != nil }

// matches reports whether exc is an instance of t (a class or a tuple of
// classes), with Python's TypeError when t is not one.
func matches(exc *value.Exception, t value.Value) (bool, error) {
	switch t := t.(type) {
	case *value.Class:
		if !t.IsSubclass(value.BaseException) {
			return false, value.Errorf(value.TypeError, "catching classes that do not inherit from BaseException is not allowed")
		}
		return exc.Class.IsSubclass(t), nil
	case value.Tuple:
		for _, x := range t {
			ok, err := matches(exc, x)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return false, value.Errorf(value.TypeError, "catching classes that do not inherit from BaseException is not allowed")
}

func (in *Interp) raise(ctx context.Context, fr *frame, st *syntax.Raise) error {
	if st.X == nil {
		if len(in.handling) == 0 {
			return value.Errorf(value.RuntimeError, "No active exception to reraise")
		}
		return in.handling[len(in.handling)-1]
	}
	v, err := in.eval(ctx, fr, st.X)
	if err != nil {
		return err
	}
	exc, err := toException(ctx, v)
	if err != nil {
		return err
	}
	if st.Cause != nil {
		c, err := in.eval(ctx, fr, st.Cause)
		if err != nil {
			return err
		}
		if c != value.None {
			cause, err := toException(ctx, c)
			if err != nil {
				return value.Errorf(value.TypeError, "exception causes must derive from BaseException")
			}
			exc.Cause = cause
		}
	}
	if len(in.handling) > 0 && exc.Context == nil {
		exc.Context = in.handling[len(in.handling)-1]
	}
	return exc
}

// toException is what raise X raises: X itself, or an instance of the
// class X.
func toException(ctx context.Context, v value.Value) (*value.Exception, error) {
	switch x := v.(type) {
	case *value.Exception:
		return x, nil
	case *value.Class:
		if x.IsSubclass(value.BaseException) {
			e, err := x.Call(ctx, nil, nil)
			if err != nil {
				return nil, err
			}
			return e.(*value.Exception), nil
		}
	}
	return nil, value.Errorf(value.TypeError, "exceptions must derive from BaseException")
}

// ContextManager is a value a with statement can manage (a socket).
type ContextManager interface {
	Enter(ctx context.Context) (value.Value, error)
	Exit(ctx context.Context, exc *value.Exception) error
}

func (in *Interp) with(ctx context.Context, fr *frame, st *syntax.With, i int) (control, error) {
	if i == len(st.Items) {
		return in.execBlock(ctx, fr, st.Body)
	}
	item := st.Items[i]
	v, err := in.eval(ctx, fr, item.X)
	if err != nil {
		return ctlNone, err
	}
	cm, ok := v.(ContextManager)
	if !ok {
		return ctlNone, value.Errorf(value.TypeError, "'%s' object does not support the context manager protocol", value.TypeName(v))
	}
	entered, err := cm.Enter(ctx)
	if err != nil {
		return ctlNone, err
	}
	if item.Target != nil {
		if err := in.assign(ctx, fr, item.Target, entered); err != nil {
			cm.Exit(ctx, nil)
			return ctlNone, err
		}
	}
	c, err := in.with(ctx, fr, st, i+1)
	var exc *value.Exception
	if err != nil {
		exc = in.exception(err)
	}
	if xerr := cm.Exit(ctx, exc); xerr != nil && err == nil {
		return ctlNone, xerr
	}
	return c, err
}

func (in *Interp) importStmt(fr *frame, st *syntax.Import) error {
	mod, err := in.Host.Import(st.Module)
	if err != nil {
		return err
	}
	if !st.From {
		name := st.Module
		if st.As != "" {
			name = st.As
		}
		return in.setName(fr, name, mod)
	}
	m, ok := mod.(*value.Module)
	if !ok {
		return value.Errorf(value.ModuleNotFound, "No module named '%s'", st.Module)
	}
	if st.Star {
		for name, v := range m.Names {
			if name[0] != '_' {
				fr.vars[name] = v
			}
		}
		return nil
	}
	for _, pair := range st.Names {
		v, ok := m.Attr(pair[0])
		if !ok {
			return value.Errorf(value.ExceptionClasses["ImportError"], "cannot import name '%s' from '%s'", pair[0], st.Module)
		}
		if err := in.setName(fr, pair[1], v); err != nil {
			return err
		}
	}
	return nil
}

// display shows a top-level value and keeps it as _, as Python's
// displayhook does.
func (in *Interp) display(v value.Value) {
	in.Host.Display(v)
	if old, ok := in.Builtins["_"]; ok && heavy(old) {
		in.Dropped = true
	}
	in.Builtins["_"] = v
}
