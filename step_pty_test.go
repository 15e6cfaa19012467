package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStepOnTerminal plays a script with --step on a pseudo-terminal: each
// command is offered at the prompt with its narration above it, Enter runs
// it, Ctrl-C sets it aside for a command of one's own, an edited command
// runs as edited, and at the end the shell is the user's again.
func TestStepOnTerminal(t *testing.T) {
	state := t.TempDir()
	demo := filepath.Join(state, "demo.ss")
	script := `# First, the port of a service.
getservbyname ssh

# Then the other way round.
getservbyport 80
x = 41
`
	if err := os.WriteFile(demo, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startTermArgs(t, state, []string{"--step", demo})
	tm.expect("stepping through " + demo + ": 3 commands")
	tm.expect("# First, the port of a service.") // the comment, as written
	tm.expect("step 1/3> ")                      // where the demo is
	tm.expect("getservbyname ssh")               // offered, already typed
	tm.send("\r")
	if out := tm.expect("22\r\n"); strings.Contains(out, "Error") {
		t.Errorf("running the offered command: %q", out)
	}

	// The next command comes with its narration; Ctrl-C sets it aside and
	// a command of one's own runs in between.
	tm.expect("Then the other way round.")
	tm.expect("getservbyport 80")
	tm.send("\x03")
	tm.expect("set aside")
	tm.send("getservbyname domain\r")
	if out := tm.expect("53\r\n"); strings.Contains(out, "Error") || strings.Contains(out, "'http'") {
		t.Errorf("the typed command: %q", out)
	}
	// The script's command is offered again, and Enter runs it.
	tm.expect("getservbyport 80")
	tm.send("\r")
	tm.expect("'http'\r\n")

	// An offered command can be edited before Enter: x = 41 becomes x = 42.
	tm.expect("x = 41")
	tm.send("\x7f2\r")
	tm.expect("end of " + demo)
	tm.send("x\r")
	tm.expect("42\r\n")
	if n := strings.Count(tm.all(), "Then the other way round."); n != 1 {
		t.Errorf("the narration was shown %d times, want once", n)
	}

	tm.send("\x04")
	if status := tm.wait(); status != 0 {
		t.Errorf("status %d, want 0", status)
	}
}

// TestLessonOnTerminal starts the lesson, runs its first command, jumps to
// a section, and stops stepping with Ctrl-D (a second Ctrl-D leaves).
func TestLessonOnTerminal(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	tm.send("lesson\r")
	tm.expect("The lesson, in 8 parts")
	tm.expect("## Ports and services")
	tm.expect("getservbyname ssh")
	tm.send("\r")
	tm.expect("22\r\n")
	tm.expect("getservbyport 80")
	// A control command typed over the offered one is not the step: the
	// jump lands on the section's first command.
	tm.send("\x15lesson flow\r") // Ctrl-U clears the offered line
	tm.expect("## Getting the flow")
	tm.expect("server_socket = socket AF_INET SOCK_STREAM IPPROTO_IP")
	tm.send("\x03")
	tm.expect("set aside")
	tm.send("\x04")
	tm.expect("stopped the lesson, part 7 of 8")
	tm.send("\x04")
	if status := tm.wait(); status != 0 {
		t.Errorf("status %d, want 0", status)
	}
}

// TestRecordOnTerminal records a terminal session, typed commands and an
// offered one, and replays the record as a script: the same results, and
// success, since the failed command was written commented out.
func TestRecordOnTerminal(t *testing.T) {
	state := t.TempDir()
	rec := filepath.Join(state, "rec.ss")
	demo := filepath.Join(state, "demo.ss")
	if err := os.WriteFile(demo, []byte("# offered\ngetservbyport 22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, state)
	tm.expect(promptText)
	tm.send("record " + rec + "\r")
	tm.expect("recording to " + rec)
	tm.send("getservbyname ssh\r")
	tm.expect("22\r\n")
	tm.send("nosuch\r")
	tm.expect("NameError")
	tm.send("step " + demo + "\r")
	tm.expect("getservbyport 22")
	tm.send("\r")
	tm.expect("'ssh'\r\n")
	tm.send("x = 5; x\r")
	tm.expect("5\r\n")
	tm.send("record off\r")
	tm.expect("recorded 5 commands in " + rec) // the failed one too, commented out
	tm.send("\x04")
	if status := tm.wait(); status != 0 {
		t.Fatalf("status %d", status)
	}

	bin := sockshellBin(t)
	var stdout, stderr strings.Builder
	cmd := exec.Command(bin, rec)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Errorf("replay: %v; stderr %q", err, stderr.String())
	}
	if got, want := stdout.String(), "22\n'ssh'\n5\n"; got != want {
		data, _ := os.ReadFile(rec)
		t.Errorf("replay printed %q, want %q; the record:\n%s", got, want, data)
	}
	if data, _ := os.ReadFile(rec); !strings.Contains(string(data), "# offered\ngetservbyport 22\n") || !strings.Contains(string(data), "# failed: nosuch\n") {
		t.Errorf("the record lacks the narrated step or the failure:\n%s", data)
	}
}
