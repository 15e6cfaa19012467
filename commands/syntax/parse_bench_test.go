package syntax

import "testing"

// benchLines are lines as a student types them, in both syntaxes.
var benchLines = map[string]string{
	"shell":        "sendall client b'message 4999'",
	"shell-tuple":  "connect client ('127.0.0.1', 50000)",
	"shell-assign": "conn, addr = accept server",
	"python":       "client.sendall(b'message 4999')",
	"python-call":  "socket.getaddrinfo('localhost', 80, socket.AF_INET, socket.SOCK_STREAM)",
}

// BenchmarkParse is the lexer and parser on one line, read by a Parser
// as the shell's loop reads its lines, one after the other.
func BenchmarkParse(b *testing.B) {
	names := fixedNames{"sendall": true, "connect": true, "accept": true, "socket": true}
	for name, line := range benchLines {
		b.Run(name, func(b *testing.B) {
			p := &Parser{Names: names}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Parse(line, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
