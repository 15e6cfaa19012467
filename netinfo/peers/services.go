package peers

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// bufSize is the size of a connection's read buffer: large enough for
// throughput (the same as io.Copy's), small enough for a thousand clients.
const (
	bufSize  = 32 << 10
	smallBuf = 2 << 10 // a quiet connection's buffer
)

// serveEcho sends back everything it receives (RFC 862), until the client
// closes its side. The buffer starts small and grows to bufSize the first
// time a read fills it, so that a thousand quiet clients cost little.
func serveEcho(c *conn) error {
	buf := make([]byte, smallBuf)
	for {
		n, err := c.recv(buf)
		if n > 0 {
			if werr := c.send(buf[:n]); werr != nil {
				return werr
			}
			if n == len(buf) && len(buf) < bufSize {
				buf = make([]byte, bufSize)
			}
		}
		if err != nil {
			return err
		}
	}
}

// serveDiscard reads and drops everything (RFC 863).
func serveDiscard(c *conn) error {
	buf := make([]byte, bufSize)
	for {
		if _, err := c.recv(buf); err != nil {
			return err
		}
	}
}

// serveDaytime sends the date and time as one line of text and closes
// (RFC 867).
func serveDaytime(c *conn) error {
	if err := c.send(daytime(time.Now())); err != nil {
		return err
	}
	return nil
}

// daytime is the line the daytime service sends: the time as ctime(3)
// writes it, as inetd's daytime does, ended by CR LF.
func daytime(t time.Time) []byte {
	return []byte(t.Format("Mon Jan _2 15:04:05 2006") + "\r\n")
}

// The character generator's pattern (RFC 864): lines of 72 printable ASCII
// characters (32 to 126), each starting one character later than the one
// before, ended by CR LF; after 95 lines the pattern repeats.
const (
	chargenLine   = 72
	chargenChars  = 126 - 32 + 1
	chargenPeriod = chargenChars * (chargenLine + 2) // bytes in one full cycle
	chargenChunk  = 64 * (chargenLine + 2)           // bytes per write, about 4.6 KiB
)

// chargenCycle holds one cycle of the pattern and one chunk more, so that a
// write of a chunk from any offset within the cycle is one slice of it. It
// is made when a chargen server first needs it, not at every start-up.
var chargenCycle = sync.OnceValue(func() []byte {
	var b []byte
	for line := 0; len(b) < chargenPeriod+chargenChunk; line++ {
		for i := 0; i < chargenLine; i++ {
			b = append(b, byte(32+(line+i)%chargenChars))
		}
		b = append(b, '\r', '\n')
	}
	return b
})

// serveChargen sends the pattern until the client closes the connection
// (or takes nothing for the idle timeout). What the client sends is read
// and dropped. No Sent events are made for it: they would be a flood.
func serveChargen(c *conn) error {
	var clientGone atomic.Bool
	readErr := make(chan error, 1)
	go func() {
		_, err := io.Copy(io.Discard, c)
		if err == nil {
			err = io.EOF
		}
		// Anything but our own deadline or Stop means the client went away.
		clientGone.Store(!errors.Is(err, os.ErrDeadlineExceeded) && !errors.Is(err, net.ErrClosed))
		readErr <- err
		c.SetWriteDeadline(time.Now()) // the client has left: end the writer
	}()
	var err error
	for off := 0; err == nil && !clientGone.Load(); {
		c.SetWriteDeadline(time.Now().Add(c.s.limits.IdleTimeout))
		var n int
		n, err = c.Write(chargenCycle()[off : off+chargenChunk])
		off = (off + n) % chargenPeriod
	}
	c.SetReadDeadline(time.Now()) // end the reader, if it is still reading
	rerr := <-readErr
	if clientGone.Load() {
		return rerr
	}
	return err
}
