package repl

import (
	"os"

	"github.com/fatih/color"
	"golang.org/x/sys/unix"
)

// Colors are the styles the shell paints with. Each is enabled or disabled
// explicitly, because fatih/color's own NO_COLOR check would otherwise
// override --color=always.
type Colors struct {
	Prompt, Error, Hint *color.Color
}

// NewColors returns the styles, painting only when on is true.
func NewColors(on bool) Colors {
	c := Colors{
		Prompt: color.New(color.FgCyan, color.Bold),
		Error:  color.New(color.FgRed),
		Hint:   color.New(color.Faint),
	}
	for _, s := range []*color.Color{c.Prompt, c.Error, c.Hint} {
		if on {
			s.EnableColor()
		} else {
			s.DisableColor()
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
