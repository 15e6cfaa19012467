package repl

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"sockshell/commands"
)

// RunScript runs every line of in (a pipe or a file): no prompt, no
// editing, results on the session's output, errors on cfg.Stderr prefixed
// with `source:line:`. It returns the exit status.
func RunScript(sess *commands.Session, in io.Reader, cfg Config) int {
	r := newRunner(sess, cfg, false)
	defer r.stop()
	br := bufio.NewReaderSize(in, 64<<10)
	for n := 1; ; n++ {
		start := n
		line, err := readLine(br, sess)
		// A Python call split over several lines (its brackets still open)
		// is read whole and reported at its first line.
		if err == nil && commands.Incomplete(line) {
			lines := []string{line}
			for err == nil && commands.Incomplete(line) && len(lines) < maxContinued {
				var next string
				next, err = readLine(br, sess)
				n++
				lines = append(lines, next)
				line = commands.JoinContinued(lines)
			}
			r.continued = lines
		}
		if strings.TrimSpace(line) != "" && !r.runLine(line, location{cfg.Source, start}, false) {
			break
		}
		if err != nil {
			if err != io.EOF {
				r.report(location{cfg.Source, n}, err)
			}
			break
		}
	}
	sess.Flush()
	return r.exitStatus()
}

// maxContinued bounds how many lines one statement may span, so that an
// unclosed bracket cannot swallow the rest of a script.
const maxContinued = 100

// readLine reads one line without its line ending. When no whole line is
// buffered yet, the read may wait on whoever feeds the script, who may in
// turn be waiting for the answers so far (a program driving sockshell
// through pipes): the session's output is flushed first.
func readLine(br *bufio.Reader, sess *commands.Session) (string, error) {
	ahead, _ := br.Peek(br.Buffered())
	if i := bytes.IndexByte(ahead, '\n'); i >= 0 {
		// The common case: the whole line is buffered, and its string is
		// made straight from the buffer.
		line := string(ahead[:i])
		br.Discard(i + 1)
		return strings.TrimRight(line, "\r"), nil
	}
	sess.Flush()
	line, err := br.ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}

// RunCommands runs the commands of `sockshell -c`: each statement, cut at
// ';' and newlines, is numbered for error reports (-c:2 is the second).
func RunCommands(sess *commands.Session, src string, cfg Config) int {
	r := newRunner(sess, cfg, false)
	defer r.stop()
	for i, piece := range commands.SplitStatements(src) {
		if !r.runLine(piece, location{cfg.Source, i + 1}, false) {
			break
		}
	}
	sess.Flush()
	return r.exitStatus()
}
