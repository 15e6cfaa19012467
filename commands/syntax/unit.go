package syntax

import (
	"regexp"
	"slices"
	"strings"
)

// Mode says how a block of Python ends.
type Mode int

const (
	// Interactive is the Python REPL's rule (a terminal, a piped script):
	// a blank line ends a block.
	Interactive Mode = iota
	// FileMode is a script file's rule: blank lines may sit inside a
	// block, which ends at the next line that is not indented.
	FileMode
)

// maxUnitLines bounds how many lines one statement may span, so that an
// unclosed bracket cannot swallow the rest of a script.
const maxUnitLines = 1000

// Reader cuts a stream of lines into statements: a line, or the lines of
// a block or of a statement whose brackets span several lines. It drops
// pasted prompts (>>>, ..., IPython's In [3]: and ...:).
type Reader struct {
	// Next returns the next line, without its line end; io.EOF (or any
	// error) ends the input, with line possibly holding a last line.
	Next  func() (string, error)
	Mode  Mode
	Names Names
	// More, when set, is called before each continuation line is read
	// (the terminal shows its continuation prompt).
	More func()

	line    int     // lines read so far
	pending *string // a line read ahead that starts the next statement
}

// Unit is one statement's text as read: Lines with pasted prompts
// dropped, Raw as typed (nil when that is Lines, as for nearly every line
// of a script), starting at line First of the input.
type Unit struct {
	Lines []string
	Raw   []string
	First int
}

// Typed returns the unit's lines as typed.
func (u Unit) Typed() []string {
	if u.Raw != nil {
		return u.Raw
	}
	return u.Lines
}

// add adds a line read, and raw, the line as typed.
func (u *Unit) add(line, raw string) {
	u.addRaw(raw, line != raw)
	u.Lines = append(u.Lines, line)
}

// addRaw adds raw to the lines as typed; differs says it is not the line
// as read (or not one at all).
func (u *Unit) addRaw(raw string, differs bool) {
	if u.Raw == nil && differs {
		u.Raw = slices.Clone(u.Lines)
	}
	if u.Raw != nil {
		u.Raw = append(u.Raw, raw)
	}
}

// Text is the unit's source.
func (u Unit) Text() string { return strings.Join(u.Lines, "\n") }

var (
	firstPrompt = regexp.MustCompile(`^(>>> ?|In \[\d+\]: ?)`)
	contPrompt  = regexp.MustCompile(`^(\.\.\. ?|\s*\.\.\.+: ?)`)
)

// StripPrompt drops a pasted prompt at the start of a statement's first
// line (>>> or In [12]:).
func StripPrompt(line string) string {
	if line == "" || (line[0] != '>' && line[0] != 'I') {
		return line // the common case, without the regexp
	}
	if m := firstPrompt.FindString(line); m != "" {
		return line[len(m):]
	}
	if line == ">>>" {
		return ""
	}
	return line
}

// stripContinuation drops a pasted continuation prompt (... or ...:).
func stripContinuation(line string) string {
	if m := contPrompt.FindString(line); m != "" {
		return line[len(m):]
	}
	if strings.TrimSpace(line) == "..." {
		return ""
	}
	return line
}

func (r *Reader) read() (string, error) {
	if r.pending != nil {
		l := *r.pending
		r.pending = nil
		r.line++
		return l, nil
	}
	l, err := r.Next()
	if err != nil && l == "" {
		return "", err
	}
	r.line++
	return l, nil
}

// Read returns the next statement's lines. A blank line comes back as a
// unit of one empty line (a terminal runs nothing for it). At the end of
// the input it returns the error that ended it (io.EOF), after the last
// unit.
func (r *Reader) Read() (Unit, error) {
	first, err := r.read()
	if err != nil {
		return Unit{}, err
	}
	text0 := StripPrompt(first)
	if isBarePrompt(text0) {
		text0 = "" // a pasted block's closing ...: line
	}
	u := Unit{Lines: []string{text0}, First: r.line}
	if text0 != first {
		u.Raw = []string{first}
	}
	text := u.Lines[0]
	if strings.TrimSpace(text) == "" {
		return u, nil
	}
	block := isBlockStart(text, r.Names)
	if !block && plainLine(text) {
		return u, nil // nearly every line of a script: complete as it stands
	}
	for len(u.Lines) < maxUnitLines {
		state := probe(u.Text(), r.Names)
		if state == complete && !block {
			return u, nil
		}
		if r.More != nil {
			r.More()
		}
		next, err := r.read()
		if err != nil {
			return u, nil // the end of the input ends the statement
		}
		raw := next
		next = stripContinuation(next)
		if state == needsBody && r.Mode == Interactive && strings.TrimSpace(next) == "" {
			// A header with no body yet, and a blank line: the block ends
			// there (its error points at this line, as Python's does).
			u.add(next, raw)
			return u, nil
		}
		if state == complete && block {
			blank := strings.TrimSpace(next) == ""
			switch {
			case blank && r.Mode == Interactive:
				u.addRaw(raw, true) // shown in a transcript, as IPython shows it
				return u, nil
			case !blank && !startsIndented(next) && !isClause(next) && !strings.HasPrefix(strings.TrimSpace(next), "#"):
				r.pending = &raw
				r.line--
				return u, nil
			}
		}
		u.add(next, raw)
	}
	return u, nil
}

// isClause reports whether a line continues a compound statement at its
// own level: else:, elif ...:, except ...:, finally:.
func isClause(line string) bool {
	for _, kw := range []string{"else", "elif", "except", "finally"} {
		if strings.HasPrefix(line, kw) {
			rest := line[len(kw):]
			if rest == "" || rest[0] == ':' || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '(' {
				return true
			}
		}
	}
	return false
}

func startsIndented(line string) bool {
	return line != "" && (line[0] == ' ' || line[0] == '\t')
}

// isBlockStart reports whether a line starts a compound statement (if,
// for, while, def, try, with, class, a decorator), which goes on until
// its blank line.
func isBlockStart(line string, names Names) bool {
	t := strings.TrimLeft(line, " \t")
	if strings.HasPrefix(t, "@") {
		return true
	}
	w := t[:identEnd(t, 0)]
	switch w {
	case "if", "for", "while", "def", "try", "with", "class", "async":
		return true
	}
	return false
}

type probeState int

const (
	complete   probeState = iota
	incomplete            // an open bracket or string, a backslash at the end
	needsBody             // a compound statement's header, its body still to come
)

// probe reports whether src, read so far, needs more lines: an open
// bracket or triple-quoted string, a backslash at the end, or a compound
// statement's header without its body yet. As Python's REPL (codeop)
// decides it, src is read whole: an error before its end is an error now,
// however many brackets are open (def f(: is wrong already).
func probe(src string, names Names) probeState {
	_, err := Parse(src, 1, names)
	e, ok := err.(*Error)
	switch {
	case err == nil || !ok || !e.Incomplete:
		return complete
	case strings.HasPrefix(e.Msg, "expected an indented block") || strings.HasPrefix(e.Msg, "expected 'except'"):
		return needsBody
	}
	return incomplete
}

// atStatementStart reports whether only blanks, or a ';', come before off
// on its line.
func atStatementStart(src string, off int) bool {
	i := off - 1
	for i >= 0 && isBlank(src[i]) {
		i--
	}
	return i < 0 || src[i] == '\n' || src[i] == ';'
}

func lineOf(src string, off int) string {
	start := strings.LastIndexByte(src[:off], '\n') + 1
	end := strings.IndexByte(src[off:], '\n')
	if end < 0 {
		return src[start:]
	}
	return src[start : off+end]
}

func stripComment(s string) string {
	if i := strings.IndexByte(s, '#'); i >= 0 && !strings.ContainsAny(s[:i], "'\"") {
		return s[:i]
	}
	return s
}

// plainLine reports a line that cannot need another: no bracket, no colon
// (a one-line block), no backslash, no quote that could open a
// triple-quoted string.
func plainLine(line string) bool {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '(', '[', '{', '\\', ':':
			return false
		case '\'', '"':
			if i+2 < len(line) && line[i+1] == line[i] && line[i+2] == line[i] {
				return false
			}
		}
	}
	return true
}

// isBarePrompt reports a line that is only a continuation prompt (...:),
// as a pasted block ends with.
func isBarePrompt(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "...") && strings.Trim(t, ".") == ":"
}
