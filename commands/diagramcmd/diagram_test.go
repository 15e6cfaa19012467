package diagramcmd

import (
	"strings"
	"testing"

	"sockshell/commands"
	"sockshell/commands/shelltest"
)

// TestStateWhereSeen checks that the TCP states are read after each
// statement (the AfterStatement hook), not only when the diagram is
// drawn: b's CLOSE_WAIT, which a's close caused, comes before b's send.
func TestStateWhereSeen(t *testing.T) {
	s, out, _ := shelltest.New(t, commands.Options{})
	shelltest.Exec(t, s,
		"server = socket",
		"bind server 127.0.0.1 0",
		"listen server",
		"a = socket",
		"a.connect(server.getsockname())",
		"b, addr = accept server",
		"close a",
		"send b b'x'",
	)
	out.Reset()
	shelltest.Exec(t, s, "diagram b")
	s.Flush()
	got := out.String()
	wait, send := strings.Index(got, "[CLOSE_WAIT]"), strings.Index(got, "send 1 b'x'")
	if wait < 0 || send < 0 || wait > send {
		t.Errorf("CLOSE_WAIT should come before the send:\n%s", got)
	}
}

// TestReset checks that diagram reset starts a new picture: what came
// before is not drawn.
func TestReset(t *testing.T) {
	s, out, _ := shelltest.New(t, commands.Options{})
	shelltest.Exec(t, s,
		"server = socket",
		"bind server 127.0.0.1 0",
		"listen server",
		"a = socket",
		"a.connect(server.getsockname())",
		"b, addr = accept server",
		"sendall a b'before'",
		"diagram reset",
		"sendall a b'after'",
	)
	out.Reset()
	shelltest.Exec(t, s, "diagram")
	s.Flush()
	got := out.String()
	if strings.Contains(got, "before") || !strings.Contains(got, "send 5 b'after'") {
		t.Errorf("diagram after reset should draw only the send after it:\n%s", got)
	}
}
