package peers

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Chat is a broker, like ncat --broker: each line a client sends goes, as
// it was sent, to every other client connected at the time (not back to
// the sender). A line longer than MaxChatLine is relayed in pieces of that
// size; bytes after the last newline when a client leaves are relayed too.
//
// Every client has its own queue of lines to send, at most ChatBacklog
// long, and its own writer, so a client that reads slowly or not at all
// does not hold up the others. When a line comes for a client whose queue
// is full, the sender waits, up to ChatGrace, for room (a burst from a
// fast sender is paced to its readers rather than lost); if there is still
// none, that client is disconnected, its Closed event saying
// ClosedTooSlow. Dropping lines instead would leave it reading a
// conversation with holes it cannot see.
//
// A chat server's events are Connected, one Message per line (who said
// it, what, to how many) and Closed; no Received or Sent events, which
// would repeat each line once per listener.
const Chat Kind = "chat"

// Chat's limits.
const (
	MaxChatLine    = 4 << 10     // the longest line relayed whole
	ChatBacklog    = 256         // lines queued for one client
	ChatGrace      = time.Second // how long a sender waits for room in a full queue
	MaxMessageData = 1 << 10     // bytes of a line that a Message event carries
	chatWrite      = 64 << 10    // queued lines sent in one write, at most (and one line more)
)

// ClosedTooSlow is the Closed note of a chat client dropped for falling
// too far behind.
const ClosedTooSlow = "closed: too slow, fell too far behind the chat"

// errTooSlow is what ends a chat client that fell too far behind.
var errTooSlow = errors.New("peers: chat client fell too far behind")

// broker relays lines among the clients of one chat server.
type broker struct {
	mu      sync.Mutex
	members map[*member]struct{}
}

func newBroker() *broker { return &broker{members: make(map[*member]struct{})} }

// member is one client of the chat. Its queue is never closed, so that a
// sender may wait on it without holding the broker's lock.
type member struct {
	c       *conn
	queue   chan []byte   // lines for the client
	left    chan struct{} // closed when the client leaves: its writer ends
	dead    chan struct{} // closed when its writer has ended: no more room will come
	tooSlow atomic.Bool   // set when it is dropped for falling behind
}

// serve relays c's lines to the others, and theirs to c, until c leaves or
// falls too far behind.
func (b *broker) serve(c *conn) error {
	m := &member{c: c, queue: make(chan []byte, ChatBacklog), left: make(chan struct{}), dead: make(chan struct{})}
	b.mu.Lock()
	b.members[m] = struct{}{}
	b.mu.Unlock()
	written := make(chan error, 1)
	go func() {
		err := m.deliver()
		close(m.dead)
		if err != nil {
			c.TCPConn.Close() // a client we can't write to can't chat: end the reader
		}
		written <- err
	}()

	rerr := b.relay(m)
	b.mu.Lock()
	delete(b.members, m)
	b.mu.Unlock()
	close(m.left)
	// Lines still queued for a client that left are dropped: closing the
	// socket ends a write in progress.
	c.TCPConn.Close()
	werr := <-written
	switch {
	case werr != nil && !errors.Is(werr, net.ErrClosed):
		return werr // the writer failed first, and closed the socket
	case m.tooSlow.Load():
		return errTooSlow
	}
	return rerr
}

// relay reads the client's lines and queues each for the others.
func (b *broker) relay(m *member) error {
	br := bufio.NewReaderSize(m.c, MaxChatLine)
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			// One copy, shared by every queue and the event: nobody
			// changes it afterwards.
			line = append([]byte(nil), line...)
			to := b.broadcast(m, line)
			if m.c.s.logging() {
				k := min(len(line), MaxMessageData)
				ev := m.c.event(Message)
				ev.N, ev.Data, ev.Note = len(line), line[:k:k], recipients(to)
				m.c.s.emit(ev)
			}
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

// broadcast queues line for every member but from, and returns for how
// many. Members with room get it at once; for those without, it waits
// until ChatGrace has passed, and drops those still full.
func (b *broker) broadcast(from *member, line []byte) int {
	to := 0
	var full []*member
	b.mu.Lock()
	for m := range b.members {
		if m == from {
			continue
		}
		select {
		case m.queue <- line:
			to++
		default:
			full = append(full, m)
		}
	}
	b.mu.Unlock()
	if len(full) == 0 {
		return to
	}
	grace := time.NewTimer(ChatGrace)
	defer grace.Stop()
	expired := false
	for _, m := range full {
		if !expired {
			select {
			case m.queue <- line:
				to++
				continue
			case <-m.dead:
				continue
			case <-grace.C:
				expired = true
			}
		}
		select {
		case m.queue <- line:
			to++
		default:
			b.drop(m)
		}
	}
	return to
}

// drop takes a member that fell too far behind out of the chat and closes
// its socket, which ends its reader and its writer.
func (b *broker) drop(m *member) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.members[m]; !ok {
		return // it has left already
	}
	delete(b.members, m)
	m.tooSlow.Store(true)
	m.c.TCPConn.Close()
}

// deliver writes the member's queued lines to it, as many as are waiting
// (up to chatWrite bytes) in one write, until the member leaves or a write
// fails. A write that takes nothing for the idle timeout fails.
func (m *member) deliver() error {
	var buf []byte
	for {
		select {
		case line := <-m.queue:
			buf = append(buf[:0], line...)
		case <-m.left:
			return nil
		}
	more:
		for len(buf) < chatWrite {
			select {
			case line := <-m.queue:
				buf = append(buf, line...)
			default:
				break more
			}
		}
		m.c.refresh(&m.c.writeSet, m.c.SetWriteDeadline)
		if _, err := m.c.Write(buf); err != nil {
			return err
		}
	}
}

// recipients is a Message event's note.
func recipients(n int) string {
	switch n {
	case 0:
		return "to nobody"
	case 1:
		return "to 1 client"
	}
	return fmt.Sprintf("to %d clients", n)
}
