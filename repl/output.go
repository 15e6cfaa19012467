package repl

import (
	"errors"
	"syscall"
)

// ExitBrokenPipe is the status when stdout is a pipe whose reader has gone
// (128+SIGPIPE): what the shell reports for a filter SIGPIPE ended, and
// what sockshell leaves with when SIGPIPE is ignored and it sees EPIPE.
const ExitBrokenPipe = 141

// outputLost reports whether the session's results could not be written
// (stdout is a full disk, a file system gone, a pipe with no reader): the
// loop then stops. The first time, it says so on stderr, once, as `sockshell:
// write error: no space left on device`, and the session ends with status
// 1; a closed pipe is no error for a filter (`sockshell lab.ss | head -1`),
// so it ends quietly, with status 141. A signal's status stands.
func (r *runner) outputLost() bool {
	if r.outLost {
		return true
	}
	// bufio.Writer's error is sticky: every write after a failed one
	// returns it, and an empty one does nothing else.
	_, err := r.sess.Out.Write(nil)
	if err == nil {
		return false
	}
	r.outLost = true
	if r.status == ExitInterrupted || r.status == ExitTerminated {
		return true
	}
	if errors.Is(err, syscall.EPIPE) {
		r.status = ExitBrokenPipe
		return true
	}
	r.status = ExitFailed
	var errno syscall.Errno
	if errors.As(err, &errno) {
		err = errno // the errno's words, not the path /dev/stdout
	}
	r.sess.Notef("sockshell: write error: %v", err)
	return true
}
