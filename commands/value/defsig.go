package value

import (
	"strconv"
	"strings"
)

// DefParam is one parameter of a function written in Python (or of a
// socket function that Python writes in Python, such as getaddrinfo).
type DefParam struct {
	Name       string
	HasDefault bool
	Star       int  // 1 for *args, 2 for **kwargs
	KwOnly     bool // only a keyword can give it
}

// BindDef binds a call's arguments to a Python function's parameters, with
// Python's messages for a wrong call. It returns one value per parameter,
// in order: nil for a parameter with a default that was not given, a Tuple
// for *args and a *Dict for **kwargs. name is the function's name in
// messages (f, or socket.accept for a method, whose self counts in the
// positional count as Python counts it: selfCount is 1 then).
func BindDef(name string, params []DefParam, selfCount int, args []Value, kw []Kw) ([]Value, error) {
	out := make([]Value, len(params))
	var positional []int // indexes of the positional parameters
	star, dstar := -1, -1
	for i, p := range params {
		switch {
		case p.Star == 1:
			star = i
		case p.Star == 2:
			dstar = i
		case !p.KwOnly:
			positional = append(positional, i)
		}
	}
	n := len(args)
	if n > len(positional) && star < 0 {
		required := 0
		for _, i := range positional {
			if !params[i].HasDefault {
				required++
			}
		}
		max := len(positional)
		took := strconv.Itoa(max+selfCount) + " positional argument" + Plural(max+selfCount)
		if required < max {
			took = "from " + strconv.Itoa(required+selfCount) + " to " + strconv.Itoa(max+selfCount) + " positional arguments"
		}
		were := "were"
		if n+selfCount == 1 {
			were = "was"
		}
		return nil, Errorf(TypeError, "%s() takes %s but %d %s given", name, took, n+selfCount, were)
	}
	for k := 0; k < n && k < len(positional); k++ {
		out[positional[k]] = args[k]
	}
	if star >= 0 {
		extra := Tuple{}
		if n > len(positional) {
			extra = append(Tuple{}, args[len(positional):]...)
		}
		out[star] = extra
	}
	var kwargs *Dict
	if dstar >= 0 {
		kwargs = NewDict()
		out[dstar] = kwargs
	}
	for _, k := range kw {
		i := -1
		for j, p := range params {
			if p.Name == k.Name && p.Star == 0 {
				i = j
			}
		}
		if i < 0 {
			if kwargs != nil {
				kwargs.Set(Str(k.Name), k.V)
				continue
			}
			return nil, Errorf(TypeError, "%s() got an unexpected keyword argument '%s'", name, k.Name)
		}
		if out[i] != nil {
			return nil, Errorf(TypeError, "%s() got multiple values for argument '%s'", name, k.Name)
		}
		out[i] = k.V
	}
	var missing, missingKw []string
	for i, p := range params {
		if out[i] == nil && !p.HasDefault && p.Star == 0 {
			if p.KwOnly {
				missingKw = append(missingKw, "'"+p.Name+"'")
			} else {
				missing = append(missing, "'"+p.Name+"'")
			}
		}
	}
	if len(missing) > 0 {
		return nil, Errorf(TypeError, "%s() missing %d required positional argument%s: %s", name, len(missing), Plural(len(missing)), andList(missing))
	}
	if len(missingKw) > 0 {
		return nil, Errorf(TypeError, "%s() missing %d required keyword-only argument%s: %s", name, len(missingKw), Plural(len(missingKw)), andList(missingKw))
	}
	return out, nil
}

// andList joins names as Python's messages do: 'a', 'a' and 'b',
// 'a', 'b', and 'c'.
func andList(names []string) string {
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + ", and " + names[len(names)-1]
}
