package repl

import (
	"os"
	"testing"

	"github.com/creack/pty"
)

// TestOutputWidth checks where the session's width comes from: a
// terminal's size, read again at each call; else $COLUMNS; else no limit.
func TestOutputWidth(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Setenv("COLUMNS", "")
	if got := OutputWidth(f)(); got != 0 {
		t.Errorf("a file: width %d, want 0 (no limit)", got)
	}
	t.Setenv("COLUMNS", "72")
	if got := OutputWidth(f)(); got != 72 {
		t.Errorf("a file with COLUMNS=72: width %d", got)
	}
	t.Setenv("COLUMNS", "wide")
	if got := OutputWidth(f)(); got != 0 {
		t.Errorf("a file with COLUMNS=wide: width %d, want 0", got)
	}

	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	t.Setenv("COLUMNS", "72")
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 30, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	width := OutputWidth(tty)
	if got := width(); got != 80 {
		t.Errorf("an 80-column terminal: width %d", got)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 30, Cols: 50}); err != nil {
		t.Fatal(err)
	}
	if got := width(); got != 50 {
		t.Errorf("the terminal resized to 50 columns: width %d", got)
	}
}
