package repl

import (
	"io"
	"strings"
	"testing"

	"sockshell/commands"
	"sockshell/commands/syntax"
)

// stepScript has a call split over lines and a block, each one step.
const stepScript = `# one
getservbyname ssh

x = (1 +
     2)
# a loop
for i in range(2):
    print(i)

y = 3
# the end
`

// TestStepTo maps step N to the statement at line N of the file: a line
// inside a call or a block is its statement's, a comment or blank line
// goes to the statement after it, and a line past the last statement is
// an error.
func TestStepTo(t *testing.T) {
	sess := commands.NewSession(io.Discard, io.Discard, commands.Options{})
	defer sess.Close()
	r := &runner{sess: sess}
	steps := parseSteps(stepScript, sess)
	if len(steps) != 4 {
		t.Fatalf("%d steps, want 4 (a call over two lines and a block are one step each)", len(steps))
	}
	tests := []struct {
		line int
		want int    // the step, from 0
		err  string // or the error
	}{
		{1, 0, ""}, {2, 0, ""}, {3, 1, ""}, {4, 1, ""}, {5, 1, ""},
		{6, 2, ""}, {7, 2, ""}, {8, 2, ""},
		{9, 3, ""}, // the blank line after the block goes to the next
		{10, 3, ""},
		{11, 0, "no command at or after line 11 (the last is at line 10)"},
		{0, 0, "line numbers start at 1, not 0"},
	}
	for _, tt := range tests {
		r.plan = &plan{name: "demo.ss", steps: steps, next: 3, told: 3}
		err := r.stepTo(tt.line)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("step %d: error %v, want %q", tt.line, err, tt.err)
			}
		case err != nil:
			t.Errorf("step %d: %v", tt.line, err)
		case r.plan.next != tt.want:
			t.Errorf("step %d: offers step %d (%q), want %d", tt.line, r.plan.next, steps[r.plan.next].unit.Lines[0], tt.want)
		case r.plan.told != -1:
			t.Errorf("step %d: the narration would not be shown again", tt.line)
		}
	}
}

// TestStepPrompt: the prompt counts the offered step, in the lesson within
// its part, and is the user's when nothing is offered.
func TestStepPromptCount(t *testing.T) {
	sess := commands.NewSession(io.Discard, io.Discard, commands.Options{})
	defer sess.Close()
	steps := parseSteps(stepScript, sess)
	p := &plan{steps: steps, next: 2}
	if got := p.prompt(); got != "step 3/4> " {
		t.Errorf("prompt %q, want step 3/4> ", got)
	}
	p.aside = true
	if got := p.prompt(); got != "" {
		t.Errorf("set aside: prompt %q, want none", got)
	}
	lesson := &plan{steps: steps, next: 3, lesson: true, sections: []int{0, 2}}
	if got := lesson.prompt(); got != "step 2/2> " {
		t.Errorf("lesson: prompt %q, want step 2/2> ", got)
	}
	var none *plan
	if got := none.prompt(); got != "" {
		t.Errorf("no plan: prompt %q", got)
	}
}

// TestTypedControl: a control typed at the end of the offered line runs
// alone; an edit of the offered line, or a line that only starts like a
// control, runs as typed.
func TestTypedControl(t *testing.T) {
	sess := commands.NewSession(io.Discard, io.Discard, commands.Options{})
	defer sess.Close()
	r := &runner{sess: sess}
	const offered = "bind server_socket 127.0.0.1 0"
	for typed, want := range map[string]string{
		offered + "step skip":     "step skip",
		offered + " step back":    "step back",
		offered + "step 12":       "step 12",
		offered + "lesson 3":      "lesson 3",
		offered + "record off":    "record off",
		offered + "%history":      "%history",
		offered:                   offered,
		offered + "0":             offered + "0",
		offered + "stepper":       offered + "stepper",
		"x = 41" + "2":            "x = 412",
		"getservbyname ssh":       "getservbyname ssh",
		"step skip":               "step skip",
		offered + "step = 1":      offered + "step = 1",
		offered + "step.x":        offered + "step.x",
		"lesson 3" + offered[1:]:  "lesson 3" + offered[1:],
		offered[:5] + "step skip": offered[:5] + "step skip",
	} {
		got := r.typedControl(syntax.Unit{Lines: []string{typed}}, offered)
		if got.Text() != want {
			t.Errorf("%q over %q runs %q, want %q", typed, offered, got.Text(), want)
		}
	}
	if got := r.typedControl(syntax.Unit{Lines: []string{offered + "step skip"}}, ""); got.Text() != offered+"step skip" {
		t.Errorf("with nothing offered the line changed: %q", got.Text())
	}
}
