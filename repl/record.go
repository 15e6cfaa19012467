package repl

import (
	"os"
	"path"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// recorder writes what runs to a record file (`record FILE`) as a script
// that replays the session: each statement that ran as it was typed, a
// failed one commented out with its error under it, the comments typed and
// the narration of stepped statements. The file is opened once, with
// O_NOFOLLOW (a symlink swapped in for it cannot redirect the recording)
// and mode 0600, and each statement is written at once, so what was
// recorded is on disk even if the session dies.
type recorder struct {
	f       *os.File // nil when not recording
	path    string
	n       int      // statements written
	pending []string // comment lines to write before the next statement
}

// on reports whether the shell records.
func (rc *recorder) on() bool { return rc.f != nil }

// close ends the recording.
func (rc *recorder) close() {
	if rc.f != nil {
		rc.f.Close()
	}
	*rc = recorder{}
}

// note keeps comment lines to write before the next statement (the
// narration of the step about to run); nil drops them.
func (rc *recorder) note(comments []string) {
	if rc.on() {
		rc.pending = comments
	}
}

// statement writes a statement that ran: as it is when it succeeded,
// commented out with its error under it when it failed.
func (rc *recorder) statement(src string, err error) error {
	text := src + "\n"
	if strings.Contains(src, "\n") {
		text += "\n" // a blank line ends a block, piped or not
	}
	if err != nil {
		text = failedComment(src, err)
	}
	rc.n++
	return rc.write(text)
}

// failedComment is a statement that failed, commented out with its error
// under it, so that a replay (or python3, after %save) passes over it.
func failedComment(src string, err error) string {
	msg := value.Safe(commands.AsException(err).Error(), "")
	return "# failed: " + strings.ReplaceAll(src, "\n", "\n#         ") + "\n#   " + msg + "\n"
}

// comment writes a comment line typed (or read from a script) as it is.
func (rc *recorder) comment(line string) error {
	return rc.write(strings.TrimSpace(line) + "\n")
}

// write appends text, after any pending narration, to the record file.
func (rc *recorder) write(text string) error {
	if len(rc.pending) > 0 {
		text = strings.Join(rc.pending, "\n") + "\n" + text
		rc.pending = nil
	}
	_, err := rc.f.WriteString(text)
	return err
}

// createRecord opens the record file: created with mode 0600 and O_EXCL
// (or opened to append to when appending), never through a symlink, and
// writes its first comment line on a new file. An existing file is refused
// without appending: a record must never overwrite a script by accident.
func createRecord(name string, appending bool) (*os.File, error) {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL | syscall.O_NOFOLLOW | syscall.O_CLOEXEC
	if appending {
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND | syscall.O_NOFOLLOW | syscall.O_CLOEXEC
	}
	f, err := openAbove(name, flags)
	if err != nil {
		e := commands.AsException(fileError(err, name))
		if e.Class == value.FileExistsError {
			e.Hint = "record never overwrites a file: choose another name, or add 'append' to add to it"
		}
		if e.Class == value.OSError && len(e.Args) > 0 && e.Args[0] == value.Int(unix.ELOOP) {
			e.Hint = "record does not write through a symbolic link; give the file's real path"
		}
		return nil, e
	}
	// Appending to someone else's file keeps its mode; a new one is 0600
	// whatever the umask says.
	if !appending {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return nil, fileError(err, name)
		}
		// No date: a record of the same session is the same file, and diffs
		// between two runs show only what changed.
		if _, err := f.WriteString("# recorded by sockshell; replay with: sockshell " + path.Base(name) + "\n"); err != nil {
			f.Close()
			return nil, fileError(err, name)
		}
	}
	return f, nil
}

// recordFD is the lowest descriptor number the record file may take: it
// is kept above the numbers sockets get, so recording does not change the
// fd numbers a session shows (as the poller's are, netinfo.StartPoller).
const recordFD = 64

// openAbove opens a file and moves its descriptor above recordFD.
func openAbove(name string, flags int) (*os.File, error) {
	fd, err := unix.Open(name, flags, 0o600)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	high, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, recordFD)
	unix.Close(fd)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	return os.NewFile(uintptr(high), name), nil
}

// Record carries out record FILE [append], record off and record
// (commands.Loop).
func (r *runner) Record(c *commands.Call, file string, appending bool) error {
	r.controls++
	rc := &r.rec
	switch {
	case file == "":
		if !rc.on() {
			r.sess.Notef("not recording; record FILE starts")
			return nil
		}
		r.sess.Notef("recording to %s: %d command%s so far", rc.path, rc.n, value.Plural(rc.n))
		return nil
	case file == "off" && !appending:
		if !rc.on() {
			r.sess.Notef("not recording")
			return nil
		}
		if r.interactive {
			r.sess.Notef("recorded %d command%s in %s; sockshell %s replays them", rc.n, value.Plural(rc.n), rc.path, rc.path)
		}
		rc.close()
		return nil
	}
	f, err := createRecord(file, appending)
	if err != nil {
		return err
	}
	if rc.on() {
		r.sess.Notef("recorded %d command%s in %s", rc.n, value.Plural(rc.n), rc.path)
		rc.close()
	}
	*rc = recorder{f: f, path: file}
	if r.interactive {
		r.sess.Notef("recording to %s (record off stops)", file)
	}
	return nil
}

// recordTop records a top-level statement that ran, with its error. The
// control commands, exit, and a statement cut short by SIGTERM are not
// recorded.
func (r *runner) recordTop(top syntax.Top, err error, sig os.Signal) {
	if !r.rec.on() || commands.IsExit(err) || sig == syscall.SIGTERM {
		return
	}
	r.recordWrite(r.rec.statement(top.Src, err))
}

// recordUnit records a unit that ran no statement: a comment, or lines
// that could not be read (err), which are recorded as failed.
func (r *runner) recordUnit(u syntax.Unit, err error) {
	if !r.rec.on() {
		return
	}
	switch {
	case err != nil:
		r.recordWrite(r.rec.statement(u.Text(), err))
	case isComment(u):
		for _, l := range u.Lines {
			if strings.TrimSpace(l) != "" {
				r.recordWrite(r.rec.comment(l))
			}
		}
	}
}

// recordWrite stops recording, with a warning, when the file cannot be
// written (the disk is full).
func (r *runner) recordWrite(err error) {
	if err == nil || !r.rec.on() {
		return
	}
	r.sess.Notef("warning: recording stopped: %v", err)
	r.rec.close()
}
