package lookupcmd

import (
	"sort"
	"strings"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/netinfo"
)

// constantCommands list the socket module's constants by prefix.
var constantCommands = []*commands.Command{
	{
		Name:    "get_constants",
		Aliases: []string{"constants"},
		Section: commands.SecConstants,
		Params:  []commands.Param{{Name: "PREFIX", Kind: commands.KindText}},
		Summary: "the socket constants starting with PREFIX, number -> name",
		Help: `Maps each value of the socket module's constants whose names start with
PREFIX to its name, like the lecture's get_constants helper: AF_ gives the
address families, SOCK_ the socket types, IPPROTO_ the protocols (also
SOL_, SO_, AI_, NI_, MSG_, SHUT_, ...). When two names share a value the
later name (alphabetically) wins, as in the helper's dict. The entries are
shown sorted by number, as IPython shows a dict.

Example:
  sockshell> get_constants SOCK_
  {<SocketKind.SOCK_STREAM: 1>: 'SOCK_STREAM',
   <SocketKind.SOCK_DGRAM: 2>: 'SOCK_DGRAM',
   ...}`,
		Run: runGetConstants,
	},
}

// constantEntry is one entry of get_constants' dict.
type constantEntry struct {
	key  value.Value
	num  int64
	name string
}

// constantsMap is the lecture helper's {getattr(socket, n): n ...} for
// prefix: names in sorted order, a later name with an equal value taking
// over the entry (whose key, the first one's constant, stays).
func constantsMap(prefix string) []constantEntry {
	var entries []constantEntry
	at := map[int64]int{}
	for _, k := range netinfo.Constants(prefix) {
		if i, ok := at[k.Value]; ok {
			entries[i].name = k.Name
			continue
		}
		at[k.Value] = len(entries)
		entries = append(entries, constantEntry{key: commands.ConstValue(k.Class, k.Value), num: k.Value, name: k.Name})
	}
	return entries
}

// constantName is constantsMap(prefix)[value], or a KeyError as the helper
// raises for a value it has no name for.
func constantName(prefix string, key value.Value) (string, error) {
	n, _ := value.IntOf(key)
	for _, e := range constantsMap(prefix) {
		if e.num == n {
			return e.name, nil
		}
	}
	return "", commands.Errorf(value.KeyError, "%s", key.Repr())
}

func runGetConstants(c *commands.Call) (value.Value, error) {
	prefix := value.StrOf(c.Arg(0))
	entries := constantsMap(prefix)
	if len(entries) == 0 {
		e := commands.Errorf(value.ValueError, "no socket constant starts with %s", value.Str(prefix).Repr())
		commands.WithSuggestion(e, value.Suggest(prefix, constantPrefixes()))
		e.Hint = "try AF_, SOCK_, IPPROTO_, SOL_, SO_, AI_, NI_, MSG_ or SHUT_"
		return nil, e
	}
	// IPython shows a dict with its keys sorted; so does the lecture.
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].num < entries[j].num })
	d := value.NewDict()
	for _, e := range entries {
		d.Set(e.key, value.Str(e.name))
	}
	return d, nil
}

// constantPrefixes lists each constant name's part up to its first "_".
func constantPrefixes() []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range netinfo.ConstantNames() {
		if i := strings.IndexByte(n, '_'); i > 0 && !seen[n[:i+1]] {
			seen[n[:i+1]] = true
			out = append(out, n[:i+1])
		}
	}
	return out
}
