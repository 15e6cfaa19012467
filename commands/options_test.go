package commands

import (
	"context"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"sockshell/commands/value"
)

// optsCall is what the test command last received.
var optsCall struct {
	args []string
	opts map[string]string
}

func init() {
	RegisterHidden(&Command{
		Name:   "optstest",
		Params: []Param{{Name: "N", Kind: KindInt}, {Name: "WORD", Kind: KindText, Optional: true}},
		Options: []Option{
			{Key: "size", Kind: KindInt, Meta: "BYTES"},
			{Key: "message", Kind: KindData, Meta: "TEXT"},
			{Key: "addr", Kind: KindAny, Meta: "ADDRESS"},
		},
		Run: func(c *Call) (value.Value, error) {
			optsCall.args, optsCall.opts = nil, map[string]string{}
			for _, a := range c.Args {
				if a != nil {
					optsCall.args = append(optsCall.args, a.Repr())
				}
			}
			for k, v := range c.Opts {
				optsCall.opts[k] = v.Repr()
			}
			return value.Int(len(c.Opts)), nil
		},
	})
}

// TestOptions runs lines through a session and checks the options a
// command receives, in both syntaxes, or the error a wrong one gets.
func TestOptions(t *testing.T) {
	tests := []struct {
		line string
		args []string
		opts map[string]string
		err  string // a part of the error, when it must fail
	}{
		{line: "optstest 1", args: []string{"1"}, opts: map[string]string{}},
		{line: "optstest 1 size=3", args: []string{"1"}, opts: map[string]string{"size": "3"}},
		{line: "optstest size=3 1 word", args: []string{"1", "'word'"}, opts: map[string]string{"size": "3"}},
		{line: "optstest 1 message='a b' size=0x10", args: []string{"1"}, opts: map[string]string{"message": "'a b'", "size": "16"}},
		{line: `optstest 1 message=b'\x00;#'`, args: []string{"1"}, opts: map[string]string{"message": `b'\x00;#'`}},
		{line: "n = 7; optstest 1 size=$n", args: []string{"1"}, opts: map[string]string{"size": "7"}},
		{line: "optstest 1 addr=(127.0.0.1,80)", args: []string{"1"}, opts: map[string]string{"addr": "('127.0.0.1', 80)"}},
		{line: "r = optstest 1 size=3", args: []string{"1"}, opts: map[string]string{"size": "3"}},
		{line: "r=optstest 1 size=3", args: []string{"1"}, opts: map[string]string{"size": "3"}},
		{line: "optstest(1, 'w', size=3, message=b'x')", args: []string{"1", "'w'"}, opts: map[string]string{"size": "3", "message": "b'x'"}},
		{line: "optstest 1 sise=3", err: "TypeError: optstest: no option 'sise'; did you mean size?"},
		{line: "optstest 1 size=3 size=4", err: "TypeError: optstest: option size given twice"},
		{line: "optstest 1 size=abc", err: "TypeError: optstest: size must be an integer, not str"},
		{line: "optstest 1 size = 3", err: "SyntaxError: invalid syntax: write options as KEY=VALUE, without blanks"},
		{line: "optstest 1 size= 3", err: "SyntaxError"},
		{line: "optstest(1, sise=3)", err: "TypeError: optstest: no option 'sise'"},
		{line: "optstest(1, message='str')", args: []string{"1"}, opts: map[string]string{"message": "'str'"}},
		{line: "s = socket; listen s backlog=1", err: "TypeError: listen takes no KEY=VALUE options (backlog=...)"},
		{line: "s = socket.socket(); s.listen(backlog=1)", err: "TypeError: socket.listen() takes no keyword arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			s := NewSession(io.Discard, io.Discard, Options{})
			defer s.Close()
			optsCall.args, optsCall.opts = nil, nil
			err := runLine(s, tt.line)
			if tt.err != "" {
				if err == nil || !strings.Contains(AsException(err).Error(), tt.err) {
					t.Fatalf("error %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(AsException(err))
			}
			if !slices.Equal(optsCall.args, tt.args) || !maps.Equal(optsCall.opts, tt.opts) {
				t.Errorf("args %q, options %q; want %q, %q", optsCall.args, optsCall.opts, tt.args, tt.opts)
			}
		})
	}
}

// TestUsageShowsOptions checks the usage line made from the table.
func TestUsageShowsOptions(t *testing.T) {
	cmd, _ := Lookup("optstest")
	if got, want := cmd.Usage(), "optstest N [WORD] [size=BYTES] [message=TEXT] [addr=ADDRESS]"; got != want {
		t.Errorf("Usage() = %q, want %q", got, want)
	}
}

// runLine parses and runs a line as the shell's loop does.
func runLine(s *Session, line string) error {
	tops, err := s.Parse(line, 1)
	if err != nil {
		return err
	}
	for _, top := range tops {
		if err := s.Exec(context.Background(), top); err != nil {
			return err
		}
	}
	return nil
}
