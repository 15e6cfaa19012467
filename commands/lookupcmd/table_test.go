package lookupcmd

import (
	"io"
	"slices"
	"strings"
	"testing"

	"sockshell/commands"
	"sockshell/commands/shelltest"
	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// The core's tests check every entry of the command table it holds; these
// check this package's entries the same way, through the shell.

// all are this package's commands, in the order registered. (None has a
// Python name of its own: socket.NAME is the command's name.)
var all = slices.Concat(serviceCommands, hostCommands, constantCommands, addrInfoCommands)

// TestEntries checks what every entry must have, since help, completion,
// the Python form and docs/commands.md are made from it, and that help
// NAME shows its usage.
func TestEntries(t *testing.T) {
	s, out, _ := shelltest.New(t, commands.Options{})
	for _, cmd := range all {
		if cmd.Summary == "" || cmd.Help == "" || cmd.Run == nil {
			t.Errorf("%s: no summary, no help or no handler", cmd.Name)
		}
		if strings.Contains(cmd.Summary, "\n") || !value.Printable(cmd.Summary) {
			t.Errorf("%s: the summary is not one printable line: %q", cmd.Name, cmd.Summary)
		}
		if strings.Contains(cmd.Help, "\t") || !value.Printable(strings.ReplaceAll(cmd.Help, "\n", "")) {
			t.Errorf("%s: a tab or a character that is not printable in the help text", cmd.Name)
		}
		for _, n := range append([]string{cmd.Name}, cmd.Aliases...) {
			if got, ok := commands.Lookup(n); !ok || got != cmd {
				t.Errorf("%s: not in the table", n)
			}
		}
		for _, p := range cmd.Params {
			if p.Kind == commands.KindConst && p.Prefix == "" {
				t.Errorf("%s: constant parameter %s has no prefix", cmd.Name, p.Name)
			}
		}
		out.Reset()
		if got := shelltest.Run(s, "help "+cmd.Name); got != "" {
			t.Errorf("help %s: %s", cmd.Name, got)
			continue
		}
		s.Flush()
		if flat := strings.Join(strings.Fields(out.String()), " "); !strings.Contains(flat, cmd.Usage()) {
			t.Errorf("help %s lacks its usage %q:\n%s", cmd.Name, cmd.Usage(), out)
		}
	}
	if cmd, _ := commands.Lookup("get_constants"); !slices.Contains(cmd.Params[0].Choices, "AF_") {
		t.Errorf("get_constants completes %q, not the constants' prefixes", cmd.Params[0].Choices)
	}
}

// TestPySigs checks each lookup's Python signature against the command:
// Python's required arguments fit its parameters, the argument-count
// style fits the count, and the socket module has it as a function.
func TestPySigs(t *testing.T) {
	s, _, _ := shelltest.New(t, commands.Options{})
	for _, cmd := range all {
		py := cmd.Py
		if py == nil {
			continue
		}
		if py.Method {
			t.Errorf("%s: a lookup is a function of the socket module, not a method", cmd.Name)
		}
		if py.Min < 0 || py.Min > len(py.Params) {
			t.Errorf("%s: Python requires %d of %d arguments", cmd.Name, py.Min, len(py.Params))
		}
		if py.Adapt == nil && py.Bind == nil && py.Min > len(cmd.Params) {
			t.Errorf("%s: Python requires %d arguments, the command has %d parameters", cmd.Name, py.Min, len(cmd.Params))
		}
		if !py.Def {
			switch py.Style {
			case value.NoArgs:
				if len(py.Params) != 0 {
					t.Errorf("%s: a METH_NOARGS signature with %d parameters", cmd.Name, len(py.Params))
				}
			case value.One:
				if len(py.Params) != 1 || py.Min != 1 {
					t.Errorf("%s: a METH_O signature with %d parameters, %d required", cmd.Name, len(py.Params), py.Min)
				}
			}
		}
		names := map[string]bool{}
		for _, n := range py.Params {
			if !syntax.IsIdent(n) || names[n] {
				t.Errorf("%s: Python parameter %q", cmd.Name, n)
			}
			names[n] = true
		}
		if got := shelltest.Run(s, "f = socket."+cmd.Name); got != "" {
			t.Errorf("%s: socket.%s: %s", cmd.Name, cmd.Name, got)
		}
	}
}

// TestPythonCallCounts calls each lookup of the socket module with one
// argument too many and checks the TypeError has Python's form (the
// function's name, then the count).
func TestPythonCallCounts(t *testing.T) {
	s, _, _ := shelltest.New(t, commands.Options{})
	for _, cmd := range all {
		if cmd.Py == nil || cmd.Py.Bind != nil {
			continue
		}
		args := strings.TrimSuffix(strings.Repeat("1, ", len(cmd.Py.Params)+1), ", ")
		got := shelltest.Run(s, "socket."+cmd.Name+"("+args+")")
		if !strings.HasPrefix(got, "TypeError: ") || !strings.Contains(got, cmd.Name) {
			t.Errorf("socket.%s(%s): %q, want a TypeError naming %s", cmd.Name, args, got, cmd.Name)
		}
	}
}

// TestPythonFormRequired checks every lookup Python requires more
// arguments of than the shell does: the shell's default must fill them
// in, or the saved script would fail where the session did not.
func TestPythonFormRequired(t *testing.T) {
	s := commands.NewSession(io.Discard, io.Discard, commands.Options{})
	defer s.Close()
	for _, cmd := range all {
		if cmd.Py == nil || cmd.Py.Bind != nil {
			continue
		}
		st := &syntax.Shell{Name: cmd.Name}
		for _, p := range cmd.Params {
			if p.Optional {
				break
			}
			st.Args = append(st.Args, syntax.Arg{Kind: syntax.Word, Text: "x"})
		}
		got, ok := s.PythonForm(st)
		if !ok {
			t.Errorf("%s: no Python form: %q", cmd.Name, got)
			continue
		}
		args := got[strings.Index(got, "(")+1 : len(got)-1]
		n := 0
		if args != "" {
			n = strings.Count(args, ", ") + 1 - strings.Count(args, "(")
		}
		if n < cmd.Py.Min {
			t.Errorf("%s: %s gives Python %d arguments, it needs %d (add a pyDefaults entry)", cmd.Name, got, n, cmd.Py.Min)
		}
	}
}
