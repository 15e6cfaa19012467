// Package shelltest runs shell lines in a real session for the tests of
// command packages, as net/http/httptest serves for net/http's users:
// a session with every blocking call bounded, and its output and errors
// as the shell shows them.
package shelltest

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"sockshell/commands"
	"sockshell/commands/value"
)

// New is a session for a test, its results and its messages, with every
// blocking call bounded (5s unless opts says) so that a broken
// implementation fails instead of hanging. It is closed when the test
// ends.
func New(t testing.TB, opts commands.Options) (*commands.Session, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errb bytes.Buffer
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	s := commands.NewSession(&out, &errb, opts)
	t.Cleanup(s.Close)
	return s, &out, &errb
}

// Run runs one line (or block) in s as the shell's loop does and returns
// the error as the shell shows it ("" for none).
func Run(s *commands.Session, line string) string {
	return RunCtx(context.Background(), s, line)
}

// RunCtx is Run under ctx (to interrupt a blocking call).
func RunCtx(ctx context.Context, s *commands.Session, line string) string {
	if err := s.Run(ctx, line); err != nil {
		return value.Safe(commands.AsException(err).Error(), "")
	}
	return ""
}

// Exec runs lines in s, failing the test on the first error unless the
// line starts with "!" (then it must fail).
func Exec(t testing.TB, s *commands.Session, lines ...string) {
	t.Helper()
	for _, line := range lines {
		want := strings.HasPrefix(line, "!")
		line = strings.TrimPrefix(line, "!")
		if got := Run(s, line); (got != "") != want {
			t.Fatalf("%s: error %q", line, got)
		}
	}
}

// RunLines runs lines in a fresh session and returns what it printed and
// the error of the last line; an error in an earlier line fails the test.
func RunLines(t testing.TB, lines ...string) (out, lastErr string) {
	t.Helper()
	s, o, _ := New(t, commands.Options{})
	for i, line := range lines {
		err := Run(s, line)
		if err != "" && i < len(lines)-1 {
			t.Fatalf("setup line %q: %s", line, err)
		}
		lastErr = err
	}
	s.Flush()
	return o.String(), lastErr
}

// OpenFDs counts the process's open file descriptors, to check that a
// test leaks none.
func OpenFDs(t testing.TB) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents)
}
