package commands

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The benchmarks below cover the shell's per-command path (parse, run,
// print) so that a regression in it shows in `go test -bench`; bench/
// measures the whole program against Python.

// benchLines are lines as a student types them, in both syntaxes.
var benchLines = map[string]string{
	"shell":        "sendall client b'message 4999'",
	"shell-tuple":  "connect client ('127.0.0.1', 50000)",
	"shell-assign": "conn, addr = accept server",
	"python":       "client.sendall(b'message 4999')",
	"python-call":  "socket.getaddrinfo('localhost', 80, socket.AF_INET, socket.SOCK_STREAM)",
}

// BenchmarkParse is the lexer and parser on one line, its nodes released
// for the next as the shell releases them.
func BenchmarkParse(b *testing.B) {
	for name, line := range benchLines {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				stmts, err := Parse(line)
				if err != nil {
					b.Fatal(err)
				}
				Release(stmts) // as the shell does once they have run
			}
		})
	}
}

// BenchmarkRepr is the value printer: bytes as recv returns them (plain
// text, and binary data that needs escapes), a str, and an address tuple
// pretty-printed as the shell shows a result.
func BenchmarkRepr(b *testing.B) {
	binary := make([]byte, 256)
	for i := range binary {
		binary[i] = byte(i)
	}
	values := map[string]Value{
		"bytes-text":   Bytes("message 4999"),
		"bytes-binary": Bytes(binary),
		"str":          Str("héllo, it's \"quoted\"\n"),
		"tuple":        Tuple{Str("127.0.0.1"), Int(50000)},
		"long-list": List(func() []Value {
			l := make([]Value, 40)
			for i := range l {
				l[i] = Tuple{Str("127.0.0.1"), Int(i)}
			}
			return l
		}()),
	}
	for name, v := range values {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Pretty(v)
			}
		})
	}
}

// BenchmarkSessionLine is a whole command as the shell runs it: parse the
// line, run the command, print the result into the output buffer. The
// pair is `sendall client b'message N'` and `recv conn 4096` on a loopback
// connection; netinfo's BenchmarkSyscallsAlone is the same two system
// calls alone, so the difference is the shell's own cost per pair.
func BenchmarkSessionLine(b *testing.B) {
	s := NewSession(io.Discard, io.Discard, Options{Timeout: 5 * time.Second})
	defer s.Close()
	ctx := context.Background()
	run := func(line string) {
		stmts, err := Parse(line)
		if err != nil {
			b.Fatal(err)
		}
		for _, st := range stmts {
			if err := s.Exec(ctx, st); err != nil {
				b.Fatalf("%s: %v", line, err)
			}
		}
		Release(stmts) // as the shell does once they have run
	}
	for _, line := range []string{
		"server = socket", "bind server 127.0.0.1 0", "listen server",
		"address = getsockname server", "client = socket",
		"connect client $address", "conn, addr = accept server",
	} {
		run(line)
	}
	sends := make([]string, 5000)
	for i := range sends {
		sends[i] = "sendall client b'message " + strconv.Itoa(i) + "'"
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		run(sends[i%len(sends)])
		run("recv conn 4096")
	}
}

// BenchmarkDispatch is the dispatcher alone on a command that makes no
// system call: a socket argument looked up and checked, the handler, the
// printed result.
func BenchmarkDispatch(b *testing.B) {
	s := NewSession(io.Discard, io.Discard, Options{})
	defer s.Close()
	if st, err := Parse("s = socket"); err != nil || s.Exec(context.Background(), st[0]) != nil {
		b.Fatal("socket", err)
	}
	stmts, err := Parse("gettimeout s")
	if err != nil {
		b.Fatal(err)
	}
	if strings.Contains(stmts[0].Src, ";") {
		b.Fatal("one statement expected")
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Exec(ctx, stmts[0]); err != nil {
			b.Fatal(err)
		}
	}
}
