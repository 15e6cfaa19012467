package repl

import (
	"os"
	"path/filepath"
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
