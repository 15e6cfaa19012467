package commands

import (
	"fmt"
	"strings"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// The Python form of a shell statement: what `%save FILE` writes so that
// python3 FILE does what the session did. `bind s 127.0.0.1 0` is
// s.bind(('127.0.0.1', 0)) and `x = recv s 10` is x = s.recv(10): the
// command's PySig gives Python's name and whether it is a method, the
// parameters' kinds say what each word meant (a socket's variable, a
// constant, literal text), and the values' reprs are Python's literals.

// pyDefaults are the values the shell fills in for an argument Python
// requires: `recv s` reads 4096 bytes, Python's recv needs a bufsize.
var pyDefaults = map[string]map[string]string{
	"recv":        {"bufsize": "4096"},
	"recvfrom":    {"bufsize": "4096"},
	"getnameinfo": {"flags": "0"},
}

// pyInstead says, for the commands Python's socket module does not have,
// what a Python script does instead; %s is the statement in the shell's
// form. The others get pyInsteadDefault.
var pyInstead = map[string]string{
	"serve":            "start this server first, in another terminal: sockshell -c '%s; wait'",
	"wait":             "(the server runs in the other terminal)",
	"servers":          "(the servers run in another terminal)",
	"stop":             "(stop the server in its own terminal with Ctrl-C)",
	"sockets":          "in Python, print(s) shows a socket's addresses",
	"recvall":          "in Python, call recv until it returns b'' and join the parts",
	"get_constants":    "in Python, the lecture's get_constants helper does this",
	"get_address_info": "in Python, the lecture's helper loops over socket.getaddrinfo",
	"services":         "in Python, loop over the ports with socket.getservbyport",
	"help":             "in Python, help(NAME) shows Python's own documentation",
}

const pyInsteadDefault = "sockshell only; Python has no such call"

// PythonForm returns shell statement st as Python's socket module writes
// it, with its targets (conn, addr = s.accept()), and true. For a command
// Python's socket module does not have (sockets, serve) it returns what a
// Python script does instead, for a comment, and false. The words are read
// as the shell reads them now, so call it before running st: whether a
// bare word names a variable depends on the session's variables.
func (s *Session) PythonForm(st *syntax.Shell) (string, bool) {
	cmd, ok := Lookup(st.Name)
	if !ok {
		return pyInsteadDefault, false
	}
	if cmd.Py == nil {
		if advice, ok := pyInstead[cmd.Name]; ok {
			if strings.Contains(advice, "%s") {
				return fmt.Sprintf(advice, ShellText(st)), false
			}
			return advice, false
		}
		return pyInsteadDefault, false
	}
	args := make([]string, len(st.Args))
	for i, a := range st.Args {
		if i >= len(cmd.Params) {
			return pyInsteadDefault, false // too many arguments: it fails anyway
		}
		args[i] = s.pyArg(&cmd.Params[i], a)
	}
	var recv string
	params := cmd.Params[:len(args)]
	all := len(cmd.Params)
	if cmd.Py.Method {
		if len(args) == 0 {
			return pyInsteadDefault, false
		}
		recv, args, params, all = args[0], args[1:], params[1:], all-1
	}
	if cmd.Py.Bind != nil || len(cmd.Py.Params) < all {
		args = foldAddress(params, args)
	}
	for i, name := range cmd.Py.Params {
		if i >= cmd.Py.Min {
			break
		}
		if i >= len(args) {
			if def, ok := pyDefaults[cmd.Name][name]; ok {
				args = append(args, def)
			}
		}
	}
	call := "socket." + cmd.pyName()
	if recv != "" {
		call = recv + "." + cmd.pyName()
	}
	call += "(" + strings.Join(args, ", ") + ")"
	if len(st.Targets) > 0 {
		op := st.Op
		if op == "" {
			op = "="
		}
		call = strings.Join(st.Targets, ", ") + " " + op + " " + call
	}
	return call, true
}

// PythonFormNow reports whether st's Python form depends on the
// session's variables as they are now, so that PythonForm must be called
// before st runs: a bare word or a $variable given as data (`sendall s
// msg` sends msg's bytes if msg is a variable, else the word; a str
// variable is msg.encode() in Python). Any other statement's form can be
// worked out later, at no cost to a statement that is never saved.
func PythonFormNow(st *syntax.Shell) bool {
	cmd, ok := Lookup(st.Name)
	if !ok || cmd.Py == nil {
		return false
	}
	for i, a := range st.Args {
		if i < len(cmd.Params) && cmd.Params[i].Kind == KindData && (a.Kind == syntax.Word || a.Kind == syntax.Var) {
			return true
		}
	}
	return false
}

// foldAddress joins an address and the port after it into the tuple
// Python takes as one argument (s.bind(('127.0.0.1', 0)),
// getnameinfo(('127.0.0.1', 80), 0)). params are the shell parameters of
// args.
func foldAddress(params []Param, args []string) []string {
	for i := 1; i < len(args); i++ {
		if params[i].Name == "PORT" && (params[i-1].Name == "ADDRESS" || params[i-1].Name == "HOST") {
			pair := "(" + args[i-1] + ", " + args[i] + ")"
			return append(append(args[:i-1:i-1], pair), args[i+1:]...)
		}
	}
	return args
}

// pyArg is a shell argument for parameter p as a Python expression.
func (s *Session) pyArg(p *Param, a syntax.Arg) string {
	switch a.Kind {
	case syntax.Lit:
		return pyData(p, a.V, "")
	case syntax.Var:
		v, err := s.in.ShellVar(a.Text)
		if err != nil {
			return a.Text // it fails when it runs; the name says what was meant
		}
		return pyData(p, v, a.Text)
	case syntax.TupleArg:
		elems := make([]string, len(a.Elems))
		for i, e := range a.Elems {
			elems[i] = s.pyArg(&Param{Name: p.Name, Kind: KindAny}, e)
		}
		if len(elems) == 1 {
			return "(" + elems[0] + ",)"
		}
		return "(" + strings.Join(elems, ", ") + ")"
	}
	w := a.Text
	switch p.Kind {
	case KindSocket:
		return w
	case KindConst:
		if _, ok := constant(w); ok {
			return "socket." + w
		}
		if v, ok := literalWord(w); ok {
			return v.Repr()
		}
		return w // a variable holding a number
	case KindHost:
		if w == "None" {
			return "None"
		}
		return value.Str(w).Repr()
	case KindText:
		return value.Str(w).Repr()
	case KindData:
		if v, ok := s.in.Globals[w]; ok {
			return pyData(p, v, w)
		}
		return value.Bytes(w).Repr()
	}
	if v, ok := literalWord(w); ok {
		return v.Repr()
	}
	return value.Str(w).Repr()
}

// pyData is value v of a shell argument for parameter p as Python writes
// it, name being the variable that holds it ("" for a literal). Data the
// shell sends as UTF-8 is bytes in Python.
func pyData(p *Param, v value.Value, name string) string {
	if str, ok := v.(value.Str); ok && p.Kind == KindData {
		if name != "" {
			return name + ".encode()"
		}
		return value.Bytes(str).Repr()
	}
	if name != "" {
		return name
	}
	return v.Repr()
}

// ShellText is a shell statement written back in the shell's form, for
// messages: serve echo 10000, conn, addr = accept server.
func ShellText(st *syntax.Shell) string {
	var b strings.Builder
	if len(st.Targets) > 0 {
		op := st.Op
		if op == "" {
			op = "="
		}
		b.WriteString(strings.Join(st.Targets, ", ") + " " + op + " ")
	}
	b.WriteString(st.Name)
	for _, a := range st.Args {
		b.WriteByte(' ')
		b.WriteString(argText(a))
	}
	return b.String()
}

// argText is a shell argument as it is written.
func argText(a syntax.Arg) string {
	switch a.Kind {
	case syntax.Lit:
		return a.V.Repr()
	case syntax.Var:
		return "$" + a.Text
	case syntax.TupleArg:
		elems := make([]string, len(a.Elems))
		for i, e := range a.Elems {
			elems[i] = argText(e)
		}
		return "(" + strings.Join(elems, ", ") + ")"
	}
	return a.Text
}

// HasShell reports whether statement st is, or holds in one of its
// blocks, a statement in the shell's form: Python cannot run it as
// written.
func HasShell(st syntax.Stmt) bool {
	switch st := st.(type) {
	case *syntax.Shell:
		return true
	case *syntax.If:
		return anyShell(st.Body) || anyShell(st.Else)
	case *syntax.While:
		return anyShell(st.Body) || anyShell(st.Else)
	case *syntax.For:
		return anyShell(st.Body) || anyShell(st.Else)
	case *syntax.Def:
		return anyShell(st.Body)
	case *syntax.With:
		return anyShell(st.Body)
	case *syntax.Try:
		for _, h := range st.Handlers {
			if anyShell(h.Body) {
				return true
			}
		}
		return anyShell(st.Body) || anyShell(st.Else) || anyShell(st.Finally)
	}
	return false
}

func anyShell(body []syntax.Stmt) bool {
	for _, st := range body {
		if HasShell(st) {
			return true
		}
	}
	return false
}

// Shown counts the values the session has shown at the top level, as
// Python's interactive prompt shows an expression's value (not None): a
// statement showed one when the count changed while it ran. %save writes
// such a statement as a print of its repr, one whose value was None as it
// is.
func (s *Session) Shown() int { return s.shown }

// OwnUses counts the uses, in the Python form, of sockshell's own
// commands as functions (get_constants('AF_'), sockets()): a statement
// that made one cannot run in Python as written.
func (s *Session) OwnUses() int { return s.ownUses }

// PythonName is what Python's help() takes for a command:
// socket.getservbyname for a function of the socket module,
// socket.socket.recv for a socket's method; false for sockshell's own
// commands, which Python does not have.
func PythonName(command string) (string, bool) {
	cmd, ok := Lookup(command)
	if !ok || cmd.Py == nil {
		return "", false
	}
	if cmd.Py.Method {
		return "socket.socket." + cmd.pyName(), true
	}
	return "socket." + cmd.pyName(), true
}
