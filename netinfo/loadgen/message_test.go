package loadgen

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

func TestPattern(t *testing.T) {
	tests := []struct {
		client, round, size int
		want                string
	}{
		{17, 3, 40, "c000017 r000003\n000000000000010\n00000000"},
		{1, 1, 16, "c000001 r000001\n"},
		{1, 1, 5, "c0000"},
		{1_000_001, 2, 16, "c000001 r000002\n"}, // wraps at a million
		{5, 5, 0, ""},
	}
	for _, tt := range tests {
		if got := Pattern(tt.client, tt.round, tt.size); string(got) != tt.want {
			t.Errorf("Pattern(%d, %d, %d) = %q, want %q", tt.client, tt.round, tt.size, got, tt.want)
		}
	}
	// Every line but the first is its own offset.
	p := Pattern(2, 2, 1<<20)
	for off := lineLen; off < len(p); off += 4093 * lineLen {
		want := []byte("000000000000000\n")
		for i, v := lineLen-2, off; v > 0; i, v = i-1, v>>4 {
			want[i] = "0123456789abcdef"[v&0xf]
		}
		if !bytes.Equal(p[off:off+lineLen], want) {
			t.Errorf("line at %d is %q, want %q", off, p[off:off+lineLen], want)
		}
	}
}

// TestMismatch compares message.mismatch, which works on a head and a
// shared tail, with a plain comparison against the whole pattern, for
// pieces of every length at every offset, with one byte changed or none.
func TestMismatch(t *testing.T) {
	for _, size := range []int{1, 10, 16, 17, 100} {
		body := make([]byte, size)
		fillBody(body)
		m := newMessage(nil, body)
		m.setRound(7, 9)
		whole := Pattern(7, 9, size)
		if m.len() != size {
			t.Fatalf("len() = %d, want %d", m.len(), size)
		}
		for off := 0; off < size; off++ {
			if m.at(off) != whole[off] {
				t.Fatalf("size %d: at(%d) = %q, want %q", size, off, m.at(off), whole[off])
			}
			for n := 0; off+n <= size; n++ {
				got := bytes.Clone(whole[off : off+n])
				want := -1
				if n > 0 && rand.IntN(2) == 0 {
					want = rand.IntN(n)
					got[want] ^= 0x20
				}
				if j := m.mismatch(off, got); j != want {
					t.Fatalf("size %d: mismatch(%d, %q) = %d, want %d", size, off, got, j, want)
				}
			}
		}
	}
	// A message given by the user is sent as it is, by every client.
	user := []byte("Hey, can you hear me?")
	m := newMessage(user, nil)
	m.setRound(3, 4)
	if m.len() != len(user) || m.mismatch(0, user) != -1 || m.mismatch(5, []byte("can")) != -1 || m.mismatch(5, []byte("cat")) != 2 {
		t.Errorf("user message: len %d, head %q", m.len(), m.head)
	}
}
