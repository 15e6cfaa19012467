package repl

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// OutputWidth returns what the session asks for the width its tables and
// text may take (commands.Options.Width). On a terminal it is the
// terminal's width, read at each call (TIOCGWINSZ), so that a window
// resized between two commands counts. Otherwise results go to a file or
// a pipe, and keep their full width (0) unless $COLUMNS asks for a width:
// `COLUMNS=60 sockshell < demo.ss` shows what a 60-column terminal would.
func OutputWidth(out *os.File) func() int {
	columns := columnsEnv()
	if !IsTerminal(out) {
		return func() int { return columns }
	}
	fd := int(out.Fd())
	return func() int {
		if ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ); err == nil && ws.Col > 0 {
			return int(ws.Col)
		}
		return columns
	}
}

// columnsEnv is $COLUMNS when it is a positive number, else 0.
func columnsEnv() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 0
}
