package value

import (
	"context"
	"sort"
)

// GetAttr is Python's v.name: an attribute of the value itself, or a
// method of its class bound to it; else Python's AttributeError.
func GetAttr(v Value, name string) (Value, error) {
	if a, ok := v.(Attributer); ok {
		if x, ok := a.Attr(name); ok {
			return x, nil
		}
	}
	if name == "__class__" {
		return v.Type(), nil
	}
	if m, ok := method(v, name); ok {
		return BindMethod(v, name, m), nil
	}
	for k := v.Type(); k != nil; k = k.Base {
		if a, ok := k.Attrs[name]; ok {
			return a, nil
		}
	}
	e := NoAttr(v, name)
	if s := Suggest(name, Dir(v)); s != "" {
		e.Note = ". Did you mean: '" + s + "'?"
	}
	return nil, e
}

// BindMethod is a method bound to its value, as v.name gives it.
func BindMethod(v Value, name string, m Method) *Builtin {
	return &Builtin{Name: name, Self: v, Fn: func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		return m(ctx, v, args, kw)
	}}
}

// NoAttr is Python's AttributeError for v.name.
func NoAttr(v Value, name string) *Exception {
	switch v := v.(type) {
	case *Module:
		return Errorf(AttributeError, "module '%s' has no attribute '%s'", v.Name, ForMessage(name))
	case *Class:
		return Errorf(AttributeError, "type object '%s' has no attribute '%s'", v.Name, ForMessage(name))
	}
	return Errorf(AttributeError, "'%s' object has no attribute '%s'", TypeName(v), ForMessage(name))
}

// HasAttr is Python's hasattr(v, name).
func HasAttr(v Value, name string) bool {
	_, err := GetAttr(v, name)
	return err == nil
}

// Dir is Python's dir(v), for the names sockshell knows: the value's own
// attributes and its class's methods, sorted.
func Dir(v Value) []string {
	seen := map[string]bool{}
	if n, ok := v.(AttrNamer); ok {
		for _, name := range n.AttrNames() {
			seen[name] = true
		}
	}
	if _, isModule := v.(*Module); !isModule {
		if _, isClass := v.(*Class); !isClass {
			for k := v.Type(); k != nil; k = k.Base {
				for name := range k.Methods {
					seen[name] = true
				}
				for name := range k.Attrs {
					seen[name] = true
				}
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
