package repl

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"sockshell/commands"
	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// IPython's habits, which students bring from the lecture: NAME? (and
// NAME??, ?NAME) shows NAME's help, as help(NAME) does; %history lists the
// session's statements, numbered; %save FILE writes them as a Python
// script. They work in scripts too: a recorded session may hold them.

// query is a line that asks for help, IPython's way: an optional dotted
// name with ? or ?? before or after it.
var query = regexp.MustCompile(`^(\?\??)?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?(\?\??)?$`)

// helpQuery returns the help(...) call a query line stands for, and what
// Python's own help() would take for it ("" when Python has no such
// thing), or false for any other line. A command's name asks for the
// command (recv? is help('recv')) unless a variable hides it.
func (r *runner) helpQuery(u syntax.Unit) (call, pyHelp string, ok bool) {
	if len(u.Lines) != 1 {
		return "", "", false
	}
	line := strings.TrimSpace(u.Lines[0])
	if !strings.Contains(line, "?") {
		return "", "", false // the common case, without the regexp
	}
	m := query.FindStringSubmatch(line)
	if m == nil || (m[1] == "" && m[3] == "") {
		return "", "", false
	}
	name := m[2]
	switch {
	case name == "":
		return "help()", "", true
	case r.sess.IsCommand(name) && !r.sess.IsVariable(name):
		py, _ := commands.PythonName(name)
		return "help('" + name + "')", py, true
	}
	return "help(" + name + ")", name, true
}

// usageError is IPython's class for a magic used wrongly.
var usageError = &value.Class{Name: "UsageError", Base: value.ExceptionClass}

// magicInstead says what sockshell offers for IPython's magics it lacks.
var magicInstead = map[string]string{
	"run":      "step FILE plays a script, sockshell FILE runs one",
	"load":     "step FILE offers a script's statements one by one",
	"logstart": "record FILE keeps what you run as a script",
	"recall":   "the up arrow brings back a statement",
	"rerun":    "the up arrow brings back a statement",
	"paste":    "paste at the prompt: a block is read whole",
	"cpaste":   "paste at the prompt: a block is read whole",
	"who":      "sockets lists the sockets; dir() the names",
	"whos":     "sockets lists the sockets; dir() the names",
}

// isMagic reports whether u is a % line.
func isMagic(u syntax.Unit) bool {
	return len(u.Lines) == 1 && strings.HasPrefix(strings.TrimSpace(u.Lines[0]), "%")
}

// magic runs a % line.
func (r *runner) magic(line string) error {
	r.controls++ // never a step, never recorded
	fields := strings.Fields(line)
	name := strings.TrimPrefix(fields[0], "%")
	switch name {
	case "history", "hist":
		return r.history(fields[1:])
	case "save":
		return r.save(fields[1:])
	}
	what := value.ForMessage(fields[0])
	if strings.HasPrefix(name, "%") {
		return value.Errorf(usageError, "%s: cell magics are not supported in sockshell", what)
	}
	if instead, ok := magicInstead[name]; ok {
		return value.Errorf(usageError, "%s is not supported in sockshell; %s", what, instead)
	}
	return value.Errorf(usageError, "%s is not supported in sockshell (it knows %%history and %%save)", what)
}

// history is %history [-n] [-l [N]] [RANGE...]: the inputs, numbered, as
// IPython's %history -n prints them (numbered even without -n: the
// numbers are what %save takes); -l N the last N (10 without N).
func (r *runner) history(args []string) error {
	last := 0
	for i := 0; i < len(args); i++ {
		if args[i] != "-l" {
			continue
		}
		last = 10
		if i+1 < len(args) {
			if n, err := strconv.Atoi(args[i+1]); err == nil && n > 0 {
				last = n
				args = append(args[:i+1:i+1], args[i+2:]...)
			}
		}
		args = append(args[:i:i], args[i+1:]...)
		i--
	}
	ranges, err := r.historyArgs("%history", args, map[string]bool{"-n": true})
	if err != nil {
		return err
	}
	ins := r.inputs.pick(ranges)
	if last > 0 && len(ins) > last {
		ins = ins[len(ins)-last:]
	}
	for _, in := range ins {
		text := strings.TrimRight(strings.ReplaceAll(in.text, "\t", "    "), " \n")
		if strings.Contains(text, "\n") {
			fmt.Fprintf(r.sess.Out, "%4d:\n", in.n)
		} else {
			fmt.Fprintf(r.sess.Out, "%4d: ", in.n)
		}
		for l := range strings.SplitSeq(text, "\n") {
			r.sess.Out.WriteString(value.ShowLine(l) + "\n")
		}
	}
	return nil
}

// A span is a range of input numbers, from and to included.
type span struct{ from, to int }

// historyArgs reads the options (those in ok) and ranges of %history and
// %save: N, N-M (M included) and N:M (M excluded), as IPython's.
func (r *runner) historyArgs(magic string, args []string, ok map[string]bool) ([]span, error) {
	var spans []span
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			if !ok[a] {
				return nil, value.Errorf(usageError, "%s %s is not supported in sockshell", magic, value.ForMessage(a))
			}
			continue
		}
		from, to, sep := a, a, ""
		if i := strings.IndexAny(a, "-:"); i > 0 {
			from, to, sep = a[:i], a[i+1:], a[i:i+1]
		}
		f, err1 := strconv.Atoi(from)
		t, err2 := strconv.Atoi(to)
		if err1 != nil || err2 != nil || f < 1 || t < 1 {
			return nil, value.Errorf(usageError, "%s takes statement numbers: 4, 4-6 (6 included) or 4:7 (7 not), not %s", magic, value.ForMessage(a))
		}
		if sep == ":" {
			t--
		}
		spans = append(spans, span{f, t})
	}
	return spans, nil
}

// pick returns the inputs in the spans, in the spans' order, or every
// input kept for none.
func (l *inputLog) pick(spans []span) []*input {
	if len(spans) == 0 {
		return l.all
	}
	var out []*input
	first := l.first()
	for _, s := range spans {
		for n := max(s.from, first); n <= s.to && n-first < len(l.all); n++ {
			out = append(out, l.all[n-first])
		}
	}
	return out
}

// save is %save FILE [RANGE...]: the statements (all before it, or those
// in the ranges) written as a Python script to FILE (.py added when FILE
// does not end so, as IPython adds it), which must not exist.
func (r *runner) save(args []string) error {
	var file string
	var rest []string
	for _, a := range args {
		if file == "" && !strings.HasPrefix(a, "-") {
			file = a
			continue
		}
		rest = append(rest, a)
	}
	if file == "" {
		return value.Errorf(usageError, "%%save FILE [RANGE...]: give the file to write (demo.py)")
	}
	spans, err := r.historyArgs("%save", rest, nil)
	if err != nil {
		return err
	}
	if !strings.HasSuffix(file, ".py") {
		file += ".py"
	}
	if first := r.inputs.first(); first > 1 && (len(spans) == 0 || spans[0].from < first) {
		r.note("(the statements before %d are no longer kept: a session keeps the last %d)", first, maxInputs)
	}
	text, n := r.pythonScript(r.inputs.pick(spans), file)
	if n == 0 {
		r.note("nothing to save: no statement has run yet")
		return nil
	}
	f, err := saveFile(file)
	if err != nil {
		e := commands.AsException(fileError(err, file))
		if e.Class == value.FileExistsError {
			e.Hint = "%save never overwrites a file: choose another name"
		}
		return e
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fileError(err, file)
	}
	them := "them"
	if n == 1 {
		them = "it"
	}
	r.note("saved %d statement%s to %s; python3 %s runs %s", n, value.Plural(n), file, file, them)
	return nil
}

// pythonScript writes inputs as a Python script that python3 runs with
// the session's printed results: shell commands in their Python form, an
// expression whose value was shown as a print of its repr (what IPython's
// Out shows), sockshell's own commands and failed statements as comments.
// n counts the statements written as code.
func (r *runner) pythonScript(inputs []*input, file string) (text string, n int) {
	var b strings.Builder
	b.WriteString("# saved by sockshell (%save); run it with: python3 " + file + "\nimport socket\n\n")
	for _, in := range inputs {
		x := in.extras()
		for _, c := range x.notes {
			b.WriteString(c + "\n")
		}
		switch {
		case x.magic || x.control:
			continue
		case x.bad != nil:
			b.WriteString(failedComment(in.text, x.bad))
			continue
		case x.query:
			b.WriteString(queryComment(in.text, x.pyHelp))
			continue
		}
		statements := in.statements()
		for i := range statements {
			code, why := r.python(&statements[i])
			if code == "" {
				b.WriteString(comment(&statements[i], why))
				continue
			}
			n++
			b.WriteString(code + "\n")
			if strings.Contains(code, "\n") {
				b.WriteString("\n") // after a block, a blank line, as Python's REPL wants
			}
		}
	}
	return b.String(), n
}

// queryComment is a help query (NAME?) in a saved script: a comment with
// the help() call Python's own help would take.
func queryComment(text, pyHelp string) string {
	if pyHelp == "" {
		return "# " + text + "  (sockshell's help)\n"
	}
	return "# " + text + "  (in Python: help(" + pyHelp + "))\n"
}

// python is the statement as a Python script writes it, or "" when it
// must be a comment (then why says why, or what to do instead).
func (r *runner) python(rn *ran) (code, why string) {
	if rn.err != nil {
		return "", ""
	}
	switch rn.kind {
	case ranShell:
		py := rn.py
		if py == "" {
			py = r.pythonFormOf(rn.src)
		}
		if instead, ok := strings.CutPrefix(py, "\t"); ok {
			return "", instead
		}
		if rn.shown {
			return printRepr(py), ""
		}
		return py, ""
	case ranExpr:
		if rn.own {
			break
		}
		if rn.shown {
			return printRepr(rn.src), ""
		}
		return rn.src, ""
	case ranHoldsShell:
		return "", "holds shell commands: write them in Python form to run it in Python"
	}
	if rn.own {
		return "", "sockshell's own commands; Python does not have them"
	}
	return rn.src, ""
}

// comment is a statement that cannot run in Python, as comment lines:
// what it was, and why or what to do instead.
func comment(rn *ran, why string) string {
	if rn.err != nil {
		return failedComment(rn.src, rn.err)
	}
	return "# sockshell: " + strings.ReplaceAll(rn.src, "\n", "\n#   ") + "\n#   " + why + "\n"
}

// printRepr is expression src printed as Python's prompt shows it. A
// comment or a line break in src goes inside the brackets, where Python
// allows both.
func printRepr(src string) string {
	if strings.ContainsAny(src, "#\n") {
		return "print(repr(\n" + src + "\n))"
	}
	return "print(repr(" + src + "))"
}
