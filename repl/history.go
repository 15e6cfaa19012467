package repl

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// HistoryPath returns where the history is kept: $XDG_STATE_HOME/sockshell/history,
// or ~/.local/state/sockshell/history. It is "" when neither can be found.
func HistoryPath() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "sockshell", "history")
}

// prepareHistory creates the history file with mode 0600 before readline
// opens it (readline would create it world-readable, and history can hold
// addresses and payloads), and tightens the mode of an existing one.
func prepareHistory(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Chmod(0o600)
}

// openingHistory runs f, which starts readline: readline opens the
// history file itself, keeps it open, and rewrites it through a new file
// when it holds more lines than are kept. Meanwhile every free descriptor
// below recordFD is held, so that the history file lands above the numbers
// sockets take, as the shell's own files do (openAbove; else the first
// socket would be fd 4), and the umask is 077, so that a rewritten history
// is its owner's only, as prepareHistory made it.
func openingHistory(f func()) {
	var held []int
	defer func() {
		for _, fd := range held {
			unix.Close(fd)
		}
	}()
	null, err := unix.Open(os.DevNull, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	for err == nil && null < recordFD {
		held = append(held, null)
		null, err = unix.FcntlInt(uintptr(held[0]), unix.F_DUPFD_CLOEXEC, 0)
	}
	if err == nil {
		unix.Close(null) // the first one at recordFD or above: not needed
	}
	defer unix.Umask(unix.Umask(0o077))
	f()
}
