package commands

import (
	"context"
	"math"
	"strconv"
	"strings"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// Call is one running command: its arguments, one per parameter, and the
// session. Both syntaxes make one: the shell's words are converted by the
// parameters' kinds (convertShell), the Python form's values are bound by
// the command's Python signature (bindPython). Handlers read the arguments
// through the methods below, which give Python's messages for a wrong
// value.
type Call struct {
	Ctx    context.Context
	S      *Session
	Cmd    *Command
	Args   []value.Value
	Opts   map[string]value.Value // the KEY=VALUE options given (options.go)
	Python bool                   // called in the Python form: data must be bytes
	room   [3]value.Value         // Args' first array, for a shell command's few
}

// Arg returns argument i, or nil when it was not given.
func (c *Call) Arg(i int) value.Value {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return nil
}

// Given reports whether argument i was given.
func (c *Call) Given(i int) bool { return c.Arg(i) != nil }

// Socket is the Socket argument i.
func (c *Call) Socket(i int) *Socket { return c.Args[i].(*Socket) }

// Sock is the real socket of argument i.
func (c *Call) Sock(i int) *netinfo.Socket { return c.Socket(i).sock }

// Int is argument i as an integer (Python's operator.index), or def when
// it was not given.
func (c *Call) Int(i int, def int64) (int64, error) {
	v := c.Arg(i)
	if v == nil {
		return def, nil
	}
	return value.Index(v)
}

// CInt is argument i as a C int, with the messages Python's argument
// parsing gives for a number that does not fit.
func (c *Call) CInt(i int, def int) (int, error) {
	n, err := c.Int(i, int64(def))
	if err != nil {
		return 0, err
	}
	return cInt(n)
}

// cInt is n as a C int, or Python's OverflowError.
func cInt(n int64) (int, error) {
	switch {
	case n > math.MaxInt32:
		return 0, Errorf(value.OverflowError, "signed integer is greater than maximum")
	case n < math.MinInt32:
		return 0, Errorf(value.OverflowError, "signed integer is less than minimum")
	}
	return int(n), nil
}

// Text is argument i as a C string (nil when the optional argument was
// not given), with the errors Python's "s" argument format gives.
func (c *Call) Text(i int) (*string, error) {
	v := c.Arg(i)
	if v == nil {
		return nil, nil
	}
	s, ok := v.(value.Str)
	if !ok {
		return nil, Errorf(value.TypeError, "%s() argument %d must be str, not %s", c.Cmd.pyName(), c.pyIndex(i), value.TypeName(v))
	}
	if strings.IndexByte(string(s), 0) >= 0 {
		return nil, Errorf(value.ValueError, "embedded null character")
	}
	t := string(s)
	return &t, nil
}

// pyIndex is argument i's position as Python counts it (a method's self
// does not count).
func (c *Call) pyIndex(i int) int {
	if c.Cmd.Py != nil && c.Cmd.Py.Method {
		return i
	}
	return i + 1
}

// Data is the bytes a send command sends. The shell form encodes a str as
// UTF-8 and says so once, since a socket carries bytes only (which the
// lecture makes a point of); the Python form refused a str already, as
// Python does.
func (c *Call) Data(i int) []byte {
	if s, ok := c.Args[i].(value.Str); ok {
		c.S.NoteOnce("str-as-bytes", "note: sockets carry bytes, not str: the text was sent as its UTF-8 bytes (in Python: %s.encode('utf8'))", s.Repr())
		return []byte(s)
	}
	p, _ := value.BytesLike(c.Args[i])
	return p
}

// run runs the command's handler; a failed call on a socket gets the hint
// its socket's state calls for (hints_state.go).
func (c *Call) run() (value.Value, error) {
	var v value.Value
	var err error
	handled := false
	if sk, at := c.layered(); sk != nil {
		v, err, handled = sk.layer.Run(c, at)
	}
	if !handled {
		v, err = c.Cmd.Run(c)
	}
	if err != nil {
		err = c.withStateHint(err)
	}
	return v, err
}

// callShell runs a shell statement's command: each word converted as its
// parameter's kind says.
func (s *Session) callShell(ctx context.Context, st *syntax.Shell) (value.Value, error) {
	cmd, ok := Lookup(st.Name)
	if !ok {
		return nil, s.unknownCommand(st.Name)
	}
	args, opts, err := s.splitOptions(cmd, st.Args)
	if err != nil {
		return nil, err
	}
	n := len(args)
	if n < cmd.minArgs() || (n > len(cmd.Params) && cmd.maxArgs() >= 0) {
		return nil, Errorf(value.TypeError, "%s: expected %s, got %d argument%s (usage: %s)",
			cmd.Name, countWords(cmd), n, value.Plural(n), cmd.Usage())
	}
	c := &Call{Ctx: ctx, S: s, Cmd: cmd, Opts: opts}
	if k := max(n, len(cmd.Params)); k <= len(c.room) {
		c.Args = c.room[:k]
	} else {
		c.Args = make([]value.Value, k)
	}
	for i, arg := range args {
		v, err := s.convertShell(cmd, &cmd.Params[min(i, len(cmd.Params)-1)], arg)
		if err != nil {
			return nil, err
		}
		c.Args[i] = v
	}
	return c.run()
}

func countWords(cmd *Command) string {
	lo, hi := cmd.minArgs(), len(cmd.Params)
	if cmd.maxArgs() < 0 {
		return strconv.Itoa(lo) + " or more arguments"
	}
	if lo == hi {
		return strconv.Itoa(lo) + " argument" + value.Plural(lo)
	}
	return strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + " arguments"
}

func (s *Session) unknownCommand(name string) error {
	e := Errorf(value.NameError, "unknown command '%s'", value.ForMessage(name))
	if sug := value.Suggest(name, append(Names(), s.VarNames()...)); sug != "" {
		e.Args[0] = value.Str(value.StrOf(e.Args[0]) + "; did you mean " + sug + "?")
	}
	e.Hint = "`help` lists the commands"
	return e
}

// convertShell reads one shell argument for parameter p: a bare word by
// the parameter's kind (a socket's variable, a constant, literal text, a
// number), anything else as its value, checked against the kind.
func (s *Session) convertShell(cmd *Command, p *Param, arg syntax.Arg) (value.Value, error) {
	var v value.Value
	switch arg.Kind {
	case syntax.Word:
		return s.convertWord(cmd, p, arg.Text)
	case syntax.Lit:
		v = arg.V
	case syntax.Var:
		var err error
		if v, err = s.in.ShellVar(arg.Text); err != nil {
			return nil, err
		}
	case syntax.TupleArg:
		t := make(value.Tuple, len(arg.Elems))
		for i, e := range arg.Elems {
			x, err := s.convertShell(cmd, &Param{Name: p.Name, Kind: KindAny}, e)
			if err != nil {
				return nil, err
			}
			t[i] = x
		}
		v = t
	}
	return checkKind(cmd, p, v)
}

// convertWord is a bare word as parameter p reads it.
func (s *Session) convertWord(cmd *Command, p *Param, w string) (value.Value, error) {
	if p.Kind != KindText && p.Kind != KindData && p.Kind != KindHost && syntax.LooksLikeExpr(w) {
		e := Errorf(value.SyntaxErrorClass, "%s: %s is an expression; a command's arguments are words, literals and $variables: write the statement in Python form, or assign it first (x = %s)", cmd.Name, value.ForMessage(w), value.ForMessage(w))
		return nil, e
	}
	switch p.Kind {
	case KindSocket:
		return s.socketArg(cmd, p, w)
	case KindConst:
		if c, ok := constant(w); ok {
			return c, nil
		}
		if v, ok := literalWord(w); ok {
			return checkKind(cmd, p, v)
		}
		if v, ok := s.in.Globals[w]; ok {
			return checkKind(cmd, p, v)
		}
		e := Errorf(value.AttributeError, "module 'socket' has no attribute '%s'", value.ForMessage(w))
		if sug := value.Suggest(w, constantNames(p.Prefix)); sug != "" {
			e.Args[0] = value.Str(value.StrOf(e.Args[0]) + "; did you mean " + sug + "?")
		}
		return nil, e
	case KindText, KindData, KindHost:
		if w == "None" && p.Kind == KindHost {
			return value.None, nil
		}
		// Data may be a variable named bare, as the lecture's sendall(msg)
		// reads: `sendall conn msg`.
		if v, ok := s.in.Globals[w]; ok && p.Kind == KindData {
			return checkKind(cmd, p, v)
		}
		return value.Str(w), nil
	}
	if v, ok := literalWord(w); ok {
		return checkKind(cmd, p, v)
	}
	if leadingZeros(w) {
		return nil, Errorf(value.SyntaxErrorClass, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
	}
	return checkKind(cmd, p, value.Str(w))
}

// literalWord reads a bare word that is a literal: an int (decimal, 0x,
// 0o, 0b, with _ separators), a float, None, True or False.
func literalWord(w string) (value.Value, bool) {
	switch w {
	case "None":
		return value.None, true
	case "True":
		return value.True, true
	case "False":
		return value.False, true
	}
	if w == "" {
		return nil, false
	}
	if c := w[0]; c == '-' || c == '+' || c >= '0' && c <= '9' || c == '.' {
		if leadingZeros(w) {
			return nil, false
		}
		if n, ok := value.ParseInt(w, 0); ok {
			return n, true
		}
		if strings.ContainsAny(w, ".eE") && !strings.ContainsAny(w, "xXpP_") {
			if f, err := strconv.ParseFloat(w, 64); err == nil && !math.IsInf(f, 0) {
				return value.Float(f), true
			}
		}
	}
	return nil, false
}

// leadingZeros reports a decimal number written with leading zeros, such
// as 0777 or -010: Python refuses it. Zero itself (0, 00) is fine.
func leadingZeros(w string) bool {
	w = strings.TrimLeft(w, "+-")
	if len(w) < 2 || w[0] != '0' {
		return false
	}
	switch w[1] {
	case 'x', 'X', 'o', 'O', 'b', 'B':
		return false
	}
	return strings.Trim(w, "0_") != "" && strings.Trim(w, "0123456789_") == ""
}

// checkKind verifies a shell argument's value against its parameter's
// kind, with the shell's own messages.
func checkKind(cmd *Command, p *Param, v value.Value) (value.Value, error) {
	bad := func(want string) (value.Value, error) {
		return nil, Errorf(value.TypeError, "%s: %s must be %s, not %s", cmd.Name, p.Name, want, value.TypeName(v))
	}
	switch p.Kind {
	case KindSocket:
		if _, ok := v.(*Socket); !ok {
			return bad("a socket")
		}
	case KindInt, KindConst:
		if !value.IsInt(v) {
			return bad("an integer")
		}
	case KindNumber:
		switch v.(type) {
		case value.Int, value.Float, value.Bool, value.NoneType, *value.BigInt:
		default:
			return bad("a number")
		}
	case KindText:
		switch v.(type) {
		case value.Str, value.Int:
		default:
			return bad("text")
		}
	case KindData:
		switch v.(type) {
		case value.Str, value.Bytes, *value.ByteArray:
		default:
			return bad("str or bytes")
		}
	case KindHost:
		switch v.(type) {
		case value.Str, value.NoneType, value.Bytes:
		default:
			return bad("a host name or address (str) or None")
		}
	}
	return v, nil
}

func (s *Session) socketArg(cmd *Command, p *Param, name string) (value.Value, error) {
	v, ok := s.in.Globals[name]
	if !ok {
		e := Errorf(value.NameError, "name '%s' is not defined (%s: %s must name a socket)", value.ForMessage(name), cmd.Name, p.Name)
		var socks []string
		for n, v := range s.in.Globals {
			if _, ok := v.(*Socket); ok {
				socks = append(socks, n)
			}
		}
		if sug := value.Suggest(name, socks); sug != "" {
			e.Args[0] = value.Str(value.StrOf(e.Args[0]) + "; did you mean " + sug + "?")
		}
		return nil, e
	}
	return checkKind(cmd, p, v)
}

// CallPython runs a command called in the Python form, self first for a
// method: the arguments are bound by the command's Python signature, with
// Python's messages for a wrong call.
func (s *Session) CallPython(ctx context.Context, cmd *Command, self value.Value, args []value.Value, kw []value.Kw) (value.Value, error) {
	var opts map[string]value.Value
	if cmd.Options != nil && len(kw) > 0 {
		// sockshell's own options are the keywords of its Python form.
		var err error
		if opts, err = cmd.pyOptions(kw); err != nil {
			return nil, err
		}
		kw = nil
	}
	bound, err := cmd.bindPython(args, kw)
	if err != nil {
		return nil, err
	}
	if self != nil {
		bound = append([]value.Value{self}, bound...)
	}
	for i, v := range bound {
		if v == nil || i >= len(cmd.Params) || cmd.Params[i].Kind != KindData {
			continue
		}
		if _, ok := value.BytesLike(v); !ok {
			return nil, Errorf(value.TypeError, "a bytes-like object is required, not '%s'", value.TypeName(v))
		}
	}
	c := &Call{Ctx: ctx, S: s, Cmd: cmd, Args: bound, Opts: opts, Python: true}
	for len(c.Args) < len(cmd.Params) {
		c.Args = append(c.Args, nil)
	}
	return c.run()
}

// bindPython checks a Python call against the command's Python signature
// and returns the command's arguments (self excluded).
func (cmd *Command) bindPython(args []value.Value, kw []value.Kw) ([]value.Value, error) {
	py := cmd.Py
	if py == nil {
		// sockshell's own command, called by name: positional arguments,
		// one per parameter.
		if len(kw) > 0 {
			return nil, Errorf(value.TypeError, "%s() takes no keyword arguments", cmd.Name)
		}
		if n := len(args); n < cmd.minArgs() || (n > len(cmd.Params) && cmd.maxArgs() >= 0) {
			return nil, Errorf(value.TypeError, "%s() takes %s (%d given); usage: %s", cmd.Name, countWords(cmd), n, cmd.Usage())
		}
		// The values come as Python made them: each is checked against
		// its parameter's kind, as a shell command's literal is.
		for i, v := range args {
			if _, err := checkKind(cmd, &cmd.Params[min(i, len(cmd.Params)-1)], v); err != nil {
				return nil, err
			}
		}
		return args, nil
	}
	if py.Bind != nil {
		return py.Bind(args, kw)
	}
	var pyArgs []value.Value
	var err error
	qual := cmd.pyName()
	if py.Method {
		qual = "socket." + qual
	}
	if py.Qual != "" {
		qual = py.Qual
	}
	if py.Def {
		defs := make([]value.DefParam, len(py.Params))
		for i, name := range py.Params {
			defs[i] = value.DefParam{Name: name, HasDefault: i >= py.Min}
		}
		self := 0
		if py.Method || py.Self {
			self = 1
		}
		pyArgs, err = value.BindDef(qual, defs, self, args, kw)
	} else {
		sig := value.Sig{Name: cmd.pyName(), Style: py.Style, Min: py.Min, Names: py.Params, NoKw: true}
		if py.Style == value.One || py.Style == value.NoArgs {
			sig.Name = qual
		}
		if len(kw) > 0 {
			return nil, Errorf(value.TypeError, "%s() takes no keyword arguments", qual)
		}
		pyArgs, err = sig.Bind(args, kw)
	}
	if err != nil {
		return nil, err
	}
	if py.Adapt != nil {
		return py.Adapt(pyArgs)
	}
	return pyArgs, nil
}

// NoTerminal is the error of interact without a person at a terminal.
func (c *Call) NoTerminal() error {
	e := Errorf(value.RuntimeError, "%s needs sockshell at a terminal (interactive), not a script", c.Cmd.Name)
	e.Hint = "in a script, send with sendline or sendall and read with recvline or recv"
	return e
}

// layered returns the call's socket argument (its first) when a layer
// runs on it, and its place.
func (c *Call) layered() (*Socket, int) {
	for i, p := range c.Cmd.Params {
		if p.Kind != KindSocket {
			continue
		}
		if v, ok := c.Arg(i).(*Socket); ok && v.layer != nil {
			return v, i
		}
		return nil, -1
	}
	return nil, -1
}

// CallHandler calls a command's own handler in the Python form, on self
// as it is, not through a layer on it: for a layer's methods that fall
// back on a plain socket's (a TLS socket before TLS starts or after it
// ends).
func (s *Session) CallHandler(ctx context.Context, name string, self value.Value, args []value.Value) (value.Value, error) {
	cmd, _ := Lookup(name)
	bound, err := cmd.bindPython(args, nil)
	if err != nil {
		return nil, err
	}
	c := &Call{Ctx: ctx, S: s, Cmd: cmd, Args: append([]value.Value{self}, bound...), Python: true}
	for len(c.Args) < len(cmd.Params) {
		c.Args = append(c.Args, nil)
	}
	return cmd.Run(c)
}
