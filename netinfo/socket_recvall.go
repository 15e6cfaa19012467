package netinfo

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// DefaultRecvMax is the most bytes a receive of several recv calls
// (RecvAll, RecvUntil, RecvLine, RecvN) gathers when its RecvOptions name
// no Max: the shell's own limit on one value, 256 MiB.
const DefaultRecvMax = 256 << 20

// RecvOptions bounds a receive that may take many recv calls: RecvAll and
// the read-ahead helpers (RecvUntil, RecvLine, RecvN).
type RecvOptions struct {
	// Deadline ends the whole call with ErrTimeout when it passes, however
	// steadily the data keeps coming; the zero time sets none. The
	// socket's own timeout still bounds each wait, as it does for Recv,
	// and ctx's cancellation (ErrInterrupted) and deadline the whole call.
	Deadline time.Time
	// Max is the most bytes the call gathers; 0 or less means
	// DefaultRecvMax. Past it the call ends with a *LimitError.
	Max int
	// Chunk is the most bytes one recv call asks for: the bufsize of the
	// lecture's loop, so that a trace shows the calls it would make. 0 or
	// less asks for as much as the current chunk of the result holds.
	Chunk int
}

// max is o's size bound, with the default filled in.
func (o RecvOptions) max() int {
	if o.Max <= 0 {
		return DefaultRecvMax
	}
	return o.Max
}

// ErrLimit is what a *LimitError matches with errors.Is.
var ErrLimit = errors.New("size limit reached")

// LimitError ends a receive that reached its RecvOptions.Max before it
// was complete: RecvAll's peer had sent more than Max bytes, RecvUntil
// found no delimiter in the first Max bytes. It matches ErrLimit.
type LimitError struct {
	Op  string // the call: "recvall", "recvuntil", "recvline", "recvn"
	Max int    // the bound that was reached
}

func (e *LimitError) Error() string {
	return e.Op + ": size limit of " + strconv.Itoa(e.Max) + " bytes reached"
}

// Is makes errors.Is(err, ErrLimit) true.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// RecvAll receives until the peer closes its side (a recv returns no
// bytes), and returns everything that came, in one slice: the lecture's
// "receive until it is complete" loop.
//
// It returns what arrived together with the reason it stopped early, never
// dropping bytes: ErrTimeout when opts.Deadline, ctx's deadline or a wait
// longer than the socket's own timeout passes; ErrInterrupted when ctx is
// cancelled (Ctrl-C); a *LimitError when more than opts.Max bytes were
// sent (the first Max are returned, the rest stays unread in the kernel,
// seen with a MSG_PEEK recv of one byte); the system call's *Error (a
// reset connection, or EAGAIN on a non-blocking socket once nothing more
// is there). The bytes returned are consumed in every case: the next
// receive starts after them. Bytes in the read-ahead buffer come first.
//
// Its cost is linear in what it receives: each recv reads straight into
// a chunk of the result (up to MaxRecv at a time), and the chunks are
// joined once at the end, so that the memory it holds at its peak is
// about twice the data.
//
// RecvAll is meant for stream sockets. On a datagram socket it gathers
// datagrams until an empty one, each cut to the room left, as recv cuts
// one.
func (s *Socket) RecvAll(ctx context.Context, opts RecvOptions) ([]byte, error) {
	limit := opts.max()
	if err := checkBounds(ctx, opts.Deadline); err != nil {
		return []byte{}, err
	}
	var g gather
	g.take(s.takeBuffered(limit))
	for {
		if err := checkBounds(ctx, opts.Deadline); err != nil {
			return g.bytes(), err
		}
		if g.n == limit {
			// Full: one more byte means the peer sent more than
			// limit, the end of the stream means it sent exactly that.
			if s.Buffered() > 0 {
				return g.bytes(), &LimitError{Op: "recvall", Max: limit}
			}
			var one [1]byte
			n, _, err := s.recvInto(ctx, "recv", one[:], unix.MSG_PEEK, false, opts.Deadline)
			switch {
			case err != nil:
				return g.bytes(), err
			case n > 0:
				return g.bytes(), &LimitError{Op: "recvall", Max: limit}
			}
			return g.bytes(), nil
		}
		room := g.room(limit)
		if opts.Chunk > 0 && len(room) > opts.Chunk {
			room = room[:opts.Chunk]
		}
		n, _, err := s.recvInto(ctx, "recv", room, 0, false, opts.Deadline)
		if err != nil {
			return g.bytes(), err
		}
		if n == 0 {
			return g.bytes(), nil
		}
		g.grow(n)
	}
}

// checkBounds ends a receive of many calls whose context ended or whose
// deadline passed: a peer that never pauses never makes a call wait, so
// only this sees them.
func checkBounds(ctx context.Context, deadline time.Time) error {
	if err := ctx.Err(); err != nil {
		return ctxErr(err)
	}
	if !deadline.IsZero() && !time.Now().Before(deadline) {
		return ErrTimeout
	}
	return nil
}

// gatherFirst is the size of a gather's first chunk: a typical reply fits,
// and a larger one doubles its chunks from there up to MaxRecv.
const gatherFirst = 16 << 10

// gather collects a receive of unknown length in chunks, which it joins
// once at the end. A doubling slice would copy everything at each growth
// and hold its old and new arrays together, three times the data at the
// peak; chunks are never copied until the end, and then the chunks and
// the result are twice the data.
type gather struct {
	chunks [][]byte // the full chunks
	cur    []byte   // the chunk being filled: its length is what it holds
	n      int      // bytes in all
}

// room returns the free part of the current chunk, starting a new one when
// it is full, at most limit-n bytes long (limit > n).
func (g *gather) room(limit int) []byte {
	if len(g.cur) == cap(g.cur) {
		size := gatherFirst
		if g.cur != nil {
			g.chunks = append(g.chunks, g.cur)
			size = min(2*cap(g.cur), MaxRecv)
		}
		g.cur = make([]byte, 0, min(size, limit-g.n))
	}
	free := g.cur[len(g.cur):cap(g.cur)]
	return free[:min(len(free), limit-g.n)]
}

// grow counts n bytes received into the last room.
func (g *gather) grow(n int) {
	g.cur = g.cur[:len(g.cur)+n]
	g.n += n
}

// take adds p, which the gather then owns, as a chunk of its own.
func (g *gather) take(p []byte) {
	if len(p) == 0 {
		return
	}
	if g.cur != nil {
		g.chunks = append(g.chunks, g.cur)
	}
	g.cur = p[:len(p):len(p)]
	g.n += len(p)
}

// bytes joins the chunks into the result, as long as the data (an
// allocator's size class at most). bytes.Join does not clear the memory
// it then fills, as make would.
func (g *gather) bytes() []byte {
	switch {
	case g.n == 0:
		return []byte{}
	case len(g.chunks) == 0 && len(g.cur) == cap(g.cur):
		return g.cur // one full chunk is the result as it is
	case len(g.chunks) == 0:
		return bytes.Clone(g.cur)
	}
	return bytes.Join(append(g.chunks, g.cur), nil)
}
