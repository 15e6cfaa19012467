package loadgen

import (
	"context"
	"net"
	"time"
)

// conversation is one client's connection and what it has done so far.
type conversation struct {
	*run
	ctx  context.Context
	id   int
	msg  *message
	conn *net.TCPConn
	buf  []byte      // the receive buffer
	iov  [2][]byte   // the message's head and tail, for one writev
	vec  net.Buffers // iov[:], which sending consumes
	// Bytes sent and received, added to the run's counters at the end
	// rather than contended for at every call.
	bytesOut, bytesIn int64
}

// converse connects, makes the rounds and closes; it returns nil when
// every round was echoed correctly.
func (c *conversation) converse() *ClientError {
	start := time.Now()
	nc, err := c.dialer.DialContext(c.ctx, "tcp", c.addr)
	if err != nil {
		return c.fail(0, 0, err)
	}
	c.connectLat.record(time.Since(start))
	c.connected.Add(1)
	c.open.Add(1)
	c.conn = nc.(*net.TCPConn)
	// Cancelling closes the connection, which ends whatever call is
	// blocked on it; a deadline would not do, as the next round sets its
	// own.
	stop := context.AfterFunc(c.ctx, func() { c.conn.Close() })
	defer func() {
		stop()
		c.conn.Close()
		c.open.Add(-1)
	}()
	c.buf = make([]byte, min(c.msg.len(), readBufSize))
	for round := 1; round <= c.cfg.Rounds; round++ {
		if err := c.ctx.Err(); err != nil {
			return c.fail(round, 0, err)
		}
		c.msg.setRound(c.id, round)
		if err := c.conn.SetDeadline(time.Now().Add(c.cfg.Timeout)); err != nil {
			return c.fail(round, 0, err)
		}
		t0 := time.Now()
		if err := c.roundTrip(round); err != nil {
			return err
		}
		c.roundLat.record(time.Since(t0))
		c.rounds.Add(1)
	}
	return nil
}

// roundTrip sends the message once and reads its echo back.
func (c *conversation) roundTrip(round int) *ClientError {
	if c.msg.len() <= inlineWrite {
		if err := c.send(); err != nil {
			return c.fail(round, 0, err)
		}
		return c.receive(round)
	}
	wrote := make(chan error, 1)
	go func() { wrote <- c.send() }()
	err := c.receive(round)
	if err != nil {
		// Unblock the sender (the server may have stopped reading)
		// and wait for it: no goroutine outlives its client.
		c.conn.SetWriteDeadline(time.Unix(1, 0))
	}
	<-wrote
	// When the whole echo came back, the whole message went out; when it
	// did not, the receiving side's account is the one to report.
	return err
}

// send writes the message (head and tail in one writev).
func (c *conversation) send() error {
	c.iov = [2][]byte{c.msg.head, c.msg.tail}
	c.vec = c.iov[:]
	n, err := c.vec.WriteTo(c.conn)
	c.bytesOut += n
	return err
}

// receive reads the echo of one message, comparing it as it comes.
func (c *conversation) receive(round int) *ClientError {
	want := c.msg.len()
	for got := 0; got < want; {
		n, err := c.conn.Read(c.buf[:min(len(c.buf), want-got)])
		c.bytesIn += int64(n)
		if j := c.msg.mismatch(got, c.buf[:n]); j >= 0 {
			return &ClientError{
				Client: c.id, Round: round, Outcome: WrongBytes,
				Got: got + j, Want: want,
				GotByte: c.buf[j], WantByte: c.msg.at(got + j),
			}
		}
		got += n
		if err != nil && got < want {
			return c.fail(round, got, err)
		}
	}
	return nil
}

// fail describes an error of the connect (round 0) or of a round, got
// bytes into its echo.
func (c *conversation) fail(round, got int, err error) *ClientError {
	outcome := classify(err)
	if c.ctx.Err() != nil {
		outcome = Interrupted
	}
	return &ClientError{
		Client: c.id, Round: round, Outcome: outcome,
		Got: got, Want: c.msg.len(), Timeout: c.cfg.Timeout, Err: err,
	}
}
