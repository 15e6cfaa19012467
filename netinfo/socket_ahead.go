package netinfo

import (
	"bytes"
	"context"
	"io"
	"strconv"

	"golang.org/x/sys/unix"
)

// The line and byte helpers (RecvUntil, RecvLine, RecvN) read ahead, as
// pwntools' tubes do: a recv takes whatever the kernel has, and the bytes
// past the delimiter or count stay in the socket's read-ahead buffer.
// Every receive (Recv, RecvFrom, RecvAll, the helpers, a Conn's Read)
// returns those bytes first, so nothing is lost or reordered between
// calls of different kinds. Buffered says how many there are: the kernel's
// receive queue (Kernel's RecvQ) no longer counts them.

// aheadKeep is the largest read-ahead buffer kept once it is empty: a
// larger one, grown by a long line, is given back to the collector.
const aheadKeep = 64 << 10

// maxDatagram is the room each read of a datagram socket has, so that a
// datagram is never cut by the read-ahead buffer's free space: the largest
// UDP payload fits.
const maxDatagram = 64 << 10

// readAhead is a socket's read-ahead buffer: the unread bytes are
// buf[r:w], and from is the source of the last datagram read into it
// (nil on a stream socket), which RecvFrom reports for them.
type readAhead struct {
	buf  []byte
	r, w int
	from unix.Sockaddr
}

// unread returns the buffered bytes, still buffered; they change with the
// next read into the buffer.
func (b *readAhead) unread() []byte { return b.buf[b.r:b.w] }

// consume drops the first n buffered bytes, letting go of a large buffer
// once it is empty.
func (b *readAhead) consume(n int) {
	b.r += n
	if b.r == b.w {
		if cap(b.buf) > aheadKeep {
			b.buf = nil
		}
		b.r, b.w = 0, 0
	}
}

// room returns free space after the buffered bytes of at least need bytes
// (and as much as the buffer has beyond that, up to want), moving the
// bytes to the front or growing the buffer (by doubling) as needed.
func (b *readAhead) room(need, want int) []byte {
	if cap(b.buf)-b.w < need {
		n := b.w - b.r
		if cap(b.buf)-n >= need && b.r > 0 {
			copy(b.buf, b.buf[b.r:b.w])
		} else {
			grown := make([]byte, max(2*cap(b.buf), n+need, gatherFirst))
			copy(grown, b.buf[b.r:b.w])
			b.buf = grown
		}
		b.r, b.w = 0, n
	}
	b.buf = b.buf[:cap(b.buf)]
	free := b.buf[b.w:]
	return free[:min(len(free), max(need, want))]
}

// Buffered returns how many received bytes wait in the socket's read-ahead
// buffer: read from the kernel by RecvUntil, RecvLine or RecvN past what
// they returned, and returned first by the next receive of any kind.
func (s *Socket) Buffered() int { return s.ahead.w - s.ahead.r }

// takeBuffered removes up to n buffered bytes and returns them, as memory
// the caller then owns (never nil).
func (s *Socket) takeBuffered(n int) []byte {
	b := &s.ahead
	n = min(n, b.w-b.r)
	if n <= 0 {
		return []byte{}
	}
	var p []byte
	if n == b.w-b.r && 2*n >= cap(b.buf) {
		// All of it, filling most of the buffer: hand the buffer over.
		p, b.buf = b.buf[b.r:b.w:b.w], nil
	} else {
		p = bytes.Clone(b.buf[b.r : b.r+n])
	}
	b.consume(n)
	return p
}

// IncompleteError ends a RecvUntil, RecvLine or RecvN that could not
// complete. Err says why: ErrTimeout, ErrInterrupted, io.EOF (the peer
// closed first), a *LimitError, or the system call's *Error; errors.Is
// and errors.As see it. Nothing is consumed: the Buffered bytes that
// arrived for the call stay in the read-ahead buffer, where the next
// receive finds them, and the call also returns a copy of them.
type IncompleteError struct {
	Op       string // "recvuntil", "recvline" or "recvn"
	Err      error
	Buffered int // the bytes received and kept
}

func (e *IncompleteError) Error() string {
	return e.Op + ": " + e.Err.Error() + " (" + strconv.Itoa(e.Buffered) + " bytes received, kept for the next receive)"
}

// Unwrap returns the reason the call did not complete.
func (e *IncompleteError) Unwrap() error { return e.Err }

// RecvUntil receives until delim arrives and returns everything up to and
// including it, reading ahead: bytes past delim stay in the read-ahead
// buffer. The delimiter must end within the first opts.Max bytes
// (DefaultRecvMax when 0). It does not complete on a timeout (opts.Deadline,
// ctx's deadline, or a wait longer than the socket's timeout), a Ctrl-C
// (ctx cancelled), the peer closing, the limit or a system call's error:
// then it consumes nothing, and returns a copy of what is buffered with an
// *IncompleteError. An empty delim matches at once.
func (s *Socket) RecvUntil(ctx context.Context, delim []byte, opts RecvOptions) ([]byte, error) {
	return s.recvUntil(ctx, "recvuntil", delim, opts)
}

// newline is RecvLine's delimiter.
var newline = []byte{'\n'}

// RecvLine is RecvUntil with the delimiter "\n": it returns one line with
// its "\n", as Python's readline does.
func (s *Socket) RecvLine(ctx context.Context, opts RecvOptions) ([]byte, error) {
	return s.recvUntil(ctx, "recvline", newline, opts)
}

func (s *Socket) recvUntil(ctx context.Context, op string, delim []byte, opts RecvOptions) ([]byte, error) {
	limit := opts.max()
	scanned := 0 // buffered bytes known to hold no match that ends in them
	for {
		buf := s.ahead.unread()
		window := buf[:min(len(buf), limit)]
		if i := bytes.Index(window[scanned:], delim); i >= 0 {
			return s.takeBuffered(scanned + i + len(delim)), nil
		}
		scanned = max(len(window)-len(delim)+1, 0)
		if len(buf) >= limit {
			return s.incomplete(op, &LimitError{Op: op, Max: limit})
		}
		if err := s.readAhead(ctx, op, 1, opts); err != nil {
			return s.incomplete(op, err)
		}
	}
}

// RecvN receives exactly n bytes, reading ahead; n may not pass opts.Max
// (DefaultRecvMax when 0), which ends it at once with a *LimitError. Like
// RecvUntil it either completes or consumes nothing, returning a copy of
// what is buffered with an *IncompleteError.
func (s *Socket) RecvN(ctx context.Context, n int, opts RecvOptions) ([]byte, error) {
	if limit := opts.max(); n > limit {
		return nil, &LimitError{Op: "recvn", Max: limit}
	}
	for s.Buffered() < n {
		if err := s.readAhead(ctx, "recvn", n-s.Buffered(), opts); err != nil {
			return s.incomplete("recvn", err)
		}
	}
	return s.takeBuffered(n), nil
}

// readAhead makes one recv into the read-ahead buffer for a helper (op)
// that needs need more bytes (the buffer grows to hold them); it takes
// what the kernel has, up to MaxRecv, and a whole datagram on a datagram
// socket. The peer's end of the stream is io.EOF.
func (s *Socket) readAhead(ctx context.Context, op string, need int, opts RecvOptions) error {
	if err := checkBounds(ctx, opts.Deadline); err != nil {
		return err
	}
	if err := s.closedErr(op); err != nil {
		return err
	}
	dgram := s.Type != unix.SOCK_STREAM
	if dgram {
		need = max(need, maxDatagram)
	}
	n, from, err := s.recvInto(ctx, "recv", s.ahead.room(need, MaxRecv), 0, dgram, opts.Deadline)
	if err != nil {
		return err
	}
	if n == 0 {
		return io.EOF
	}
	s.ahead.w += n
	if from != nil {
		s.ahead.from = from
	}
	return nil
}

// incomplete is a helper's failure: a copy of the buffered bytes, which
// stay buffered, and why.
func (s *Socket) incomplete(op string, err error) ([]byte, error) {
	p := append([]byte{}, s.ahead.unread()...)
	return p, &IncompleteError{Op: op, Err: err, Buffered: len(p)}
}
