package repl

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"sockshell/commands"
	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// Stepping: `step FILE`, `sockshell --step FILE` and `lesson` play a script
// one statement at a time. On a terminal the loop offers each statement at
// the prompt, already typed (readline's ReadlineWithDefault; a block, or a
// call split over lines, is shown above an empty prompt, and Enter runs
// it), and the '#' comments before it are shown above it as narration, as
// written. The prompt says where the demo is: `step 3/15> `. In a script
// there is no one to press Enter, so the statements simply run where the
// request was made, as if they were written there.
//
// The rules at the prompt:
//   - Enter on an offered statement runs the line as it stands (edited or
//     not) and the next one is offered. The step counts as done even if the
//     statement fails (a demo goes on), but not when Ctrl-C interrupted it
//     (an accept waiting for a client): then it is offered again, since
//     what comes next needs it.
//   - Ctrl-C clears the offered statement and sets it aside: the prompt is
//     the user's. After the next statement they run, or Enter on an empty
//     line, it is offered again.
//   - A line that runs step, lesson or record (or a % line, or a help
//     query, NAME?) never counts as the step, so `step skip` typed over
//     an offered statement skips just that one. Typed at the end of the
//     offered text (readline puts the cursor there), such a control runs
//     alone: `bind s 127.0.0.1 0step skip` is `step skip`.
//   - step back offers the statement before; step N the one at line N of
//     the file (a line inside a block or a call split over lines is its
//     statement's; a comment or blank line, the statement after it).
//   - Ctrl-D on an empty prompt stops stepping; a second one leaves.

// A step is one statement of a stepped script.
type step struct {
	narration []string // the comment lines just before it, as written
	trailer   []string // comment lines after the script's last statement
	unit      syntax.Unit
	after     int // the line after the previous statement: step N for N in after..unit.First lands here
}

// line is the step as offered at the prompt: its text, or "" for a block
// (shown above the prompt instead).
func (s *step) line() string {
	if len(s.unit.Lines) == 1 {
		return s.unit.Lines[0]
	}
	return ""
}

// A plan is a script being stepped through at the prompt.
type plan struct {
	name     string // demo.ss, or "the lesson"
	steps    []step
	next     int  // the step to offer
	told     int  // the step whose narration was shown, -1 for none
	aside    bool // Ctrl-C set the offered step aside: the prompt is the user's
	lesson   bool
	sections []int // the lesson: index of each section's first step
}

// parseSteps cuts a script into steps: each statement (a line, or a
// block) with the comment lines before it. Blank lines are dropped;
// comments after the last statement become its trailer.
func parseSteps(text string, names syntax.Names) []step {
	rd := textReader(text, names)
	var steps []step
	var comments []string
	after := 1
	for {
		u, err := rd.Read()
		if err != nil {
			break
		}
		trimmed := strings.TrimSpace(u.Text())
		switch {
		case trimmed == "":
		case isComment(u):
			for _, l := range u.Lines {
				comments = append(comments, strings.TrimSpace(l))
			}
		default:
			u, trailing := splitTrailingComments(u)
			steps = append(steps, step{narration: comments, unit: u, after: after})
			comments = trailing
			after = u.First + len(u.Lines)
		}
	}
	if len(comments) > 0 && len(steps) > 0 {
		steps[len(steps)-1].trailer = comments
	}
	return steps
}

// splitTrailingComments takes the comment and blank lines at the end of a
// block off it: a file may put comments at any column inside a block, so
// the reader keeps them in, but in a stepped script a comment after a
// block is the next step's narration. It returns the block and the
// comments.
func splitTrailingComments(u syntax.Unit) (syntax.Unit, []string) {
	n := len(u.Lines)
	for n > 1 {
		t := strings.TrimSpace(u.Lines[n-1])
		if t != "" && !strings.HasPrefix(t, "#") {
			break
		}
		n--
	}
	var comments []string
	for _, l := range u.Lines[n:] {
		if t := strings.TrimSpace(l); t != "" {
			comments = append(comments, t)
		}
	}
	u.Lines = u.Lines[:n]
	if len(u.Raw) > n {
		u.Raw = u.Raw[:n]
	}
	return u, comments
}

func isComment(u syntax.Unit) bool {
	for _, l := range u.Lines {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			return false
		}
	}
	return true
}

// narrate shows comment lines on the message stream (where the prompt
// is): narration is not a result. They are shown as the script has them,
// `# text` and `## Title`, so that the "#" says what they are on a screen
// without colour; a line wider than the screen is broken at spaces into
// more comment lines.
func (r *runner) narrate(comments []string) {
	for _, c := range comments {
		style, indent := r.cfg.Colors.Narration, "# "
		if strings.HasPrefix(c, "##") {
			style, indent = r.cfg.Colors.Heading, "## "
		}
		r.sess.Notef("%s", style.Sprint(fit(value.Safe(c, ""), Width, indent)))
	}
}

// Step carries out step FILE, step, step skip, step back, step N and
// step off (commands.Loop). c is nil for sockshell --step FILE.
func (r *runner) Step(c *commands.Call, what string) error {
	r.controls++
	p := r.plan
	if n, err := strconv.Atoi(what); err == nil {
		return r.stepTo(n)
	}
	switch what {
	case "status":
		r.note("%s", r.stepStatus())
		return nil
	case "skip", "next":
		if p == nil || p.next >= len(p.steps) {
			r.note("not stepping: nothing to skip")
			return nil
		}
		r.note("skipped: %s", value.ShowLine(p.steps[p.next].unit.Lines[0]))
		p.next++
		p.aside = false
		return nil
	case "back":
		if p == nil {
			r.note("not stepping: nothing to go back to")
			return nil
		}
		if p.next == 0 {
			r.note("at the first command already")
		}
		p.next = max(p.next-1, 0)
		p.aside = false
		return nil
	case "off":
		if p == nil {
			r.note("not stepping")
			return nil
		}
		r.note("stopped %s", r.stepStatus())
		r.plan = nil
		return nil
	}
	text, err := ReadScript(what)
	if err != nil {
		return err
	}
	if !r.interactive {
		return r.runInline([]LessonSection{{Source: what, Text: text}})
	}
	steps := parseSteps(text, r.sess)
	if len(steps) == 0 {
		r.note("%s holds no command to step through", what)
		return nil
	}
	r.plan = &plan{name: what, steps: steps, told: -1}
	r.note("stepping through %s: %d command%s.\n"+
		"Enter runs the one offered; Ctrl-C sets it aside for your own;\n"+
		"step skip passes it, step back goes back, step N goes to line N;\n"+
		"step off stops.", what, len(steps), value.Plural(len(steps)))
	return nil
}

// stepTo is step N: the statement at line n of the script being stepped
// (of the lesson's current part), or the first one after it when line n
// is a comment or blank.
func (r *runner) stepTo(n int) error {
	p := r.plan
	if p == nil {
		r.note("not stepping: step N goes to line N of the script being stepped\n"+
			"(to play a file named %d, step ./%d)", n, n)
		return nil
	}
	first, end := p.span()
	name := p.name
	if p.lesson {
		name = "this part of the lesson"
	}
	if n < 1 {
		return value.Errorf(value.ValueError, "line numbers start at 1, not %d", n)
	}
	for i := first; i < end; i++ {
		u := p.steps[i].unit
		if n >= p.steps[i].after && n < u.First+len(u.Lines) {
			p.next, p.aside = i, false
			p.told = -1 // a jump shows the narration again, even to the same step
			return nil
		}
	}
	last := p.steps[end-1].unit.First
	return value.Errorf(value.ValueError, "%s has no command at or after line %d (the last is at line %d)", name, n, last)
}

// Lesson carries out lesson [SECTION] (commands.Loop).
func (r *runner) Lesson(c *commands.Call, key string) error {
	r.controls++
	section := -1
	if key != "" {
		var err error
		if section, err = findSection(key); err != nil {
			return err
		}
	}
	secs := LessonSections()
	if !r.interactive {
		if err := r.runInline(secs[max(section, 0):]); err != nil {
			return err
		}
		r.note("%s", LessonNext())
		return nil
	}
	r.lesson(section)
	return nil
}

// maxStepFile bounds the script step reads: a demo is small, and a huge
// file given by mistake should not be read into memory.
const maxStepFile = 4 << 20

// ReadScript reads a script to step through, with the errors Python's
// open() would give (FileNotFoundError: [Errno 2] No such file or
// directory: 'demo.ss'). A file over 4 MB or one holding NUL bytes is
// refused: it is not a script.
func ReadScript(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fileError(err, name)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxStepFile+1))
	if err != nil {
		return "", fileError(err, name)
	}
	if len(data) > maxStepFile {
		return "", value.Errorf(value.ValueError, "%s is over 4 MB: not a script", value.Str(name).Repr())
	}
	if strings.IndexByte(string(data), 0) >= 0 {
		return "", value.Errorf(value.ValueError, "%s holds NUL bytes: not a script", value.Str(name).Repr())
	}
	return string(data), nil
}

// stepStatus says where stepping is.
func (r *runner) stepStatus() string {
	p := r.plan
	if p == nil {
		return "not stepping; step FILE plays a script one command at a time,\nlesson the built-in one"
	}
	if p.next >= len(p.steps) {
		return fmt.Sprintf("stepping through %s: at the end", p.name)
	}
	where := fmt.Sprintf("stepping through %s", p.name)
	if p.lesson {
		secs := LessonSections()
		i := p.section()
		where = fmt.Sprintf("the lesson, part %d of %d (%s)", i+1, len(secs), secs[i].Title)
	}
	first, end := p.span()
	return fmt.Sprintf("%s: command %d of %d is next (line %d):\n  %s", where, p.next-first+1, end-first,
		p.steps[p.next].unit.First, value.ShowLine(p.steps[p.next].unit.Lines[0]))
}

// span is the steps the prompt counts in: the whole script, or the
// lesson's current part.
func (p *plan) span() (first, end int) {
	if !p.lesson {
		return 0, len(p.steps)
	}
	i := p.section()
	first, end = p.sections[i], len(p.steps)
	if i+1 < len(p.sections) {
		end = p.sections[i+1]
	}
	return first, end
}

// prompt is the prompt while stepping: where the offered statement is,
// `step 3/15> `, or "" when nothing is offered (the prompt is the user's).
func (p *plan) prompt() string {
	if p == nil || p.aside || p.next >= len(p.steps) {
		return ""
	}
	first, end := p.span()
	return fmt.Sprintf("step %d/%d> ", p.next-first+1, end-first)
}

// section is the lesson section of the next step.
func (p *plan) section() int {
	i := 0
	for j, start := range p.sections {
		if start <= p.next {
			i = j
		}
	}
	return i
}

// lesson starts the lesson at a section (-1: at the start, or says where
// it is when it runs, or what to try next when it is over).
func (r *runner) lesson(section int) {
	secs := LessonSections()
	if section < 0 {
		switch {
		case r.plan != nil && r.plan.lesson:
			r.note("%s", r.lessonContents(r.plan.section()))
			r.plan.told = -1 // show the current step's narration again
			r.plan.aside = false
			return
		case r.lessonDone:
			r.note("%s", LessonNext())
			return
		}
		r.note("%s", r.lessonContents(-1))
		r.note("Each command is offered at the prompt: Enter runs it. Ctrl-C sets it\n" +
			"aside so you can type your own; lesson SECTION jumps; step off stops.")
		section = 0
	}
	p := &plan{name: "the lesson", told: -1, lesson: true}
	for _, s := range secs {
		p.sections = append(p.sections, len(p.steps))
		p.steps = append(p.steps, parseSteps(s.Text, r.sess)...)
	}
	p.next = p.sections[section]
	r.plan = p
}

// lessonContents lists the lesson's sections, marking the current one.
func (r *runner) lessonContents(current int) string {
	var b strings.Builder
	secs := LessonSections()
	fmt.Fprintf(&b, "The lesson, in %d parts (lesson SECTION jumps to one):", len(secs))
	for i, s := range secs {
		mark := " "
		if i == current {
			mark = ">"
		}
		fmt.Fprintf(&b, "\n %s %d %-10s %s", mark, i+1, s.Name, s.Title)
	}
	return b.String()
}

// runInline runs scripts' statements where a request was made in a script:
// each as if it were written there, errors located by the script's own
// line. A stepped script cannot start another (it could start itself).
func (r *runner) runInline(scripts []LessonSection) error {
	if r.inline {
		return value.Errorf(value.RuntimeError, "step and lesson cannot run from a script that step or lesson is running")
	}
	r.inline = true
	defer func() { r.inline = false }()
	for _, sc := range scripts {
		lines := strings.Split(sc.Text, "\n")
		i := 0
		rd := &syntax.Reader{Names: r.sess, Mode: syntax.FileMode, Next: func() (string, error) {
			if i >= len(lines) {
				return "", io.EOF
			}
			i++
			return strings.TrimRight(lines[i-1], "\r"), nil
		}}
		for {
			u, err := rd.Read()
			if err != nil {
				break
			}
			if strings.TrimSpace(u.Text()) == "" {
				continue
			}
			if !r.runUnit(u, sc.Source, false, nil) {
				return errStopped
			}
		}
	}
	return nil
}

// errStopped is an inline script that ended the session (exit, -e).
var errStopped = value.Raise(value.SystemExit)

// offer returns the statement to offer at the next prompt ("" for an
// empty prompt), showing its narration the first time (and a block's
// lines). When the plan is over it says so and ends it.
func (r *runner) offer() string {
	p := r.plan
	if p == nil || p.aside {
		return ""
	}
	if p.next >= len(p.steps) {
		r.plan = nil
		if p.lesson {
			r.lessonDone = true
			r.note("%s", LessonNext())
		} else {
			r.note("end of %s: the shell is yours again", p.name)
		}
		return ""
	}
	s := &p.steps[p.next]
	if p.told != p.next {
		p.told = p.next
		r.narrate(s.narration)
		if s.line() == "" {
			for _, l := range s.unit.Lines {
				r.sess.Notef("    %s", value.ShowLine(l))
			}
			r.note("(%d lines: Enter on the empty prompt runs them)", len(s.unit.Lines))
		}
	}
	return s.line()
}

// runPrompted runs a statement read at the prompt, where offered was the
// statement offered ("" for none). The step is done when its prompt's
// statement ran, unless that statement was one of the control commands,
// or Ctrl-C interrupted it: then the same step is offered again.
func (r *runner) runPrompted(u syntax.Unit, offered string) bool {
	p := r.plan
	taking := p != nil && !p.aside && p.next < len(p.steps)
	var s step
	if taking {
		s = p.steps[p.next]
		r.rec.note(s.narration)
	}
	controls := r.controls
	r.interrupted = false
	ok := r.runUnit(u, "", true, nil)
	if r.controls != controls {
		r.rec.note(nil) // the narration belonged to a step that did not run
	}
	if p != nil && r.plan == p {
		switch {
		case taking && r.interrupted:
			r.note("(interrupted: offered again; step skip passes it)")
		case taking && r.controls == controls:
			p.next++
			r.narrate(s.trailer)
		}
		p.aside = false
	}
	return ok
}

// typedControl is the statement to run for a line read over an offered
// one: when the user typed a control (step skip, lesson 3, record off, a
// % line) at the end of the offered text, as happens when the offered
// line is still in readline's buffer, the control alone; otherwise u as
// it is. An edit of the offered line is not a control: `x = 41` made `x =
// 412` runs as typed.
func (r *runner) typedControl(u syntax.Unit, offered string) syntax.Unit {
	if offered == "" || len(u.Lines) != 1 {
		return u
	}
	rest, ok := strings.CutPrefix(u.Lines[0], offered)
	rest = strings.TrimSpace(rest)
	if !ok || rest == "" || !r.isControl(rest) {
		return u
	}
	return syntax.Unit{Lines: []string{rest}, First: u.First}
}

// isControl reports whether line drives the loop rather than the sockets:
// step, lesson or record in the shell's form, or a % line.
func (r *runner) isControl(line string) bool {
	if strings.HasPrefix(line, "%") {
		return true
	}
	word, _, _ := strings.Cut(line, " ")
	switch word {
	case "step", "lesson", "record":
		return syntax.IsShell(line, r.sess)
	}
	return false
}

// emptyLine is Enter on an empty prompt: a block offered runs, and a step
// set aside comes back.
func (r *runner) emptyLine() bool {
	p := r.plan
	if p == nil {
		return true
	}
	if !p.aside && p.next < len(p.steps) && p.steps[p.next].line() == "" {
		return r.runPrompted(p.steps[p.next].unit, "")
	}
	p.aside = false
	return true
}

// setAside is Ctrl-C at the prompt: an offered statement is set aside, and
// the first time the shell says how to get it back.
func (r *runner) setAside(offered string) {
	if r.plan == nil || (offered == "" && r.plan.next < len(r.plan.steps) && r.plan.steps[r.plan.next].line() != "") {
		return
	}
	r.plan.aside = true
	if !r.toldAside {
		r.toldAside = true
		r.note("(set aside: type your own statements; after each one, or Enter on an\n" +
			"empty line, it comes back)")
	}
}

// endOfInput is Ctrl-D on an empty prompt. While stepping it stops the
// stepping and the shell goes on (it returns true); otherwise the session
// ends.
func (r *runner) endOfInput() bool {
	if r.plan == nil {
		return false
	}
	r.note("stopped %s\n(Ctrl-D again leaves the shell)", r.stepStatus())
	r.plan = nil
	return true
}

// fileError is Python's exception for a failed file operation:
// `FileNotFoundError: [Errno 2] No such file or directory: 'demo.ss'`.
func fileError(err error, name string) error {
	var pe *os.PathError
	if e, ok := err.(*os.PathError); ok {
		pe = e
		err = pe.Err
	}
	exc := commands.AsException(err)
	if len(exc.Args) == 2 {
		exc.Args = append(exc.Args, value.Str(name))
	}
	return exc
}
