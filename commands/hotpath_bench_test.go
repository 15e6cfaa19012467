package commands

import (
	"context"
	"io"
	"strconv"
	"testing"
	"time"

	"sockshell/commands/syntax"
)

// The benchmarks below cover the shell's per-command path (parse, run,
// print) so that a regression in it shows in `go test -bench`; bench/
// measures the whole program against Python. syntax and value have the
// parser's and the printer's own.

// BenchmarkSessionLine is a whole command as the shell runs it: parse the
// line (with the loop's Parser), run the command, print the result into
// the output buffer. The pair is `sendall client b'message N'` and `recv
// conn 4096` on a loopback connection; netinfo's BenchmarkSyscallsAlone
// is the same two system calls alone, so the difference is the shell's
// own cost per pair.
func BenchmarkSessionLine(b *testing.B) {
	s := NewSession(io.Discard, io.Discard, Options{Timeout: 5 * time.Second})
	defer s.Close()
	p := &syntax.Parser{Names: s}
	ctx := context.Background()
	run := func(line string) {
		tops, err := p.Parse(line, 1)
		if err != nil {
			b.Fatal(err)
		}
		for _, top := range tops {
			if err := s.Exec(ctx, top); err != nil {
				b.Fatalf("%s: %v", line, err)
			}
		}
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
	ctx := context.Background()
	if err := s.Run(ctx, "s = socket"); err != nil {
		b.Fatal(err)
	}
	tops, err := s.Parse("gettimeout s", 1)
	if err != nil || len(tops) != 1 {
		b.Fatal("one statement expected", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Exec(ctx, tops[0]); err != nil {
			b.Fatal(err)
		}
	}
}
