package repl

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sockshell/commands"
	"sockshell/commands/syntax"
)

func TestParseSteps(t *testing.T) {
	text := "## Title\r\n# one\n\n#two\ngetservbyname ssh\r\n\n  x = 1; y = 2\nif x:\n    y = 3\n\nz = 4\n# after\n"
	got := parseSteps(text, nil)
	if len(got) != 4 {
		t.Fatalf("%d steps: %+v", len(got), got)
	}
	want := []struct {
		narration, lines, trailer string
	}{
		{"## Title|# one|#two", "getservbyname ssh", ""},
		{"", "  x = 1; y = 2", ""},
		{"", "if x:|    y = 3", ""}, // the blank line after the block is not its own
		{"", "z = 4", "# after"},
	}
	for i, w := range want {
		s := got[i]
		if strings.Join(s.narration, "|") != w.narration || strings.Join(s.unit.Lines, "|") != w.lines || strings.Join(s.trailer, "|") != w.trailer {
			t.Errorf("step %d: narration %q, lines %q, trailer %q; want %q, %q, %q", i, s.narration, s.unit.Lines, s.trailer, w.narration, w.lines, w.trailer)
		}
	}
	// A block is offered as "" (shown above an empty prompt), a line as
	// itself.
	if got[0].line() != "getservbyname ssh" || got[2].line() != "" {
		t.Errorf("offers %q and %q", got[0].line(), got[2].line())
	}
	if got := parseSteps("# only comments\n\n", nil); len(got) != 0 {
		t.Errorf("a script of comments has steps: %+v", got)
	}
}

// stepRunner returns an interactive runner over a fresh session (the
// session's Loop), its results and its messages.
func stepRunner(t *testing.T) (*runner, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errw bytes.Buffer
	sess := commands.NewSession(&out, &errw, commands.Options{Interactive: true})
	t.Cleanup(sess.Close)
	r := newRunner(sess, Config{Colors: NewColors(false, false)}, true)
	r.interactive = true
	t.Cleanup(r.stop)
	return r, &out, &errw
}

// script writes a script to step through and returns its path.
func script(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "d.ss")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// typed is a line typed at the prompt, as the prompt's reader cuts it.
func typed(line string) syntax.Unit {
	return syntax.Unit{Lines: []string{line}, Raw: []string{line}, First: 1}
}

// turn is one turn at the prompt, as RunInteractive plays it: what the
// loop offers, then the line typed ("" for Enter on an empty line, "^C"
// for Ctrl-C). It returns what was offered.
func (r *runner) turn(typedLine func(offered string) string) string {
	offered := r.offer()
	line := typedLine(offered)
	switch line {
	case "^C":
		r.setAside(offered)
	case "":
		r.emptyLine()
	default:
		r.runPrompted(typed(line), offered)
	}
	r.sess.Flush()
	return offered
}

func enter(offered string) string { return offered }

// TestStepPrompt walks the prompt's rules without a terminal: Enter runs
// the offered statement, Ctrl-C sets it aside for one's own, an empty line
// brings it back, an edited statement counts as the step, a control
// command typed over it does not, and the end of the plan gives the shell
// back.
func TestStepPrompt(t *testing.T) {
	r, out, errw := stepRunner(t)
	path := script(t, "# the port\ngetservbyname ssh\ngetservbyport 80\nx = 41\ngetservbyport 22\n# bye\n")
	r.runPrompted(typed("step "+path), "")
	if !strings.Contains(errw.String(), "stepping through "+path+": 4 commands.") {
		t.Errorf("start: %q", errw.String())
	}

	if got := r.turn(enter); got != "getservbyname ssh" {
		t.Fatalf("first offer %q", got)
	}
	if !strings.Contains(errw.String(), "the port\n") || out.String() != "22\n" {
		t.Errorf("narration %q, results %q", errw.String(), out.String())
	}
	// Ctrl-C: the next prompt is empty; the statement typed there is one's
	// own.
	r.turn(func(string) string { return "^C" })
	if !strings.Contains(errw.String(), "(set aside: ") {
		t.Errorf("Ctrl-C does not say how the step comes back: %q", errw.String())
	}
	if got := r.turn(func(string) string { return "getservbyname domain" }); got != "" {
		t.Errorf("after Ctrl-C the prompt offered %q", got)
	}
	// The step comes back, and an empty line keeps it.
	if got := r.turn(func(string) string { return "" }); got != "getservbyport 80" {
		t.Errorf("after one's own statement the offer is %q", got)
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
	if !strings.Contains(errw.String(), "command 4 of 4 is next") || !strings.Contains(errw.String(), "  getservbyport 22\n") {
		t.Errorf("step status: %q", errw.String())
	}
	if got := r.turn(enter); got != "getservbyport 22" {
		t.Errorf("after a control command the offer is %q", got)
	}
	if !strings.HasSuffix(errw.String(), "bye\n") {
		t.Errorf("the trailer was not shown after the last step: %q", errw.String())
	}
	if got := r.offer(); got != "" || r.plan != nil || !strings.Contains(errw.String(), "end of "+path+": the shell is yours again") {
		t.Errorf("at the end: offer %q, plan %v, messages %q", got, r.plan, errw.String())
	}
	r.runPrompted(typed("x"), "")
	r.sess.Flush()
	if want := "22\n53\n'http'\n'ssh'\n42\n"; out.String() != want {
		t.Errorf("results %q, want %q", out.String(), want)
	}
}

// TestStepBlock checks a block in a stepped script: it is shown above an
// empty prompt and runs on Enter there; Ctrl-C on that empty prompt sets
// it aside too.
func TestStepBlock(t *testing.T) {
	r, out, errw := stepRunner(t)
	path := script(t, "n = 0\nfor i in range(3):\n    n += i\n\nn\n")
	r.runPrompted(typed("step "+path), "")
	r.turn(enter)
	if got := r.offer(); got != "" {
		t.Fatalf("a block offered as %q, want an empty prompt", got)
	}
	if !strings.Contains(errw.String(), "    for i in range(3):\n        n += i\n") || !strings.Contains(errw.String(), "(2 lines: Enter on the empty prompt runs them)") {
		t.Errorf("the block is not shown above the prompt: %q", errw.String())
	}
	// Ctrl-C on the block's empty prompt sets it aside, as it does a
	// line; Enter on an empty line brings it back, and Enter again runs it.
	r.setAside("")
	if !r.plan.aside {
		t.Errorf("Ctrl-C on a block's empty prompt did not set it aside")
	}
	r.emptyLine()
	if r.plan.aside || r.plan.next != 1 {
		t.Errorf("Enter after Ctrl-C: aside %v, next %d", r.plan.aside, r.plan.next)
	}
	r.emptyLine() // Enter on the empty prompt: the block runs
	if got := r.turn(enter); got != "n" {
		t.Errorf("after the block the offer is %q", got)
	}
	r.sess.Flush()
	if out.String() != "3\n" {
		t.Errorf("results %q", out.String())
	}
}

// TestStepSkipOffAndEOF checks step skip, step off and Ctrl-D.
func TestStepSkipOffAndEOF(t *testing.T) {
	r, out, errw := stepRunner(t)
	path := script(t, "getservbyport 21\ngetservbyport 22\ngetservbyport 23\n")
	r.runPrompted(typed("step "+path), "")
	r.turn(func(string) string { return "step skip" })
	if !strings.Contains(errw.String(), "skipped: getservbyport 21") {
		t.Errorf("messages %q", errw.String())
	}
	if got := r.turn(enter); got != "getservbyport 22" {
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
	r.runPrompted(typed("lesson 7"), "")
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

// TestStepErrors checks step's own errors: a missing file as Python's
// open() words it, a file of NUL bytes, a script with nothing to step
// through, and stepping from a stepped script.
func TestStepErrors(t *testing.T) {
	r, _, errw := stepRunner(t)
	missing := filepath.Join(t.TempDir(), "nope.ss")
	var msgs []string
	r.cfg.Stderr = &strings.Builder{}
	for _, line := range []string{"step " + missing, "step " + script(t, "a\x00b")} {
		errw.Reset()
		r.runPrompted(typed(line), "")
		msgs = append(msgs, errw.String())
	}
	if !strings.Contains(msgs[0], "FileNotFoundError: [Errno 2] No such file or directory: '"+missing+"'") {
		t.Errorf("step of a missing file: %q", msgs[0])
	}
	if !strings.Contains(msgs[1], "holds NUL bytes: not a script") {
		t.Errorf("step of a binary file: %q", msgs[1])
	}
	errw.Reset()
	r.runPrompted(typed("step "+script(t, "# nothing\n")), "")
	if !strings.Contains(errw.String(), "holds no command to step through") || r.plan != nil {
		t.Errorf("a script of comments: %q", errw.String())
	}
}

// TestLessonEnd checks that the lesson says what to try next at its end,
// and again when lesson is typed after it.
func TestLessonEnd(t *testing.T) {
	r, _, errw := stepRunner(t)
	r.runPrompted(typed("lesson 8"), "")
	for i := 0; i < 100 && r.plan != nil; i++ {
		r.turn(enter)
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
	r.runPrompted(typed("lesson"), "")
	if n := strings.Count(errw.String(), "What to try next"); n != 2 || r.plan != nil {
		t.Errorf("lesson after the end: what next shown %d times, plan %v", n, r.plan)
	}
}

// TestLessonRunsInAScript checks that in a script the whole lesson runs at
// once without an error, and ends with what to try next.
func TestLessonRunsInAScript(t *testing.T) {
	var out, errw bytes.Buffer
	sess := commands.NewSession(&out, &errw, commands.Options{Timeout: 10 * time.Second})
	defer sess.Close()
	status := RunCommands(sess, "lesson", Config{Source: "-c", Stderr: &errw})
	if status != ExitOK || strings.Contains(errw.String(), "Error") {
		t.Fatalf("status %d, messages:\n%s", status, errw.String())
	}
	if !strings.Contains(errw.String(), "What to try next") {
		t.Errorf("no what-next at the end: %q", errw.String())
	}
	if !strings.Contains(out.String(), "b'Hey, can you hear me?'") {
		t.Errorf("the lesson's exchange is missing from its output")
	}
}

func TestFindSection(t *testing.T) {
	for key, want := range map[string]int{"1": 0, "8": 7, "services": 0, "flow": 6, "home": 7, "addr": 3} {
		if got, err := findSection(key); err != nil || got != want {
			t.Errorf("findSection(%q) = %d, %v; want %d", key, got, err, want)
		}
	}
	for key, want := range map[string]string{
		"9":       "ValueError: the lesson has sections 1 to 8, not 9",
		"s":       "ValueError: 's' could be services or server; type more of the name",
		"sevices": "did you mean services?",
		"\x1b[2J": `'\x1b[2J'`,
	} {
		_, err := findSection(key)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("findSection(%q): %v, want it to hold %q", key, err, want)
		}
	}
}
