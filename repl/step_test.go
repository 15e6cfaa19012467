package repl

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"sockshell/commands"
)

func TestParseSteps(t *testing.T) {
	text := "## Title\r\n# one\n\n#two\ngetservbyname ssh\r\n\n  x = 1; y = 2\n# after\n"
	got := parseSteps(text)
	want := []step{
		{narration: []string{"## Title", "# one", "#two"}, line: "getservbyname ssh"},
		{line: "  x = 1; y = 2", trailer: []string{"# after"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseSteps =\n%#v\nwant\n%#v", got, want)
	}
	if got := parseSteps("# only comments\n\n"); len(got) != 0 {
		t.Errorf("a script of comments has steps: %#v", got)
	}
}

func TestNarrationText(t *testing.T) {
	for in, want := range map[string]string{
		"# Hello there": "Hello there",
		"#  indented":   " indented",
		"#":             "",
		"## Hosts":      "== Hosts ==",
		"#no space":     "no space",
		"##   Spaced  ": "== Spaced ==",
	} {
		if got := narrationText(in); got != want {
			t.Errorf("narrationText(%q) = %q, want %q", in, got, want)
		}
	}
}

// stepRunner returns an interactive runner over a fresh session, its
// results and its messages.
func stepRunner(t *testing.T) (*runner, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errw bytes.Buffer
	sess := commands.NewSession(&out, &errw, commands.Options{Interactive: true})
	t.Cleanup(sess.Close)
	r := newRunner(sess, Config{Colors: NewColors(false, false)}, true)
	t.Cleanup(r.stop)
	return r, &out, &errw
}

// prompt is one turn at the prompt: what the loop offers, then the line
// typed ("" for Enter on an empty line, "^C" for Ctrl-C).
func (r *runner) turn(typed func(offered string) string) string {
	offered := r.offer()
	line := typed(offered)
	switch line {
	case "^C":
		r.setAside(offered)
	case "":
		r.emptyLine()
	default:
		r.runPrompted(line, offered)
	}
	r.sess.Flush()
	return offered
}

// TestStepPrompt walks the prompt's rules without a terminal: Enter runs
// the offered command, Ctrl-C sets it aside for one's own, an empty line
// brings it back, a control command typed over it does not count as the
// step, and the end of the plan gives the shell back.
func TestStepPrompt(t *testing.T) {
	r, out, errw := stepRunner(t)
	enter := func(offered string) string { return offered }
	r.control(&commands.ControlRequest{Op: commands.CtlStep, Source: "d.ss",
		Text: "# the port\ngetservbyname ssh\ngetservbyport 80\nx = 41\ngetservbyport 22\n# bye\n"}, location{}, true)

	if got := r.turn(enter); got != "getservbyname ssh" {
		t.Fatalf("first offer %q", got)
	}
	if !strings.Contains(errw.String(), "the port\n") || out.String() != "22\n" {
		t.Errorf("narration %q, results %q", errw.String(), out.String())
	}
	// Ctrl-C: the next prompt is empty; the command typed there is one's own.
	r.turn(func(string) string { return "^C" })
	if got := r.turn(func(string) string { return "getservbyname domain" }); got != "" {
		t.Errorf("after Ctrl-C the prompt offered %q", got)
	}
	// The step comes back, and an empty line keeps it.
	if got := r.turn(func(string) string { return "" }); got != "getservbyport 80" {
		t.Errorf("after one's own command the offer is %q", got)
	}
	r.turn(enter)
	// An edited step counts as the step.
	if got := r.turn(func(string) string { return "x = 42" }); got != "x = 41" {
		t.Errorf("offer %q", got)
	}
	// A control command typed over the offer is not the step.
	if got := r.turn(func(string) string { return "step" }); got != "getservbyport 22" {
		t.Errorf("offer %q", got)
	}
	if !strings.Contains(errw.String(), "command 4 of 4 is next: getservbyport 22") {
		t.Errorf("step status: %q", errw.String())
	}
	if got := r.turn(enter); got != "getservbyport 22" {
		t.Errorf("after a control command the offer is %q", got)
	}
	if !strings.HasSuffix(errw.String(), "bye\n") {
		t.Errorf("the trailer was not shown after the last step: %q", errw.String())
	}
	if got := r.offer(); got != "" || r.plan != nil || !strings.Contains(errw.String(), "end of d.ss") {
		t.Errorf("at the end: offer %q, plan %v, messages %q", got, r.plan, errw.String())
	}
	r.runLine("x", location{}, true)
	r.sess.Flush()
	want := "22\n53\n'http'\n'ssh'\n42\n"
	if out.String() != want {
		t.Errorf("results %q, want %q", out.String(), want)
	}
}

// TestStepSkipOffAndEOF checks step skip, step off and Ctrl-D.
func TestStepSkipOffAndEOF(t *testing.T) {
	r, out, errw := stepRunner(t)
	r.control(&commands.ControlRequest{Op: commands.CtlStep, Source: "d.ss", Text: "getservbyport 21\ngetservbyport 22\ngetservbyport 23\n"}, location{}, true)
	r.turn(func(string) string { return "step skip" })
	if got := r.turn(func(o string) string { return o }); got != "getservbyport 22" {
		t.Errorf("after step skip the offer is %q", got)
	}
	r.turn(func(string) string { return "step off" })
	if r.plan != nil || r.offer() != "" {
		t.Errorf("step off left a plan")
	}
	if out.String() != "'ssh'\n" {
		t.Errorf("results %q", out.String())
	}
	if r.endOfInput() {
		t.Errorf("Ctrl-D with no plan must leave")
	}
	r.control(&commands.ControlRequest{Op: commands.CtlLesson, Section: 6}, location{}, true)
	if got := r.offer(); !strings.HasPrefix(got, "server_socket = socket") {
		t.Errorf("lesson 7 offers %q", got)
	}
	if !r.endOfInput() || r.plan != nil {
		t.Errorf("Ctrl-D while stepping must stop the stepping only")
	}
	if !strings.Contains(errw.String(), "stopped the lesson, part 7 of 8 (Getting the flow): command 1 of ") {
		t.Errorf("messages %q", errw.String())
	}
}

// TestLessonEnd checks that the lesson says what to try next at its end,
// and again when lesson is typed after it.
func TestLessonEnd(t *testing.T) {
	r, _, errw := stepRunner(t)
	r.control(&commands.ControlRequest{Op: commands.CtlLesson, Section: 7}, location{}, true)
	for i := 0; i < 100 && r.plan != nil; i++ {
		r.turn(func(o string) string { return o })
	}
	if r.plan != nil || !r.lessonDone {
		t.Fatalf("the homework section did not end")
	}
	if strings.Contains(errw.String(), "Error") {
		t.Errorf("the homework section failed: %q", errw.String())
	}
	if n := strings.Count(errw.String(), "What to try next"); n != 1 {
		t.Errorf("what next shown %d times", n)
	}
	r.control(&commands.ControlRequest{Op: commands.CtlLesson, Section: -1}, location{}, true)
	if n := strings.Count(errw.String(), "What to try next"); n != 2 || r.plan != nil {
		t.Errorf("lesson after the end: what next shown %d times, plan %v", n, r.plan)
	}
}
