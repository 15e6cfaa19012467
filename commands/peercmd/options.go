package peercmd

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"sockshell/commands"
	"sockshell/commands/value"
	"sockshell/internal/layout"
	"sockshell/netinfo/peers"
)

// The options of serve and proxy are peers.Options, written one word each
// after the port: `serve echo 30000 split=1 delay=0.2 half_close`. The
// words with a value are the commands' KEY=VALUE options (the core's options.go);
// half_close, the one without, is a word of its own, taken as the last
// parameter. peers.OptionDocs is the one list: usage, help and parsing are
// all made from it, and peers.ParseOptions checks the values.

// halfClose is the option word without a value.
const halfClose = "half_close"

// caOption names the file serve writes the session CA's certificate to:
// the shell's option, not the peer's.
const caOption = "ca"

// peerOptions are the KEY=VALUE options of serve (tls true: with cert and
// ca) or proxy (without: a relay has no certificate).
func peerOptions(tls bool) []commands.Option {
	var opts []commands.Option
	for _, d := range peers.OptionDocs() {
		key, meta, ok := strings.Cut(d.Syntax, "=")
		if !ok || key == "cert" && !tls {
			continue
		}
		kind := commands.KindText
		if meta == "N" || meta == "SECONDS" {
			kind = commands.KindNumber
		}
		opts = append(opts, commands.Option{Key: key, Kind: kind, Meta: meta})
	}
	if tls {
		opts = append(opts, commands.Option{Key: caOption, Kind: commands.KindText, Meta: "FILE"})
	}
	return opts
}

// optionsHelp is the part of help that says what each option teaches,
// from peers.OptionDocs, wrapped to fit the width; cert only with tls.
func optionsHelp(tls bool) string {
	var b strings.Builder
	for _, d := range peers.OptionDocs() {
		if strings.HasPrefix(d.Syntax, "cert=") && !tls {
			continue
		}
		first := fmt.Sprintf("  %-15s", d.Syntax)
		for _, l := range layout.HangingWrap(d.Teaches, layout.LineWidth, first, strings.Repeat(" ", len(first))) {
			b.WriteString(l + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// parsePeerOptions reads a serve or proxy call's options: its KEY=VALUE
// options (but ca, which the caller reads) and the bare words given after
// the port (flags), into peers.Options.
func parsePeerOptions(c *commands.Call, flags []value.Value) (peers.Options, error) {
	var words []string
	for _, f := range flags {
		w, ok := f.(value.Str)
		if !ok {
			return peers.Options{}, commands.Errorf(value.TypeError, "%s: after the port come options, not %s (usage: %s)",
				c.Cmd.Name, value.ForMessage(f.Repr()), c.Cmd.Usage())
		}
		if isKey := slices.Contains(c.Cmd.OptionKeys(), strings.ToLower(string(w))); !isKey && !strings.EqualFold(string(w), halfClose) {
			keys := append([]string{halfClose}, c.Cmd.OptionKeys()...)
			e := commands.Errorf(value.TypeError, "%s: no option '%s'", c.Cmd.Name, value.ForMessage(string(w)))
			commands.WithSuggestion(e, value.Suggest(string(w), keys))
			e.Hint = c.Cmd.Name + " takes " + halfClose + ", " + strings.Join(c.Cmd.OptionKeys(), "=, ") + "="
			return peers.Options{}, e
		}
		words = append(words, string(w))
	}
	for _, o := range c.Cmd.Options {
		if v := c.Opt(o.Key); v != nil && o.Key != caOption {
			words = append(words, o.Key+"="+optionText(v))
		}
	}
	opts, err := peers.ParseOptions(words)
	var oe *peers.OptionError
	if errors.As(err, &oe) {
		return peers.Options{}, commands.Errorf(value.ValueError, "%s: %s: %s", c.Cmd.Name, value.ForMessage(oe.Word), value.Safe(oe.Reason, ""))
	}
	return opts, err
}

// optionText is an option's value as a word: 0.2 for a float, the text of
// a str.
func optionText(v value.Value) string {
	if s, ok := v.(value.Str); ok {
		return string(s)
	}
	return v.Repr()
}

// noEffectNote is the note for options that change nothing on kind ("" if
// every option acts), saying why, in peers' terms (Options.NoEffect).
func noEffectNote(kind peers.Kind, opts peers.Options) string {
	none := opts.NoEffect(kind)
	if len(none) == 0 {
		return ""
	}
	why := map[peers.Kind]string{
		peers.Discard: "discard never sends anything",
		peers.Daytime: "daytime never reads: it sends its line and closes",
		peers.Chat:    "the chat broker ignores the options: it paces each line to every client",
	}[kind]
	verb := "changes"
	if len(none) > 1 {
		verb = "change"
	}
	return fmt.Sprintf("note: %s %s nothing here: %s", andList(none), verb, why)
}

// andList joins words as English does: "a", "a and b", "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// kindList is the local servers' kinds joined by sep.
func kindList(sep string) string {
	return strings.Join(kindNames(), sep)
}

// kindNames are the local servers' kinds, for serve's completion.
func kindNames() []string {
	var names []string
	for _, k := range peers.Kinds() {
		names = append(names, string(k))
	}
	return names
}
