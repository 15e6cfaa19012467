package repl

import (
	"errors"
	"fmt"
	"strings"

	"sockshell/commands"
)

// Stepping: `step FILE`, `sockshell --step FILE` and `lesson` play a script
// one command at a time. On a terminal the loop offers each command at the
// prompt, already typed (readline's ReadlineWithDefault), and the '#'
// comments before it are shown above it as narration. In a script there is
// no one to press Enter, so the commands simply run where the request was
// made, as if they were written there.
//
// The rules at the prompt:
//   - Enter on an offered command runs the line as it stands (edited or
//     not) and the next command is offered. The step counts as done even if
//     the command fails: a demo goes on.
//   - Ctrl-C clears the offered command and sets it aside: the prompt is the
//     user's. After the next command they run, or Enter on an empty line, it
//     is offered again.
//   - A line that runs step, lesson or record never counts as the step (so
//     `step skip` typed over an offered command skips just that one).
//   - Ctrl-D on an empty prompt stops stepping; a second one leaves.

// A step is one command of a stepped script.
type step struct {
	narration []string // the comment lines just before it, as written
	trailer   []string // comment lines after the script's last command
	line      string
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

// parseSteps cuts a script into steps: each command line with the comment
// lines before it. Blank lines are dropped; comments after the last
// command become its trailer.
func parseSteps(text string) []step {
	var steps []step
	var comments []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
		case strings.HasPrefix(trimmed, "#"):
			comments = append(comments, trimmed)
		default:
			steps = append(steps, step{narration: comments, line: line})
			comments = nil
		}
	}
	if len(comments) > 0 && len(steps) > 0 {
		steps[len(steps)-1].trailer = comments
	}
	return steps
}

// narrationText is how a comment line is shown while stepping: `# text`
// as the text, `## Title` as a heading.
func narrationText(comment string) string {
	if title, ok := strings.CutPrefix(comment, "##"); ok {
		return "== " + strings.TrimSpace(title) + " =="
	}
	text := strings.TrimPrefix(comment, "#")
	return strings.TrimPrefix(text, " ")
}

// narrate shows comment lines, dim, on the message stream (where the prompt
// is): narration is not a result.
func (r *runner) narrate(comments []string) {
	for _, c := range comments {
		r.sess.Notef("%s", r.cfg.Colors.Hint.Sprint(narrationText(c)))
	}
}

// control carries out what step, lesson and record ask of the loop. It
// returns false when the session must end (an inline run that stopped).
func (r *runner) control(req *commands.ControlRequest, loc location, interactive bool) bool {
	r.controls++
	switch req.Op {
	case commands.CtlRecord, commands.CtlRecordOff, commands.CtlRecordStatus:
		r.recordControl(req, interactive)
	case commands.CtlStep:
		if !interactive {
			return r.runInline(loc, []commands.LessonSection{{Source: req.Source, Text: req.Text}})
		}
		steps := parseSteps(req.Text)
		if len(steps) == 0 {
			r.sess.Notef("%s holds no command to step through", req.Source)
			return true
		}
		r.plan = &plan{name: req.Source, steps: steps, told: -1}
		r.sess.Notef("stepping through %s: %d command%s. Enter runs the one offered; Ctrl-C sets it aside for your own; step skip passes it; step off stops.",
			req.Source, len(steps), plural(len(steps)))
	case commands.CtlLesson:
		secs := commands.LessonSections()
		start := max(req.Section, 0)
		if !interactive {
			if !r.runInline(loc, secs[start:]) {
				return false
			}
			r.sess.Notef("%s", commands.LessonNext())
			return true
		}
		r.lesson(req.Section)
	case commands.CtlStepStatus:
		r.sess.Notef("%s", r.stepStatus())
	case commands.CtlStepSkip:
		p := r.plan
		if p == nil || p.next >= len(p.steps) {
			r.sess.Notef("not stepping: nothing to skip")
			break
		}
		r.sess.Notef("skipped: %s", commands.ShowLine(p.steps[p.next].line))
		p.next++
		p.aside = false
	case commands.CtlStepOff:
		if r.plan == nil {
			r.sess.Notef("not stepping")
			break
		}
		r.sess.Notef("stopped %s", r.stepStatus())
		r.plan = nil
	}
	return true
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// stepStatus says where stepping is.
func (r *runner) stepStatus() string {
	p := r.plan
	if p == nil {
		return "not stepping; step FILE plays a script one command at a time, lesson the built-in one"
	}
	if p.next >= len(p.steps) {
		return fmt.Sprintf("stepping through %s: at the end", p.name)
	}
	where := fmt.Sprintf("stepping through %s", p.name)
	first, end := 0, len(p.steps) // the commands counted: the file's, or the section's
	if p.lesson {
		secs := commands.LessonSections()
		i := p.section()
		where = fmt.Sprintf("the lesson, part %d of %d (%s)", i+1, len(secs), secs[i].Title)
		first = p.sections[i]
		if i+1 < len(p.sections) {
			end = p.sections[i+1]
		}
	}
	return fmt.Sprintf("%s: command %d of %d is next: %s", where, p.next-first+1, end-first, commands.ShowLine(p.steps[p.next].line))
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
	secs := commands.LessonSections()
	if section < 0 {
		switch {
		case r.plan != nil && r.plan.lesson:
			r.sess.Notef("%s", r.lessonContents(r.plan.section()))
			r.plan.told = -1 // show the current step's narration again
			r.plan.aside = false
			return
		case r.lessonDone:
			r.sess.Notef("%s", commands.LessonNext())
			return
		}
		r.sess.Notef("%s", r.lessonContents(-1))
		r.sess.Notef("Each command is offered at the prompt: Enter runs it. Ctrl-C sets it aside so you\ncan type your own; lesson SECTION jumps; step off stops.")
		section = 0
	}
	p := &plan{name: "the lesson", told: -1, lesson: true}
	for _, s := range secs {
		p.sections = append(p.sections, len(p.steps))
		p.steps = append(p.steps, parseSteps(s.Text)...)
	}
	p.next = p.sections[section]
	r.plan = p
}

// lessonContents lists the lesson's sections, marking the current one.
func (r *runner) lessonContents(current int) string {
	var b strings.Builder
	secs := commands.LessonSections()
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

// runInline runs scripts' commands where a request was made in a script:
// each line as if it were written there, errors located by the script's
// own line. A stepped script cannot start another (it could start itself).
func (r *runner) runInline(loc location, scripts []commands.LessonSection) bool {
	if r.inline {
		r.report(loc, &commands.PyError{Type: "RuntimeError", Msg: "step and lesson cannot run from a script that step or lesson is running"})
		return !r.cfg.ExitOnError
	}
	r.inline = true
	defer func() { r.inline = false }()
	for _, sc := range scripts {
		for n, line := range strings.Split(sc.Text, "\n") {
			line = strings.TrimRight(line, "\r")
			if strings.TrimSpace(line) == "" {
				continue
			}
			if !r.runLine(line, location{sc.Source, n + 1}, false) {
				return false
			}
		}
	}
	return true
}

// offer returns the command to offer at the next prompt ("" for an empty
// prompt), showing its narration the first time. When the plan is over it
// says so and ends it.
func (r *runner) offer() string {
	p := r.plan
	if p == nil || p.aside {
		return ""
	}
	if p.next >= len(p.steps) {
		r.plan = nil
		if p.lesson {
			r.lessonDone = true
			r.sess.Notef("%s", commands.LessonNext())
		} else {
			r.sess.Notef("end of %s: the shell is yours again", p.name)
		}
		return ""
	}
	s := &p.steps[p.next]
	if p.told != p.next {
		p.told = p.next
		r.narrate(s.narration)
	}
	return s.line
}

// runPrompted runs a line read at the prompt, where offered was the
// command offered ("" for none). The step is done when its prompt's line
// ran, unless that line was one of the control commands.
func (r *runner) runPrompted(line, offered string) bool {
	p := r.plan
	taking := p != nil && offered != "" && p.next < len(p.steps)
	var s step
	if taking {
		s = p.steps[p.next]
		r.rec.note(s.narration)
	}
	controls := r.controls
	ok := r.runLine(line, location{}, true)
	if r.controls != controls {
		r.rec.note(nil) // the narration belonged to a step that did not run
	}
	if p != nil && r.plan == p {
		if taking && r.controls == controls {
			p.next++
			r.narrate(s.trailer)
		}
		p.aside = false
	}
	return ok
}

// setAside is Ctrl-C at the prompt: an offered command is set aside, and
// the first time the shell says how to get it back.
func (r *runner) setAside(offered string) {
	if r.plan == nil || offered == "" {
		return
	}
	r.plan.aside = true
	if !r.toldAside {
		r.toldAside = true
		r.sess.Notef("(set aside: type your own commands; after each one, or Enter on an empty line, it comes back)")
	}
}

// emptyLine is Enter on an empty prompt: a step set aside comes back.
func (r *runner) emptyLine() {
	if r.plan != nil {
		r.plan.aside = false
	}
}

// endOfInput is Ctrl-D on an empty prompt. While stepping it stops the
// stepping and the shell goes on (it returns true); otherwise the session
// ends.
func (r *runner) endOfInput() bool {
	if r.plan == nil {
		return false
	}
	r.sess.Notef("stopped %s (Ctrl-D again leaves the shell)", r.stepStatus())
	r.plan = nil
	return true
}

// asControl returns the control request err carries, or nil.
func asControl(err error) *commands.ControlRequest {
	if err == nil {
		return nil // the common case, without errors.As's allocation
	}
	var req *commands.ControlRequest
	if errors.As(err, &req) {
		return req
	}
	return nil
}
