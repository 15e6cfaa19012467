package value

import "testing"

// bound is the repr of a binding's values as a tuple (None for a
// parameter not given), or the error.
func bound(vs []Value, err error) string {
	if err != nil {
		return err.Error()
	}
	t := make(Tuple, len(vs))
	for i, v := range vs {
		if v == nil {
			v = None
		}
		t[i] = v
	}
	return t.Repr()
}

// TestBindDef checks the binding of a call to a function written in
// Python, with Python 3.11's messages (printed by calling the same def
// in Python; a successful call shows what the function got).
func TestBindDef(t *testing.T) {
	tests := []struct {
		params []DefParam
		args   []Value
		kw     []Kw
		want   string
	}{
		{[]DefParam{{Name: "a"}, {Name: "b"}}, []Value{Int(1)}, nil, "TypeError: f() missing 1 required positional argument: 'b'"},                                                                         // f(a, b) with (1)
		{[]DefParam{{Name: "a"}, {Name: "b"}}, nil, nil, "TypeError: f() missing 2 required positional arguments: 'a' and 'b'"},                                                                            // f(a, b) with ()
		{[]DefParam{{Name: "a"}, {Name: "b"}}, []Value{Int(1), Int(2), Int(3)}, nil, "TypeError: f() takes 2 positional arguments but 3 were given"},                                                       // f(a, b) with (1, 2, 3)
		{[]DefParam{{Name: "a"}, {Name: "b"}}, []Value{Int(1)}, []Kw{{"b", Int(2)}}, "(1, 2)"},                                                                                                             // f(a, b) with (1, b=2)
		{[]DefParam{{Name: "a"}, {Name: "b"}}, []Value{Int(1)}, []Kw{{"a", Int(2)}}, "TypeError: f() got multiple values for argument 'a'"},                                                                // f(a, b) with (1, a=2)
		{[]DefParam{{Name: "a"}, {Name: "b"}}, []Value{Int(1), Int(2)}, []Kw{{"c", Int(3)}}, "TypeError: f() got an unexpected keyword argument 'c'"},                                                      // f(a, b) with (1, 2, c=3)
		{[]DefParam{{Name: "a"}, {Name: "b", HasDefault: true}}, nil, nil, "TypeError: f() missing 1 required positional argument: 'a'"},                                                                   // f(a, b=2) with ()
		{[]DefParam{{Name: "a"}, {Name: "b", HasDefault: true}}, []Value{Int(1), Int(2), Int(3)}, nil, "TypeError: f() takes from 1 to 2 positional arguments but 3 were given"},                           // f(a, b=2) with (1, 2, 3)
		{[]DefParam{{Name: "a"}, {Name: "b", HasDefault: true}}, nil, []Kw{{"b", Int(5)}}, "TypeError: f() missing 1 required positional argument: 'a'"},                                                   // f(a, b=2) with (b=5)
		{nil, []Value{Int(1)}, nil, "TypeError: f() takes 0 positional arguments but 1 was given"},                                                                                                         // f() with (1)
		{nil, nil, []Kw{{"x", Int(1)}}, "TypeError: f() got an unexpected keyword argument 'x'"},                                                                                                           // f() with (x=1)
		{[]DefParam{{Name: "a"}, {Name: "b"}, {Name: "c"}}, nil, nil, "TypeError: f() missing 3 required positional arguments: 'a', 'b', and 'c'"},                                                         // f(a, b, c) with ()
		{[]DefParam{{Name: "a"}, {Name: "b"}, {Name: "c"}}, []Value{Int(1)}, nil, "TypeError: f() missing 2 required positional arguments: 'b' and 'c'"},                                                   // f(a, b, c) with (1)
		{[]DefParam{{Name: "a"}, {Name: "args", Star: 1}, {Name: "k", KwOnly: true}, {Name: "kw", Star: 2}}, []Value{Int(1), Int(2)}, nil, "TypeError: f() missing 1 required keyword-only argument: 'k'"}, // f(a, *args, k, **kw) with (1, 2)
		{[]DefParam{{Name: "a"}, {Name: "args", Star: 1}, {Name: "k", KwOnly: true}, {Name: "kw", Star: 2}}, []Value{Int(1), Int(2)}, []Kw{{"k", Int(3)}, {"z", Int(4)}}, "(1, (2,), 3, {'z': 4})"},        // f(a, *args, k, **kw) with (1, 2, k=3, z=4)
		{[]DefParam{{Name: "k", HasDefault: true, KwOnly: true}}, []Value{Int(1)}, nil, "TypeError: f() takes 0 positional arguments but 1 was given"},                                                     // f(*, k=1) with (1)
		{[]DefParam{{Name: "a"}, {Name: "k", KwOnly: true}, {Name: "j", KwOnly: true}}, []Value{Int(1)}, nil, "TypeError: f() missing 2 required keyword-only arguments: 'k' and 'j'"},                     // f(a, *, k, j) with (1)
		{[]DefParam{{Name: "a"}, {Name: "k", KwOnly: true}, {Name: "j", KwOnly: true}}, []Value{Int(1), Int(2)}, nil, "TypeError: f() takes 1 positional argument but 2 were given"},                       // f(a, *, k, j) with (1, 2)
		{[]DefParam{{Name: "a"}, {Name: "b", HasDefault: true}}, []Value{Int(1), Int(2), Int(3), Int(4)}, nil, "TypeError: f() takes from 1 to 2 positional arguments but 4 were given"},                   // f(a, b=2) with (1, 2, 3, 4)
	}
	for _, tt := range tests {
		if got := bound(BindDef("f", tt.params, 0, tt.args, tt.kw)); got != tt.want {
			t.Errorf("f%v with %v %v: %s, want %s", tt.params, tt.args, tt.kw, got, tt.want)
		}
	}
	// A default not given is nil, for the caller to fill in.
	got, err := BindDef("f", []DefParam{{Name: "a"}, {Name: "b", HasDefault: true}}, 0, []Value{Int(1)}, nil)
	if err != nil || len(got) != 2 || got[1] != nil {
		t.Errorf("f(a, b=2) with (1): %v, %v", got, err)
	}
	// A method counts its self, as Python does: s.accept(1) is
	// "socket.accept() takes 1 positional argument but 2 were given".
	_, err = BindDef("socket.accept", nil, 1, []Value{Int(1)}, nil)
	if err == nil || err.Error() != "TypeError: socket.accept() takes 1 positional argument but 2 were given" {
		t.Errorf("s.accept(1): %v", err)
	}
}

// TestSigBind checks the argument checks of builtins written in C, each
// with the wording its CPython original has (printed by Python 3.11 for
// the call in the comment).
func TestSigBind(t *testing.T) {
	getservbyname := &Sig{Name: "getservbyname", Style: Takes, Min: 1, Names: []string{"servicename", "protocolname"}, NoKw: true}
	split := &Sig{Name: "split", Style: Takes, Names: []string{"sep", "maxsplit"}}
	getattr := &Sig{Name: "getattr", Style: Expected, Min: 2, Names: []string{"object", "name", "default"}}
	isinstance := &Sig{Name: "isinstance", Style: Expected, Min: 2, Names: []string{"obj", "class_or_tuple"}}
	join := &Sig{Name: "str.join", Style: One, Min: 1, Names: []string{"iterable"}}
	upper := &Sig{Name: "str.upper", Style: NoArgs}
	fromBytes := &Sig{Name: "from_bytes", Style: Takes, Min: 1, Names: []string{"bytes", "byteorder"}}
	sorted := &Sig{Name: "sort", Style: Expected, Min: 0, Names: nil, KwOnly: []string{"key", "reverse"}}
	tests := []struct {
		sig  *Sig
		args []Value
		kw   []Kw
		want string
	}{
		{getservbyname, nil, nil, "TypeError: getservbyname() takes at least 1 argument (0 given)"}, // socket.getservbyname()
		{getservbyname, []Value{Str("a"), Str("b"), Str("c")}, nil, "TypeError: getservbyname() takes at most 2 arguments (3 given)"},
		{getservbyname, nil, []Kw{{"name", Str("x")}}, "TypeError: getservbyname() takes no keyword arguments"},
		{getservbyname, []Value{Str("ssh")}, nil, "('ssh', None)"},
		{split, []Value{Int(1), Int(2), Int(3)}, nil, "TypeError: split() takes at most 2 arguments (3 given)"}, // "a".split(1, 2, 3)
		{split, nil, []Kw{{"x", Int(1)}}, "TypeError: 'x' is an invalid keyword argument for split()"},          // "a".split(x=1)
		{split, []Value{Str(",")}, []Kw{{"sep", Str(",")}}, "TypeError: argument for split() given by name ('sep') and position (1)"},
		{split, nil, []Kw{{"maxsplit", Int(1)}}, "(None, 1)"},
		{getattr, nil, nil, "TypeError: getattr expected at least 2 arguments, got 0"},                                    // getattr()
		{getattr, []Value{Int(1), Int(2), Int(3), Int(4)}, nil, "TypeError: getattr expected at most 3 arguments, got 4"}, // getattr(1, 2, 3, 4)
		{isinstance, []Value{Int(1)}, nil, "TypeError: isinstance expected 2 arguments, got 1"},                           // isinstance(1)
		{join, nil, nil, "TypeError: str.join() takes exactly one argument (0 given)"},                                    // ','.join()
		{join, []Value{Int(1), Int(2)}, nil, "TypeError: str.join() takes exactly one argument (2 given)"},
		{upper, []Value{Int(1)}, nil, "TypeError: str.upper() takes no arguments (1 given)"}, // 'a'.upper(1)
		{upper, nil, nil, "()"},
		{fromBytes, nil, []Kw{{"byteorder", Str("big")}}, "TypeError: from_bytes() missing required argument 'bytes' (pos 1)"},
		{sorted, []Value{Int(1)}, nil, "TypeError: sort expected 0 arguments, got 1"},
		{sorted, nil, []Kw{{"reverse", True}}, "(None, True)"},
		{sorted, nil, []Kw{{"cmp", Int(1)}}, "TypeError: sort() got an unexpected keyword argument 'cmp'"},
	}
	for _, tt := range tests {
		if got := bound(tt.sig.Bind(tt.args, tt.kw)); got != tt.want {
			t.Errorf("%s with %v %v: %s, want %s", tt.sig.Name, tt.args, tt.kw, got, tt.want)
		}
	}
}
