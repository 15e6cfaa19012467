package explaincmd

import (
	"strings"
	"testing"

	"sockshell/commands/shelltest"
	"sockshell/commands/value"
)

func TestExplain(t *testing.T) {
	tests := []struct {
		line string
		want []string // lines the output must hold
	}{
		{"explain ECONNREFUSED", []string{"ECONNREFUSED (errno 111): Connection refused", "Python raises: ConnectionRefusedError: [Errno 111] Connection refused", "In short: nothing is listening", "What to try:"}},
		{"explain 98", []string{"EADDRINUSE (errno 98): Address already in use", "Python raises: OSError: [Errno 98] Address already in use", "Usual causes in the lecture's exercises:"}},
		{"explain(98)", []string{"EADDRINUSE (errno 98)"}},
		{"explain econnreset", []string{"ECONNRESET (errno 104): Connection reset by peer"}},
		{"explain ConnectionRefusedError", []string{"ECONNREFUSED (errno 111)"}},
		{"explain PermissionError", []string{"EACCES (errno 13)"}},
		{"explain 'OSError: [Errno 99] Cannot assign requested address'", []string{"EADDRNOTAVAIL (errno 99): Cannot assign requested address"}},
		{"explain EWOULDBLOCK", []string{"EAGAIN (errno 11)"}},
		{"explain EMFILE", []string{"EMFILE (errno 24): Too many open files"}},
		{"explain EAI_NONAME", []string{"EAI_NONAME (resolver error -2)"}},
		{"explain -2", []string{"EAI_NONAME (resolver error -2)"}},
		{"explain --list", []string{"ECONNREFUSED   111", "EINPROGRESS    115"}},
		{"explain", []string{"No error yet in this session"}},
	}
	for _, tt := range tests {
		out, err := shelltest.RunLines(t, tt.line)
		if err != "" {
			t.Errorf("%s: %s", tt.line, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", tt.line, w, out)
			}
		}
	}
	// Every errno the lecture meets has the full story.
	for _, name := range []string{"ECONNREFUSED", "EADDRINUSE", "EADDRNOTAVAIL", "EACCES", "EPIPE", "ECONNRESET", "ENOTCONN", "EISCONN", "EBADF", "EINVAL", "ETIMEDOUT", "EAGAIN", "EAFNOSUPPORT", "ENOENT", "EHOSTUNREACH", "ENETUNREACH", "EINPROGRESS"} {
		out, err := shelltest.RunLines(t, "explain "+name)
		if err != "" || !strings.Contains(out, "What it means:") || !strings.Contains(out, "What to try:") || !strings.HasPrefix(out, name+" (errno ") {
			t.Errorf("explain %s: %s\n%s", name, err, out)
		}
	}
	for _, bad := range []string{"explain EFOO", "explain 100000", "explain -100", "explain '\x1b[2J'"} {
		if _, err := shelltest.RunLines(t, bad); !strings.HasPrefix(err, "ValueError: ") || !value.Printable(err) {
			t.Errorf("%s: error %q, want a ValueError", bad, err)
		}
	}
	if _, err := shelltest.RunLines(t, "explain ECONREFUSED"); !strings.HasSuffix(err, "did you mean ECONNREFUSED?") {
		t.Errorf("explain ECONREFUSED: %s", err)
	}
}
