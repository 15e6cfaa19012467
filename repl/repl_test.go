package repl

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"sockshell/commands"
)

// complete runs the completer on line with the cursor at its end and
// returns the full words it offers.
func complete(t *testing.T, sess *commands.Session, line string) []string {
	t.Helper()
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
	sess := commands.NewSession(os.Stdout, os.Stderr, commands.Options{})
	defer sess.Close()
	for _, line := range []string{"server = 5", "serial = 'a'"} {
		stmts, _ := commands.Parse(line)
		if err := sess.Exec(t.Context(), stmts[0]); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		line string
		want string // space-separated; "" for none
	}{
		{"getservbyn", "getservbyname"},
		{"getservb", "getservbyname getservbyport"},
		{"ser", "serial server servers serve services"}, // commands and variables at the start
		{"x = getservbyn", "getservbyname"},             // a command after =
		{"a; getservbyn", "getservbyname"},              // and after ;
		{"socket AF_INET SOCK_DG", "SOCK_DGRAM"},
		{"socket AF_INET6 SOCK_STREAM IPPROTO_TC", "IPPROTO_TCP"},
		{"setsockopt s SOL_SOCKET SO_REUSEA", "SO_REUSEADDR"},
		{"send $ser", "serial server"}, // $: variables only
		{"close serv", "server servers serve services"},
		{"zzz", ""},
	}
	for _, tt := range tests {
		got := strings.Join(complete(t, sess, tt.line), " ")
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
	// A cursor out of range (a readline quirk) offers nothing and never panics.
	if out, _ := c.Do([]rune("abc"), 10); out != nil {
		t.Errorf("out-of-range cursor: %q", out)
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
	if ColorWanted("never", f) {
		t.Error("never paints")
	}
	c := NewColors(true, false)
	if got := c.Prompt.Sprint("p"); !strings.Contains(got, "\x1b[") {
		t.Errorf("prompt colour on: %q", got)
	}
	if got := c.Error.Sprint("e"); got != "e" {
		t.Errorf("error colour off: %q", got)
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

	if err := prepareHistory(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("new history: %v, mode %v", err, fi.Mode())
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
