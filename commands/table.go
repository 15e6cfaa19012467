package commands

import (
	"slices"
	"strings"

	"sockshell/commands/value"
)

// Command is one entry of the command table: everything the shell knows
// about a command sits here, beside its handler, and help, usage, tab
// completion and the Python form's methods are all made from these
// entries.
type Command struct {
	Name    string
	Aliases []string
	Section Section
	Params  []Param
	// Options are the KEY=VALUE options it takes after its parameters
	// (options.go), nil for most commands.
	Options []Option
	Summary string // one line, for `help`
	Help    string // plain explanation and an example, for `help NAME`
	// Py says how the lecture's Python calls the command: as a function
	// of the socket module or a method of a socket, with Python's own
	// signature. Nil for sockshell's own commands, which the Python form
	// calls by name (get_constants('AF_')).
	Py *PySig
	// Run does the work. c.Args holds one value per parameter, nil for an
	// optional one not given.
	Run func(c *Call) (value.Value, error)
}

// PySig is a command's Python signature: what socket.NAME(...) or
// s.NAME(...) takes, and how Python words a wrong call.
type PySig struct {
	Method bool   // a method of a socket (s.recv) rather than a function
	Name   string // Python's name, when it differs from the command's
	Qual   string // the name Python's messages use, when it differs
	Self   bool   // Python counts a self in its messages (socket.__init__)
	// Style is how Python words a wrong number of arguments: one of
	// value's C styles, or Def for a function Python writes in Python
	// (accept, getaddrinfo), which takes keywords too.
	Style  value.Style
	Def    bool
	Params []string // Python's parameter names, self excluded
	Min    int      // required arguments
	// Adapt, when set, turns Python's arguments (one per Params entry,
	// nil when not given) into the command's, one per Param.
	Adapt func(args []value.Value) ([]value.Value, error)
	// Bind, when set, binds Python's arguments itself (sendto, whose
	// optional argument sits in the middle) and returns the command's,
	// self excluded.
	Bind func(args []value.Value, kw []value.Kw) ([]value.Value, error)
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
	SecTLS
	SecPeers
	SecSession
)

var sectionTitles = map[Section]string{
	SecServices:  "Ports and services",
	SecHosts:     "Hosts",
	SecConstants: "Families, types and protocols",
	SecAddrInfo:  "Address information",
	SecSockets:   "Socket setup and state",
	SecClient:    "Client side",
	SecServer:    "Server side",
	SecTLS:       "TLS and certificates",
	SecPeers:     "Local peers",
	SecSession:   "Session",
}

// sectionKeys are the words `help KEY` knows each section by, the first
// the one help shows: words of the title, but never a command's name
// (services, sockets and constants are commands, so they are not keys).
var sectionKeys = map[Section][]string{
	SecServices:  {"ports"},
	SecHosts:     {"hosts"},
	SecConstants: {"families", "types", "protocols"},
	SecAddrInfo:  {"address", "addresses"},
	SecSockets:   {"setup", "state"},
	SecClient:    {"client"},
	SecServer:    {"server"},
	SecTLS:       {"certificates", "encryption"},
	SecPeers:     {"peers", "local"},
	SecSession:   {"session"},
}

// Param describes one parameter: its name in the usage line and the kind of
// value it takes, which decides what a bare word given for it means.
type Param struct {
	Name     string
	Kind     Kind
	Optional bool
	Prefix   string   // for KindConst: the constant family (AF_, SOCK_, ...)
	Choices  []string // the words it takes, for completion (serve's KIND)
	File     bool     // it names a file, for completion (step FILE)
	// Variadic, on the last parameter only, lets it be given any number
	// of times (diagram [SOCKET ...]): the handler gets one argument per
	// word, all read as this parameter.
	Variadic bool
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
			b.WriteString(" ...")
		}
		// An optional parameter before a required one (serve KIND [HOST]
		// PORT) closes its bracket at once.
		if next := i + 1; p.Optional && next < len(cmd.Params) && !cmd.Params[next].Optional {
			b.WriteByte(']')
			closing--
		}
	}
	b.WriteString(strings.Repeat("]", closing))
	b.WriteString(optionsUsage(cmd.Options))
	return b.String()
}

// maxArgs is how many arguments the command takes, -1 for any number.
func (cmd *Command) maxArgs() int {
	if n := len(cmd.Params); n > 0 && cmd.Params[n-1].Variadic {
		return -1
	}
	return len(cmd.Params)
}

// minArgs is how many arguments the command needs.
func (cmd *Command) minArgs() int {
	n := 0
	for _, p := range cmd.Params {
		if !p.Optional {
			n++
		}
	}
	return n
}

// pyName is the command's name in Python.
func (cmd *Command) pyName() string {
	if cmd.Py != nil && cmd.Py.Name != "" {
		return cmd.Py.Name
	}
	return cmd.Name
}

// table lists every command; commandsByName indexes it by name and alias.
// This package's files contribute the commands of the lecture's steps,
// gathered here in init; the command packages under commands/ (local
// peers, TLS, ...) add theirs with Register from their own init, so that
// the table is whole before main runs.
var (
	table          []*Command
	commandsByName = map[string]*Command{}
)

func init() {
	Register(slices.Concat(
		sessionCommands,
		viewCommands,
		traceCommands,
		lessonCommands,
	)...)
}

// Register adds commands to the table: help lists them (in their
// sections, in the order registered), docs/commands.md documents them,
// completion offers them. A command package calls it from its init.
func Register(cmds ...*Command) {
	for _, cmd := range cmds {
		index(cmd, cmd.Name)
		for _, alias := range cmd.Aliases {
			index(cmd, alias)
		}
	}
	table = append(table, cmds...)
	if help, ok := Lookup("help"); ok {
		help.Params[0].Choices = append(Names(), SectionKeys()...)
	}
}

// index makes cmd the command called name.
func index(cmd *Command, name string) {
	if commandsByName[name] != nil {
		panic("commands: two commands named " + name)
	}
	commandsByName[name] = cmd
}

// SetChoices sets the words a command's parameter takes, for completion:
// what package repl knows and commands does not (the lesson's sections).
func SetChoices(command string, param int, choices []string) {
	if cmd, ok := Lookup(command); ok && param < len(cmd.Params) {
		cmd.Params[param].Choices = choices
	}
}

// RegisterHidden adds a command after start-up, under its name only: it
// is not listed by help nor in docs/commands.md. sockshell itself never
// calls it; the tests add a command whose handler panics this way, to
// check that a bug is reported as an internal error and the session goes
// on.
func RegisterHidden(cmd *Command) { index(cmd, cmd.Name) }

// Lookup returns the command called name (or one of its aliases).
func Lookup(name string) (*Command, bool) {
	cmd, ok := commandsByName[name]
	return cmd, ok
}

// Names returns every command name and alias of the table, sorted: the
// completion list.
func Names() []string {
	var names []string
	for _, cmd := range table {
		names = append(names, cmd.Name)
		names = append(names, cmd.Aliases...)
	}
	slices.Sort(names)
	return names
}
