package interp

import (
	"context"
	"maps"
	"slices"
	"strings"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// eval computes an expression's value.
func (in *Interp) eval(ctx context.Context, fr *frame, x syntax.Expr) (value.Value, error) {
	switch x := x.(type) {
	case *syntax.Const:
		return x.V, nil
	case *syntax.Name:
		return in.lookup(fr, x.ID, x.Pos)
	case *syntax.ShellVar:
		return in.shellVar(fr, x.Path)
	case *syntax.Attr:
		v, err := in.eval(ctx, fr, x.X)
		if err != nil {
			return nil, err
		}
		return value.GetAttr(v, x.Name)
	case *syntax.Index:
		v, err := in.eval(ctx, fr, x.X)
		if err != nil {
			return nil, err
		}
		key, err := in.evalIndex(ctx, fr, x.I)
		if err != nil {
			return nil, err
		}
		return value.GetItem(v, key)
	case *syntax.Call:
		return in.call(ctx, fr, x)
	case *syntax.Binary:
		a, err := in.eval(ctx, fr, x.X)
		if err != nil {
			return nil, err
		}
		b, err := in.eval(ctx, fr, x.Y)
		if err != nil {
			return nil, err
		}
		return value.Binary(x.Op, a, b)
	case *syntax.Unary:
		v, err := in.eval(ctx, fr, x.X)
		if err != nil {
			return nil, err
		}
		if x.Op == "not" {
			return value.BoolOf(!value.Truth(v)), nil
		}
		return value.Unary(x.Op, v)
	case *syntax.BoolOp:
		a, err := in.eval(ctx, fr, x.X)
		if err != nil {
			return nil, err
		}
		if value.Truth(a) == (x.Op == "or") {
			return a, nil
		}
		return in.eval(ctx, fr, x.Y)
	case *syntax.Compare:
		return in.compare(ctx, fr, x)
	case *syntax.IfExp:
		c, err := in.eval(ctx, fr, x.Cond)
		if err != nil {
			return nil, err
		}
		if value.Truth(c) {
			return in.eval(ctx, fr, x.Then)
		}
		return in.eval(ctx, fr, x.Else)
	case *syntax.Tuple:
		vs, err := in.evalElems(ctx, fr, x.Elems)
		return value.Tuple(vs), err
	case *syntax.List:
		vs, err := in.evalElems(ctx, fr, x.Elems)
		if err != nil {
			return nil, err
		}
		return value.NewList(vs), nil
	case *syntax.Set:
		vs, err := in.evalElems(ctx, fr, x.Elems)
		if err != nil {
			return nil, err
		}
		s := value.NewSet()
		for _, v := range vs {
			if err := s.Add(v); err != nil {
				return nil, err
			}
		}
		return s, nil
	case *syntax.Dict:
		d := value.NewDict()
		for i, k := range x.Keys {
			v, err := in.eval(ctx, fr, x.Values[i])
			if err != nil {
				return nil, err
			}
			if k == nil {
				src, ok := v.(*value.Dict)
				if !ok {
					return nil, value.Errorf(value.TypeError, "'%s' object is not a mapping", value.TypeName(v))
				}
				value.UpdateDict(ctx, d, src)
				continue
			}
			kv, err := in.eval(ctx, fr, k)
			if err != nil {
				return nil, err
			}
			if err := d.Set(kv, v); err != nil {
				return nil, err
			}
		}
		return d, nil
	case *syntax.Comp:
		return in.comprehension(ctx, fr, x)
	case *syntax.FString:
		return in.fstring(ctx, fr, x.Parts)
	case *syntax.Lambda:
		return in.makeFunction(ctx, fr, "<lambda>", x.Params, []syntax.Stmt{&syntax.Return{Pos: x.Pos, X: x.Body}}, x, "")
	case *syntax.Starred:
		return nil, value.Errorf(value.SyntaxErrorClass, "can't use starred expression here")
	case *syntax.SliceExpr:
		return in.evalIndex(ctx, fr, x)
	}
	return nil, value.Errorf(value.InternalError, "unknown expression %T", x)
}

// evalIndex computes a subscript: a value, a slice, or a tuple of them.
func (in *Interp) evalIndex(ctx context.Context, fr *frame, x syntax.Expr) (value.Value, error) {
	sl, ok := x.(*syntax.SliceExpr)
	if !ok {
		return in.eval(ctx, fr, x)
	}
	var parts [3]value.Value
	for i, e := range []syntax.Expr{sl.Lo, sl.Hi, sl.Step} {
		if e == nil {
			continue
		}
		v, err := in.eval(ctx, fr, e)
		if err != nil {
			return nil, err
		}
		parts[i] = v
	}
	return value.Slice{Lo: parts[0], Hi: parts[1], Step: parts[2]}, nil
}

// evalElems evaluates a display's elements, spreading *x.
func (in *Interp) evalElems(ctx context.Context, fr *frame, es []syntax.Expr) ([]value.Value, error) {
	out := make([]value.Value, 0, len(es))
	for _, e := range es {
		if st, ok := e.(*syntax.Starred); ok {
			v, err := in.eval(ctx, fr, st.X)
			if err != nil {
				return nil, err
			}
			items, err := value.ItemsContext(ctx, v)
			if err != nil {
				return nil, err
			}
			out = append(out, items...)
			if err := value.CheckItems(int64(len(out))); err != nil {
				return nil, err
			}
			continue
		}
		v, err := in.eval(ctx, fr, e)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// compare computes a chained comparison: a < b < c is a < b and b < c,
// with b computed once.
func (in *Interp) compare(ctx context.Context, fr *frame, x *syntax.Compare) (value.Value, error) {
	a, err := in.eval(ctx, fr, x.X)
	if err != nil {
		return nil, err
	}
	for i, op := range x.Ops {
		b, err := in.eval(ctx, fr, x.Ys[i])
		if err != nil {
			return nil, err
		}
		var ok bool
		switch op {
		case "is":
			ok = identical(a, b)
		case "is not":
			ok = !identical(a, b)
		case "in", "not in":
			ok, err = value.ContainsContext(ctx, b, a)
			if op == "not in" {
				ok = !ok
			}
		default:
			ok, err = value.Compare(op, a, b)
		}
		if err != nil {
			return nil, err
		}
		if !ok {
			return value.False, nil
		}
		a = b
	}
	return value.True, nil
}

// identical is Python's `is`: the same object. Values the shell keeps by
// value (numbers, strings) are the same object when equal and of the same
// type, as CPython's small and interned ones are.
func identical(a, b value.Value) bool {
	switch a.(type) {
	case value.NoneType, value.Bool, value.Int, value.Str, value.Enum:
		return a == b
	case value.Tuple, value.Bytes, value.Float, value.Range, value.Slice:
		return false
	}
	return a == b
}

// lookup finds a name: the frame's own variables, the enclosing
// functions', the globals, the builtins, then the host's names.
func (in *Interp) lookup(fr *frame, name string, pos syntax.Pos) (value.Value, error) {
	for f := fr; f != nil; f = f.parent {
		if v, ok := f.vars[name]; ok {
			return v, nil
		}
		if f.fn != nil && !f.comp && f.fn.locals[name] && !f.fn.globals[name] {
			if f == fr {
				return nil, value.Errorf(value.UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", name)
			}
			return nil, value.Errorf(value.NameError, "cannot access free variable '%s' where it is not associated with a value in enclosing scope", name)
		}
	}
	if v, ok := in.Globals[name]; ok {
		return v, nil
	}
	if v, ok := in.Builtins[name]; ok {
		return v, nil
	}
	if v, ok := in.Host.Lookup(name); ok {
		return v, nil
	}
	return nil, in.nameError(name)
}

// nameError is Python's NameError, with its suggestion of a near name.
func (in *Interp) nameError(name string) *value.Exception {
	e := value.Errorf(value.NameError, "name '%s' is not defined", value.ForMessage(name))
	e.Attrs = map[string]value.Value{"name": value.Str(name)}
	// Python 3.11 looks among the globals first, then the builtins.
	s := value.Suggest(name, slices.Collect(maps.Keys(in.Globals)))
	if s == "" {
		s = value.Suggest(name, append(slices.Collect(maps.Keys(in.Builtins)), "None", "True", "False"))
	}
	if s != "" {
		e.Note = ". Did you mean: '" + s + "'?"
	}
	return e
}

// shellVar is $name or $name.attr: a variable and its attributes.
func (in *Interp) shellVar(fr *frame, path string) (value.Value, error) {
	parts := strings.Split(path, ".")
	v, err := in.lookup(fr, parts[0], syntax.Pos{})
	if err != nil {
		return nil, err
	}
	for _, a := range parts[1:] {
		if v, err = value.GetAttr(v, a); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// ShellVar is shellVar at the top level, for the shell's $name arguments.
func (in *Interp) ShellVar(path string) (value.Value, error) {
	return in.shellVar(&frame{vars: in.Globals}, path)
}

// setName binds a name in the frame (or globally when declared global).
func (in *Interp) setName(fr *frame, name string, v value.Value) error {
	target := fr.vars
	if fr.fn != nil && !fr.comp {
		if fr.fn.globals[name] {
			target = in.Globals
		} else if fr.fn.nonlocals[name] {
			for f := fr.parent; f != nil; f = f.parent {
				if _, ok := f.vars[name]; ok {
					target = f.vars
					break
				}
			}
		}
	}
	if old, ok := target[name]; ok && heavy(old) {
		in.Dropped = true
	}
	if _, isSock := v.(interface{ IsSocket() bool }); isSock {
		if n, ok := v.(interface{ Named(string) }); ok {
			n.Named(name)
		}
	}
	target[name] = v
	return nil
}

// heavy reports a value whose loss may drop a socket: anything that can
// hold one.
func heavy(v value.Value) bool {
	switch v.(type) {
	case value.Int, value.Float, value.Str, value.Bytes, value.Bool, value.NoneType, value.Enum, *value.BigInt, value.Range:
		return false
	}
	return true
}

// assign binds a value to an assignment target: a name, an attribute, an
// item, or a tuple or list of targets (unpacking).
func (in *Interp) assign(ctx context.Context, fr *frame, t syntax.Expr, v value.Value) error {
	switch t := t.(type) {
	case *syntax.Name:
		return in.setName(fr, t.ID, v)
	case *syntax.ShellVar:
		if !strings.Contains(t.Path, ".") {
			return in.setName(fr, t.Path, v)
		}
		return value.Errorf(value.SyntaxErrorClass, "cannot assign to $%s", t.Path)
	case *syntax.Attr:
		obj, err := in.eval(ctx, fr, t.X)
		if err != nil {
			return err
		}
		return setAttr(obj, t.Name, v)
	case *syntax.Index:
		obj, err := in.eval(ctx, fr, t.X)
		if err != nil {
			return err
		}
		key, err := in.evalIndex(ctx, fr, t.I)
		if err != nil {
			return err
		}
		if heavy(v) {
			in.Dropped = true
		}
		return value.SetItem(obj, key, v)
	case *syntax.Tuple:
		return in.unpackInto(ctx, fr, t.Elems, v)
	case *syntax.List:
		return in.unpackInto(ctx, fr, t.Elems, v)
	}
	return value.Errorf(value.SyntaxErrorClass, "cannot assign to %T", t)
}

// AttrSetter is a value whose attributes can be set.
type AttrSetter interface {
	SetAttr(name string, v value.Value) error
}

func setAttr(obj value.Value, name string, v value.Value) error {
	if s, ok := obj.(AttrSetter); ok {
		return s.SetAttr(name, v)
	}
	if value.HasAttr(obj, name) {
		return value.Errorf(value.AttributeError, "'%s' object attribute '%s' is read-only", value.TypeName(obj), name)
	}
	return value.Errorf(value.AttributeError, "'%s' object has no attribute '%s'", value.TypeName(obj), name)
}

func (in *Interp) unpackInto(ctx context.Context, fr *frame, targets []syntax.Expr, v value.Value) error {
	star := -1
	for i, t := range targets {
		if _, ok := t.(*syntax.Starred); ok {
			if star >= 0 {
				return value.Errorf(value.SyntaxErrorClass, "multiple starred expressions in assignment")
			}
			star = i
		}
	}
	items, err := unpack(v, len(targets), star)
	if err != nil {
		return err
	}
	for i, t := range targets {
		if st, ok := t.(*syntax.Starred); ok {
			t = st.X
		}
		if err := in.assign(ctx, fr, t, items[i]); err != nil {
			return err
		}
	}
	return nil
}

// unpack gives v's items for n targets, the one at star (if not -1)
// taking a list of the rest, with Python's messages.
func unpack(v value.Value, n, star int) ([]value.Value, error) {
	items, err := value.Items(v)
	if err != nil {
		if e, ok := err.(*value.Exception); ok && e.Class == value.TypeError {
			return nil, value.Errorf(value.TypeError, "cannot unpack non-iterable %s object", value.TypeName(v))
		}
		return nil, err
	}
	if star < 0 {
		switch {
		case len(items) > n:
			return nil, value.Errorf(value.ValueError, "too many values to unpack (expected %d)", n)
		case len(items) < n:
			return nil, value.Errorf(value.ValueError, "not enough values to unpack (expected %d, got %d)", n, len(items))
		}
		return items, nil
	}
	if len(items) < n-1 {
		return nil, value.Errorf(value.ValueError, "not enough values to unpack (expected at least %d, got %d)", n-1, len(items))
	}
	out := make([]value.Value, n)
	copy(out, items[:star])
	after := n - 1 - star
	out[star] = value.NewList(append([]value.Value{}, items[star:len(items)-after]...))
	copy(out[star+1:], items[len(items)-after:])
	return out, nil
}

func (in *Interp) augAssign(ctx context.Context, fr *frame, st *syntax.AugAssign) error {
	switch t := st.Target.(type) {
	case *syntax.Name, *syntax.ShellVar:
		name := ""
		var pos syntax.Pos
		if n, ok := t.(*syntax.Name); ok {
			name, pos = n.ID, n.Pos
		} else {
			name = t.(*syntax.ShellVar).Path
		}
		old, err := in.lookupForAug(fr, name, pos)
		if err != nil {
			return err
		}
		v, err := in.eval(ctx, fr, st.Value)
		if err != nil {
			return err
		}
		r, err := inPlace(st.Op, old, v)
		if err != nil {
			return err
		}
		return in.setName(fr, name, r)
	case *syntax.Attr:
		obj, err := in.eval(ctx, fr, t.X)
		if err != nil {
			return err
		}
		old, err := value.GetAttr(obj, t.Name)
		if err != nil {
			return err
		}
		v, err := in.eval(ctx, fr, st.Value)
		if err != nil {
			return err
		}
		r, err := inPlace(st.Op, old, v)
		if err != nil {
			return err
		}
		return setAttr(obj, t.Name, r)
	case *syntax.Index:
		obj, err := in.eval(ctx, fr, t.X)
		if err != nil {
			return err
		}
		key, err := in.evalIndex(ctx, fr, t.I)
		if err != nil {
			return err
		}
		old, err := value.GetItem(obj, key)
		if err != nil {
			return err
		}
		v, err := in.eval(ctx, fr, st.Value)
		if err != nil {
			return err
		}
		r, err := inPlace(st.Op, old, v)
		if err != nil {
			return err
		}
		return value.SetItem(obj, key, r)
	}
	return value.Errorf(value.SyntaxErrorClass, "illegal expression for augmented assignment")
}

// lookupForAug reads a name for x += ...: in a function, a name assigned
// there is local, so reading it first is an UnboundLocalError.
func (in *Interp) lookupForAug(fr *frame, name string, pos syntax.Pos) (value.Value, error) {
	if fr.fn != nil && !fr.comp && !fr.fn.globals[name] && !fr.fn.nonlocals[name] {
		if v, ok := fr.vars[name]; ok {
			return v, nil
		}
		return nil, value.Errorf(value.UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", name)
	}
	return in.lookup(fr, name, pos)
}

// inPlace is x op= y, with Python's message naming the augmented operator.
func inPlace(op string, a, b value.Value) (value.Value, error) {
	r, err := value.InPlace(op, a, b)
	if e, ok := err.(*value.Exception); ok && e.Class == value.TypeError && strings.HasPrefix(value.StrOf(e.Args[0]), "unsupported operand type(s) for "+op+":") {
		return nil, value.Errorf(value.TypeError, "unsupported operand type(s) for %s=: '%s' and '%s'", op, value.TypeName(a), value.TypeName(b))
	}
	return r, err
}

func (in *Interp) del(ctx context.Context, fr *frame, t syntax.Expr) error {
	switch t := t.(type) {
	case *syntax.Name:
		target := fr.vars
		if fr.fn != nil && fr.fn.globals[t.ID] {
			target = in.Globals
		}
		old, ok := target[t.ID]
		if !ok {
			if fr.fn != nil && fr.fn.locals[t.ID] {
				return value.Errorf(value.UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", t.ID)
			}
			return in.nameError(t.ID)
		}
		if heavy(old) {
			in.Dropped = true
		}
		delete(target, t.ID)
		return nil
	case *syntax.Index:
		obj, err := in.eval(ctx, fr, t.X)
		if err != nil {
			return err
		}
		key, err := in.evalIndex(ctx, fr, t.I)
		if err != nil {
			return err
		}
		in.Dropped = true
		return value.DelItem(obj, key)
	case *syntax.Tuple:
		for _, e := range t.Elems {
			if err := in.del(ctx, fr, e); err != nil {
				return err
			}
		}
		return nil
	case *syntax.List:
		for _, e := range t.Elems {
			if err := in.del(ctx, fr, e); err != nil {
				return err
			}
		}
		return nil
	case *syntax.Attr:
		return value.Errorf(value.AttributeError, "'%s' attributes cannot be deleted in sockshell", t.Name)
	}
	return value.Errorf(value.SyntaxErrorClass, "cannot delete %T", t)
}

// fstring computes an f-string.
func (in *Interp) fstring(ctx context.Context, fr *frame, parts []syntax.FPart) (value.Value, error) {
	var b strings.Builder
	for _, p := range parts {
		if p.X == nil {
			b.WriteString(p.Lit)
			continue
		}
		v, err := in.eval(ctx, fr, p.X)
		if err != nil {
			return nil, err
		}
		spec := ""
		if p.Spec != nil {
			s, err := in.fstring(ctx, fr, p.Spec)
			if err != nil {
				return nil, err
			}
			spec = string(s.(value.Str))
		}
		if p.Eq {
			b.WriteString(p.Text)
		}
		s, err := value.Convert(v, p.Conv, spec)
		if err != nil {
			return nil, err
		}
		b.WriteString(s)
		if err := value.CheckSize(int64(b.Len())); err != nil {
			return nil, err
		}
	}
	return value.Str(b.String()), nil
}
