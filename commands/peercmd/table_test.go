package peercmd

import (
	"strings"
	"testing"

	"sockshell/commands"
	"sockshell/commands/shelltest"
)

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
