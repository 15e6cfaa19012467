package repl

import (
	"os"
	"strings"
	"syscall"

	"sockshell/commands"
)

// recorder writes what runs to a record file (`record FILE`) as a script
// that replays the session: each statement that ran on its own line, a
// failed one commented out with its error under it, the comments typed and
// the narration of stepped commands. The file is opened for each write
// and closed at once, so recording holds no descriptor (the sockets' fd
// numbers are those of an unrecorded session) and what is written is on
// disk even if the session dies.
type recorder struct {
	path    string   // "" when not recording
	n       int      // commands written
	pending []string // comment lines to write before the next command
}

// on reports whether the shell records.
func (rc *recorder) on() bool { return rc.path != "" }

// note keeps comment lines to write before the next command (the narration
// of the step about to run); nil drops them.
func (rc *recorder) note(comments []string) {
	if rc.on() {
		rc.pending = comments
	}
}

// command writes a statement that ran: as it is when it succeeded,
// commented out with its error under it when it failed.
func (rc *recorder) command(src string, err error) error {
	text := src + "\n"
	if err != nil {
		msg := commands.AsPyError(err).Error()
		text = "# failed: " + src + "\n#   " + strings.ReplaceAll(msg, "\n", "\n#   ") + "\n"
	}
	rc.n++
	return rc.write(text)
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
	f, err := os.OpenFile(rc.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// recordControl carries out record FILE, record off and record.
func (r *runner) recordControl(req *commands.ControlRequest, interactive bool) {
	rc := &r.rec
	switch req.Op {
	case commands.CtlRecord:
		if rc.on() && rc.path != req.Path {
			r.sess.Notef("recorded %d command%s in %s", rc.n, plural(rc.n), rc.path)
		}
		*rc = recorder{path: req.Path}
		if interactive {
			r.sess.Notef("recording to %s (record off stops)", req.Path)
		}
	case commands.CtlRecordOff:
		if !rc.on() {
			r.sess.Notef("not recording")
			return
		}
		if interactive {
			r.sess.Notef("recorded %d command%s in %s; sockshell %s replays them", rc.n, plural(rc.n), rc.path, rc.path)
		}
		*rc = recorder{}
	case commands.CtlRecordStatus:
		if !rc.on() {
			r.sess.Notef("not recording; record FILE starts")
			return
		}
		r.sess.Notef("recording to %s: %d command%s so far", rc.path, rc.n, plural(rc.n))
	}
}

// recordStmt records a statement that ran, with its error. The control
// commands, exit, and a statement cut short by SIGTERM are not recorded.
func (r *runner) recordStmt(src string, err error, sig os.Signal) {
	if !r.rec.on() || asControl(err) != nil || commands.IsExit(err) || sig == syscall.SIGTERM {
		return
	}
	r.recordWrite(r.rec.command(src, err))
}

// recordLine records a line that ran no statement: a comment, or a line
// that could not be read (err), which is recorded as failed.
func (r *runner) recordLine(line string, err error) {
	if !r.rec.on() {
		return
	}
	switch {
	case err != nil:
		r.recordWrite(r.rec.command(line, err))
	case strings.HasPrefix(strings.TrimSpace(line), "#"):
		r.recordWrite(r.rec.comment(line))
	}
}

// recordWrite stops recording, with a warning, when the file cannot be
// written (its directory was removed, the disk is full).
func (r *runner) recordWrite(err error) {
	if err == nil {
		return
	}
	r.sess.Notef("warning: recording stopped: %v", err)
	r.rec = recorder{}
}
