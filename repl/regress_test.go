package repl

import (
	"strings"
	"testing"
)

// Faults found while porting the tests, each pinned by the test that
// found it.

// In a stepped script, the comment lines after a block are the next
// step's narration (or, after the last, the trailer), not the block's own
// lines, though a file's reader keeps a comment at column 0 inside a block.
func TestStepCommentAfterBlock(t *testing.T) {
	steps := parseSteps("for i in range(2):\n    x = i\n\n# Now the server:\nserver = socket\nif x:\n    y = 1\n# bye\n", nil)
	if len(steps) != 3 {
		t.Fatalf("%d steps", len(steps))
	}
	for i, s := range steps {
		for _, l := range s.unit.Lines {
			if strings.HasPrefix(strings.TrimSpace(l), "#") {
				t.Errorf("step %d holds the comment %q among its lines %q", i, l, s.unit.Lines)
			}
		}
	}
	if got := strings.Join(steps[1].narration, "|"); got != "# Now the server:" {
		t.Errorf("the second step's narration is %q", got)
	}
	if got := strings.Join(steps[2].trailer, "|"); got != "# bye" {
		t.Errorf("the trailer is %q", got)
	}
}

// A Config whose Colors were left zero (as BenchmarkRunScript leaves them)
// means no colour; it once made the first error report panic.
func TestZeroColors(t *testing.T) {
	sess, _, errw := newScriptSession(t)
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("RunScript with a zero Config.Colors panics at an error: %v", r)
		}
	}()
	status := RunScript(sess, strings.NewReader("nosuch\n"), Config{Source: "t.ss", Stderr: errw}, false)
	if status != ExitFailed || errw.String() != "t.ss:1: NameError: name 'nosuch' is not defined\n" {
		t.Errorf("status %d, stderr %q", status, errw.String())
	}
}
