package commands

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// lessonCommands drive the shell's loop rather than the sockets: stepping
// through a script, the built-in lesson, and recording what is typed. Only
// the loop (package repl) knows what the next prompt offers and which
// lines were typed, so these handlers check their arguments, do the file
// work that can fail, and return a *ControlRequest for the loop to carry
// out.
var lessonCommands = []*Command{
	{
		Name:    "step",
		Section: SecSession,
		Params:  []Param{{Name: "FILE", Kind: KindText, Optional: true}},
		Summary: "play a script one command at a time (step off stops; step skip passes one)",
		Help: `Plays FILE one command at a time: each command is offered at the prompt,
already typed, and runs when you press Enter (edit it first if you like).
The '#' comment lines before a command are shown above it as narration.

  Enter            runs the command shown, and the next one is offered
  Ctrl-C           clears it: type your own commands; after each one (or
                   Enter on an empty line) the script's command comes back
  step skip        passes over the command shown
  step             says where you are
  step off         stops stepping (so does Ctrl-D on an empty prompt)

In a script (stdin not a terminal, FILE, -c) there is no one to press
Enter: step FILE runs FILE's commands at once, as if they were written
there. sockshell --step FILE starts the shell stepping through FILE.

Example:
  sockshell> step demo.ss`,
		Run: runStep,
	},
	{
		Name:    "lesson",
		Section: SecSession,
		Params:  []Param{{Name: "SECTION", Kind: KindText, Optional: true}},
		Summary: "play the built-in walkthrough of the lecture, section by section",
		Help: `Plays sockshell's walkthrough of the lecture as step does a script: each
command is offered at the prompt with a few lines on what it shows, and
Enter runs it. With no argument it lists the sections and starts at the
first (or, once started, shows where you are; once finished, what to try
next). lesson SECTION jumps to a section, by name or number:

  1 services   ports and services     5 client    the client side
  2 hosts      hosts                  6 server    the server side
  3 constants  families, types and    7 flow      getting the flow
               protocols              8 homework  the homework
  4 addrinfo   address information

Everything stays on this machine: a local web server (serve http) stands
in for the lecture's remote host. In a script, lesson runs the whole
walkthrough (or from SECTION on) at once; sockshell -x -c lesson prints it
as a transcript.

Example:
  sockshell> lesson
  sockshell> lesson server`,
		Run: runLesson,
	},
	{
		Name:    "record",
		Section: SecSession,
		Params: []Param{
			{Name: "FILE", Kind: KindText, Optional: true},
			{Name: "append", Kind: KindText, Optional: true},
		},
		Summary: "save the commands you run to FILE as a replayable script (record off stops)",
		Help: `Writes every command run from now on to FILE, one per line, so that
sockshell FILE replays the session. A command that failed is written
commented out, with its error under it, so the replay skips it:

  # failed: connect c 127.0.0.1 9
  #   ConnectionRefusedError: [Errno 111] Connection refused

Commands a stepped script or the lesson offered are written when they run,
with their narration. step, lesson and record themselves are not written.
FILE is created with mode 0600 (it can hold addresses and payloads); an
existing FILE is refused unless append is given. Each line is written at
once and the file is not held open in between. record off stops, and so
does the end of the session; record alone says where it records.

Example:
  sockshell> record demo.ss
  sockshell> record off`,
		Run: runRecord,
	},
}

// ControlOp is what a ControlRequest asks of the shell's loop.
type ControlOp int

// The requests.
const (
	CtlStep         ControlOp = iota // step FILE: play Text one command at a time
	CtlStepStatus                    // step: say where stepping is
	CtlStepSkip                      // step skip: pass over the command offered
	CtlStepOff                       // step off: stop stepping
	CtlLesson                        // lesson [SECTION]
	CtlRecord                        // record FILE: Path has been created
	CtlRecordStatus                  // record: say where the shell records
	CtlRecordOff                     // record off
)

// ControlRequest is what step, lesson and record return, as their error:
// the shell's loop (package repl) recognises it and does the work. A loop
// that did not would report it as an error, so it can never pass silently.
type ControlRequest struct {
	Op      ControlOp
	Source  string // CtlStep: the FILE's name, for narration and error locations
	Text    string // CtlStep: the script
	Section int    // CtlLesson: the section to start at, -1 when none was named
	Path    string // CtlRecord: the file to append to (created, mode 0600)
}

func (r *ControlRequest) Error() string {
	return "this command needs sockshell's command loop"
}

// maxStepFile bounds the script step reads: a demo is small, and a huge
// file given by mistake should not be read into memory.
const maxStepFile = 4 << 20

func runStep(c *Call) (Value, error) {
	arg, given := c.Arg(0).(Str)
	switch {
	case !given:
		return nil, &ControlRequest{Op: CtlStepStatus}
	case arg == "off":
		return nil, &ControlRequest{Op: CtlStepOff}
	case arg == "skip" || arg == "next":
		return nil, &ControlRequest{Op: CtlStepSkip}
	}
	name := string(arg)
	text, err := ReadScript(name)
	if err != nil {
		return nil, err
	}
	return nil, &ControlRequest{Op: CtlStep, Source: name, Text: text}
}

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
	n := len(data)
	if n > maxStepFile {
		return "", valueErrorf("%s is over 4 MB: not a script", Str(name).Repr())
	}
	if strings.IndexByte(string(data), 0) >= 0 {
		return "", valueErrorf("%s holds NUL bytes: not a script", Str(name).Repr())
	}
	return string(data), nil
}

// fileError is Python's exception for a failed file operation:
// `FileNotFoundError: [Errno 2] No such file or directory: 'demo.ss'`.
func fileError(err error, name string) error {
	var errno unix.Errno
	if errors.As(err, &errno) {
		e := ErrnoError(errno)
		e.Msg += ": " + Str(name).Repr()
		return e
	}
	return &PyError{Type: "OSError", Msg: err.Error()}
}

func runLesson(c *Call) (Value, error) {
	arg, given := c.Arg(0).(Str)
	if !given {
		return nil, &ControlRequest{Op: CtlLesson, Section: -1}
	}
	i, err := findSection(string(arg))
	if err != nil {
		return nil, err
	}
	return nil, &ControlRequest{Op: CtlLesson, Section: i}
}

// findSection returns the index of the lesson section named by key: its
// number (1-8), its name, or the start of one name.
func findSection(key string) (int, error) {
	secs := LessonSections()
	if n, err := strconv.Atoi(key); err == nil {
		if n >= 1 && n <= len(secs) {
			return n - 1, nil
		}
		return 0, valueErrorf("the lesson has sections 1 to %d, not %d", len(secs), n)
	}
	found := -1
	var names []string
	for i, s := range secs {
		names = append(names, s.Name)
		if s.Name == key {
			return i, nil
		}
		if key != "" && strings.HasPrefix(s.Name, key) {
			if found >= 0 {
				return 0, valueErrorf("'%s' could be %s or %s; type more of the name", escapeForMessage(key), secs[found].Name, s.Name)
			}
			found = i
		}
	}
	if found >= 0 {
		return found, nil
	}
	e := valueErrorf("the lesson has no section '%s' (sections: %s)", escapeForMessage(key), strings.Join(names, ", "))
	if sug := Suggest(key, names); sug != "" {
		e.Msg += "; did you mean " + sug + "?"
	}
	return 0, e
}

func runRecord(c *Call) (Value, error) {
	arg, given := c.Arg(0).(Str)
	mode, appending := c.Arg(1).(Str)
	switch {
	case !given:
		return nil, &ControlRequest{Op: CtlRecordStatus}
	case arg == "off" && !appending:
		return nil, &ControlRequest{Op: CtlRecordOff}
	case appending && mode != "append":
		return nil, valueErrorf("record FILE takes 'append' after the name, not '%s'", escapeForMessage(string(mode)))
	}
	name := string(arg)
	if err := CreateRecord(name, appending); err != nil {
		return nil, err
	}
	return nil, &ControlRequest{Op: CtlRecord, Path: name}
}

// CreateRecord creates the record file with mode 0600 (or opens it to
// append to when appending) and writes its first comment line. An existing
// file is refused without appending: a record must never overwrite a script
// by accident.
func CreateRecord(name string, appending bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if appending {
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(name, flags, 0o600)
	if err != nil {
		e := fileError(err, name)
		if pe, ok := e.(*PyError); ok && pe.Type == "FileExistsError" {
			pe.Hint = "record never overwrites a file: choose another name, or add 'append' to add to it"
		}
		return e
	}
	defer f.Close()
	// Appending to someone else's file keeps its mode; a new one is 0600
	// whatever the umask says.
	if !appending {
		if err := f.Chmod(0o600); err != nil {
			return fileError(err, name)
		}
	}
	// No date: a record of the same session is the same file, and diffs
	// between two runs show only what changed.
	header := fmt.Sprintf("# recorded by sockshell; replay with: sockshell %s\n", path.Base(name))
	if _, err := f.WriteString(header); err != nil {
		return fileError(err, name)
	}
	return f.Close()
}

// The lesson is a set of scripts, one per part of the lecture, in files
// named NN-name.ss: NN gives the order and name is what lesson SECTION
// takes. Each file's first line is `## Title`.
//
//go:embed lesson/*.ss lesson/next.txt
var lessonFiles embed.FS

// LessonSection is one part of the built-in lesson.
type LessonSection struct {
	Name   string // what lesson SECTION takes: services, hosts, ...
	Title  string // the heading
	Source string // where its lines come from, for error locations: lesson/01-services.ss
	Text   string // the script
}

// LessonSections returns the lesson's sections in order.
func LessonSections() []LessonSection {
	entries, err := fs.Glob(lessonFiles, "lesson/*.ss")
	if err != nil {
		panic(err) // the pattern is a constant
	}
	secs := make([]LessonSection, 0, len(entries))
	for _, file := range entries { // Glob sorts: the NN prefix orders them
		data, err := lessonFiles.ReadFile(file)
		if err != nil {
			panic(err) // embedded at build time
		}
		text := string(data)
		first, _, _ := strings.Cut(text, "\n")
		base := strings.TrimSuffix(path.Base(file), ".ss")
		_, name, _ := strings.Cut(base, "-")
		secs = append(secs, LessonSection{
			Name:   name,
			Title:  strings.TrimSpace(strings.TrimPrefix(first, "##")),
			Source: file,
			Text:   text,
		})
	}
	return secs
}

// LessonNext is what the lesson says at its end: what to try next.
func LessonNext() string {
	data, err := lessonFiles.ReadFile("lesson/next.txt")
	if err != nil {
		panic(err) // embedded at build time
	}
	return strings.TrimRight(string(data), "\n")
}
