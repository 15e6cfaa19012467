package peercmd

import (
	"bytes"
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sockshell/commands"
	"sockshell/commands/shelltest"
	"sockshell/commands/value"
	"sockshell/internal/layout"
	"sockshell/netinfo/loadgen"
	"sockshell/netinfo/peers"
)

// newPeerTestSession is a session for a test whose blocking calls are
// bounded by 10 seconds, and its messages.
func newPeerTestSession(t *testing.T) (*commands.Session, *bytes.Buffer) {
	t.Helper()
	s, _, errw := shelltest.New(t, commands.Options{Timeout: 10 * time.Second})
	return s, errw
}

// serverAttr is a variable's attribute, as a Go string ("" for None).
func serverAttr(t *testing.T, s *commands.Session, name, field string) string {
	t.Helper()
	a := serverAttrOf(t, s, name, field)
	if a == value.None {
		return ""
	}
	return value.StrOf(a)
}

// The session's own CA file: made once, under $TMPDIR, in a directory of
// its own (0700) with the certificate readable (0644), shared by every TLS
// server started without ca=, and removed when the session ends.
func TestSessionCAFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s, _ := newPeerTestSession(t)
	shelltest.Exec(t, s, "a = serve tls-echo 0", "b = serve https 0", "c = serve https 0 ca=mine.pem", "e = serve echo 0")
	path := serverAttr(t, s, "a", "cafile")
	if filepath.Dir(filepath.Dir(path)) != tmp || filepath.Base(path) != "ca.pem" {
		t.Fatalf("the session's CA file is %s, want TMPDIR/sockshell-*/ca.pem", path)
	}
	if got := serverAttr(t, s, "b", "cafile"); got != path {
		t.Errorf("a second TLS server's CA file is %s, want %s", got, path)
	}
	if got := serverAttr(t, s, "e", "cafile"); got != "" {
		t.Errorf("echo has a CA file: %s", got)
	}
	defer os.Remove("mine.pem")
	if got := serverAttr(t, s, "c", "cafile"); got != "mine.pem" {
		t.Errorf("ca=mine.pem gave %s", got)
	}
	for file, mode := range map[string]os.FileMode{path: 0o644, filepath.Dir(path): 0o700 | os.ModeDir, "mine.pem": 0o644} {
		fi, err := os.Stat(file)
		if err != nil || fi.Mode() != mode {
			t.Errorf("%s: %v, %v; want mode %v", file, fi.Mode(), err, mode)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil || !peers.IsAuthorityCert(data) {
		t.Fatalf("%s does not hold the CA certificate (%v)", path, err)
	}
	if mine, _ := os.ReadFile("mine.pem"); !bytes.Equal(mine, data) {
		t.Error("mine.pem is not the same CA certificate")
	}
	s.Close()
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("the session's CA directory is still there after the session: %v", err)
	}
	if _, err := os.Stat("mine.pem"); err != nil {
		t.Errorf("the file the user named went with the session: %v", err)
	}
}

// ca=FILE writes where nothing is, replaces an earlier session's CA, and
// leaves anything else alone with one clear error.
func TestCAFileRules(t *testing.T) {
	old, err := peers.NewAuthority()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		setup func(path string) error
		class *value.Class // nil: written
		kept  bool         // the file must be unchanged
	}{
		{"absent", func(string) error { return nil }, nil, false},
		{"an earlier session's CA", func(p string) error { return os.WriteFile(p, old.CertPEM(), 0o644) }, nil, false},
		{"a file of the user's", func(p string) error { return os.WriteFile(p, []byte("my notes\n"), 0o644) }, value.FileExistsError, true},
		{"an empty file", func(p string) error { return os.WriteFile(p, nil, 0o644) }, value.FileExistsError, true},
		{"a symbolic link to a CA", func(p string) error {
			os.WriteFile(p+".real", old.CertPEM(), 0o644)
			return os.Symlink(filepath.Base(p)+".real", p)
		}, value.FileExistsError, true},
		{"a directory", func(p string) error { return os.Mkdir(p, 0o755) }, value.IsADirectoryError, true},
		{"in a missing directory", func(p string) error { return os.Remove(filepath.Dir(p)) }, value.FileNotFoundError, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ca.pem")
			if err := tc.setup(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.Lstat(path)
			beforeData, _ := os.ReadFile(path)
			s, _ := newPeerTestSession(t)
			err := s.Run(context.Background(), "h = serve https 0 ca='"+path+"'")
			if tc.class == nil {
				if err != nil {
					t.Fatalf("serve: %v", err)
				}
				a, _ := Authority(s)
				if data, _ := os.ReadFile(path); !bytes.Equal(data, a.CertPEM()) {
					t.Error("the file does not hold this session's CA")
				}
				// Naming it again is fine: it holds this CA already.
				shelltest.Exec(t, s, "h2 = serve tls-echo 0 ca='"+path+"'")
				return
			}
			e := commands.AsException(err)
			if err == nil || !e.Class.IsSubclass(tc.class) {
				t.Fatalf("serve: %v; want %s", err, tc.class.Name)
			}
			if n := len(sessionPeers(s).group.Servers()); n != 0 {
				t.Errorf("%d servers started after the error", n)
			}
			after, _ := os.Lstat(path)
			afterData, _ := os.ReadFile(path)
			if tc.kept && (before == nil) != (after == nil) || before != nil && (before.Mode() != after.Mode() || !bytes.Equal(beforeData, afterData)) {
				t.Errorf("the file was changed")
			}
		})
	}
}

func TestFitData(t *testing.T) {
	long := bytes.Repeat([]byte("x"), 200)
	for _, tc := range []struct {
		head string
		data []byte
		n    int
		tail string
		want string
	}{
		{"[echo 1] a received 5 bytes: ", []byte("hello"), 5, "", "[echo 1] a received 5 bytes: b'hello'"},
		// More bytes than the event carries: "..." even when it fits.
		{"h: ", []byte("hello"), 500, "", "h: b'hello'..."},
		{"h: ", long, 200, "", "h: b'" + strings.Repeat("x", 71) + "'..."},
		{"h: ", long, 200, " (to 2 clients)", "h: b'" + strings.Repeat("x", 56) + "'... (to 2 clients)"},
		// Escapes are never cut in the middle.
		{"h: ", bytes.Repeat([]byte{0x1b}, 50), 50, "", "h: b'" + strings.Repeat(`\x1b`, 17) + "'..."},
		// However long the head, a few bytes show.
		{strings.Repeat("h", 90), []byte("hello"), 5, "", strings.Repeat("h", 90) + "b'hell'..."},
	} {
		got := fitData(tc.head, tc.data, tc.n, tc.tail)
		if got != tc.want {
			t.Errorf("fitData(%q, %d bytes of %d, %q) =\n%s\nwant\n%s", tc.head, len(tc.data), tc.n, tc.tail, got, tc.want)
		}
		if len(tc.head) < 60 && len(got) > layout.LineWidth {
			t.Errorf("%q is %d columns", got, len(got))
		}
	}
}

// The misbehaving options hold under load through the shell's own serve
// and proxy: 1000 clients at once, through a relay that splits and
// delays, to an echo server that splits too; no byte is lost or
// reordered, and the counters agree. (netinfo/peers has the load tests
// of every option on a server alone.)
func TestServeAndProxyUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	const clients, size = 1000, 512
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err == nil && rl.Cur < 5*clients {
		t.Skipf("needs about %d fds, the limit is %d", 5*clients, rl.Cur)
	}
	s, _ := newPeerTestSession(t)
	shelltest.Exec(t, s, "e = serve echo 0 split=100", "p = proxy 0 127.0.0.1 $e.port split=7 delay=0.001")
	port, _ := value.IntOf(serverAttrOf(t, s, "p", "port"))
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		Addr:    netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(port)),
		Clients: clients,
		Size:    size,
		Timeout: 60 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed() || res.Connected != clients {
		for _, o := range loadgen.Outcomes() {
			if e := res.Sample(o); e != nil {
				t.Errorf("%v: %d, e.g. %v", o, res.Count(o), e)
			}
		}
		t.Fatalf("%d of %d clients failed", res.Failed(), clients)
	}
	want := int64(clients * size)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var p, e peers.Stats
		for _, srv := range sessionPeers(s).group.Servers() {
			if srv.Kind == peers.Proxy {
				p = srv.Stats()
			} else {
				e = srv.Stats()
			}
		}
		ok := p.In == want && p.Out == want && p.ToTarget == want && p.FromTarget == want && e.In == want && e.Out == want && p.Open == 0 && e.Open == 0
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("counters: relay %+v, echo %+v; want %d bytes each way, nothing open", p, e, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// serverAttrOf is a variable's attribute.
func serverAttrOf(t *testing.T, s *commands.Session, name, field string) value.Value {
	t.Helper()
	v, ok := s.Var(name)
	if !ok {
		t.Fatalf("no variable %s", name)
	}
	a, ok := v.(value.Attributer).Attr(field)
	if !ok {
		t.Fatalf("%s has no %s", name, field)
	}
	return a
}
