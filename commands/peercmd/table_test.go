package peercmd

import (
	"strings"
	"testing"

	"sockshell/commands"
	"sockshell/commands/shelltest"
	"sockshell/commands/syntax"
)

// serve's usage, as help and the manual show it: [HOST] before a required
// PORT, the bare half_close, then one [KEY=VALUE] per option.
func TestServeUsage(t *testing.T) {
	want := "serve KIND [HOST] PORT [half_close] [split=N] [delay=SECONDS] [close_after=N] [reset_after=N] [read=no] [cert=FLAW] [ca=FILE]"
	cmd, ok := commands.Lookup("serve")
	if !ok || cmd.Usage() != want {
		t.Errorf("serve: usage %q, want %q", cmd.Usage(), want)
	}
}

// serve has no Python form: what comes back says how a Python script gets
// the server, another terminal running it.
func TestServePythonFormInstead(t *testing.T) {
	s, _, _ := shelltest.New(t, commands.Options{})
	for shell, want := range map[string]string{
		"serve echo 10000":   "sockshell -c 'serve echo 10000; wait'",
		"srv = serve http 0": "sockshell -c 'srv = serve http 0; wait'",
	} {
		tops, err := s.Parse(shell, 1)
		if err != nil || len(tops) != 1 {
			t.Fatalf("%s: %v", shell, err)
		}
		st, isShell := tops[0].Stmt.(*syntax.Shell)
		if !isShell {
			t.Fatalf("%s: not a shell statement", shell)
		}
		got, ok := s.PythonForm(st)
		if ok || !strings.Contains(got, want) {
			t.Errorf("%s: got %q, %v; want false and %q in it", shell, got, ok, want)
		}
	}
}

// Called in the Python form by name, serve and wait get each argument
// checked against its parameter's kind: serve(1, 2, 3) names the service
// it was given, wait('a') is a TypeError.
func TestPeerCommandsPythonFormArgs(t *testing.T) {
	s, _, _ := shelltest.New(t, commands.Options{})
	if got := shelltest.Run(s, "serve(1, 2, 3)"); strings.Contains(got, "''") {
		t.Errorf("serve(1, 2, 3): %q names an empty service", got)
	}
	if got := shelltest.Run(s, "wait('a')"); !strings.HasPrefix(got, "TypeError: ") {
		t.Errorf("wait('a'): %q, want a TypeError", got)
	}
}
