package peers

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
)

// Chat is a broker, like ncat --broker: each line a client sends goes, as
// it was sent, to every other client connected at the time (not back to
// the sender). A line longer than MaxChatLine is relayed in pieces of that
// size; bytes after the last newline when a client leaves are relayed too.
//
// Every client has its own queue of lines to send, at most ChatBacklog
// long, and its own writer, so a client that reads slowly or not at all
// never holds up the sender or the others. A client whose queue is full
// when another line comes for it (it is behind by the kernel's socket
// buffers and ChatBacklog lines more) is disconnected, its Closed event
// saying ClosedTooSlow: dropping lines instead would leave it reading a
// conversation with holes it cannot see.
const Chat Kind = "chat"

// Chat's limits.
const (
	MaxChatLine    = 4 << 10 // the longest line relayed whole
	ChatBacklog    = 256     // lines queued for one client before it is dropped
	MaxMessageData = 1 << 10 // bytes of a line that a Message event carries
)

// ClosedTooSlow is the Closed note of a chat client dropped for falling
// ChatBacklog lines behind.
const ClosedTooSlow = "closed: too slow, fell too far behind the chat"

// errTooSlow is what ends a chat client that fell too far behind.
var errTooSlow = errors.New("peers: chat client fell too far behind")

// broker relays lines among the clients of one chat server.
type broker struct {
	mu      sync.Mutex
	members map[*member]struct{}
}

func newBroker() *broker { return &broker{members: make(map[*member]struct{})} }

// member is one client of the chat.
type member struct {
	c       *conn
	queue   chan []byte // lines for the client; closed when it leaves
	tooSlow atomic.Bool // set by the sender who found queue full
}

// serve relays c's lines to the others, and theirs to c, until c leaves or
// falls too far behind.
func (b *broker) serve(c *conn) error {
	m := &member{c: c, queue: make(chan []byte, ChatBacklog)}
	b.mu.Lock()
	b.members[m] = struct{}{}
	b.mu.Unlock()
	written := make(chan error, 1)
	go func() {
		err := m.deliver()
		if err != nil {
			c.TCPConn.Close() // a client we can't write to can't chat: end the reader
		}
		written <- err
	}()

	rerr := b.relay(m)
	b.leave(m)
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
				m.c.s.emit(Event{Type: Message, Proto: "tcp", Remote: m.c.remote, N: len(line), Data: line[:k:k], Note: recipients(to)})
			}
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

// broadcast queues line for every member but from, and returns for how
// many. A member whose queue is full is dropped: taken out of the chat,
// its socket closed, which ends its reader and writer.
func (b *broker) broadcast(from *member, line []byte) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	to := 0
	for m := range b.members {
		if m == from {
			continue
		}
		select {
		case m.queue <- line:
			to++
		default:
			m.tooSlow.Store(true)
			delete(b.members, m)
			m.c.TCPConn.Close()
		}
	}
	return to
}

// leave takes m out of the chat (if broadcast has not already) and closes
// its queue, which ends its writer once the lines queued are written.
func (b *broker) leave(m *member) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.members, m)
	close(m.queue)
}

// deliver writes the member's queued lines to it, until the queue is
// closed or a write fails. A write that takes nothing for the idle timeout
// fails.
func (m *member) deliver() error {
	for line := range m.queue {
		m.c.refresh(&m.c.writeSet, m.c.SetWriteDeadline)
		if _, err := m.c.Write(line); err != nil {
			return err
		}
	}
	return nil
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
