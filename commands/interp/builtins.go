package interp

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// builtins are Python's builtin names: the functions a student uses, the
// types (which are callable), and the exception classes.
func builtins(in *Interp) map[string]value.Value {
	b := map[string]value.Value{}
	for _, c := range []*value.Class{value.IntType, value.FloatType, value.StrType, value.BytesType, value.ByteArrayType,
		value.BoolType, value.ListType, value.TupleType, value.DictType, value.SetType, value.RangeType, value.TypeType, value.ObjectType, value.FrozenSetType, value.SliceType, value.MemoryViewType} {
		b[c.Name] = c
	}
	for name, c := range value.ExceptionClasses {
		b[name] = c
	}
	b["IOError"], b["EnvironmentError"] = value.OSError, value.OSError
	fn := func(name string, f func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error)) {
		b[name] = &value.Builtin{Name: name, Fn: f}
	}
	one := func(name string, f func(v value.Value) (value.Value, error)) {
		sig := &value.Sig{Name: name, Style: value.One, Min: 1, Names: []string{"obj"}, NoKw: true}
		fn(name, func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			a, err := sig.Bind(args, kw)
			if err != nil {
				return nil, err
			}
			return f(a[0])
		})
	}
	fn("print", in.print)
	one("len", func(v value.Value) (value.Value, error) {
		n, err := value.Len(v)
		return value.Int(n), err
	})
	one("repr", func(v value.Value) (value.Value, error) { return value.Str(v.Repr()), nil })
	one("ascii", func(v value.Value) (value.Value, error) { return value.Str(value.ASCII(v)), nil })
	one("abs", func(v value.Value) (value.Value, error) {
		if f, ok := v.(value.Float); ok {
			return value.Float(math.Abs(float64(f))), nil
		}
		if !value.IsInt(v) {
			return nil, value.Errorf(value.TypeError, "bad operand type for abs(): '%s'", value.TypeName(v))
		}
		if c, _ := value.Compare("<", v, value.Int(0)); c {
			return value.Unary("-", v)
		}
		return value.Unary("+", v)
	})
	one("hex", func(v value.Value) (value.Value, error) { return radix(v, "x", "0x") })
	one("oct", func(v value.Value) (value.Value, error) { return radix(v, "o", "0o") })
	one("bin", func(v value.Value) (value.Value, error) { return radix(v, "b", "0b") })
	one("chr", func(v value.Value) (value.Value, error) {
		n, err := value.Index(v)
		if err != nil {
			return nil, err
		}
		if n < 0 || n > utf8.MaxRune {
			return nil, value.Errorf(value.ValueError, "chr() arg not in range(0x110000)")
		}
		if n >= 0xd800 && n < 0xe000 {
			return nil, value.Errorf(value.NotImplementedErr, "surrogate characters are not supported in sockshell")
		}
		return value.Str(string(rune(n))), nil
	})
	one("ord", func(v value.Value) (value.Value, error) {
		switch s := v.(type) {
		case value.Str:
			if n := utf8.RuneCountInString(string(s)); n != 1 {
				return nil, value.Errorf(value.TypeError, "ord() expected a character, but string of length %d found", n)
			}
			r, _ := utf8.DecodeRuneInString(string(s))
			return value.Int(r), nil
		case value.Bytes:
			if len(s) != 1 {
				return nil, value.Errorf(value.TypeError, "ord() expected a character, but string of length %d found", len(s))
			}
			return value.Int(s[0]), nil
		}
		return nil, value.Errorf(value.TypeError, "ord() expected string of length 1, but %s found", value.TypeName(v))
	})
	one("callable", func(v value.Value) (value.Value, error) {
		_, ok := v.(value.Callable)
		return value.BoolOf(ok), nil
	})
	one("hash", func(v value.Value) (value.Value, error) {
		if _, err := value.Hash(v); err != nil {
			return nil, err
		}
		if n, ok := value.IntOf(v); ok {
			return value.Int(n), nil
		}
		return nil, value.Errorf(value.NotImplementedErr, "hash() of a %s is not supported in sockshell", value.TypeName(v))
	})
	one("iter", func(v value.Value) (value.Value, error) {
		if it, ok := v.(*value.Iterator); ok {
			return it, nil
		}
		next, err := value.Iter(v)
		if err != nil {
			return nil, err
		}
		return value.NewIterator(value.TypeName(v)+"_iterator", next, v), nil
	})
	fn("next", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "next", Style: value.Expected, Min: 1, Names: []string{"iterator", "default"}, NoKw: true}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		it, ok := a[0].(*value.Iterator)
		if !ok {
			return nil, value.Errorf(value.TypeError, "'%s' object is not an iterator", value.TypeName(a[0]))
		}
		v, ok, err := it.Next()
		if err != nil {
			return nil, err
		}
		if !ok {
			if a[1] != nil {
				return a[1], nil
			}
			return nil, value.Raise(value.StopIteration)
		}
		return v, nil
	})
	fn("isinstance", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "isinstance", Style: value.Expected, Min: 2, Names: []string{"obj", "class_or_tuple"}, NoKw: true}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		ok, err := classCheck(a[1], "isinstance() arg 2", func(c *value.Class) bool { return value.IsInstance(a[0], c) })
		return value.BoolOf(ok), err
	})
	fn("issubclass", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "issubclass", Style: value.Expected, Min: 2, Names: []string{"cls", "class_or_tuple"}, NoKw: true}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		sub, ok := a[0].(*value.Class)
		if !ok {
			return nil, value.Errorf(value.TypeError, "issubclass() arg 1 must be a class")
		}
		r, err := classCheck(a[1], "issubclass() arg 2", func(c *value.Class) bool { return sub.IsSubclass(c) })
		return value.BoolOf(r), err
	})
	fn("getattr", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "getattr", Style: value.Expected, Min: 2, Names: []string{"object", "name", "default"}, NoKw: true}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		name, ok := a[1].(value.Str)
		if !ok {
			return nil, value.Errorf(value.TypeError, "attribute name must be string, not '%s'", value.TypeName(a[1]))
		}
		v, err := value.GetAttr(a[0], string(name))
		if err != nil && a[2] != nil {
			if e, ok := err.(*value.Exception); ok && e.Class.IsSubclass(value.AttributeError) {
				return a[2], nil
			}
		}
		return v, err
	})
	fn("hasattr", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "hasattr", Style: value.Expected, Min: 2, Names: []string{"obj", "name"}, NoKw: true}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		name, ok := a[1].(value.Str)
		if !ok {
			return nil, value.Errorf(value.TypeError, "attribute name must be string, not '%s'", value.TypeName(a[1]))
		}
		return value.BoolOf(value.HasAttr(a[0], string(name))), nil
	})
	fn("setattr", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "setattr", Style: value.Expected, Min: 3, Names: []string{"obj", "name", "value"}, NoKw: true}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		name, ok := a[1].(value.Str)
		if !ok {
			return nil, value.Errorf(value.TypeError, "attribute name must be string, not '%s'", value.TypeName(a[1]))
		}
		return value.None, setAttr(a[0], string(name), a[2])
	})
	fn("dir", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "dir", Style: value.Expected, Names: []string{"object"}, NoKw: true}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		var names []string
		if a[0] == nil {
			for n := range in.Globals {
				names = append(names, n)
			}
			names = sortedStrings(names)
		} else {
			names = value.Dir(a[0])
		}
		out := make([]value.Value, len(names))
		for i, n := range names {
			out[i] = value.Str(n)
		}
		return value.NewList(out), nil
	})
	fn("sorted", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		if len(args) != 1 {
			return nil, value.Errorf(value.TypeError, "sorted expected 1 argument, got %d", len(args))
		}
		a, err := (&value.Sig{Name: "sorted", KwOnly: []string{"key", "reverse"}}).Bind(nil, kw)
		if err != nil {
			return nil, err
		}
		items, err := value.ItemsContext(ctx, args[0])
		if err != nil {
			return nil, err
		}
		out, err := value.Sorted(ctx, items, a[0], a[1] != nil && value.Truth(a[1]))
		if err != nil {
			return nil, err
		}
		return value.NewList(out), nil
	})
	one("reversed", func(v value.Value) (value.Value, error) {
		if d, ok := v.(*value.Dict); ok {
			v = value.NewList(d.Keys())
		}
		switch v.(type) {
		case *value.Set, *value.Iterator:
			return nil, value.Errorf(value.TypeError, "'%s' object is not reversible", value.TypeName(v))
		}
		items, err := value.Items(v)
		if err != nil {
			return nil, value.Errorf(value.TypeError, "'%s' object is not reversible", value.TypeName(v))
		}
		i := len(items)
		return value.NewIterator("reversed", func() (value.Value, bool, error) {
			if i == 0 {
				return nil, false, nil
			}
			i--
			return items[i], true, nil
		}, items...), nil
	})
	fn("enumerate", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "enumerate", Names: []string{"iterable", "start"}}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		if a[0] == nil {
			return nil, value.Errorf(value.TypeError, "enumerate() missing required argument 'iterable'")
		}
		next, err := value.Iter(a[0])
		if err != nil {
			return nil, err
		}
		n := value.Value(value.Int(0))
		if a[1] != nil {
			if !value.IsInt(a[1]) {
				return nil, value.Errorf(value.TypeError, "'%s' object cannot be interpreted as an integer", value.TypeName(a[1]))
			}
			n = a[1]
		}
		return value.NewIterator("enumerate", func() (value.Value, bool, error) {
			v, ok, err := next()
			if !ok || err != nil {
				return nil, ok, err
			}
			cur := n
			n, _ = value.Binary("+", n, value.Int(1))
			return value.Tuple{cur, v}, true, nil
		}, a[0]), nil
	})
	fn("zip", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		strict := false
		for _, k := range kw {
			if k.Name != "strict" {
				return nil, value.Errorf(value.TypeError, "zip() got an unexpected keyword argument '%s'", k.Name)
			}
			strict = value.Truth(k.V)
		}
		nexts := make([]value.Next, len(args))
		for i, a := range args {
			next, err := value.Iter(a)
			if err != nil {
				return nil, value.Errorf(value.TypeError, "'%s' object is not iterable", value.TypeName(a))
			}
			nexts[i] = next
		}
		return value.NewIterator("zip", func() (value.Value, bool, error) {
			if len(nexts) == 0 {
				return nil, false, nil
			}
			t := make(value.Tuple, len(nexts))
			for i, next := range nexts {
				v, ok, err := next()
				if err != nil {
					return nil, false, err
				}
				if !ok {
					if strict && i > 0 {
						return nil, false, value.Errorf(value.ValueError, "zip() argument %d is shorter than argument 1", i+1)
					}
					return nil, false, nil
				}
				t[i] = v
			}
			return t, true, nil
		}, args...), nil
	})
	fn("map", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		if len(args) < 2 {
			return nil, value.Errorf(value.TypeError, "map() must have at least two arguments.")
		}
		f := args[0]
		nexts := make([]value.Next, len(args)-1)
		for i, a := range args[1:] {
			next, err := value.Iter(a)
			if err != nil {
				return nil, err
			}
			nexts[i] = next
		}
		return value.NewIterator("map", func() (value.Value, bool, error) {
			vs := make([]value.Value, len(nexts))
			for i, next := range nexts {
				v, ok, err := next()
				if !ok || err != nil {
					return nil, false, err
				}
				vs[i] = v
			}
			// The statement consuming the map is not the one that made it.
			r, err := in.Call(in.current(), f, vs, nil)
			return r, err == nil, err
		}, args...), nil
	})
	fn("filter", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		if len(args) != 2 {
			return nil, value.Errorf(value.TypeError, "filter expected 2 arguments, got %d", len(args))
		}
		f := args[0]
		next, err := value.Iter(args[1])
		if err != nil {
			return nil, err
		}
		return value.NewIterator("filter", func() (value.Value, bool, error) {
			// The statement consuming the filter is not the one that
			// made it; and it may skip many items before it gives one.
			ctx := in.current()
			t := value.NewTicker(ctx)
			for {
				if err := t.Tick(); err != nil {
					return nil, false, err
				}
				v, ok, err := next()
				if !ok || err != nil {
					return nil, false, err
				}
				keep := v
				if f != value.None {
					if keep, err = in.Call(ctx, f, []value.Value{v}, nil); err != nil {
						return nil, false, err
					}
				}
				if value.Truth(keep) {
					return v, true, nil
				}
			}
		}, args...), nil
	})
	fn("min", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		return in.minMax(ctx, "min", "<", args, kw)
	})
	fn("max", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		return in.minMax(ctx, "max", ">", args, kw)
	})
	fn("sum", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "sum", Min: 1, Names: []string{"iterable", "start"}}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		total := value.Value(value.Int(0))
		if a[1] != nil {
			total = a[1]
			switch a[1].(type) {
			case value.Str:
				return nil, value.Errorf(value.TypeError, "sum() can't sum strings [use ''.join(seq) instead]")
			case value.Bytes:
				return nil, value.Errorf(value.TypeError, "sum() can't sum bytes [use b''.join(seq) instead]")
			}
		}
		next, err := value.Iter(a[0])
		if err != nil {
			return nil, err
		}
		t := value.NewTicker(ctx)
		for {
			if err := t.Tick(); err != nil {
				return nil, err
			}
			v, ok, err := next()
			if err != nil {
				return nil, err
			}
			if !ok {
				return total, nil
			}
			if total, err = value.Binary("+", total, v); err != nil {
				return nil, err
			}
		}
	})
	fn("any", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		return truthScan(ctx, "any", args, kw, true)
	})
	fn("all", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		return truthScan(ctx, "all", args, kw, false)
	})
	fn("round", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "round", Min: 1, Names: []string{"number", "ndigits"}}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		return round(a[0], a[1])
	})
	fn("divmod", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "divmod", Style: value.Expected, Min: 2, Names: []string{"x", "y"}, NoKw: true}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		q, err := value.Binary("//", a[0], a[1])
		if err != nil {
			return nil, err
		}
		r, err := value.Binary("%", a[0], a[1])
		if err != nil {
			return nil, err
		}
		return value.Tuple{q, r}, nil
	})
	fn("pow", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "pow", Min: 2, Names: []string{"base", "exp", "mod"}}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		if a[2] != nil && a[2] != value.None {
			return value.PowMod(a[0], a[1], a[2])
		}
		return value.Binary("**", a[0], a[1])
	})
	fn("format", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: "format", Min: 1, Names: []string{"value", "format_spec"}}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		spec := ""
		if a[1] != nil {
			s, ok := a[1].(value.Str)
			if !ok {
				return nil, value.Errorf(value.TypeError, "format() argument 2 must be str, not %s", value.TypeName(a[1]))
			}
			spec = string(s)
		}
		s, err := value.FormatValue(a[0], spec)
		return value.Str(s), err
	})
	fn("id", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		if len(args) != 1 {
			return nil, value.Errorf(value.TypeError, "id() takes exactly one argument (%d given)", len(args))
		}
		var n int64
		fmt.Sscanf(fmt.Sprintf("%p", args[0]), "0x%x", &n)
		return value.Int(n), nil
	})
	fn("globals", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		d := value.NewDict()
		for _, n := range sortedStrings(keys(in.Globals)) {
			d.Set(value.Str(n), in.Globals[n])
		}
		return d, nil
	})
	exit := func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		if len(args) > 1 {
			return nil, value.Errorf(value.TypeError, "exit expected at most 1 argument, got %d", len(args))
		}
		return nil, value.Raise(value.SystemExit, args...)
	}
	fn("exit", exit)
	fn("quit", exit)
	fn("eval", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		if len(args) != 1 || len(kw) > 0 {
			return nil, value.Errorf(value.NotImplementedErr, "eval() takes one str in sockshell (no globals or locals)")
		}
		src, ok := args[0].(value.Str)
		if !ok {
			return nil, value.Errorf(value.TypeError, "eval() arg 1 must be a string, bytes or code object")
		}
		x, err := syntax.ParseExpr(strings.TrimSpace(string(src)), 1)
		if err != nil {
			return nil, err
		}
		return in.eval(ctx, &frame{vars: in.Globals}, x)
	})
	for _, name := range []string{"input", "open", "exec", "compile", "breakpoint", "complex", "vars", "locals", "super", "property", "staticmethod", "classmethod", "__import__"} {
		name := name
		fn(name, func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			return nil, value.Errorf(value.NotImplementedErr, "%s() is not supported in sockshell", name)
		})
	}
	return b
}

func keys(m map[string]value.Value) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func sortedStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

// print is Python's print(*objects, sep=' ', end='\n').
func (in *Interp) print(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
	sep, end := " ", "\n"
	for _, k := range kw {
		switch k.Name {
		case "sep", "end":
			var s string
			switch v := k.V.(type) {
			case value.Str:
				s = string(v)
			case value.NoneType:
				s = map[string]string{"sep": " ", "end": "\n"}[k.Name]
			default:
				return nil, value.Errorf(value.TypeError, "%s must be None or a string, not %s", k.Name, value.TypeName(k.V))
			}
			if k.Name == "sep" {
				sep = s
			} else {
				end = s
			}
		case "flush":
		case "file":
			if k.V != value.None {
				return nil, value.Errorf(value.NotImplementedErr, "print(file=...) is not supported in sockshell; print writes to the terminal")
			}
		default:
			return nil, value.Errorf(value.TypeError, "'%s' is an invalid keyword argument for print()", k.Name)
		}
	}
	var b strings.Builder
	for i, v := range args {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(value.StrOf(v))
	}
	b.WriteString(end)
	in.Print(value.PrintText(b.String()))
	return value.None, nil
}

func radix(v value.Value, verb, prefix string) (value.Value, error) {
	if !value.IsInt(v) {
		return nil, value.Errorf(value.TypeError, "'%s' object cannot be interpreted as an integer", value.TypeName(v))
	}
	s, err := value.FormatValue(v, "#"+verb)
	return value.Str(s), err
}

func classCheck(c value.Value, what string, f func(*value.Class) bool) (bool, error) {
	switch c := c.(type) {
	case *value.Class:
		return f(c), nil
	case value.Tuple:
		for _, x := range c {
			ok, err := classCheck(x, what, f)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return false, value.Errorf(value.TypeError, "%s must be a type, a tuple of types, or a union", what)
}

func (in *Interp) minMax(ctx context.Context, name, op string, args []value.Value, kw []value.Kw) (value.Value, error) {
	a, err := (&value.Sig{Name: name, KwOnly: []string{"key", "default"}}).Bind(nil, kw)
	if err != nil {
		return nil, err
	}
	key, dflt := a[0], a[1]
	var items []value.Value
	switch len(args) {
	case 0:
		return nil, value.Errorf(value.TypeError, "%s expected at least 1 argument, got 0", name)
	case 1:
		if items, err = value.ItemsContext(ctx, args[0]); err != nil {
			return nil, err
		}
		if len(items) == 0 {
			if dflt != nil {
				return dflt, nil
			}
			return nil, value.Errorf(value.ValueError, "%s() arg is an empty sequence", name)
		}
	default:
		if dflt != nil {
			return nil, value.Errorf(value.TypeError, "Cannot specify a default for %s() with multiple positional arguments", name)
		}
		items = args
	}
	best, bestKey := items[0], items[0]
	if key != nil && key != value.None {
		if bestKey, err = in.Call(ctx, key, []value.Value{best}, nil); err != nil {
			return nil, err
		}
	}
	t := value.NewTicker(ctx)
	for _, it := range items[1:] {
		if err := t.Tick(); err != nil {
			return nil, err
		}
		k := it
		if key != nil && key != value.None {
			if k, err = in.Call(ctx, key, []value.Value{it}, nil); err != nil {
				return nil, err
			}
		}
		better, err := value.Compare(op, k, bestKey)
		if err != nil {
			return nil, err
		}
		if better {
			best, bestKey = it, k
		}
	}
	return best, nil
}

func truthScan(ctx context.Context, name string, args []value.Value, kw []value.Kw, want bool) (value.Value, error) {
	a, err := (&value.Sig{Name: name, Style: value.One, Min: 1, Names: []string{"iterable"}, NoKw: true}).Bind(args, kw)
	if err != nil {
		return nil, err
	}
	next, err := value.Iter(a[0])
	if err != nil {
		return nil, err
	}
	t := value.NewTicker(ctx)
	for {
		if err := t.Tick(); err != nil {
			return nil, err
		}
		v, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return value.BoolOf(!want), nil
		}
		if value.Truth(v) == want {
			return value.BoolOf(want), nil
		}
	}
}

// round is Python's round(number, ndigits): to even on ties, and for a
// float with ndigits by its exact decimal value, as Python does.
func round(x, nd value.Value) (value.Value, error) {
	if !value.IsInt(x) {
		if _, ok := x.(value.Float); !ok {
			return nil, value.Errorf(value.TypeError, "type %s doesn't define __round__ method", value.TypeName(x))
		}
	}
	if nd == nil || nd == value.None {
		if f, ok := x.(value.Float); ok {
			r := math.RoundToEven(float64(f))
			return value.FloatToInt(r)
		}
		return value.Unary("+", x)
	}
	n, err := value.Index(nd)
	if err != nil {
		return nil, err
	}
	if f, ok := x.(value.Float); ok {
		if n > 300 || math.IsInf(float64(f), 0) || math.IsNaN(float64(f)) {
			return f, nil
		}
		s := strconv.FormatFloat(float64(f), 'f', -1, 64)
		_ = s
		r, _ := strconv.ParseFloat(strconv.FormatFloat(float64(f), 'f', int(max(n, 0)), 64), 64)
		if n < 0 {
			p := math.Pow(10, float64(-n))
			r = math.RoundToEven(float64(f)/p) * p
		}
		return value.Float(r), nil
	}
	if n >= 0 {
		return value.Unary("+", x)
	}
	p, _ := value.Binary("**", value.Int(10), value.Int(-n))
	half, _ := value.Binary("//", p, value.Int(2))
	q, _ := value.Binary("//", x, p)
	rem, _ := value.Binary("%", x, p)
	if c, _ := value.Compare(">", rem, half); c {
		q, _ = value.Binary("+", q, value.Int(1))
	} else if eq, _ := value.Compare("==", rem, half); eq {
		if odd, _ := value.Binary("%", q, value.Int(2)); value.Truth(odd) {
			q, _ = value.Binary("+", q, value.Int(1))
		}
	}
	return value.Binary("*", q, p)
}
