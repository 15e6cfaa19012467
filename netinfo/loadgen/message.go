package loadgen

import "bytes"

// lineLen is the length of a line of the generated pattern.
const lineLen = 16

// Pattern returns the message that client (1 to Clients) sends in round
// (1 to Rounds) of a run with a generated message of size bytes: printable
// lines of 16 bytes, so that whatever a server logs or echoes wrong can be
// read. The first line names the client and the round ("c000017
// r000003\n": a server that hands one client's data to another, or echoes
// a stale round, gives itself away); every other line is its own offset in
// hex ("0000000000000a0\n": a lost, repeated or reordered piece of the
// stream does too). The last line is cut short when size is not a multiple
// of 16. Numbers wrap at a million.
func Pattern(client, round, size int) []byte {
	p := make([]byte, size)
	fillBody(p)
	stamp(p, client, round)
	return p
}

// fillBody writes the offset lines into p, the first line included (stamp
// overwrites it).
func fillBody(p []byte) {
	var line [lineLen]byte
	for off := 0; off < len(p); off += lineLen {
		v := off
		for i := lineLen - 2; i >= 0; i-- {
			line[i] = "0123456789abcdef"[v&0xf]
			v >>= 4
		}
		line[lineLen-1] = '\n'
		copy(p[off:], line[:])
	}
}

// stamp writes the first line naming client and round over p's first
// bytes (as many as p holds).
func stamp(p []byte, client, round int) {
	var line [lineLen]byte
	line[0], line[7], line[8], line[lineLen-1] = 'c', ' ', 'r', '\n'
	putDecimal(line[1:7], client)
	putDecimal(line[9:15], round)
	copy(p, line[:])
}

// putDecimal writes v modulo 10^len(p) into p, zero-padded.
func putDecimal(p []byte, v int) {
	for i := len(p) - 1; i >= 0; i-- {
		p[i] = byte('0' + v%10)
		v /= 10
	}
}

// message is what one client sends in a round: a head of its own (the
// generated message's first line, stamped with the client and the round)
// followed by a tail shared by every client, so that a run holds one copy
// of a large message, not one per client.
type message struct {
	headBuf [lineLen]byte
	head    []byte // headBuf[:n]; empty for a message given by the user
	tail    []byte // shared, read-only
}

// newMessage returns client's message for a run: the user's bytes, or the
// generated pattern whose shared part is body (Pattern's lines, the first
// included).
func newMessage(user, body []byte) *message {
	if len(user) > 0 {
		return &message{tail: user}
	}
	m := &message{}
	n := min(lineLen, len(body))
	m.head = m.headBuf[:n]
	m.tail = body[n:]
	return m
}

// setRound stamps the head for client's round (a no-op for the user's
// message).
func (m *message) setRound(client, round int) {
	if len(m.head) > 0 {
		stamp(m.head, client, round)
	}
}

// len is the message's length in bytes.
func (m *message) len() int { return len(m.head) + len(m.tail) }

// mismatch compares got with the message from offset off and returns the
// index in got of the first byte that differs, or -1 when none does.
// got must not run past the message's end.
func (m *message) mismatch(off int, got []byte) int {
	i := 0
	if off < len(m.head) {
		i = min(len(got), len(m.head)-off)
		if j := firstDiff(got[:i], m.head[off:off+i]); j >= 0 {
			return j
		}
		off += i
	}
	rest := got[i:]
	if len(rest) == 0 {
		return -1
	}
	if j := firstDiff(rest, m.tail[off-len(m.head):][:len(rest)]); j >= 0 {
		return i + j
	}
	return -1
}

// at is the message's byte at offset off.
func (m *message) at(off int) byte {
	if off < len(m.head) {
		return m.head[off]
	}
	return m.tail[off-len(m.head)]
}

// firstDiff returns the first index where a and b (of the same length)
// differ, or -1.
func firstDiff(a, b []byte) int {
	if bytes.Equal(a, b) {
		return -1
	}
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}
