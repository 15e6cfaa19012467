package repl

import (
	"os"
	"strings"
	"syscall"

	"sockshell/commands"
	"sockshell/commands/syntax"
)

// The session's inputs: every statement read, numbered from 1 as IPython
// numbers its In[n], for %history and %save (ipython.go). They are kept in
// every mode, since a recorded session, replayed, may end on %save.

// maxInputs bounds the inputs kept, as readline's history keeps the last
// 1,000 lines: a piped script of millions of lines must not grow without
// end, and every input kept is memory the session touches (about 100
// bytes each). When it is reached the older half goes (at once, so that
// keeping an input stays cheap); the numbers go on.
const maxInputs = 1000

// An input is one statement as read: a line, or the lines of a block.
// What few inputs have (notes, an error, a help query) is kept apart, so
// that the record of an everyday statement stays small: a piped script
// makes one for each of its lines.
type input struct {
	n     int         // its number, from 1
	text  string      // as read
	extra *inputExtra // nil for most inputs: see more and extras
	plain plainRan    // its one statement, when plain (see afterTop)
}

// plainRan is what an input keeps of the statement that ran when that
// statement is plain: the input's only one, with the input's text as its
// source, no Python form worked out before it ran, and no error. Most
// are: a piped script makes one for each of its lines, so its record is
// kept at 48 bytes, not the 112 of one with a whole ran. The statements
// of any other input are kept whole, in its extras.
type plainRan struct {
	kind  ranKind
	shown bool // it showed a value
	own   bool // it used sockshell's own commands as functions
	is    bool // the input ran one plain statement (and extras' ran is empty)
}

// statements is what ran of the input, for %save.
func (in *input) statements() []ran {
	if in.plain.is {
		return []ran{in.plain.whole(in.text)}
	}
	return in.extras().ran
}

// whole is the plain statement as a ran, its source being src.
func (p plainRan) whole(src string) ran {
	return ran{src: src, kind: p.kind, shown: p.shown, own: p.own}
}

// inputExtra is what only some inputs have.
type inputExtra struct {
	magic   bool     // a % line: listed, never saved
	control bool     // it ran step, lesson or record: listed, not saved
	query   bool     // NAME?: a help query
	pyHelp  string   // what Python's help() takes for it ("" for nothing)
	bad     error    // it could not be read
	notes   []string // the comment lines typed before it, for %save
	ran     []ran    // its statements as they ran, unless it ran one plain one
}

// more returns the input's extras to set, made on first use.
func (in *input) more() *inputExtra {
	if in.extra == nil {
		in.extra = new(inputExtra)
	}
	return in.extra
}

// extras returns the input's extras to read (all zero for most).
func (in *input) extras() inputExtra {
	if in.extra == nil {
		return inputExtra{}
	}
	return *in.extra
}

// ran is one top-level statement that ran, with what %save needs to write
// it as Python: the statement, its Python form when that had to be worked
// out before it ran (PythonFormNow), whether it showed a value, and its
// error.
type ran struct {
	src   string
	py    string // a shell command as Python writes it, if worked out already
	err   error
	kind  ranKind
	shown bool // it showed a value
	own   bool // it used sockshell's own commands as functions
}

// ranKind is what %save must know of a statement's tree, which is not
// kept: a long session would hold every line's.
type ranKind uint8

const (
	ranPython     ranKind = iota // Python, as its source says
	ranShell                     // a shell command (its Python form is worked out)
	ranExpr                      // an expression: its value was shown
	ranHoldsShell                // Python holding shell commands (a block)
)

// kindOf classifies a statement for %save.
func kindOf(st syntax.Stmt) ranKind {
	switch st.(type) {
	case *syntax.Shell:
		return ranShell
	case *syntax.ExprStmt:
		return ranExpr
	}
	if commands.HasShell(st) {
		return ranHoldsShell
	}
	return ranPython
}

// inputLog is the session's inputs.
type inputLog struct {
	all   []*input
	next  int      // the next input's number, less one
	pool  []input  // where new inputs are made, a chunk at a time
	notes []string // comment lines read since the last input
}

// comment keeps comment lines for the next input: a comment is no
// statement (%history does not list it), but %save writes it.
func (l *inputLog) comment(lines []string) {
	for _, c := range lines {
		if c = strings.TrimSpace(c); c != "" {
			l.notes = append(l.notes, c)
		}
	}
}

// add keeps a new input and returns it.
func (l *inputLog) add(u syntax.Unit) *input {
	l.next++
	if len(l.pool) == 0 {
		l.pool = make([]input, 64) // one allocation for many statements
	}
	in := &l.pool[0]
	l.pool = l.pool[1:]
	*in = input{n: l.next, text: u.Text()}
	if l.notes != nil {
		in.more().notes = l.notes
		l.notes = nil
	}
	if len(l.all) == maxInputs {
		n := copy(l.all, l.all[maxInputs/2:])
		clear(l.all[n:])
		l.all = l.all[:n]
	}
	l.all = append(l.all, in)
	return in
}

// drop forgets the last input (a line of -c that is run piece by piece,
// each piece an input of its own).
func (l *inputLog) drop() {
	l.all = l.all[:len(l.all)-1]
	l.next--
}

// first is the number of the oldest input kept.
func (l *inputLog) first() int {
	if len(l.all) == 0 {
		return l.next + 1
	}
	return l.all[0].n
}

// beforeTop notes, before a top-level statement runs, what %save must
// know from that moment: a shell command's Python form when it depends on
// the variables (PythonFormNow), and the session's counters, to compare
// after it ran.
func (r *runner) beforeTop(top syntax.Top) (ran, int, int) {
	rn := ran{src: top.Src, kind: kindOf(top.Stmt)}
	if st, ok := top.Stmt.(*syntax.Shell); ok && commands.PythonFormNow(st) {
		rn.py = r.pythonForm(st)
	}
	return rn, r.sess.Shown(), r.sess.OwnUses()
}

// pythonForm is a shell command's Python form, or "" with what to do
// instead after a tab when Python has no such call.
func (r *runner) pythonForm(st *syntax.Shell) string {
	py, ok := r.sess.PythonForm(st)
	if !ok {
		return "\t" + py
	}
	return py
}

// pythonFormOf is the Python form of the shell command src, read again
// (as a command, whatever variables have been made since).
func (r *runner) pythonFormOf(src string) string {
	tops, err := syntax.Parse(src, 1, asCommand{r.sess})
	if err != nil || len(tops) != 1 {
		return "\tthis command could not be read again"
	}
	st, ok := tops[0].Stmt.(*syntax.Shell)
	if !ok {
		return "\tthis command could not be read again"
	}
	return r.pythonForm(st)
}

// asCommand reads a line that was a shell command when it ran as one
// still: a variable made later with a command's name does not hide it.
type asCommand struct{ syntax.Names }

func (asCommand) IsVariable(string) bool { return false }

// afterTop keeps a statement that ran in the current input.
func (r *runner) afterTop(rn ran, shown, own int, err error) {
	if r.cur == nil {
		return
	}
	rn.shown = r.sess.Shown() != shown
	rn.own = r.sess.OwnUses() != own
	rn.err = err
	in := r.cur
	switch {
	case !in.plain.is && (in.extra == nil || len(in.extra.ran) == 0) && rn.src == in.text && rn.py == "" && err == nil:
		in.plain = plainRan{kind: rn.kind, shown: rn.shown, own: rn.own, is: true}
	case in.plain.is:
		// A second statement: the input's are kept whole.
		in.more().ran = []ran{in.plain.whole(in.text), rn}
		in.plain = plainRan{}
	default:
		x := in.more()
		x.ran = append(x.ran, rn)
	}
}

// saveFile creates the file %save writes: mode 0600 (a session holds
// addresses and payloads), never through a symbolic link, and never over
// an existing file (O_EXCL), as record does.
func saveFile(name string) (*os.File, error) {
	return openAbove(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC)
}
