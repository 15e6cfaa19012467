package commands

import (
	"maps"
	"slices"
	"strings"
)

// Command is one entry of the command table: everything the shell knows
// about a command sits here, beside its handler, and help, usage and tab
// completion are all made from these entries.
type Command struct {
	Name    string
	Aliases []string
	Section Section
	Params  []Param
	Summary string // one line, for `help`
	Help    string // plain explanation and an example, for `help NAME`
	// Run does the work. Args holds one converted value per parameter (nil
	// for an optional one not given; a variadic one gets the rest).
	Run func(c *Call) (Value, error)
}

// Section groups commands in `help` by the part of the lecture they serve.
type Section int

// The sections, in the lecture's order.
const (
	SecServices Section = iota
	SecHosts
	SecConstants
	SecAddrInfo
	SecSockets
	SecClient
	SecServer
	SecPeers
	SecSession
)

var sectionTitles = map[Section]string{
	SecServices:  "Ports and services",
	SecHosts:     "Hosts",
	SecConstants: "Families, types and protocols",
	SecAddrInfo:  "Address information",
	SecSockets:   "Sockets",
	SecClient:    "Client side",
	SecServer:    "Server side",
	SecPeers:     "Local peers",
	SecSession:   "Session",
}

// Param describes one parameter: its name in the usage line and the kind of
// value it takes, which decides what a bare word given for it means.
type Param struct {
	Name     string
	Kind     Kind
	Optional bool
	Variadic bool   // takes all remaining arguments (last parameter only)
	Prefix   string // for KindConst: the constant family (AF_, SOCK_, ...)
}

// Kind is what a parameter accepts.
type Kind int

// The parameter kinds.
const (
	KindAny    Kind = iota // any value; a bare word is text or a number
	KindText               // text; a bare word is taken literally
	KindInt                // an integer
	KindNumber             // an int or float
	KindSocket             // a socket; a bare word names its variable
	KindConst              // a constant; a bare word names it (AF_INET) or is a number
	KindData               // str or bytes to send
	KindHost               // a host name or address, or None
)

// Usage returns the command's usage line, made from its parameters.
func (cmd *Command) Usage() string {
	var b strings.Builder
	b.WriteString(cmd.Name)
	closing := 0
	for i, p := range cmd.Params {
		b.WriteByte(' ')
		if p.Optional {
			b.WriteByte('[')
			closing++
		}
		b.WriteString(p.Name)
		if p.Variadic {
			b.WriteString("...")
		}
		// An optional parameter before a required one (serve KIND [HOST]
		// PORT) closes its bracket at once.
		if next := i + 1; p.Optional && next < len(cmd.Params) && !cmd.Params[next].Optional && !cmd.Params[next].Variadic {
			b.WriteByte(']')
			closing--
		}
	}
	b.WriteString(strings.Repeat("]", closing))
	return b.String()
}

// minArgs and maxArgs bound how many arguments the command takes; maxArgs
// is -1 for a variadic command.
func (cmd *Command) minArgs() int {
	n := 0
	for i := range cmd.Params {
		if p := &cmd.Params[i]; !p.Optional && !p.Variadic {
			n++
		}
	}
	return n
}

func (cmd *Command) maxArgs() int {
	if n := len(cmd.Params); n > 0 && cmd.Params[n-1].Variadic {
		return -1
	}
	return len(cmd.Params)
}

// table lists every command; commandsByName indexes it by name and alias.
// Each file of this package contributes the commands of its concern, and
// they are gathered here (in init, since help's handler reads the table).
var (
	table          []*Command
	commandsByName map[string]*Command
)

func init() {
	table = concat(sessionCommands, lookupCommands, socketCommands, socketDataCommands, socketStateCommands, peerCommands, explainCommands, traceCommands, lessonCommands)
	commandsByName = make(map[string]*Command)
	for _, cmd := range table {
		for _, name := range append([]string{cmd.Name}, cmd.Aliases...) {
			if commandsByName[name] != nil {
				panic("commands: two commands named " + name)
			}
			commandsByName[name] = cmd
		}
	}
}

func concat(lists ...[]*Command) []*Command {
	var all []*Command
	for _, l := range lists {
		all = append(all, l...)
	}
	return all
}

// Register adds a command after start-up, under its name only: it is not
// listed by help nor in docs/commands.md. sockshell itself never calls it;
// the tests add a command whose handler panics this way, to check that a
// bug is reported as an internal error and the session goes on.
func Register(cmd *Command) {
	if commandsByName[cmd.Name] != nil {
		panic("commands: two commands named " + cmd.Name)
	}
	commandsByName[cmd.Name] = cmd
}

// Lookup returns the command called name (or one of its aliases).
func Lookup(name string) (*Command, bool) {
	cmd, ok := commandsByName[name]
	return cmd, ok
}

// Names returns every command name and alias, sorted: the completion list.
func Names() []string { return slices.Sorted(maps.Keys(commandsByName)) }

// Suggest returns the known name nearest to a mistyped one, or "" when
// nothing is close enough to be a likely typo.
func Suggest(name string, candidates []string) string {
	best, bestDist := "", len(name)/3+2
	for _, c := range candidates {
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if strings.HasPrefix(c, name) && len(name) >= 3 {
			d = min(d, 1)
		}
		if d < bestDist || (d == bestDist && best != "" && c < best) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
