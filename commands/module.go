package commands

import (
	"context"
	"math"
	"time"

	"golang.org/x/sys/unix"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// The modules the Python form can import: socket (always there, as if
// imported), and the few others the lecture and its next steps use.

// socketModule returns the session's socket module: every constant, the
// functions of the command table that Python's socket module has, the
// socket class, the enums and the exceptions.
func (s *Session) socketModule() *value.Module {
	if m, ok := s.modules["socket"]; ok {
		return m
	}
	m := &value.Module{Name: "socket", Names: map[string]value.Value{}}
	for _, name := range netinfo.ConstantNames() {
		v, _ := constant(name)
		m.Names[name] = v
	}
	for _, cmd := range table {
		if cmd.Py != nil && !cmd.Py.Method && cmd.Name != "socket" {
			m.Names[cmd.pyName()] = s.commandFunc(cmd, nil)
		}
	}
	cls := s.SocketClass()
	m.Names["socket"] = cls
	m.Names["SocketType"] = cls
	for _, c := range enumClasses {
		m.Names[c.Name] = c
	}
	m.Names["error"] = value.OSError
	m.Names["timeout"] = value.TimeoutError
	m.Names["gaierror"] = value.GAIError
	m.Names["herror"] = value.HError
	m.Names["has_ipv6"] = value.True
	for name, f := range socketFuncs() {
		m.Names[name] = f
	}
	m.Names["socketpair"] = s.socketpairFunc()
	m.Names["create_connection"] = s.createConnectionFunc() // module_create_connection.go
	s.modules["socket"] = m
	return m
}

// SocketClass is socket.socket: calling it makes a socket, as the socket
// command does.
func (s *Session) SocketClass() *value.Class {
	if s.sockClass == nil {
		c := &value.Class{Name: "socket", Module: "socket", Base: value.ObjectType, Attrs: map[string]value.Value{}}
		c.New = func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			cmd, ok := Lookup("socket")
			if !ok { // a program that left out the package of socket commands
				return nil, Errorf(value.NotImplementedErr, "socket.socket needs the socket command, which this build of sockshell leaves out")
			}
			return s.CallPython(ctx, cmd, nil, args, kw)
		}
		// socket.socket.recv(s, 10) is s.recv(10), as a class's function
		// called with the instance first.
		for _, name := range socketAttrNames(s) {
			name := name
			c.Attrs[name] = fn(name, func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
				if len(args) == 0 {
					return nil, Errorf(value.TypeError, "unbound method socket.%s() needs an argument", name)
				}
				self, ok := args[0].(*Socket)
				if !ok {
					return nil, Errorf(value.TypeError, "descriptor '%s' for '_socket.socket' objects doesn't apply to a '%s' object", name, value.TypeName(args[0]))
				}
				m, err := value.GetAttr(self, name)
				if err != nil {
					return nil, err
				}
				return s.in.Call(ctx, m, args[1:], kw)
			})
		}
		s.sockClass = c
	}
	return s.sockClass
}

// Import returns the module named (interp.Host).
func (s *Session) Import(name string) (value.Value, error) {
	if s.modules == nil {
		s.modules = map[string]*value.Module{}
	}
	switch name {
	case "socket":
		return s.socketModule(), nil
	case "math":
		return mathModule(), nil
	case "time":
		return s.timeModule(), nil
	case "sys":
		return sysModule(), nil
	case "errno":
		return errnoModule(), nil
	}
	if make, ok := moduleMakers[name]; ok {
		m, ok := s.modules[name]
		if !ok {
			m = make(s)
			s.modules[name] = m
		}
		return m, nil
	}
	if known[name] {
		e := Errorf(value.NotImplementedErr, "the %s module is not supported in sockshell; it has socket, select, selectors, ssl, errno, math, time and sys", name)
		return nil, e
	}
	return nil, Errorf(value.ModuleNotFound, "No module named '%s'", value.ForMessage(name))
}

// moduleMakers make the modules command packages add (RegisterModule).
var moduleMakers = map[string]func(*Session) *value.Module{}

// RegisterModule makes `import name` give the module make returns, made
// once a session. A command package calls it from its init.
func RegisterModule(name string, make func(*Session) *value.Module) {
	moduleMakers[name] = make
}

// known are modules of Python's standard library a student may try:
// sockshell says it does not have them rather than that they do not exist.
var known = map[string]bool{
	"select": true, "selectors": true, "os": true, "re": true, "json": true, "struct": true,
	"threading": true, "asyncio": true, "random": true, "datetime": true, "collections": true,
	"itertools": true, "functools": true, "http": true, "urllib": true, "subprocess": true, "io": true,
	"string": true, "binascii": true, "hashlib": true, "base64": true, "errno": true, "pprint": true,
}

func fn(name string, f func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error)) *value.Builtin {
	return value.NewBuiltin(name, f)
}

// floatFn is a math function of one float.
func floatFn(name string, f func(float64) (float64, error)) *value.Builtin {
	return fn(name, func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := (&value.Sig{Name: name, Style: value.One, Min: 1, Names: []string{"x"}, NoKw: true}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		x, ok := value.FloatOf(a[0])
		if !ok {
			return nil, Errorf(value.TypeError, "must be real number, not %s", value.TypeName(a[0]))
		}
		r, err := f(x)
		if err != nil {
			return nil, err
		}
		return value.Float(r), nil
	})
}

func mathModule() *value.Module {
	domain := func(f func(float64) float64, ok func(float64) bool) func(float64) (float64, error) {
		return func(x float64) (float64, error) {
			if !ok(x) {
				return 0, Errorf(value.ValueError, "math domain error")
			}
			return f(x), nil
		}
	}
	any := func(float64) bool { return true }
	m := &value.Module{Name: "math", Names: map[string]value.Value{
		"pi": value.Float(math.Pi), "e": value.Float(math.E), "tau": value.Float(2 * math.Pi),
		"inf": value.Float(math.Inf(1)), "nan": value.Float(math.NaN()),
		"sqrt":  floatFn("sqrt", domain(math.Sqrt, func(x float64) bool { return x >= 0 })),
		"log2":  floatFn("log2", domain(math.Log2, func(x float64) bool { return x > 0 })),
		"log10": floatFn("log10", domain(math.Log10, func(x float64) bool { return x > 0 })),
		"exp":   floatFn("exp", domain(math.Exp, any)),
		"sin":   floatFn("sin", domain(math.Sin, any)),
		"cos":   floatFn("cos", domain(math.Cos, any)),
		"fabs":  floatFn("fabs", domain(math.Abs, any)),
		"log": fn("log", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			if len(args) < 1 || len(args) > 2 {
				return nil, Errorf(value.TypeError, "log expected 1 or 2 arguments, got %d", len(args))
			}
			x, _ := value.FloatOf(args[0])
			if x <= 0 {
				return nil, Errorf(value.ValueError, "math domain error")
			}
			r := math.Log(x)
			if len(args) == 2 {
				b, _ := value.FloatOf(args[1])
				r /= math.Log(b)
			}
			return value.Float(r), nil
		}),
		"floor": fn("floor", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			return roundFn("floor", math.Floor, args)
		}),
		"ceil": fn("ceil", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			return roundFn("ceil", math.Ceil, args)
		}),
		"isclose": fn("isclose", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			if len(args) != 2 {
				return nil, Errorf(value.TypeError, "isclose() takes exactly 2 positional arguments (%d given)", len(args))
			}
			a, _ := value.FloatOf(args[0])
			b, _ := value.FloatOf(args[1])
			return value.BoolOf(math.Abs(a-b) <= math.Max(1e-9*math.Max(math.Abs(a), math.Abs(b)), 0)), nil
		}),
	}}
	return m
}

func roundFn(name string, f func(float64) float64, args []value.Value) (value.Value, error) {
	if len(args) != 1 {
		return nil, Errorf(value.TypeError, "math.%s() takes exactly one argument (%d given)", name, len(args))
	}
	if value.IsInt(args[0]) {
		return value.Unary("+", args[0])
	}
	x, ok := value.FloatOf(args[0])
	if !ok {
		return nil, Errorf(value.TypeError, "must be real number, not %s", value.TypeName(args[0]))
	}
	return value.FloatToInt(f(x))
}

// timeModule is time: sleep (interrupted by Ctrl-C, bounded by a
// script's timeout), time and monotonic.
func (s *Session) timeModule() *value.Module {
	start := time.Now()
	return &value.Module{Name: "time", Names: map[string]value.Value{
		"time": fn("time", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			return value.Float(float64(time.Now().UnixNano()) / 1e9), nil
		}),
		"monotonic": fn("monotonic", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			return value.Float(time.Since(start).Seconds()), nil
		}),
		"sleep": fn("sleep", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			a, err := (&value.Sig{Name: "time.sleep", Style: value.One, Min: 1, Names: []string{"secs"}, NoKw: true}).Bind(args, kw)
			if err != nil {
				return nil, err
			}
			secs, ok := value.FloatOf(a[0])
			if !ok {
				return nil, Errorf(value.TypeError, "'%s' object cannot be interpreted as an integer", value.TypeName(a[0]))
			}
			if secs < 0 {
				return nil, Errorf(value.ValueError, "sleep length must be non-negative")
			}
			s.Flush()
			d := time.Duration(secs * float64(time.Second))
			if dl := s.in.Deadline; !dl.IsZero() && time.Now().Add(d).After(dl) {
				select {
				case <-time.After(time.Until(dl)):
					return nil, Errorf(value.TimeoutError, "the statement ran longer than the script's timeout of %s", s.Opts.Timeout)
				case <-ctx.Done():
					return nil, value.Raise(value.KeyboardInterrupt)
				}
			}
			select {
			case <-time.After(d):
				return value.None, nil
			case <-ctx.Done():
				return nil, value.Raise(value.KeyboardInterrupt)
			}
		}),
	}}
}

func sysModule() *value.Module {
	return &value.Module{Name: "sys", Names: map[string]value.Value{
		"exit": fn("exit", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
			if len(args) > 1 {
				return nil, Errorf(value.TypeError, "exit expected at most 1 argument, got %d", len(args))
			}
			return nil, value.Raise(value.SystemExit, args...)
		}),
		"maxsize":  value.Int(math.MaxInt64),
		"platform": value.Str("linux"),
		"version":  value.Str("3.11 (sockshell)"),
	}}
}

// socketpairFunc is socket.socketpair(family=AF_UNIX, type=SOCK_STREAM,
// proto=0): two connected sockets.
func (s *Session) socketpairFunc() *value.Builtin {
	return fn("socketpair", func(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
		a, err := value.BindDef("socketpair", []value.DefParam{{Name: "family", HasDefault: true}, {Name: "type", HasDefault: true}, {Name: "proto", HasDefault: true}}, 0, args, kw)
		if err != nil {
			return nil, err
		}
		nums := []int64{unix.AF_UNIX, unix.SOCK_STREAM, 0}
		for i, v := range a {
			if v != nil && v != value.None {
				if nums[i], err = value.Index(v); err != nil {
					return nil, err
				}
			}
		}
		x, y, err := netinfo.Socketpair(s.Tracer(), int(nums[0]), int(nums[1]), int(nums[2]))
		if err != nil {
			return nil, err
		}
		return value.Tuple{s.NewSocket(x), s.NewSocket(y)}, nil
	})
}
