package commands

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzDispatch runs every command of the table with arbitrary argument
// lists: too few and too many, each argument a word, a quoted str or bytes,
// a number, None, a tuple, a list, a variable or a constant, against a
// session holding sockets in every state (listening, connected, accepted,
// UDP, Unix, fresh, non-blocking, closed). Whatever the arguments, the
// command must end in a Python-style error or a result, never in a panic
// (Exec turns one into an InternalError, which fails here); what it prints
// must be safe to show; the session must still work afterwards; and closing
// it must leave no fd behind.
//
// Host names and file names are drawn from a fixed, safe set rather than
// from the fuzzer: a fuzzed host name would become a DNS query to the
// outside world, and a fuzzed path a file anywhere on the machine.
func FuzzDispatch(f *testing.F) {
	names := Names()
	for i := range names {
		f.Add(uint8(i), []byte{}, "", int64(0))
		f.Add(uint8(i), []byte{0, 1}, "ssh", int64(80))
		f.Add(uint8(i), []byte{0, 2, 3}, "x\x00\x1b[2J\xff", int64(-1))
		f.Add(uint8(i), []byte{5, 6, 7, 8, 9}, "AF_INET", int64(1<<40))
		f.Add(uint8(i), []byte{0, 10, 11, 12, 13, 14, 4}, "SOL_SOCKET", int64(4096))
	}
	// Files the commands make (a Unix socket's path, a record) go here.
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, cmdIndex uint8, shape []byte, text string, n int64) {
		cmd, _ := Lookup(names[int(cmdIndex)%len(names)])
		fds := openFDs(t)
		s, out, errb := fuzzSession(t)
		args := fuzzArgs(cmd, shape, text, n, dir)

		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		start := time.Now()
		err := s.Exec(ctx, Stmt{X: &CallExpr{Name: cmd.Name, Args: args}, Src: cmd.Name})
		cancel()
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("%s %v took %v: a command must end soon after its deadline (20ms)", cmd.Name, describeArgs(args), d)
		}
		var ctl *ControlRequest
		switch {
		case err == nil, IsExit(err), errors.As(err, &ctl):
		default:
			e := AsPyError(err)
			if e.Type == "InternalError" {
				t.Fatalf("%s %v: %v", cmd.Name, describeArgs(args), e)
			}
			checkShowable(t, "error", e.Error())
			checkShowable(t, "hint", e.Hint)
		}
		s.Flush()
		for _, line := range strings.Split(out.String()+errb.String(), "\n") {
			checkShowable(t, "output", line)
		}
		// The session goes on.
		out.Reset()
		st, perr := Parse("getservbyname ssh")
		if perr != nil {
			t.Fatal(perr)
		}
		if err := s.Exec(context.Background(), st[0]); err != nil {
			t.Fatalf("after %s %v the session fails: %v", cmd.Name, describeArgs(args), err)
		}
		s.Flush()
		if out.String() != "22\n" {
			t.Fatalf("after %s %v, getservbyname ssh printed %q", cmd.Name, describeArgs(args), out.String())
		}
		s.Close()
		if after := openFDs(t); after > fds {
			t.Fatalf("%s %v left %d fds open", cmd.Name, describeArgs(args), after-fds)
		}
	})
}

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
		st, err := Parse(line)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if err := s.Exec(context.Background(), st[0]); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	s.Flush()
	return s, &out, &errb
}

// fuzzArgs builds an argument list for cmd: one argument per byte of
// shape, at most two more than the command takes.
func fuzzArgs(cmd *Command, shape []byte, text string, n int64, dir string) []Expr {
	limit := len(cmd.Params) + 2
	if len(shape) > limit {
		shape = shape[:limit]
	}
	args := make([]Expr, 0, len(shape))
	for i, b := range shape {
		var p Param
		if i < len(cmd.Params) {
			p = cmd.Params[i]
		}
		args = append(args, fuzzArg(cmd, p, b, text, n, dir))
	}
	return args
}

// hostPalette holds the only host names the fuzzer may use: numeric
// loopback addresses and names /etc/hosts answers, so that no lookup
// leaves the machine.
var hostPalette = []Value{Str("127.0.0.1"), Str("localhost"), Str(""), None, Str("::1")}

// reverseSafe is the palette for reverse lookups, which only /etc/hosts
// may answer (::1 is not in it on every machine).
var reverseSafe = []Value{Str("127.0.0.1"), Str("localhost")}

func fuzzArg(cmd *Command, p Param, b byte, text string, n int64, dir string) Expr {
	hostLike := p.Kind == KindHost || p.Name == "ADDRESS" || p.Name == "HOST" || p.Name == "IP"
	if hostLike {
		palette := hostPalette
		if cmd.Name == "gethostbyaddr" || cmd.Name == "getnameinfo" {
			palette = reverseSafe
		}
		host := palette[int(b)%len(palette)]
		if b%7 == 6 && palette[0] == hostPalette[0] {
			host = Str(filepath.Join(dir, "fuzz.sock")) // for the Unix socket
		}
		switch b % 3 {
		case 0:
			return &Lit{V: host}
		case 1:
			return &TupleExpr{Elems: []Expr{&Lit{V: host}, &Lit{V: Int(n)}}}
		}
		return &VarRef{Path: "address"}
	}
	if p.Name == "FILE" {
		// A plain name in the test's directory, whatever the text.
		return &Lit{V: Str(filepath.Join(dir, "f"+strings.Map(func(r rune) rune {
			if r == '/' || r == 0 {
				return '_'
			}
			return r
		}, text)))}
	}
	switch b % 16 {
	case 0:
		return &Word{Text: text}
	case 1:
		return &Lit{V: Int(n)}
	case 2:
		return &Lit{V: Str(text)}
	case 3:
		return &Lit{V: Bytes(text)}
	case 4:
		return &Word{Text: []string{"server", "client", "conn", "udp", "usock", "fresh", "nb", "closed", "msg", "n"}[int(uint64(n)%10)]}
	case 5:
		return &Lit{V: Float(float64(n) / 7)}
	case 6:
		return &Lit{V: None}
	case 7:
		return &Lit{V: Bool(n%2 == 0)}
	case 8:
		return &Lit{V: Float(math.Inf(int(n%3) - 1))}
	case 9:
		return &TupleExpr{Elems: []Expr{&Lit{V: Str(text)}, &Lit{V: Int(n)}}}
	case 10:
		return &Lit{V: List{Int(n), Str(text)}}
	case 11:
		return &VarRef{Path: []string{"server", "address", "server.family", "addr", "conn.laddr", "nope"}[int(uint64(n)%6)]}
	case 12:
		return &Word{Text: []string{"AF_INET", "AF_INET6", "AF_UNIX", "SOCK_DGRAM", "SOL_SOCKET", "SO_REUSEADDR", "SO_LINGER", "IPPROTO_TCP", "TCP_NODELAY", "SHUT_WR", "MSG_PEEK", "AI_CANONNAME"}[int(uint64(n)%12)]}
	case 13:
		return &Lit{V: Int(n % 1024)}
	case 14:
		return &Lit{V: Dict{Keys: []Value{Str(text)}, Vals: []Value{Int(n)}}}
	}
	return &TupleExpr{}
}

// describeArgs shows an argument list in a failure message.
func describeArgs(args []Expr) []string {
	var out []string
	for _, a := range args {
		switch a := a.(type) {
		case *Word:
			out = append(out, "word "+ShowLine(a.Text))
		case *Lit:
			out = append(out, a.V.Repr())
		case *VarRef:
			out = append(out, "$"+a.Path)
		case *TupleExpr:
			out = append(out, "tuple")
		}
	}
	return out
}
