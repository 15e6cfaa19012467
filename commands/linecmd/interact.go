package linecmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sockshell/commands"
	"strings"
	"sync"
	"time"

	"sockshell/commands/value"
	"sockshell/netinfo"
)

// interactCommands hand the terminal to a connection, as nc does.
var interactCommands = []*commands.Command{
	{
		Name:    "interact",
		Section: commands.SecClient,
		Params: []commands.Param{
			{Name: "SOCKET", Kind: commands.KindSocket},
			{Name: "crlf", Kind: commands.KindText, Optional: true, Choices: []string{"crlf"}},
		},
		Summary: "talk to the peer line by line, as nc does; Ctrl-] returns",
		Help: `Hands the terminal to a connected socket, as nc and pwntools'
interactive() do: each line you type is sent with b'\n' at its end
(b'\r\n' with crlf, which HTTP, SMTP and telnet-like servers want), and
what the peer sends is shown as it arrives, a line at a time, escaped as
everything from the network is: \r, \x1b and other bytes that are not
printable text show as escapes, never raw. A part that ends without a
newline is shown once nothing more has come for a moment.

Ctrl-] (or Ctrl-D, or Ctrl-C) returns to the prompt; so does the peer
closing the connection. The socket stays open either way, and a note
says how many bytes went each way. Bytes a recvline or recvuntil had
kept are shown first. Tab is not sent, and lines typed here do not go
into the shell's history.

It needs a person at a terminal: in a script, use sendline and recvline.

Example:
  sockshell> e = serve echo 0
  sockshell> c = socket; connect c $e.laddr
  sockshell> interact c
  c> hello
  hello`,
		Run: runInteract,
	},
}

// interactQuiet is how long a part of a line that came without its
// newline waits for the rest before it is shown: long enough to join a
// line sent in pieces, short enough to show a prompt ("login: ") at once.
const interactQuiet = 100 * time.Millisecond

// interactPartMax is the most of an unfinished line held back: a peer
// that never sends a newline is still shown.
const interactPartMax = 4096

func runInteract(c *commands.Call) (value.Value, error) {
	eol := "\n"
	switch v := c.Arg(1); v {
	case nil:
	case value.Str("crlf"):
		eol = "\r\n"
	default:
		return nil, commands.Errorf(value.ValueError, "interact: the only option is crlf, not %s", value.ForMessage(v.Repr()))
	}
	l, err := c.Loop()
	if err != nil {
		return nil, err
	}
	if !c.S.Opts.Interactive {
		return nil, c.NoTerminal()
	}
	sk := c.Sock(0)
	peer, err := sk.PeerAddr()
	if err != nil {
		e := commands.AsException(err)
		e.Hint = "interact needs a connected socket: connect it, or accept a connection, first"
		return nil, e
	}
	// The conversation waits as long as the person types; the socket's
	// own timeout is put back afterwards.
	timeout := sk.Timeout()
	if err := sk.SetTimeout(netinfo.NoTimeout); err != nil {
		return nil, err
	}
	defer sk.SetTimeout(timeout)

	name := c.Socket(0).Name()
	if name == "" {
		name = "socket"
	}
	c.S.Notef("interact: each line you type goes to %s with %s at its end;", commands.AddrStr(peer), value.Safe(eol, ""))
	c.S.Notef("what it sends is shown as it comes. Ctrl-] returns to the prompt.")
	conv := &Conversation{prompt: value.Safe(name, "") + "> ", c: c, sk: sk, eol: eol}
	err = l.Interact(c, conv)
	return value.None, conv.finish(name, err)
}

// Conversation is interact's connection, as the loop that owns the
// terminal drives it: Start, then Send for each line typed, then Stop.
// Between Start and Stop the socket belongs to the conversation's
// receiving goroutine, which makes every call on it (a Socket is for one
// goroutine at a time), Send's included.
type Conversation struct {
	prompt string // the prompt for the lines typed: the socket's name

	c   *commands.Call
	sk  *netinfo.Socket
	eol string

	w     io.Writer // where what arrives is shown
	ended func()    // told when receiving ends by itself
	done  chan struct{}
	sent  chan error

	mu       sync.Mutex
	line     []byte             // a line for the goroutine to send
	stopping bool               // Stop was called
	cancel   context.CancelFunc // ends the receive under way

	// Owned by the goroutine until done is closed.
	in, out int    // bytes received and sent
	part    []byte // the start of a line, waiting for its end
	why     error  // why receiving ended by itself: io.EOF, an error
}

// Prompt is the prompt for the lines typed: the socket's name.
func (t *Conversation) Prompt() string { return t.prompt }

// Start starts receiving: what arrives is written to w, a line at a time
// and made safe for a terminal; w must keep the line being typed whole
// (readline's writer). ended is called once, from the receiving
// goroutine, if receiving ends by itself (the peer closed, an error, a
// signal); the loop then stops reading lines.
//
// The bytes a recvline kept are shown here, before Start returns and so
// before the loop shows its first prompt: shown by the goroutine, they
// could land between the prompt and the editor's taking the terminal,
// and the prompt would not be drawn again under them.
func (t *Conversation) Start(w io.Writer, ended func()) {
	t.w, t.ended = w, ended
	t.done, t.sent = make(chan struct{}), make(chan error)
	if n := t.sk.Buffered(); n > 0 {
		if p, err := t.sk.Recv(t.c.Ctx, n); err == nil { // no system call: kept bytes only
			t.in += len(p)
			t.show(p)
		}
	}
	go t.run()
}

// Send sends one typed line, with the line end, and waits until it has
// gone. Once receiving has ended the line is not sent and Send returns
// nil: the conversation's end says why (finish).
func (t *Conversation) Send(line string) error {
	t.mu.Lock()
	t.line = []byte(line + t.eol)
	if t.cancel != nil {
		t.cancel()
	}
	t.mu.Unlock()
	select {
	case err := <-t.sent:
		return err
	case <-t.done:
		return nil
	}
}

// Stop ends receiving and waits for the receiving goroutine to end; w is
// not written after it returns.
func (t *Conversation) Stop() {
	t.mu.Lock()
	t.stopping = true
	if t.cancel != nil {
		t.cancel()
	}
	t.mu.Unlock()
	<-t.done
}

// run is the receiving goroutine: it receives and shows until Stop, the
// peer's end or an error, and sends the lines Send hands it in between
// (the receive under way is cancelled for them, which loses nothing: the
// bytes wait in the kernel).
func (t *Conversation) run() {
	defer close(t.done)
	defer t.flush()
	for {
		t.mu.Lock()
		if t.stopping {
			t.mu.Unlock()
			return
		}
		if line := t.line; line != nil {
			t.line = nil
			t.mu.Unlock()
			n, err := sendAll(t.c, 0, line)
			t.out += n
			if err != nil {
				t.why = err
			}
			t.sent <- err
			if err != nil {
				t.ended()
				return
			}
			continue
		}
		ctx, cancel := context.WithCancel(t.c.Ctx)
		if len(t.part) > 0 {
			ctx, cancel = context.WithTimeout(t.c.Ctx, interactQuiet)
		}
		t.cancel = cancel
		t.mu.Unlock()

		p, err := t.sk.Recv(ctx, netinfo.MaxRecv)

		t.mu.Lock()
		t.cancel = nil
		asked := t.stopping || t.line != nil
		t.mu.Unlock()
		cancel()
		switch {
		case err == nil && len(p) == 0:
			t.why = io.EOF
		case err == nil:
			t.in += len(p)
			t.show(p)
			continue
		case errors.Is(err, netinfo.ErrTimeout):
			t.flush() // the quiet time passed: show the part
			continue
		case errors.Is(err, netinfo.ErrInterrupted) && asked:
			continue
		default:
			t.why = err // a reset, or a signal
		}
		t.ended()
		return
	}
}

// show writes the complete lines of what has arrived, each made safe for
// the terminal, and keeps the start of a line that has not ended.
func (t *Conversation) show(p []byte) {
	var b strings.Builder
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			break
		}
		line := p[:i]
		if len(t.part) > 0 {
			line = append(t.part, line...)
			t.part = t.part[:0]
		}
		b.WriteString(value.Safe(string(line), "\t"))
		b.WriteByte('\n')
		p = p[i+1:]
	}
	t.part = append(t.part, p...)
	if b.Len() > 0 {
		io.WriteString(t.w, b.String())
	}
	if len(t.part) >= interactPartMax {
		t.flush()
	}
}

// flush shows the unfinished line held back, on a line of its own.
func (t *Conversation) flush() {
	if len(t.part) == 0 {
		return
	}
	io.WriteString(t.w, value.Safe(string(t.part), "\t")+"\n")
	t.part = t.part[:0]
}

// finish is interact's end, once the loop has stopped the conversation:
// the note of what went each way and why it ended, and the error to
// report, if any (err is the loop's).
func (t *Conversation) finish(name string, err error) error {
	if t.done == nil { // never started: the loop refused
		return err
	}
	counts := fmt.Sprintf("sent %d byte%s, received %d", t.out, value.Plural(t.out), t.in)
	switch {
	case err == nil && t.why == nil:
		t.c.S.Notef("interact: %s; %s is still open", counts, name)
	case errors.Is(t.why, io.EOF):
		t.c.S.Notef("interact: the peer closed the connection (recv returned b'')")
		t.c.S.Notef("interact: %s; %s stays open until you close it", counts, name)
	default:
		t.c.S.Notef("interact: %s", counts)
		if err == nil {
			err = t.why
		}
	}
	return err
}
