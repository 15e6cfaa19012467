package commands

import (
	"fmt"
	"sort"
	"strings"
)

// sessionCommands are the commands about the shell itself.
var sessionCommands = []*Command{
	{
		Name:    "help",
		Section: SecSession,
		Params:  []Param{{Name: "COMMAND", Kind: KindText, Optional: true}},
		Summary: "list the commands, or explain one",
		Help: `With no argument, lists every command grouped by the part of the lecture
it belongs to. With a command's name, shows its usage, what it does and an
example.

Example:
  sockshell> help getservbyname`,
		Run: runHelp,
	},
	{
		Name:    "exit",
		Aliases: []string{"quit"},
		Section: SecSession,
		Summary: "leave the shell, closing every socket",
		Help: `Leaves the shell. Every socket still open is closed first, as the end of
input (Ctrl-D) does too.`,
		Run: func(c *Call) (Value, error) { return nil, errExit },
	},
}

func runHelp(c *Call) (Value, error) {
	w := c.S.Out
	if name, ok := c.Arg(0).(Str); ok {
		cmd, found := Lookup(string(name))
		if !found {
			e := pyErrorf("NameError", "no command named '%s'", escapeForMessage(string(name)))
			if sug := Suggest(string(name), Names()); sug != "" {
				e.Msg += "; did you mean " + sug + "?"
			}
			return nil, e
		}
		fmt.Fprintf(w, "usage: %s\n", cmd.Usage())
		if len(cmd.Aliases) > 0 {
			fmt.Fprintf(w, "alias: %s\n", strings.Join(cmd.Aliases, ", "))
		}
		fmt.Fprintf(w, "\n%s\n\n%s\n", cmd.Summary, cmd.Help)
		return None, nil
	}
	width := 0
	for _, cmd := range table {
		width = max(width, len(cmd.Name))
	}
	for i, g := range groupBySection() {
		if i > 0 {
			w.WriteByte('\n')
		}
		fmt.Fprintf(w, "%s:\n", g.title)
		for _, cmd := range g.cmds {
			fmt.Fprintf(w, "  %-*s  %s\n", width, cmd.Name, cmd.Summary)
		}
	}
	fmt.Fprintf(w, "\n`help COMMAND` explains one command. Assign results with NAME = command ...,\nshow them with NAME or NAME.attr.\n")
	return None, nil
}

// sectionGroup is one section of the command table with its commands, in
// the table's order.
type sectionGroup struct {
	title string
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
		groups[i] = sectionGroup{title: sectionTitles[sec], cmds: bySection[sec]}
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
