package repl

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"sockshell/commands"
)

// TestRecordFile checks the record file: created 0600 whatever the umask,
// commands and failures written as they run, the narration of a stepped
// command before it, and nothing after record off.
func TestRecordFile(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "rec.ss")
	if err := commands.CreateRecord(path, false); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("record file mode %o, want 600", mode)
	}

	r, _, _ := stepRunner(t)
	r.control(&commands.ControlRequest{Op: commands.CtlRecord, Path: path}, location{}, true)
	r.runLine("x = 1; nosuch", location{}, true)
	r.runLine("# a note", location{}, true)
	r.runLine("y = (1,", location{}, true)
	r.control(&commands.ControlRequest{Op: commands.CtlStep, Source: "d.ss", Text: "# narrated\nz = 2\n"}, location{}, true)
	r.runPrompted("z = 3", r.offer())
	r.runLine("record off", location{}, true)
	r.runLine("w = 4", location{}, true)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `# recorded by sockshell; replay with: sockshell rec.ss
x = 1
# failed: nosuch
#   NameError: name 'nosuch' is not defined
# a note
# failed: y = (1,
#   SyntaxError: '(' was never closed
# narrated
z = 3
`
	if string(data) != want {
		t.Errorf("record file:\n%s\nwant:\n%s", data, want)
	}
}

// TestRecordWriteFailure checks that a record file that can no longer be
// written stops the recording with a warning, and the session goes on.
func TestRecordWriteFailure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gone")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	r, out, errw := stepRunner(t)
	r.control(&commands.ControlRequest{Op: commands.CtlRecord, Path: filepath.Join(dir, "rec.ss")}, location{}, true)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if !r.runLine("x = 5; x", location{}, true) {
		t.Fatal("the session ended")
	}
	r.sess.Flush()
	if r.rec.on() || !strings.Contains(errw.String(), "warning: recording stopped:") {
		t.Errorf("recording on: %v; messages %q", r.rec.on(), errw.String())
	}
	if out.String() != "5\n" {
		t.Errorf("results %q", out.String())
	}
}
