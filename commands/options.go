package commands

import (
	"slices"
	"strings"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// Option is one KEY=VALUE option a command takes besides its positional
// parameters: `clients 100 127.0.0.1 10000 size=4096 rounds=3`. The shell
// form writes it as one word, without blanks (syntax.Option); the Python
// form as a keyword argument (clients(100, '127.0.0.1', 10000,
// size=4096)). Options may come in any order, each at most once, and a
// handler reads them with Call.Opt.
//
// A command lists its options in Command.Options; usage, help and the
// command reference show them from there.
type Option struct {
	Key  string
	Kind Kind   // what its value reads as, as for a parameter: KindInt, KindData, ...
	Meta string // the value's name in the usage line: size=BYTES
}

// optionsUsage is the options' part of a usage line: " [size=BYTES]
// [rounds=R]".
func optionsUsage(opts []Option) string {
	var b strings.Builder
	for _, o := range opts {
		b.WriteString(" [" + o.Key + "=" + o.Meta + "]")
	}
	return b.String()
}

// option returns the command's option called key.
func (cmd *Command) option(key string) (*Option, bool) {
	for i := range cmd.Options {
		if cmd.Options[i].Key == key {
			return &cmd.Options[i], true
		}
	}
	return nil, false
}

// OptionKeys lists the command's option keys, in the table's order.
func (cmd *Command) OptionKeys() []string {
	keys := make([]string, len(cmd.Options))
	for i, o := range cmd.Options {
		keys[i] = o.Key
	}
	return keys
}

// splitOptions separates a shell statement's KEY=VALUE options from its
// positional arguments and converts each option's value by its kind, as a
// parameter's would be.
func (s *Session) splitOptions(cmd *Command, args []syntax.Arg) (positional []syntax.Arg, opts map[string]value.Value, err error) {
	if !slices.ContainsFunc(args, func(a syntax.Arg) bool { return a.Kind == syntax.Option }) {
		return args, nil, nil
	}
	opts = make(map[string]value.Value, len(cmd.Options))
	for _, a := range args {
		if a.Kind != syntax.Option {
			positional = append(positional, a)
			continue
		}
		o, err := cmd.checkOption(a.Text, opts)
		if err != nil {
			return nil, nil, err
		}
		v, err := s.convertShell(cmd, &Param{Name: o.Key, Kind: o.Kind}, a.Elems[0])
		if err != nil {
			return nil, nil, err
		}
		opts[o.Key] = v
	}
	return positional, opts, nil
}

// pyOptions reads the keyword arguments of a Python call of the command
// (clients(100, '127.0.0.1', 10000, size=4096)) as its options.
func (cmd *Command) pyOptions(kw []value.Kw) (map[string]value.Value, error) {
	opts := make(map[string]value.Value, len(kw))
	for _, k := range kw {
		o, err := cmd.checkOption(k.Name, opts)
		if err != nil {
			return nil, err
		}
		v, err := checkKind(cmd, &Param{Name: o.Key, Kind: o.Kind}, k.V)
		if err != nil {
			return nil, err
		}
		opts[o.Key] = v
	}
	return opts, nil
}

// checkOption finds the option key names, refusing an unknown one and one
// given twice.
func (cmd *Command) checkOption(key string, given map[string]value.Value) (*Option, error) {
	if len(cmd.Options) == 0 {
		e := Errorf(value.TypeError, "%s takes no KEY=VALUE options (%s=...)", cmd.Name, value.ForMessage(key))
		e.Hint = "usage: " + cmd.Usage()
		return nil, e
	}
	o, ok := cmd.option(key)
	if !ok {
		e := Errorf(value.TypeError, "%s: no option '%s'", cmd.Name, value.ForMessage(key))
		WithSuggestion(e, value.Suggest(key, cmd.OptionKeys()))
		e.Hint = cmd.Name + " takes " + strings.Join(cmd.OptionKeys(), "=, ") + "="
		return nil, e
	}
	if _, dup := given[key]; dup {
		return nil, Errorf(value.TypeError, "%s: option %s given twice", cmd.Name, key)
	}
	return o, nil
}

// Opt is the value of option key, or nil when it was not given.
func (c *Call) Opt(key string) value.Value { return c.Opts[key] }
