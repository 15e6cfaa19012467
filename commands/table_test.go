package commands

import (
	"strings"
	"testing"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

func TestUsage(t *testing.T) {
	tests := []struct {
		params []Param
		want   string
	}{
		{nil, "x"},
		{[]Param{{Name: "A"}}, "x A"},
		{[]Param{{Name: "A"}, {Name: "B", Optional: true}}, "x A [B]"},
		{[]Param{{Name: "A", Optional: true}, {Name: "B", Optional: true}}, "x [A [B]]"},
		{[]Param{{Name: "K"}, {Name: "H", Optional: true}, {Name: "P"}}, "x K [H] P"},
		{[]Param{{Name: "A"}, {Name: "B", Optional: true}, {Name: "C", Optional: true}, {Name: "D", Optional: true}}, "x A [B [C [D]]]"},
	}
	for _, tt := range tests {
		cmd := &Command{Name: "x", Params: tt.params}
		if got := cmd.Usage(); got != tt.want {
			t.Errorf("Usage = %q, want %q", got, tt.want)
		}
	}
	// The table's own, as help and the manual show them.
	for name, want := range map[string]string{
		"serve":   "serve KIND [HOST] PORT [half_close] [split=N] [delay=SECONDS] [close_after=N] [reset_after=N] [read=no] [cert=FLAW] [ca=FILE]",
		"sockets": "sockets",
	} {
		cmd, ok := Lookup(name)
		if !ok || cmd.Usage() != want {
			t.Errorf("%s: usage %q, want %q", name, cmd.Usage(), want)
		}
	}
}

// TestTable checks what every entry of the command table must have, since
// help, completion, the Python form's methods and docs/commands.md are all
// made from it.
func TestTable(t *testing.T) {
	seen := map[string]bool{}
	for _, cmd := range table {
		if cmd.Summary == "" || cmd.Help == "" || cmd.Run == nil {
			t.Errorf("%s: no summary, no help or no handler", cmd.Name)
		}
		if strings.Contains(cmd.Summary, "\n") || !value.Printable(cmd.Summary) {
			t.Errorf("%s: the summary is not one printable line: %q", cmd.Name, cmd.Summary)
		}
		if strings.Contains(cmd.Help, "\t") || !value.Printable(strings.ReplaceAll(cmd.Help, "\n", "")) {
			t.Errorf("%s: a tab or a character that is not printable in the help text", cmd.Name)
		}
		if _, ok := sectionTitles[cmd.Section]; !ok {
			t.Errorf("%s: section %d has no title", cmd.Name, cmd.Section)
		}
		if !syntax.IsIdent(cmd.Name) || syntax.IsKeyword(cmd.Name) {
			t.Errorf("%s: not a name a statement can start with", cmd.Name)
		}
		for _, n := range append([]string{cmd.Name}, cmd.Aliases...) {
			if seen[n] {
				t.Errorf("%s: two commands are called so", n)
			}
			seen[n] = true
		}
		for _, p := range cmd.Params {
			if p.Kind == KindConst && p.Prefix == "" {
				t.Errorf("%s: constant parameter %s has no prefix", cmd.Name, p.Name)
			}
		}
	}
	for _, name := range Names() {
		if _, ok := Lookup(name); !ok {
			t.Errorf("Names lists %q, which Lookup does not find", name)
		}
		if !seen[name] {
			t.Errorf("Names lists %q, which is no command or alias of the table", name)
		}
	}
}

// TestPySigs checks each command's Python signature against the command:
// Python's required arguments fit the command's parameters, a method
// takes a socket first, the argument-count style fits the count, and the
// Python form reaches it (s.NAME for a method, socket.NAME otherwise).
func TestPySigs(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	execLines(t, s, "s = socket.socket()")
	for _, cmd := range table {
		py := cmd.Py
		if py == nil {
			continue
		}
		self := 0
		if py.Method {
			self = 1
			if len(cmd.Params) == 0 || cmd.Params[0].Kind != KindSocket {
				t.Errorf("%s: a method whose first parameter is not a socket", cmd.Name)
			}
		}
		if py.Min < 0 || py.Min > len(py.Params) {
			t.Errorf("%s: Python requires %d of %d arguments", cmd.Name, py.Min, len(py.Params))
		}
		if py.Adapt == nil && py.Bind == nil && py.Min+self > len(cmd.Params) {
			t.Errorf("%s: Python requires %d arguments (self included), the command has %d parameters", cmd.Name, py.Min+self, len(cmd.Params))
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
		where := "socket." + cmd.pyName()
		if py.Method {
			where = "s." + cmd.pyName()
		}
		if got := run(s, "f = "+where); got != "" {
			t.Errorf("%s: %s: %s", cmd.Name, where, got)
		}
	}
}

// TestPythonCallCounts calls each function of the socket module and each
// method with one argument too many, and checks the TypeError has
// Python's form (the function's name, then the count).
func TestPythonCallCounts(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	execLines(t, s, "s = socket.socket()")
	for _, cmd := range table {
		py := cmd.Py
		if py == nil || py.Bind != nil {
			continue
		}
		where := "socket." + cmd.pyName()
		if py.Method {
			where = "s." + cmd.pyName()
		}
		args := strings.TrimSuffix(strings.Repeat("1, ", len(py.Params)+1), ", ")
		got := run(s, where+"("+args+")")
		if !strings.HasPrefix(got, "TypeError: ") || !strings.Contains(got, cmd.pyName()) {
			t.Errorf("%s(%s): %q, want a TypeError naming %s", where, args, got, cmd.pyName())
		}
	}
}

func TestReferenceMarkdown(t *testing.T) {
	md := ReferenceMarkdown()
	for _, cmd := range table {
		if !strings.Contains(md, "\n### "+cmd.Name+"\n") || !strings.Contains(md, "`"+cmd.Usage()+"`") {
			t.Errorf("the reference lacks %s or its usage", cmd.Name)
		}
	}
	if strings.Contains(md, "\nsockshell> ") {
		t.Error("a help example would be run as a docs transcript; it must sit in a text block")
	}
}

// TestHelp checks help, help SECTION and help NAME for every command: the
// overview fits one screen and names every command, a section shows each
// of its commands' usage and summary, a command its usage.
func TestHelp(t *testing.T) {
	for _, width := range []int{0, 80, 60} {
		s, out, _ := newTestSession(t, Options{Width: func() int { return width }})
		execLines(t, s, "help")
		s.Flush()
		overview := out.String()
		lines := strings.Split(strings.TrimSuffix(overview, "\n"), "\n")
		if len(lines) > 30 {
			t.Errorf("width %d: help takes %d rows, more than a 30-row screen", width, len(lines))
		}
		for _, l := range lines {
			if len(l) > max(width, 80) || width > 0 && len(l) > width {
				t.Errorf("width %d: help's line is %d wide: %q", width, len(l), l)
			}
		}
		words := map[string]bool{}
		for _, w := range strings.Fields(overview) {
			words[w] = true
		}
		for _, cmd := range table {
			if !words[cmd.Name] {
				t.Errorf("width %d: help does not list %s", width, cmd.Name)
			}
		}
		for _, g := range groupBySection() {
			if !strings.Contains(overview, g.title+" (help "+g.keys[0]+")\n") {
				t.Errorf("width %d: help does not show section %q with its key", width, g.title)
			}
			for _, key := range g.keys {
				out.Reset()
				if got := run(s, "help "+strings.ToUpper(key[:1])+key[1:]); got != "" {
					t.Errorf("help %s: %s", key, got)
					continue
				}
				s.Flush()
				for _, cmd := range g.cmds {
					// (a long usage is broken to fit)
					if flat := strings.Join(strings.Fields(out.String()), " "); !strings.Contains(flat, cmd.Usage()+" ") && width == 0 {
						t.Errorf("help %s lacks %s's usage:\n%s", key, cmd.Name, out)
					}
					if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), cmd.Summary) {
						t.Errorf("help %s lacks %s's summary", key, cmd.Name)
					}
				}
			}
		}
	}
	s, out, _ := newTestSession(t, Options{})
	for _, cmd := range table {
		out.Reset()
		if got := run(s, "help "+cmd.Name); got != "" {
			t.Errorf("help %s: %s", cmd.Name, got)
			continue
		}
		s.Flush()
		// (a long usage line is broken to fit 80 columns)
		if flat := strings.Join(strings.Fields(out.String()), " "); !strings.Contains(flat, cmd.Usage()) {
			t.Errorf("help %s lacks its usage %q:\n%s", cmd.Name, cmd.Usage(), out)
		}
	}
	if got := run(s, "help nosuchcommand"); !strings.HasPrefix(got, "NameError: no command or help section named 'nosuchcommand'") {
		t.Errorf("help nosuchcommand: %q", got)
	}
	if got := run(s, "help clint"); !strings.Contains(got, "did you mean client?") {
		t.Errorf("help clint suggests no section: %q", got)
	}
}

// TestSectionKeys checks that the words help knows the sections by are
// never a command's name (which help NAME would show instead) and that
// help's own text names each section's key.
func TestSectionKeys(t *testing.T) {
	help, _ := Lookup("help")
	seen := map[string]bool{}
	for sec := range sectionTitles {
		keys := sectionKeys[sec]
		if len(keys) == 0 {
			t.Errorf("section %q has no key", sectionTitles[sec])
			continue
		}
		if !strings.Contains(help.Help, keys[0]) {
			t.Errorf("help's text does not name the key %q", keys[0])
		}
		for _, k := range keys {
			if _, isCmd := Lookup(k); isCmd || seen[k] || k != strings.ToLower(k) {
				t.Errorf("section key %q is a command's name, another section's key, or not in lower case", k)
			}
			seen[k] = true
		}
	}
}
