package commands

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"sockshell/commands/value"
)

// newTestSession is a session for tests, its results and its messages,
// with every blocking call bounded so that a broken implementation fails
// instead of hanging. It is closed when the test ends.
func newTestSession(t *testing.T, opts Options) (*Session, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errb bytes.Buffer
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	s := NewSession(&out, &errb, opts)
	t.Cleanup(s.Close)
	return s, &out, &errb
}

// run runs one line (or block) in s as the shell's loop does: parse, then
// each statement; it returns the error as the shell shows it ("" for
// none).
func run(s *Session, line string) string {
	return runCtx(context.Background(), s, line)
}

func runCtx(ctx context.Context, s *Session, line string) string {
	if err := s.Run(ctx, line); err != nil {
		return value.Safe(AsException(err).Error(), "")
	}
	return ""
}

// execLines runs lines in s, failing the test on the first error unless
// the line starts with "!" (then it must fail).
func execLines(t *testing.T, s *Session, lines ...string) {
	t.Helper()
	for _, line := range lines {
		want := strings.HasPrefix(line, "!")
		line = strings.TrimPrefix(line, "!")
		if got := run(s, line); (got != "") != want {
			t.Fatalf("%s: error %q", line, got)
		}
	}
}

// runLines runs lines in a fresh session and returns what it printed and
// the error of the last line; an error in an earlier line fails the test.
func runLines(t *testing.T, lines ...string) (out, lastErr string) {
	t.Helper()
	s, o, _ := newTestSession(t, Options{})
	for i, line := range lines {
		err := run(s, line)
		if err != "" && i < len(lines)-1 {
			t.Fatalf("setup line %q: %s", line, err)
		}
		lastErr = err
	}
	s.Flush()
	return o.String(), lastErr
}

// openFDs counts the process's open file descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents)
}

func regexpMatch(pattern, s string) bool {
	return regexp.MustCompile("(?m)" + pattern).MatchString(s)
}
