package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/sys/unix"

	"sockshell/commands"
	"sockshell/commands/value"
)

// TestMain lets the test binary act as the sockshell command inside
// testscript transcripts (and for the docs and terminal tests, which find it
// on $PATH), so they all drive the real program.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sockshell": func() {
			if os.Getenv("SOCKSHELL_TEST_HOOKS") != "" {
				addTestHooks()
			}
			os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// addTestHooks adds commands that exist only in the test binary, and only
// when SOCKSHELL_TEST_HOOKS is set: `__panic` is a handler with a bug, to
// show that the session reports it as an internal error and goes on.
func addTestHooks() {
	commands.RegisterHidden(&commands.Command{
		Name:    "__panic",
		Params:  []commands.Param{{Name: "WHY", Kind: commands.KindText, Optional: true}},
		Summary: "panic, as a handler with a bug would",
		Run: func(c *commands.Call) (value.Value, error) {
			var m map[string]int
			m["boom"]++ // a nil map write: a real runtime panic
			return nil, nil
		},
	})
}

// TestScripts runs the end-to-end transcripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *updateScripts,
		Condition:     scriptCondition,
		Setup: func(env *testscript.Env) error {
			env.Setenv("XDG_STATE_HOME", env.WorkDir+"/state")
			env.Setenv("NO_COLOR", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"hostile":   cmdHostile,
			"nocontrol": cmdNoControl,
			"listening": cmdListening,
			"tlspeers":  cmdTLSPeers, // tls_test.go
			"expand":    cmdExpand,
			"freeport":  cmdFreePort,
		},
	})
}

// scriptCondition answers the transcripts' own conditions: [ipv6] holds when
// the kernel can bind a socket to ::1, [root] when the tests run as root.
func scriptCondition(cond string) (bool, error) {
	switch cond {
	case "root":
		return os.Geteuid() == 0, nil
	case "ipv6":
		fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return false, nil
		}
		defer unix.Close(fd)
		return unix.Bind(fd, &unix.SockaddrInet6{Addr: [16]byte{15: 1}}) == nil, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// cmdListening waits until a TCP socket listens on PORT (as the kernel's
// /proc/net/tcp and tcp6 show), so that a transcript can start a client only
// once a background server is ready, without connecting to it (which would
// take its accept) and without guessing a sleep: listening PORT.
func cmdListening(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: listening PORT")
	}
	port, err := strconv.ParseUint(args[0], 10, 16)
	if err != nil {
		ts.Fatalf("listening: bad port %q", args[0])
	}
	// Generous: on a machine loaded by other work (fuzzing, say), a
	// background shell once took more than 10 s to reach its listen.
	if !waitListening(int(port), 30*time.Second) {
		ts.Fatalf("nothing listens on port %d after 30s", port)
	}
}

// waitListening reports whether a TCP socket listens on port before the
// wait passes, from the kernel's /proc/net/tcp and tcp6.
func waitListening(port int, wait time.Duration) bool {
	suffix := fmt.Sprintf(":%04X", port)
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, name := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
			data, _ := os.ReadFile(name)
			for _, line := range strings.Split(string(data), "\n") {
				f := strings.Fields(line)
				if len(f) > 3 && strings.HasSuffix(f[1], suffix) && f[3] == "0A" {
					return true
				}
			}
		}
	}
	return false
}

// sockshellBin is the path of the program under test: the test binary,
// which TestMain (through testscript.Main) put on $PATH as sockshell.
func sockshellBin(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("sockshell")
	if err != nil {
		t.Fatalf("sockshell is not on $PATH: %v", err)
	}
	return bin
}

// hostileLines are lines no one should be able to crash or confuse the shell
// with: each must give one clear error (or a result) and the session goes on.
var hostileLines = []string{
	"foo\x00bar",                // NUL
	"getservbyname \x1b[31mssh", // an escape sequence outside quotes
	"\x07",                      // a bare control byte
	"x = '\xff'",                // invalid UTF-8
	"getservbyname 'ssh",        // unbalanced quote
	`x = 'bad \q'`,              // bad escape
	`x = b'\u0041'`,             // \u in bytes
	strings.Repeat("y", 1<<20),  // a 1 MB word
	"x = '" + strings.Repeat("z", 1<<20) + "'", // a 1 MB literal: fine
	"x = 'ok\x1b[2J'",                          // control bytes inside quotes: kept
	"x",                                        // and shown escaped
	"\x7f",                                     // DEL
	"y = (1, 2",                                // unbalanced parenthesis
	"\u202e",                                   // a right-to-left override
	"x = 'still here'",
	"x",
}

// cmdHostile writes the hostile lines to a file: hostile FILE.
func cmdHostile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: hostile FILE")
	}
	data := strings.Join(hostileLines, "\n") + "\n"
	if err := os.WriteFile(ts.MkAbs(args[0]), []byte(data), 0o644); err != nil {
		ts.Fatalf("%v", err)
	}
}

// cmdNoControl fails when a file holds a byte that could drive a terminal:
// a control byte other than newline and tab, or DEL: nocontrol FILE...
func cmdNoControl(ts *testscript.TestScript, neg bool, args []string) {
	for _, name := range args {
		data := []byte(ts.ReadFile(name))
		bad := bytes.IndexFunc(data, func(r rune) bool {
			return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0xfffd
		})
		if neg != (bad < 0) {
			continue
		}
		if neg {
			ts.Fatalf("%s holds no control byte", name)
		}
		ts.Fatalf("%s holds a control byte at %d: %s", name, bad, fmt.Sprintf("%q", data[max(0, bad-20):min(len(data), bad+20)]))
	}
}

// updateScripts rewrites the files a transcript compares with (cmp) from
// what sockshell prints: review the diff before committing it.
var updateScripts = flag.Bool("update-scripts", false, "rewrite the transcripts' expected files from what sockshell prints")
