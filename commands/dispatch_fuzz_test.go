package commands

import (
	"context"

	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"sockshell/commands/value"
)

// FuzzDispatch runs every command of the table with arbitrary argument
// lists, in the shell form or the Python form: too few and too many, each
// argument a word, a quoted str or bytes, a number, None, a tuple, a list,
// a dict, a variable or a constant, against a session holding sockets in
// every state (listening, connected, accepted, UDP, Unix, fresh,
// non-blocking, closed). Whatever the line, it must end in a Python-style
// error or a result, never in a panic (Exec turns one into an
// InternalError, which fails here); what it prints must be safe to show;
// the session must still work afterwards; and closing it must leave no fd
// and no goroutine behind.
//
// Host names and file names come from a fixed, safe set rather than from
// the fuzzer: a fuzzed host name would become a DNS query to the outside
// world, and a fuzzed path a file anywhere on the machine.
func FuzzDispatch(f *testing.F) {
	names := Names()
	for i := range names {
		f.Add(uint8(i), []byte{}, "", int64(0))
		f.Add(uint8(i), []byte{0, 1}, "ssh", int64(80))
		f.Add(uint8(i), []byte{0x80, 2, 3}, "x\x00\x1b[2J\xff", int64(-1))
		f.Add(uint8(i), []byte{5, 6, 7, 8, 9}, "AF_INET", int64(1<<40))
		f.Add(uint8(i), []byte{0x80, 10, 11, 12, 13, 14, 4}, "SOL_SOCKET", int64(4096))
	}
	dir := f.TempDir() // files the commands make (a Unix socket's path, a record)
	f.Fuzz(func(t *testing.T, cmdIndex uint8, shape []byte, text string, n int64) {
		cmd, _ := Lookup(names[int(cmdIndex)%len(names)])
		fds := openFDs(t)
		goroutines := runtime.NumGoroutine()
		s, out, errb := fuzzSession(t)
		line := fuzzLine(cmd, shape, text, n, dir)

		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		start := time.Now()
		tops, err := s.Parse(line, 1)
		if err == nil {
			for _, top := range tops {
				if err = s.Exec(ctx, top); err != nil {
					break
				}
			}
		}
		cancel()
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("%s took %v: a command must end soon after its deadline (20ms)", line, d)
		}
		if err != nil && !IsExit(err) {
			e := AsException(err)
			if e.Class == value.InternalError {
				t.Fatalf("%s: %v", value.ShowLine(line), e)
			}
			showable(t, "error", e.Error())
			showable(t, "hint", e.Hint)
		}
		s.Flush()
		for _, l := range strings.Split(out.String()+errb.String(), "\n") {
			showable(t, "output", l)
		}
		// The session goes on.
		out.Reset()
		if got := run(s, "hexdump b'ssh'"); got != "" {
			t.Fatalf("after %s the session fails: %s", value.ShowLine(line), got)
		}
		s.Flush()
		if out.String() != sshDump {
			t.Fatalf("after %s, hexdump b'ssh' printed %q", value.ShowLine(line), out.String())
		}
		s.Close()
		if after := openFDs(t); after > fds {
			t.Fatalf("%s left %d fds open", value.ShowLine(line), after-fds)
		}
		for deadline := time.Now().Add(2 * time.Second); runtime.NumGoroutine() > goroutines; {
			if time.Now().After(deadline) {
				t.Fatalf("%s left %d goroutines running", value.ShowLine(line), runtime.NumGoroutine()-goroutines)
			}
			time.Sleep(time.Millisecond)
		}
	})
}

// sshDump is what hexdump b'ssh' prints: the check that a session still
// runs commands after a fault or a fuzzed line.
const sshDump = "00000000  73 73 68                                          |ssh|\n00000003\n"

// fuzzSession is a session whose variables hold a socket in every state.
func fuzzSession(t *testing.T) (*Session, *strings.Builder, *strings.Builder) {
	t.Helper()
	var out, errb strings.Builder
	s := NewSession(&out, &errb, Options{Timeout: 20 * time.Millisecond})
	for _, line := range []string{
		"server = socket", "bind server 127.0.0.1 0", "listen server 1",
		"address = getsockname server",
		"client = socket", "connect client $address",
		"conn, addr = accept server",
		"udp = socket AF_INET SOCK_DGRAM", "bind udp 127.0.0.1 0",
		"usock = socket AF_UNIX",
		"fresh = socket AF_INET6",
		"nb = socket", "setblocking nb False",
		"closed = socket", "close closed",
		"msg = b'hello'", "n = 3",
	} {
		if got := run(s, line); got != "" {
			s.Close()
			t.Fatalf("%s: %s", line, got)
		}
	}
	s.Flush()
	return s, &out, &errb
}

// fuzzLine writes a statement calling cmd with one argument per byte of
// shape (at most two more than the command takes): the shell form, or the
// Python form when the first byte's high bit is set.
func fuzzLine(cmd *Command, shape []byte, text string, n int64, dir string) string {
	python := len(shape) > 0 && shape[0]&0x80 != 0
	limit := len(cmd.Params) + 2
	if len(shape) > limit {
		shape = shape[:limit]
	}
	var args []string
	for i, b := range shape {
		var p Param
		if i < len(cmd.Params) {
			p = cmd.Params[i]
		}
		args = append(args, fuzzArg(cmd, p, b&0x7f, text, n, dir, python))
	}
	if !python {
		return strings.Join(append([]string{cmd.Name}, args...), " ")
	}
	fn := cmd.Name
	switch {
	case cmd.Py != nil && cmd.Py.Method:
		fn = "conn." + cmd.pyName()
		if len(args) > 0 {
			fn, args = fuzzSocketVar(n)+"."+cmd.pyName(), args[1:]
		}
	case cmd.Py != nil:
		fn = "socket." + cmd.pyName()
	}
	return fn + "(" + strings.Join(args, ", ") + ")"
}

var fuzzVars = []string{"server", "client", "conn", "udp", "usock", "fresh", "nb", "closed", "msg", "n"}

func fuzzSocketVar(n int64) string { return fuzzVars[int(uint64(n)%8)] }

// hostPalette holds the only hosts the fuzzer may use: numeric loopback
// addresses and names /etc/hosts answers, so that no lookup leaves the
// machine; reverseSafe, for reverse lookups, only what /etc/hosts holds.
var (
	hostPalette = []string{"'127.0.0.1'", "'localhost'", "None", "'::1'", "127.0.0.1"}
	reverseSafe = []string{"'127.0.0.1'", "'localhost'"}
)

func fuzzArg(cmd *Command, p Param, b byte, text string, n int64, dir string, python bool) string {
	quoted := value.Quote(text, false)
	num := strconv.FormatInt(n, 10)
	if p.Kind == KindHost || p.Name == "ADDRESS" || p.Name == "HOST" || p.Name == "IP" {
		palette := hostPalette
		if cmd.Name == "gethostbyaddr" || cmd.Name == "getnameinfo" {
			palette = reverseSafe
		}
		host := palette[int(b)%len(palette)]
		if b%7 == 6 && cmd.Name != "gethostbyaddr" && cmd.Name != "getnameinfo" {
			host = value.Quote(filepath.Join(dir, "fuzz.sock"), false) // for the Unix socket
		}
		switch b % 3 {
		case 0:
			return host
		case 1:
			return "(" + host + ", " + num + ")"
		}
		return "$address"
	}
	if p.Name == "FILE" {
		// A plain name in the test's directory, whatever the text.
		return value.Quote(filepath.Join(dir, "f"+strings.Map(func(r rune) rune {
			if r == '/' || r == 0 || !utf8.ValidRune(r) {
				return '_'
			}
			return r
		}, strings.ToValidUTF8(text, "_"))), false)
	}
	switch b % 16 {
	case 0:
		if !python && text != "" && !strings.ContainsAny(text, " \t\n\r;#'\"()[]{},=$\\") {
			return text // a bare word
		}
		return quoted
	case 1:
		return num
	case 2:
		return quoted
	case 3:
		return value.Quote(text, true)
	case 4:
		return fuzzVars[int(uint64(n)%10)]
	case 5:
		return strconv.FormatFloat(float64(n)/7, 'g', -1, 64)
	case 6:
		return "None"
	case 7:
		return []string{"True", "False"}[n&1]
	case 8:
		return "-" + num
	case 9:
		return "(" + quoted + ", " + num + ")"
	case 10:
		return "[" + num + ", " + quoted + "]"
	case 11:
		v := []string{"server", "address", "server.family", "addr", "conn.laddr", "nope"}[int(uint64(n)%6)]
		if python {
			return v
		}
		return "$" + v
	case 12:
		return []string{"AF_INET", "AF_INET6", "AF_UNIX", "SOCK_DGRAM", "SOL_SOCKET", "SO_REUSEADDR", "SO_LINGER", "IPPROTO_TCP", "TCP_NODELAY", "SHUT_WR", "MSG_PEEK", "AI_CANONNAME"}[int(uint64(n)%12)]
	case 13:
		return strconv.FormatInt(n%1024, 10)
	case 14:
		return "{" + quoted + ": " + num + "}"
	}
	return "()"
}

// showable fails when s could act on a terminal: invalid UTF-8, or a
// character that is not printable other than a tab (the shell escapes
// everything else before it is shown).
func showable(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s %q is not valid UTF-8", what, s)
	}
	for _, r := range s {
		if r != '\t' && !value.IsPrintable(r) {
			t.Fatalf("%s %q holds %U", what, s, r)
		}
	}
}
