package escape

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
)

func dump(p []byte) string {
	var b strings.Builder
	Hexdump(&b, p)
	return b.String()
}

func TestHexdump(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"", "00000000\n"},
		{"abc", "00000000  61 62 63                                          |abc|\n00000003\n"},
		{"hello world\nABCDEFGHIJ\x00\x1b[31m\xff",
			"00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a 41 42 43 44  |hello world.ABCD|\n" +
				"00000010  45 46 47 48 49 4a 00 1b  5b 33 31 6d ff           |EFGHIJ..[31m.|\n" +
				"0000001d\n"},
		{"0123456789abcdef",
			"00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n00000010\n"},
		{"01234567",
			"00000000  30 31 32 33 34 35 36 37                           |01234567|\n00000008\n"},
	} {
		if got := dump([]byte(tc.in)); got != tc.want {
			t.Errorf("Hexdump(%q) =\n%s\nwant\n%s", tc.in, got, tc.want)
		}
	}
}

// TestHexdumpLines checks the promises that matter on a terminal: no line
// is wider than HexdumpWidth, and no byte but printable ASCII and the
// newlines reaches it.
func TestHexdumpLines(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	out := dump(all)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 17 {
		t.Fatalf("256 bytes made %d lines, want 16 and the length", len(lines))
	}
	for _, l := range lines {
		if len(l) > HexdumpWidth {
			t.Errorf("line of %d columns: %q", len(l), l)
		}
		for _, c := range []byte(l) {
			if c < 0x20 || c >= 0x7f {
				t.Fatalf("byte %#x reached the output: %q", c, l)
			}
		}
	}
	if lines[0] != "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|" || len(lines[0]) != HexdumpWidth {
		t.Errorf("first line %q", lines[0])
	}
	if lines[16] != "00000100" {
		t.Errorf("last line %q, want the length 00000100", lines[16])
	}
}

// TestHexdumpMatchesHexdumpC compares with the real hexdump -C, on data
// whose lines never repeat (hexdump folds repeats into a '*').
func TestHexdumpMatchesHexdumpC(t *testing.T) {
	if _, err := exec.LookPath("hexdump"); err != nil {
		t.Skip("hexdump is not installed (bsdextrautils); the fixed cases above still ran")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 4097} {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte(r.Uint32())
		}
		cmd := exec.Command("hexdump", "-C")
		cmd.Stdin = bytes.NewReader(p)
		want, err := cmd.Output()
		if err != nil {
			t.Fatalf("hexdump -C: %v", err)
		}
		if got := dump(p); got != string(want) {
			t.Errorf("%d bytes: got\n%s\nhexdump -C shows\n%s", n, got, want)
		}
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n == 0 {
		return 0, errors.New("full")
	}
	w.n--
	return len(p), nil
}

func TestHexdumpWriteError(t *testing.T) {
	if err := Hexdump(&failWriter{n: 1}, make([]byte, 40)); err == nil {
		t.Error("a failing writer's error was dropped")
	}
}
