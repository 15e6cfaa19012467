package repl

import (
	"os"

	"github.com/fatih/color"
	"golang.org/x/sys/unix"
)

// Colors are the styles the shell paints with. None is dim: faint text
// vanishes on a projector in front of a class. Colour only marks what the
// words already say (a hint starts with "hint:", narration is the script's
// own "#" comments), so a screen without colour loses nothing. Each is
// enabled or disabled explicitly, because fatih/color's own NO_COLOR check
// would otherwise override --color=always. The prompt (on stdout, or wherever readline
// draws it) and the messages (on stderr) are decided apart: `sockshell -x
// script > log` on a terminal must not put escape codes in the log.
type Colors struct {
	Prompt, Error, Hint *color.Color
	// Narration paints the comments shown above a stepped statement;
	// Heading a "## Title" among them.
	Narration, Heading *color.Color
}

// NewColors returns the styles, painting the prompt only when prompt is
// true and errors and hints only when messages is true.
func NewColors(prompt, messages bool) Colors {
	c := Colors{
		Prompt:    color.New(color.FgCyan, color.Bold),
		Error:     color.New(color.FgRed),
		Hint:      color.New(color.FgMagenta),
		Narration: color.New(color.FgGreen),
		Heading:   color.New(color.FgGreen, color.Bold),
	}
	for _, s := range []struct {
		c  *color.Color
		on bool
	}{{c.Prompt, prompt}, {c.Error, messages}, {c.Hint, messages}, {c.Narration, messages}, {c.Heading, messages}} {
		if s.on {
			s.c.EnableColor()
		} else {
			s.c.DisableColor()
		}
	}
	return c
}

// ColorWanted decides --color=auto|always|never for output to f: auto
// paints only a terminal, and only when NO_COLOR is unset or empty.
func ColorWanted(mode string, f *os.File) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return os.Getenv("NO_COLOR") == "" && IsTerminal(f) && os.Getenv("TERM") != "dumb"
}

// IsTerminal reports whether f is a terminal.
func IsTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
