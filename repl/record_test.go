package repl

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRecordFileMode checks the record file's creation: mode 0600
// whatever the umask, a descriptor above the numbers sockets get, an
// existing file refused unless appending, and a symbolic link refused.
func TestRecordFileMode(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "rec.ss")
	f, err := createRecord(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if f.Fd() < recordFD {
		t.Errorf("the record file has fd %d, below %d", f.Fd(), recordFD)
	}
	f.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("record file mode %o, want 600", mode)
	}
	data, _ := os.ReadFile(path)
	if string(data) != "# recorded by sockshell; replay with: sockshell rec.ss\n" {
		t.Errorf("a new record starts %q", data)
	}

	// An existing file is never overwritten.
	_, err = createRecord(path, false)
	if e := asException(err); e == nil || e.Class.Name != "FileExistsError" || !strings.Contains(e.Hint, "append") {
		t.Errorf("record over an existing file: %v", err)
	}
	// Appending keeps the file's own mode and adds no first line.
	os.Chmod(path, 0o640)
	f, err = createRecord(path, true)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("x = 1\n")
	f.Close()
	fi, _ = os.Stat(path)
	data, _ = os.ReadFile(path)
	if fi.Mode().Perm() != 0o640 || strings.Count(string(data), "# recorded by") != 1 || !strings.HasSuffix(string(data), "\nx = 1\n") {
		t.Errorf("append: mode %o, content %q", fi.Mode().Perm(), data)
	}

	// A symbolic link is refused, pointing anywhere: a link swapped in for
	// the file cannot redirect the recording.
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("keep\n"), 0o600)
	link := filepath.Join(dir, "link.ss")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	_, err = createRecord(link, true)
	if e := asException(err); e == nil || !strings.Contains(e.Error(), "[Errno 40]") || !strings.Contains(e.Hint, "symbolic link") {
		t.Errorf("record append through a symlink: %v", err)
	}
	if _, err := createRecord(link, false); err == nil {
		t.Errorf("record through a symlink was accepted")
	}
	dangling := filepath.Join(dir, "dangling.ss")
	os.Symlink(filepath.Join(dir, "nowhere"), dangling)
	if _, err := createRecord(dangling, false); err == nil {
		t.Errorf("record through a dangling symlink was accepted")
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); err == nil {
		t.Errorf("the dangling symlink's target was created")
	}
	if data, _ := os.ReadFile(target); string(data) != "keep\n" {
		t.Errorf("the symlink's target was written: %q", data)
	}
}

// TestRecordFile checks what a record holds: each statement that ran as it
// was typed, a failed one commented out with its error, the comments
// typed, the narration of a stepped statement before it, and nothing after
// record off; step, lesson and record themselves are not recorded.
func TestRecordFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.ss")
	r, _, errw := stepRunner(t)
	r.runPrompted(typed("record "+path), "")
	if !strings.Contains(errw.String(), "recording to "+path+" (record off stops)") {
		t.Errorf("messages %q", errw.String())
	}
	r.runPrompted(typed("x = 1; nosuch"), "")
	r.runPrompted(typed("# a note"), "")
	r.runPrompted(typed("y = (1,"), "")
	r.runPrompted(typed(`z = '\x1b[2J'`), "")
	block := "for i in range(2):\n    x += i"
	r.runPrompted(syntaxUnit(block), "")
	r.runPrompted(typed("record"), "")
	if !strings.Contains(errw.String(), "recording to "+path+": ") {
		t.Errorf("record alone: %q", errw.String())
	}
	r.runPrompted(typed("step "+script(t, "# narrated\nw = 2\n")), "")
	r.runPrompted(typed("w = 3"), r.offer())
	r.runPrompted(typed("record off"), "")
	r.runPrompted(typed("v = 4"), "")
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
z = '\x1b[2J'
for i in range(2):
    x += i

# narrated
w = 3
`
	if string(data) != want {
		t.Errorf("record file:\n%q\nwant:\n%q", data, want)
	}
	if !strings.Contains(errw.String(), "recorded 6 commands in "+path) {
		t.Errorf("record off says %q", errw.String())
	}
}

// TestRecordReplays checks that a record replays: run as a script file,
// it does what the session did, and its failures are comments.
func TestRecordReplays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.ss")
	r, out, _ := stepRunner(t)
	for _, line := range []string{"record " + path, "a = [1, 2]", "nosuch", "a.append(3)", "record off"} {
		r.runPrompted(typed(line), "")
	}
	r.runPrompted(syntaxUnit("if a:\n    b = sum(a)"), "")
	data, _ := os.ReadFile(path)
	sess, replayOut, replayErr := newScriptSession(t)
	status := RunScript(sess, strings.NewReader(string(data)+"a\n"), Config{Source: "rec.ss", Stderr: replayErr}, true)
	if status != ExitOK || replayErr.Len() != 0 {
		t.Errorf("replay: status %d, errors %q", status, replayErr.String())
	}
	if replayOut.String() != "[1, 2, 3]\n" {
		t.Errorf("replay printed %q (the session printed %q)", replayOut.String(), out.String())
	}
}

// TestRecordWriteFailure checks that a record that can no longer be
// written (the disk is full: /dev/full) stops the recording with a
// warning, and the session goes on.
func TestRecordWriteFailure(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this machine")
	}
	r, out, errw := stepRunner(t)
	r.runPrompted(typed("record /dev/full append"), "")
	if !r.rec.on() {
		t.Fatalf("record /dev/full append did not start: %q", errw.String())
	}
	if !r.runPrompted(typed("x = 5; x"), "") {
		t.Fatal("the session ended")
	}
	r.sess.Flush()
	if r.rec.on() || !strings.Contains(errw.String(), "warning: recording stopped:") || !strings.Contains(errw.String(), "no space left on device") {
		t.Errorf("recording on: %v; messages %q", r.rec.on(), errw.String())
	}
	if out.String() != "5\n" {
		t.Errorf("results %q", out.String())
	}
}
