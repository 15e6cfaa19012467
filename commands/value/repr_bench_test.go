package value

import "testing"

// BenchmarkRepr is the value printer: bytes as recv returns them (plain
// text, and binary data that needs escapes), a str, and an address tuple
// pretty-printed as the shell shows a result.
func BenchmarkRepr(b *testing.B) {
	binary := make([]byte, 256)
	for i := range binary {
		binary[i] = byte(i)
	}
	long := make([]Value, 40)
	for i := range long {
		long[i] = Tuple{Str("127.0.0.1"), Int(i)}
	}
	values := map[string]Value{
		"bytes-text":   Bytes("message 4999"),
		"bytes-binary": Bytes(binary),
		"str":          Str("héllo, it's \"quoted\"\n"),
		"tuple":        Tuple{Str("127.0.0.1"), Int(50000)},
		"long-list":    NewList(long),
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
