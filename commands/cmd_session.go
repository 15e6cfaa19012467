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
	bySection := map[Section][]*Command{}
	for _, cmd := range table {
		bySection[cmd.Section] = append(bySection[cmd.Section], cmd)
	}
	var sections []Section
	for sec := range bySection {
		sections = append(sections, sec)
	}
	sort.Slice(sections, func(i, j int) bool { return sections[i] < sections[j] })
	width := 0
	for _, cmd := range table {
		width = max(width, len(cmd.Name))
	}
	for i, sec := range sections {
		if i > 0 {
			w.WriteByte('\n')
		}
		fmt.Fprintf(w, "%s:\n", sectionTitles[sec])
		for _, cmd := range bySection[sec] {
			fmt.Fprintf(w, "  %-*s  %s\n", width, cmd.Name, cmd.Summary)
		}
	}
	fmt.Fprintf(w, "\n`help COMMAND` explains one command. Assign results with NAME = command ...,\nshow them with NAME or NAME.attr.\n")
	return None, nil
}
