package commands

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"sockshell/commands/interp"
	"sockshell/commands/value"
	"sockshell/internal/layout"
)

// sessionCommands are the commands about the shell itself.
var sessionCommands = []*Command{
	{
		Name:    "help",
		Section: SecSession,
		Params:  []Param{{Name: "COMMAND|SECTION", Kind: KindText, Optional: true}},
		Summary: "list the commands by section, or explain a section or a command",
		Help: `With no argument, lists the commands in sections, by the part of the
lecture they belong to, on one screen. With a section's key (shown beside
its title: ports, hosts, families, address, setup, client, server,
certificates, peers, session), shows each of its commands with its usage
and what it does. With a command's name, shows its usage, what it does
and an example.

Example:
  sockshell> help client
  sockshell> help getservbyname`,
		Run: runHelp,
	},
	{
		Name:    "exit",
		Aliases: []string{"quit"},
		Section: SecSession,
		Params:  []Param{{Name: "STATUS", Kind: KindAny, Optional: true}},
		Summary: "leave the shell, closing every socket (exit 1: with status 1)",
		Help: `Leaves the shell. Every socket still open is closed first, as the end of
input (Ctrl-D) does too. STATUS is the exit status a script ends with
(0 unless given), as Python's sys.exit(STATUS): a homework check can
fail on purpose with exit 1. exit() and quit() in Python form do the
same.

Example:
  sockshell> exit 1`,
		Run: func(c *Call) (value.Value, error) {
			if !c.Given(0) {
				return nil, value.Raise(value.SystemExit)
			}
			return nil, value.Raise(value.SystemExit, c.Arg(0))
		},
	},
}

// pyHelp is help() in the Python form: help(socket.getservbyname) and
// help('getservbyname') show the command's help, help(f) a function's
// docstring, help() the list of commands.
func (s *Session) pyHelp(ctx context.Context, args []value.Value, kw []value.Kw) (value.Value, error) {
	if len(args) > 1 || len(kw) > 0 {
		return nil, Errorf(value.TypeError, "help() takes at most 1 argument (%d given)", len(args)+len(kw))
	}
	cmd, _ := Lookup("help")
	c := &Call{Ctx: ctx, S: s, Cmd: cmd, Args: []value.Value{nil}, Python: true}
	if len(args) == 0 {
		return runHelp(c)
	}
	switch v := args[0].(type) {
	case value.Str:
		c.Args[0] = v
	case *value.Builtin:
		if _, ok := Lookup(v.Name); ok {
			c.Args[0] = value.Str(v.Name)
			break
		}
		fmt.Fprintf(s.Out, "Help on built-in function %s: Python's builtin; see docs/python.md\n", v.Name)
		return value.None, nil
	case *interp.Function:
		doc, _ := v.Attr("__doc__")
		fmt.Fprintf(s.Out, "Help on function %s:\n\n%s(...)\n", v.Name, v.Name)
		if d, ok := doc.(value.Str); ok {
			for _, line := range strings.Split(string(d), "\n") {
				fmt.Fprintf(s.Out, "    %s\n", value.Safe(strings.TrimSpace(line), ""))
			}
		}
		return value.None, nil
	default:
		c.Args[0] = value.Str(value.TypeName(v))
		if _, ok := Lookup(value.TypeName(v)); !ok {
			fmt.Fprintf(s.Out, "Help on %s: %s\n", value.TypeName(v), value.Safe(v.Repr(), ""))
			return value.None, nil
		}
	}
	return runHelp(c)
}

func runHelp(c *Call) (value.Value, error) {
	w := c.S.Out
	width := c.S.ProseWidth()
	name, ok := c.Arg(0).(value.Str)
	if !ok {
		helpOverview(w, width)
		return value.None, nil
	}
	if cmd, found := Lookup(string(name)); found {
		fmt.Fprintf(w, "%s\n", layout.Wrap("usage: "+cmd.Usage(), width, "       "))
		if len(cmd.Aliases) > 0 {
			fmt.Fprintf(w, "alias: %s\n", strings.Join(cmd.Aliases, ", "))
		}
		fmt.Fprintf(w, "\n%s\n\n%s\n", layout.Wrap(cmd.Summary, width, ""), cmd.Help)
		return value.None, nil
	}
	if g, found := lookupSection(string(name)); found {
		helpSection(w, width, g)
		return value.None, nil
	}
	e := Errorf(value.NameError, "no command or help section named '%s'", value.ForMessage(string(name)))
	WithSuggestion(e, value.Suggest(string(name), append(Names(), SectionKeys()...)))
	e.Hint = "`help` lists the sections and their commands"
	return nil, e
}

// helpOverview lists the sections, each with its key and its commands'
// names, so that the whole list fits one screen (30 rows at 80 columns).
func helpOverview(w *bufio.Writer, width int) {
	for _, g := range groupBySection() {
		fmt.Fprintf(w, "%s%s\n", g.title, g.keyNote())
		names := make([]string, len(g.cmds))
		for i, cmd := range g.cmds {
			names[i] = cmd.Name
		}
		for _, line := range nameLines(names, width-2) {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	fmt.Fprintf(w, "\n%s\n", layout.Wrap("`help SECTION` shows a section in full (`help client`), `help COMMAND` one command (`help recv`). Assign results with NAME = command ..., show them with NAME or NAME.attr.", width, ""))
}

// nameLines sets names out two blanks apart in lines of at most width
// columns.
func nameLines(names []string, width int) []string {
	var lines []string
	line := ""
	for _, n := range names {
		switch {
		case line == "":
			line = n
		case len(line)+2+len(n) <= width:
			line += "  " + n
		default:
			lines, line = append(lines, line), n
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// helpSection shows a section in full: each command's usage with its
// summary under it.
func helpSection(w *bufio.Writer, width int, g sectionGroup) {
	fmt.Fprintf(w, "%s%s:\n\n", g.title, g.keyNote())
	const indent = "    "
	for _, cmd := range g.cmds {
		fmt.Fprintf(w, "%s\n", layout.Wrap(cmd.Usage(), width, indent))
		fmt.Fprintf(w, "%s\n", layout.Wrap(indent+cmd.Summary, width, indent))
	}
	fmt.Fprintf(w, "\n%s\n", layout.Wrap(fmt.Sprintf("`help COMMAND` tells more about one of them: `help %s`.", g.cmds[0].Name), width, ""))
}

// keyNote is " (help KEY)" for a section with a key, "" for one without
// (TestSectionKeys asks for one).
func (g sectionGroup) keyNote() string {
	if len(g.keys) == 0 {
		return ""
	}
	return " (help " + g.keys[0] + ")"
}

// lookupSection finds a section by one of its keys, in any case.
func lookupSection(key string) (sectionGroup, bool) {
	key = strings.ToLower(key)
	for _, g := range groupBySection() {
		if slices.Contains(g.keys, key) {
			return g, true
		}
	}
	return sectionGroup{}, false
}

// SectionKeys lists the words `help` knows the sections by, for
// completion.
func SectionKeys() []string {
	var keys []string
	for _, k := range sectionKeys {
		keys = append(keys, k...)
	}
	slices.Sort(keys)
	return keys
}

// sectionGroup is one section of the command table with its commands, in
// the table's order.
type sectionGroup struct {
	title string
	keys  []string // the words `help KEY` knows it by
	cmds  []*Command
}

// groupBySection returns the table's commands by section, in the lecture's
// order: the one grouping both help and the reference use.
func groupBySection() []sectionGroup {
	bySection := map[Section][]*Command{}
	for _, cmd := range table {
		bySection[cmd.Section] = append(bySection[cmd.Section], cmd)
	}
	var sections []Section
	for sec := range bySection {
		sections = append(sections, sec)
	}
	sort.Slice(sections, func(i, j int) bool { return sections[i] < sections[j] })
	groups := make([]sectionGroup, len(sections))
	for i, sec := range sections {
		groups[i] = sectionGroup{title: sectionTitles[sec], keys: sectionKeys[sec], cmds: bySection[sec]}
	}
	return groups
}

// ReferenceMarkdown returns the command reference (docs/commands.md): every
// command of the table by section, with its usage, aliases, summary and
// help, so that the manual and `help` can never disagree.
func ReferenceMarkdown() string {
	var b strings.Builder
	b.WriteString("# Command reference\n\n")
	b.WriteString("<!-- Generated from the command table (commands/*.go); do not edit.\n")
	b.WriteString("     Regenerate with: go test . -run TestCommandReference -update -->\n\n")
	b.WriteString("Every command of sockshell, grouped as `help` groups them. In the shell,\n")
	b.WriteString("`help NAME` shows the same text. Arguments in `[brackets]` are optional;\n")
	b.WriteString("`NAME...` takes any number of values.\n\n")
	groups := groupBySection()
	for _, g := range groups {
		fmt.Fprintf(&b, "- [%s](#%s):", g.title, anchor(g.title))
		for i, cmd := range g.cmds {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, " [%s](#%s)", cmd.Name, anchor(cmd.Name))
		}
		b.WriteByte('\n')
	}
	for _, g := range groups {
		fmt.Fprintf(&b, "\n## %s\n", g.title)
		if len(g.keys) > 0 {
			fmt.Fprintf(&b, "\nIn the shell, `help %s` lists this section.\n", g.keys[0])
		}
		for _, cmd := range g.cmds {
			fmt.Fprintf(&b, "\n### %s\n\n", cmd.Name)
			fmt.Fprintf(&b, "`%s`", cmd.Usage())
			if len(cmd.Aliases) > 0 {
				fmt.Fprintf(&b, " (alias: `%s`)", strings.Join(cmd.Aliases, "`, `"))
			}
			fmt.Fprintf(&b, "\n\n%s\n", sentence(cmd.Summary))
			if cmd.Help != "" {
				fmt.Fprintf(&b, "\n```text\n%s\n```\n", strings.TrimRight(cmd.Help, "\n"))
			}
		}
	}
	return b.String()
}

// anchor is the link target GitHub makes for a heading.
func anchor(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('-')
		case r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sentence makes a one-line summary a sentence: capital first, full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, ")") {
		s += "."
	}
	return s
}
