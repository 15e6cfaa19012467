package repl

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strings"

	"sockshell/commands"
	"sockshell/commands/syntax"
)

// RunScript runs every statement of in (a pipe, or a FILE when file is
// set): no prompt, no editing, results on the session's output, errors on
// cfg.Stderr prefixed with `source:line:`. A block ends at a blank line,
// and in a FILE also at the next line that is not indented. It returns the
// exit status.
func RunScript(sess *commands.Session, in io.Reader, cfg Config, file bool) int {
	r := newRunner(sess, cfg, false)
	defer r.stop()
	r.leave = func(status int) {
		// A signal while the script waits for its next line: stop the
		// servers and leave at once, as a filter does.
		sess.Close()
		os.Exit(status)
	}
	br := bufio.NewReaderSize(in, 64<<10)
	first := true
	rd := &syntax.Reader{Names: sess, Next: func() (string, error) {
		line, err := readLine(br, r)
		if first {
			// A UTF-8 byte-order mark at the start, as Python accepts.
			line, first = strings.TrimPrefix(line, "\ufeff"), false
		}
		return line, err
	}}
	if file {
		rd.Mode = syntax.FileMode
	}
	for {
		u, err := rd.Read()
		if err != nil {
			if err != io.EOF {
				r.report(location{cfg.Source, 0}, err)
			}
			break
		}
		if strings.TrimSpace(u.Text()) == "" {
			continue
		}
		if !r.runUnit(u, cfg.Source, false, nil) || r.outputLost() {
			break
		}
	}
	sess.Flush()
	r.outputLost()
	return r.exitStatus()
}

// readLine reads one line without its line ending. When no whole line is
// buffered yet, the read may wait on whoever feeds the script, who may in
// turn be waiting for the answers so far (a program driving sockshell
// through pipes): the session's output is flushed first. While it waits,
// a signal ends the script at once (the runner is idle).
func readLine(br *bufio.Reader, r *runner) (string, error) {
	ahead, _ := br.Peek(br.Buffered())
	if i := bytes.IndexByte(ahead, '\n'); i >= 0 {
		line := string(ahead[:i])
		br.Discard(i + 1)
		return strings.TrimSuffix(line, "\r"), nil
	}
	r.sess.Flush()
	r.setIdle(true)
	line, err := br.ReadString('\n')
	r.setIdle(false)
	return strings.TrimRight(line, "\r\n"), err
}

// RunCommands runs the statements of `sockshell -c`: each is numbered for
// error reports (-c:2 is the second; a block counts as one).
func RunCommands(sess *commands.Session, src string, cfg Config) int {
	r := newRunner(sess, cfg, false)
	defer r.stop()
	rd := textReader(src, sess)
	n := 0
	for {
		u, err := rd.Read()
		if err != nil {
			break
		}
		if strings.TrimSpace(u.Text()) == "" {
			continue
		}
		if !r.runUnit(u, cfg.Source, false, &n) || r.outputLost() {
			break
		}
	}
	sess.Flush()
	r.outputLost()
	return r.exitStatus()
}

// textReader reads the statements of a whole text (-c's, a stepped
// script's) as a file's: blocks may end by dedent.
func textReader(text string, names syntax.Names) *syntax.Reader {
	lines := strings.Split(text, "\n")
	i := 0
	return &syntax.Reader{Names: names, Mode: syntax.FileMode, Next: func() (string, error) {
		if i >= len(lines) {
			return "", io.EOF
		}
		i++
		return strings.TrimSuffix(lines[i-1], "\r"), nil
	}}
}
