package commands

import "sockshell/commands/value"

// lessonCommands drive the shell's loop rather than the sockets: stepping
// through a script, the built-in lesson, and recording what is typed.
// Only the loop (package repl) knows what the next prompt offers and which
// lines were typed, so these handlers hand their arguments to the
// session's Loop, which does the work.
var lessonCommands = []*Command{
	{
		Name:    "step",
		Section: SecSession,
		Params:  []Param{{Name: "FILE", Kind: KindText, Optional: true, File: true, Choices: []string{"off", "skip", "back"}}},
		Summary: "play a script one command at a time (step off stops; step skip passes one)",
		Help: `Plays FILE one command at a time: each command is offered at the prompt,
already typed, and runs when you press Enter (edit it first if you like).
The '#' comment lines before a command are shown above it, as written.
The prompt says where you are: step 3/15>.

  Enter            runs the command shown, and the next one is offered
  Ctrl-C           clears it: type your own commands; after each one (or
                   Enter on an empty line) the script's command comes back
  step skip        passes over the command shown
  step back        offers the command before it again
  step N           goes to line N of FILE (the command at or after it)
  step             says where you are
  step off         stops stepping (so does Ctrl-D on an empty prompt)

A command stopped by Ctrl-C while it waits (an accept with no client) is
offered again. step, lesson and record typed after the offered command
run alone. A block, or a call split over lines, is one step.

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
			{Name: "FILE", Kind: KindText, Optional: true, File: true, Choices: []string{"off"}},
			{Name: "append", Kind: KindText, Optional: true, Choices: []string{"append"}},
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

// Loop is the session's Loop, or the error a session without one gives.
func (c *Call) Loop() (Loop, error) {
	if c.S.Loop == nil {
		return nil, Errorf(value.RuntimeError, "%s needs sockshell's command loop", c.Cmd.Name)
	}
	return c.S.Loop, nil
}

func runStep(c *Call) (value.Value, error) {
	l, err := c.Loop()
	if err != nil {
		return nil, err
	}
	what := "status"
	if c.Given(0) {
		what = value.StrOf(c.Arg(0))
	}
	return value.None, l.Step(c, what)
}

func runLesson(c *Call) (value.Value, error) {
	l, err := c.Loop()
	if err != nil {
		return nil, err
	}
	section := ""
	if c.Given(0) {
		section = value.StrOf(c.Arg(0))
	}
	return value.None, l.Lesson(c, section)
}

func runRecord(c *Call) (value.Value, error) {
	l, err := c.Loop()
	if err != nil {
		return nil, err
	}
	file := ""
	if c.Given(0) {
		file = value.StrOf(c.Arg(0))
	}
	appending := false
	if c.Given(1) {
		if mode := value.StrOf(c.Arg(1)); mode != "append" {
			return nil, Errorf(value.ValueError, "record FILE takes 'append' after the name, not '%s'", value.ForMessage(mode))
		}
		appending = true
	}
	return value.None, l.Record(c, file, appending)
}
