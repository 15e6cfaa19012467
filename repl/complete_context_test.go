package repl

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sockshell/commands"
)

// completeWords returns what Tab offers after line, as whole words.
func completeWords(t *testing.T, sess *commands.Session, line string) []string {
	t.Helper()
	c := &completer{sess: sess}
	out, n := c.Do([]rune(line), len([]rune(line)))
	word := string([]rune(line)[len([]rune(line))-n:])
	var got []string
	for _, o := range out {
		got = append(got, strings.TrimSuffix(word+string(o), " "))
	}
	return got
}

// TestCompleteContext checks that completion offers what fits where the
// cursor is: commands first, a parameter's own words after a command, a
// value's attributes after a dot.
func TestCompleteContext(t *testing.T) {
	sess := commands.NewSession(io.Discard, io.Discard, commands.Options{})
	defer sess.Close()
	for _, l := range []string{"s = socket", "server = socket", "port = 50000"} {
		tops, err := sess.Parse(l, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := sess.Exec(t.Context(), tops[0]); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	for _, f := range []string{"demo.ss", "dir/"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
		if !strings.HasSuffix(f, "/") {
			os.WriteFile(filepath.Join(dir, f), nil, 0o644)
		}
	}
	t.Chdir(dir)
	for _, c := range []struct {
		line string
		want []string // each must be offered
		not  []string // none of these may be
	}{
		{"serve e", []string{"echo"}, []string{"exit", "explain"}},
		{"lesson ser", []string{"server", "services"}, nil},
		{"getservbyn", []string{"getservbyname"}, nil},
		{"setsockopt s SOL_SOCKET SO_RE", []string{"SO_REUSEADDR", "SO_REUSEPORT"}, []string{"SOL_SOCKET"}},
		{"setsockopt s SOL_", []string{"SOL_SOCKET"}, []string{"SO_REUSEADDR"}},
		{"recv se", []string{"server"}, nil},
		{"recv ", []string{"s", "server"}, []string{"port"}},
		{"socket AF_IN", []string{"AF_INET", "AF_INET6"}, nil},
		{"step de", []string{"demo.ss"}, nil},
		{"step di", []string{"dir/"}, nil},
		{"socket.getse", []string{"getservbyname", "getservbyport"}, nil},
		{"socket.AF_", []string{"AF_INET"}, []string{"SOCK_STREAM"}},
		{"s.re", []string{"recv", "recvfrom"}, []string{"send"}},
		{"x = s.getsockn", []string{"getsockname"}, nil},
		{"help getse", []string{"getservbyname"}, nil},
		{"trace o", []string{"on", "off"}, nil},
		{"connect s $p", []string{"port"}, nil},
		// What a class types in front of a projector (issue 16).
		{"help cli", []string{"client"}, nil},
		{"help pe", []string{"peers"}, nil},
		{"help se", []string{"send", "sendall", "server", "session", "setup"}, nil},
		{"get_constants SO", []string{"SOCK_", "SOL_", "SO_"}, []string{"SOCK_STREAM"}},
		{"setsockopt s SOL_SOCKET SO_", []string{"SO_REUSEADDR", "SO_KEEPALIVE", "SO_RCVBUF"}, []string{"SOL_SOCKET", "TCP_NODELAY"}},
		{"setsockopt s IPPROTO_TCP TCP_", []string{"TCP_NODELAY"}, nil},
		{"step ", []string{"demo.ss", "dir/", "off", "skip"}, []string{"s"}},
		{"record ", []string{"demo.ss", "off"}, []string{"server"}},
		{"record demo.ss a", []string{"append"}, nil},
		{"lesson ", []string{"services", "client", "server", "homework"}, []string{"demo.ss"}},
		{"s.se", []string{"send", "sendall", "sendto", "setsockopt", "settimeout"}, []string{"recv"}},
		{"server.getsock", []string{"getsockname", "getsockopt"}, nil},
		{"socket.getaddr", []string{"getaddrinfo"}, nil},
		{"socket.SOCK_", []string{"SOCK_STREAM", "SOCK_DGRAM"}, []string{"AF_INET"}},
		{"x = socket.socket(socket.AF_INET, socket.SO", []string{"SOCK_STREAM", "SOCK_DGRAM"}, nil},
		{"serve ", []string{"echo", "http", "daytime", "discard", "chargen"}, []string{"s"}},
		{"serve e", []string{"echo"}, nil},
	} {
		got := completeWords(t, sess, c.line)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: %q not offered (got %q)", c.line, w, got)
			}
		}
		for _, w := range c.not {
			if slices.Contains(got, w) {
				t.Errorf("%q: %q offered", c.line, w)
			}
		}
	}
	// `serve e` offers echo alone: the command's own words, not the
	// commands (exit, explain).
	if got := completeWords(t, sess, "serve e"); !slices.Equal(got, []string{"echo"}) {
		t.Errorf("serve e: %q, want echo alone", got)
	}
	// Every socket argument offers the session's sockets, and only them.
	for _, cmd := range []string{"recv", "sendall", "close", "accept", "listen", "getsockname", "settimeout"} {
		c, ok := commands.Lookup(cmd)
		if !ok || len(c.Params) == 0 || c.Params[0].Kind != commands.KindSocket {
			continue
		}
		if got := completeWords(t, sess, cmd+" "); !slices.Equal(got, []string{"s", "server"}) {
			t.Errorf("%s: %q, want the sockets s and server", cmd, got)
		}
	}
	// Every FILE argument offers file names.
	for _, name := range commands.Names() {
		c, _ := commands.Lookup(name)
		for i, p := range c.Params {
			if !p.File {
				continue
			}
			line := name + strings.Repeat(" x", i) + " de"
			if got := completeWords(t, sess, line); !slices.Contains(got, "demo.ss") {
				t.Errorf("%q: %q, want demo.ss", line, got)
			}
		}
	}
}
