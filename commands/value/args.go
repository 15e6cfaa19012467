package value

import "strconv"

// Style is how a builtin words a wrong number of arguments. CPython's C
// functions word it in several ways, and students see each one, so each
// builtin names the style its Python original has.
type Style int

// The styles, with how each words "too many" for a function f.
const (
	// Takes: "f() takes at most 2 arguments (3 given)" (argument clinic,
	// PyArg_ParseTuple).
	Takes Style = iota
	// Expected: "f expected at most 1 argument, got 2".
	Expected
	// One: "str.join() takes exactly one argument (0 given)" (METH_O),
	// with the qualified name.
	One
	// None0: "str.upper() takes no arguments (1 given)" (METH_NOARGS).
	NoArgs
)

// Sig is the signature of a builtin, for checking a call's arguments.
type Sig struct {
	Name  string   // in messages: split, or str.join for One and NoArgs
	Style Style    // how a wrong count is worded
	Min   int      // required positional arguments
	Names []string // every parameter, in order; keywords may name them
	// KwOnly lists parameters only a keyword can give (sort's key).
	KwOnly []string
	// NoKw refuses keywords altogether: "f() takes no keyword arguments".
	NoKw bool
}

// Bind checks a call against the signature and returns one value per
// parameter (Names then KwOnly), nil where an optional one was not given.
func (s *Sig) Bind(args []Value, kw []Kw) ([]Value, error) {
	max := len(s.Names)
	n := len(args)
	if len(kw) > 0 && s.NoKw {
		return nil, Errorf(TypeError, "%s() takes no keyword arguments", s.Name)
	}
	if n > max || (n < s.Min && len(kw) == 0) {
		return nil, s.countError(n)
	}
	out := make([]Value, len(s.Names)+len(s.KwOnly))
	copy(out, args)
	for _, k := range kw {
		i := -1
		for j, name := range s.Names {
			if name == k.Name {
				i = j
			}
		}
		for j, name := range s.KwOnly {
			if name == k.Name {
				i = len(s.Names) + j
			}
		}
		if i < 0 {
			if s.Style == Takes {
				return nil, Errorf(TypeError, "'%s' is an invalid keyword argument for %s()", k.Name, s.Name)
			}
			return nil, Errorf(TypeError, "%s() got an unexpected keyword argument '%s'", s.Name, k.Name)
		}
		if out[i] != nil {
			return nil, Errorf(TypeError, "argument for %s() given by name ('%s') and position (%d)", s.Name, k.Name, i+1)
		}
		out[i] = k.V
	}
	for i := 0; i < s.Min; i++ {
		if out[i] == nil {
			if len(kw) == 0 {
				return nil, s.countError(n)
			}
			return nil, Errorf(TypeError, "%s() missing required argument '%s' (pos %d)", s.Name, s.Names[i], i+1)
		}
	}
	return out, nil
}

func (s *Sig) countError(n int) error {
	max := len(s.Names)
	switch s.Style {
	case NoArgs:
		return Errorf(TypeError, "%s() takes no arguments (%d given)", s.Name, n)
	case One:
		return Errorf(TypeError, "%s() takes exactly one argument (%d given)", s.Name, n)
	case Expected:
		switch {
		case s.Min == max:
			return Errorf(TypeError, "%s expected %s, got %d", s.Name, args(max), n)
		case n > max:
			return Errorf(TypeError, "%s expected at most %s, got %d", s.Name, args(max), n)
		}
		return Errorf(TypeError, "%s expected at least %s, got %d", s.Name, args(s.Min), n)
	}
	switch {
	case s.Min == max:
		return Errorf(TypeError, "%s() takes exactly %s (%d given)", s.Name, args(max), n)
	case n > max:
		return Errorf(TypeError, "%s() takes at most %s (%d given)", s.Name, args(max), n)
	}
	return Errorf(TypeError, "%s() takes at least %s (%d given)", s.Name, args(s.Min), n)
}

func args(n int) string {
	if n == 1 {
		return "1 argument"
	}
	return strconv.Itoa(n) + " arguments"
}

// Plural is "s" unless n is 1.
func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// textArg is a str argument, or Python's TypeError naming what it is for.
func textArg(v Value, what string) (string, error) {
	s, ok := v.(Str)
	if !ok {
		return "", Errorf(TypeError, "%s must be str, not %s", what, TypeName(v))
	}
	return string(s), nil
}

// optIndex is an optional integer argument (None counts as not given).
func optIndex(v Value, dflt int64) (int64, error) {
	if v == nil || v == None {
		return dflt, nil
	}
	return Index(v)
}
