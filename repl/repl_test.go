package repl

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"sockshell/commands"
	_ "sockshell/commands/peercmd" // serve and the others, which the lessons use
	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// asException is the exception an error shows as, nil for none.
func asException(err error) *value.Exception {
	if err == nil {
		return nil
	}
	return commands.AsException(err)
}

// syntaxUnit is a statement of several lines, as the prompt's reader
// gives it.
func syntaxUnit(text string) syntax.Unit {
	lines := strings.Split(text, "\n")
	return syntax.Unit{Lines: lines, Raw: lines, First: 1}
}

// newScriptSession is a session for a script, its results and its
// messages.
func newScriptSession(t *testing.T) (*commands.Session, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errw bytes.Buffer
	sess := commands.NewSession(&out, &errw, commands.Options{Timeout: 5 * time.Second})
	t.Cleanup(sess.Close)
	return sess, &out, &errw
}

// complete runs the completer on line with the cursor at its end and
// returns the full words it offers.
func complete(sess *commands.Session, line string) []string {
	c := &completer{sess: sess}
	out, n := c.Do([]rune(line), len([]rune(line)))
	word := string([]rune(line)[len([]rune(line))-n:])
	var words []string
	for _, o := range out {
		words = append(words, word+strings.TrimSuffix(string(o), " "))
	}
	sort.Strings(words)
	return words
}

func TestComplete(t *testing.T) {
	sess, _, _ := newScriptSession(t)
	if status := RunCommands(sess, "server = 5; serial = 'a'; sérum = 1; service_sock = socket", Config{Source: "-c", Stderr: os.Stderr}); status != ExitOK {
		t.Fatal("setup failed")
	}
	tests := []struct {
		line string
		want string // space-separated; "" for none
	}{
		{"getservbyn", "getservbyname"},
		{"getservb", "getservbyname getservbyport"},
		{"ser", "serial server servers serve service_sock services"}, // commands and variables at the start
		{"x = getservbyn", "getservbyname"},                          // a command after =
		{"a; getservbyn", "getservbyname"},                           // and after ;
		{"socket AF_INET SOCK_DG", "SOCK_DGRAM"},
		{"socket AF_INET6 SOCK_STREAM IPPROTO_TC", "IPPROTO_TCP"},
		{"setsockopt s SOL_SOCKET SO_REUSEA", "SO_REUSEADDR"},
		{"send $ser", "serial server service_sock"}, // $: variables only
		{"close serv", "service_sock"},              // a SOCKET: the sockets only
		{"sér", "sérum"},
		{"zzz", ""},
	}
	for _, tt := range tests {
		got := strings.Join(complete(sess, tt.line), " ")
		want := strings.Fields(tt.want)
		sort.Strings(want)
		if got != strings.Join(want, " ") {
			t.Errorf("complete(%q) = %q, want %q", tt.line, got, strings.Join(want, " "))
		}
	}
	// The cursor in the middle of a line completes the word before it.
	c := &completer{sess: sess}
	out, n := c.Do([]rune("getservbyn ssh"), len("getservbyn"))
	if n != len("getservbyn") || len(out) != 1 || string(out[0]) != "ame " {
		t.Errorf("mid-line completion = %q, %d", out, n)
	}
	// A cursor out of range (a readline quirk) offers nothing and never
	// panics.
	for _, pos := range []int{10, -1} {
		if out, _ := c.Do([]rune("abc"), pos); out != nil {
			t.Errorf("cursor %d: %q", pos, out)
		}
	}
}

func TestColorWanted(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Setenv("NO_COLOR", "")
	if ColorWanted("auto", f) {
		t.Error("auto paints a file")
	}
	if !ColorWanted("always", f) {
		t.Error("always does not paint a file")
	}
	t.Setenv("NO_COLOR", "1")
	if !ColorWanted("always", f) {
		t.Error("NO_COLOR overrides an explicit --color=always")
	}
	if ColorWanted("never", f) || ColorWanted("auto", f) {
		t.Error("never, or auto with NO_COLOR, paints")
	}
	c := NewColors(true, false)
	if got := c.Prompt.Sprint("p"); !strings.Contains(got, "\x1b[") {
		t.Errorf("prompt colour on: %q", got)
	}
	if got := c.Error.Sprint("e"); got != "e" {
		t.Errorf("error colour off: %q", got)
	}
	if got := NewColors(false, true).Hint.Sprint("h"); !strings.Contains(got, "\x1b[") {
		t.Errorf("hint colour on: %q", got)
	}
}

func TestHistoryFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	path := HistoryPath()
	if want := filepath.Join(dir, "sockshell", "history"); path != want {
		t.Fatalf("HistoryPath = %q, want %q", path, want)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", dir)
	if want := filepath.Join(dir, ".local", "state", "sockshell", "history"); HistoryPath() != want {
		t.Errorf("HistoryPath without XDG_STATE_HOME = %q, want %q", HistoryPath(), want)
	}

	old := umask(0)
	defer umask(old)
	if err := prepareHistory(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("new history: %v, mode %v", err, fi.Mode())
	}
	if di, _ := os.Stat(filepath.Dir(path)); di.Mode().Perm() != 0o700 {
		t.Errorf("history directory mode %v", di.Mode().Perm())
	}
	// An existing, too open history is tightened, and keeps its lines.
	os.Chmod(path, 0o644)
	os.WriteFile(path, []byte("getservbyname ssh\n"), 0o644)
	if err := prepareHistory(path); err != nil {
		t.Fatal(err)
	}
	fi, _ = os.Stat(path)
	data, _ := os.ReadFile(path)
	if fi.Mode().Perm() != 0o600 || string(data) != "getservbyname ssh\n" {
		t.Errorf("existing history: mode %v, %q", fi.Mode(), data)
	}
}
