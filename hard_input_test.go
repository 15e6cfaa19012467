package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runInput runs sockshell with args and stdin, and returns its stdout,
// stderr and exit status.
func runInput(t *testing.T, stdin []byte, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(sockshellBin(t), args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		status = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errb.String(), status
}

// TestDeepNesting feeds a million open brackets in each syntax: Python's
// parser says "too many nested parentheses"; sockshell must say the same,
// as one error, and go on to the next line, where it once ran out of
// stack and died past its panic guard.
func TestDeepNesting(t *testing.T) {
	const tooMany = "SyntaxError: too many nested parentheses"
	for name, tc := range map[string]struct{ line, err string }{
		"python list":    {strings.Repeat("[", 1_000_000), tooMany},
		"python call":    {"print" + strings.Repeat("(", 1_000_000), tooMany},
		"shell tuple":    {"getaddrinfo " + strings.Repeat("(", 1_000_000), tooMany},
		"python closing": {strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000), tooMany},
		// No brackets: Python says this from 3,000 levels (and, past
		// 6,000, a bare MemoryError: docs/python.md).
		"python unary": {"x = " + strings.Repeat("-", 1_000_000) + "1", "RecursionError: maximum recursion depth exceeded during compilation"},
	} {
		t.Run(name, func(t *testing.T) {
			out, errs, status := runInput(t, []byte(tc.line+"\n1 + 1\n"))
			if out != "2\n" {
				t.Errorf("stdout %q, want the next line's 2", out)
			}
			if status != 1 {
				t.Errorf("status %d, want 1", status)
			}
			if want := "<stdin>:1: " + tc.err + "\n"; errs != want {
				t.Errorf("stderr %q, want %q", cut(errs), want)
			}
		})
	}
}

// TestByteOrderMark runs a script saved by an editor that starts files
// with a UTF-8 byte-order mark, which Python ignores, as a FILE and piped.
func TestByteOrderMark(t *testing.T) {
	script := []byte("\xef\xbb\xbfx = 6 * 7\nx\n")
	file := filepath.Join(t.TempDir(), "bom.ss")
	if err := os.WriteFile(file, script, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, run := range map[string][]string{"file": {file}, "piped": nil} {
		t.Run(name, func(t *testing.T) {
			var stdin []byte
			if run == nil {
				stdin = script
			}
			out, errs, status := runInput(t, stdin, run...)
			if out != "42\n" || errs != "" || status != 0 {
				t.Errorf("got %q, %q, status %d; want 42, no error, 0", out, errs, status)
			}
		})
	}
}

// TestUnreadableFile: a FILE that cannot be read as a script, a directory
// among them, exits 2, as a missing one does and as Python does.
func TestUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	for name, file := range map[string]string{
		"directory": dir,
		"missing":   filepath.Join(dir, "missing.ss"),
	} {
		t.Run(name, func(t *testing.T) {
			_, errs, status := runInput(t, nil, file)
			if status != 2 || !strings.HasPrefix(errs, "sockshell: ") || strings.Count(errs, "\n") != 1 {
				t.Errorf("status %d, stderr %q; want 2 and one line", status, errs)
			}
		})
	}
}

// cut shortens a long text for a failure message.
func cut(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}
