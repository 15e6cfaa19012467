package repl

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"sockshell/commands"
)

// BenchmarkRunScript is the piped session of bench/vspython run through
// RunScript as main runs it: the script's reader, the per-line checks,
// parse, dispatch, the system calls and the printed results. One op is one
// command (half of them sendall, half recv on loopback, after the few that
// connect the two sockets); with netinfo's BenchmarkSyscallsAlone (a
// pair's system calls alone) it shows the shell's own cost per command in
// a script.
func BenchmarkRunScript(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("server = socket\nbind server 127.0.0.1 0\nlisten server\naddress = getsockname server\n")
	sb.WriteString("client = socket\nconnect client $address\nconn, addr = accept server\n")
	for i := range (b.N + 1) / 2 {
		fmt.Fprintf(&sb, "sendall client b'message %d'\nrecv conn 4096\n", i)
	}
	sess := commands.NewSession(io.Discard, io.Discard, commands.Options{Timeout: 5 * time.Second})
	defer sess.Close()
	b.ReportAllocs()
	b.ResetTimer()
	if status := RunScript(sess, strings.NewReader(sb.String()), Config{Source: "<bench>", Stderr: io.Discard}, false); status != ExitOK {
		b.Fatalf("exit status %d", status)
	}
}
