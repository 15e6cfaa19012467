package loadgen

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"
)

// Outcome is how a client's conversation ended.
type Outcome int

// The outcomes, in the order Result.Table lists them.
const (
	OK          Outcome = iota // every round echoed back byte for byte
	WrongBytes                 // a byte of the echo differed from what was sent
	ClosedEarly                // the server closed (EOF) before the whole echo came back
	Refused                    // the connect was refused (ECONNREFUSED)
	Reset                      // the server reset the connection (ECONNRESET, or EPIPE on a send)
	TimedOut                   // the connect or a round took longer than Config.Timeout
	OtherError                 // anything else: too many open files, no route, ...
	Interrupted                // the run was cancelled before the client finished
	numOutcomes
)

var outcomeNames = [numOutcomes]string{
	OK:          "echoed correctly",
	WrongBytes:  "wrong bytes",
	ClosedEarly: "closed early",
	Refused:     "refused",
	Reset:       "reset",
	TimedOut:    "timed out",
	OtherError:  "other errors",
	Interrupted: "interrupted",
}

// String is the outcome as the result table labels it.
func (o Outcome) String() string {
	if o < 0 || o >= numOutcomes {
		return fmt.Sprintf("Outcome(%d)", int(o))
	}
	return outcomeNames[o]
}

// Outcomes lists every outcome, in table order.
func Outcomes() []Outcome {
	all := make([]Outcome, numOutcomes)
	for i := range all {
		all[i] = Outcome(i)
	}
	return all
}

// ClientError is what went wrong for one client: the outcome, where it
// happened, and the error beneath it when there is one (a *net.OpError
// whose errno errors.Is finds, such as syscall.ECONNRESET).
type ClientError struct {
	Client  int     // 1 to Config.Clients
	Round   int     // 1 to Config.Rounds; 0 for the connect
	Outcome Outcome // never OK
	Got     int     // bytes of the round's echo received (and right) before it went wrong
	Want    int     // the message's length
	// For WrongBytes, the byte received at offset Got and the one sent there.
	GotByte, WantByte byte
	Timeout           time.Duration // the step's limit, for TimedOut
	Err               error         // nil for WrongBytes and ClosedEarly
}

// Error says, in one line of plain text, what happened. Bytes from the
// network appear only as hex (and as a quoted character when printable
// ASCII), never raw.
func (e *ClientError) Error() string {
	where := fmt.Sprintf("client %d, round %d", e.Client, e.Round)
	if e.Round == 0 {
		where = fmt.Sprintf("client %d, connect", e.Client)
	}
	progress := ""
	if e.Round > 0 {
		progress = fmt.Sprintf(" after %d of %d bytes", e.Got, e.Want)
	}
	switch e.Outcome {
	case WrongBytes:
		return fmt.Sprintf("%s: byte %d of %d is %s, expected %s",
			where, e.Got, e.Want, showByte(e.GotByte), showByte(e.WantByte))
	case ClosedEarly:
		return fmt.Sprintf("%s: the server closed the connection%s", where, progress)
	case TimedOut:
		return fmt.Sprintf("%s: timed out (limit %v)%s", where, e.Timeout, progress)
	case Interrupted:
		return fmt.Sprintf("%s: interrupted%s", where, progress)
	case Refused, Reset:
		return fmt.Sprintf("%s: %s%s", where, errnoText(e.Err), progress)
	}
	return fmt.Sprintf("%s: %v%s", where, e.Err, progress)
}

// Unwrap returns the error beneath, so that errors.Is(err,
// syscall.ECONNREFUSED) works.
func (e *ClientError) Unwrap() error { return e.Err }

// showByte shows a received byte safely: 0x41 ('A').
func showByte(b byte) string {
	if b >= 0x20 && b < 0x7f {
		return fmt.Sprintf("0x%02x (%q)", b, rune(b))
	}
	return fmt.Sprintf("0x%02x", b)
}

// errnoText is the kernel's words for err's errno ("connection reset by
// peer"), without the Go wrapping around it ("read tcp 127.0.0.1:...").
func errnoText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno.Error()
	}
	return fmt.Sprint(err)
}

// classify maps a connect, send or receive error to its outcome.
// Cancellation is the caller's to recognise (by its context), since a
// cancelled client's error is whatever closing its connection produced.
func classify(err error) Outcome {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return Refused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return Reset
	case errors.Is(err, syscall.ETIMEDOUT), errors.As(err, &ne) && ne.Timeout():
		return TimedOut
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return ClosedEarly
	}
	return OtherError
}
