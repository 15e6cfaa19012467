package commands

import (
	"strings"
	"testing"
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
		{[]Param{{Name: "A"}, {Name: "REST", Variadic: true}}, "x A REST..."},
		{[]Param{{Name: "K"}, {Name: "H", Optional: true}, {Name: "P"}}, "x K [H] P"},
	}
	for _, tt := range tests {
		cmd := &Command{Name: "x", Params: tt.params}
		if got := cmd.Usage(); got != tt.want {
			t.Errorf("Usage = %q, want %q", got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"getservbyname", "getservbyport", "gethostbyname", "help", "exit", "socket", "sockets"}
	tests := []struct{ in, want string }{
		{"getservbynme", "getservbyname"},
		{"getservbyprot", "getservbyport"},
		{"GETSERVBYNAME", "getservbyname"}, // case does not count
		{"hlep", "help"},
		{"sockt", "socket"},
		{"getserv", "getservbyname"}, // a prefix: the first in order
		{"xyzzy", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, names); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTable checks what every entry of the command table must have, since
// help, completion and docs/commands.md are all made from it.
func TestTable(t *testing.T) {
	for _, cmd := range table {
		if cmd.Summary == "" || cmd.Run == nil {
			t.Errorf("%s: no summary or no handler", cmd.Name)
		}
		if _, ok := sectionTitles[cmd.Section]; !ok {
			t.Errorf("%s: section %d has no title", cmd.Name, cmd.Section)
		}
		for i, p := range cmd.Params {
			if p.Variadic && i != len(cmd.Params)-1 {
				t.Errorf("%s: variadic %s is not last", cmd.Name, p.Name)
			}
			if p.Kind == KindConst && p.Prefix == "" {
				t.Errorf("%s: constant parameter %s has no prefix", cmd.Name, p.Name)
			}
		}
		if strings.Contains(cmd.Help, "\t") {
			t.Errorf("%s: a tab in the help text", cmd.Name)
		}
	}
	for _, name := range Names() {
		if _, ok := Lookup(name); !ok {
			t.Errorf("Names lists %q, which Lookup does not find", name)
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
