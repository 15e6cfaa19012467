package repl

import (
	"io"
	"sync"
	"sync/atomic"

	"github.com/chzyer/readline"

	"sockshell/commands"
)

// The terminal's side of interact (commands.Conversation): readline reads
// the lines typed and the conversation's goroutine shows what arrives
// through readline's own writer, so the line being typed is redrawn, never
// torn.
//
// interact's keys are caught in the terminal's input, below readline
// (passthrough.Read), not with readline's FuncFilterInputRune: readline's
// terminal reader stops reading after a key that ends a line (Enter,
// Ctrl-C, Ctrl-D) until the editor asks again, and a rune the filter drops
// or turns into Enter leaves it reading ahead, one line early, for the
// rest of the session (and then rl.Close waits forever for a key). So
// Ctrl-] and Ctrl-D become an Enter that readline sees as such, with the
// line marked as left; and the peer's end wakes a read under way the
// same way, since nothing else can end a read of a terminal.

// Keys interact catches.
const (
	ctrlBracket = 0x1d // nc's and telnet's key for leaving a connection
	tab         = '\t'
	enterKey    = '\r'
)

// passthrough is the terminal's input as readline reads it, with what
// interact needs: while interact reads lines (on), Ctrl-] and Ctrl-D end
// the line being typed and mark interact left, and Tab (which would
// complete shell words) is dropped; at the prompt Ctrl-] is dropped,
// rather than put a control character into the line. wake makes a read
// under way end the line at once.
//
// It reads the terminal only when asked, in a goroutine of its own, as
// readline's own CancelableStdin does; what a read brings after a wake-up
// is kept for the next Read, so no key is lost.
type passthrough struct {
	on   atomic.Bool // interact is reading lines: its keys are caught
	left atomic.Bool // Ctrl-] or Ctrl-D, or the conversation ended

	in    io.Reader
	once  sync.Once
	ask   chan struct{}
	got   chan chunk
	woken chan struct{}

	// Read's own (readline reads from one goroutine).
	reading bool   // a read of in is under way
	rest    []byte // read from in, not yet returned
	restErr error
}

// chunk is one read of the terminal.
type chunk struct {
	p   []byte
	err error
}

// newPassthrough returns the passthrough of a terminal whose input is in.
func newPassthrough(in io.Reader) *passthrough { return &passthrough{in: in} }

func (t *passthrough) start() {
	t.once.Do(func() {
		t.ask, t.got = make(chan struct{}), make(chan chunk)
		t.woken = make(chan struct{}, 1)
		go func() {
			buf := make([]byte, 4096)
			for range t.ask {
				n, err := t.in.Read(buf)
				t.got <- chunk{buf[:n], err}
			}
		}()
	})
}

// Read returns what the terminal sends, up to a key interact catches,
// which is returned alone, as the key it acts as.
func (t *passthrough) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	t.start()
	for {
		if n := t.take(p); n > 0 {
			return n, nil
		}
		if len(t.rest) > 0 {
			continue // a key was dropped
		}
		if err := t.restErr; err != nil {
			t.restErr = nil
			return 0, err
		}
		if !t.reading {
			t.reading = true
			t.ask <- struct{}{}
		}
		select {
		case c := <-t.got:
			// The goroutine reads again only when asked, once rest is
			// used up, so rest may point into its buffer.
			t.reading = false
			t.rest, t.restErr = c.p, c.err
		case <-t.woken:
			p[0] = enterKey
			return 1, nil
		}
	}
}

// take moves into p the bytes of rest before the first key interact
// catches, or that key as it acts (none for a dropped key), and returns
// how many.
func (t *passthrough) take(p []byte) int {
	if len(t.rest) == 0 {
		return 0
	}
	on := t.on.Load()
	i := 0
	for ; i < len(t.rest); i++ {
		c := t.rest[i]
		if c == ctrlBracket || on && (c == ctrlD || c == tab) {
			break
		}
	}
	if i > 0 {
		n := copy(p, t.rest[:i])
		t.rest = t.rest[n:]
		return n
	}
	c := t.rest[0]
	t.rest = t.rest[1:]
	if !on || c == tab {
		return 0
	}
	t.left.Store(true)
	p[0] = enterKey
	return 1
}

// wake makes the read under way, or the next one, end the line.
func (t *passthrough) wake() {
	t.start()
	select {
	case t.woken <- struct{}{}:
	default:
	}
}

// unwake takes back a wake-up no read has taken.
func (t *passthrough) unwake() {
	t.start()
	select {
	case <-t.woken:
	default:
	}
}

// Close does nothing: readline wants an io.ReadCloser, but the terminal
// outlives the line editor, and the reading goroutine ends with the
// process, as readline's own does.
func (t *passthrough) Close() error { return nil }

// terminalLoop is the interactive session's commands.Loop: the runner's,
// with interact, which needs the terminal.
type terminalLoop struct {
	*runner
	rl   *readline.Instance
	pass *passthrough
}

// Interact runs a conversation on the terminal: each line typed is sent,
// until Ctrl-], Ctrl-D, Ctrl-C or the conversation's end; then it stops
// the conversation, which joins its goroutine, and puts the prompt back.
func (t *terminalLoop) Interact(c *commands.Call, conv commands.Conversation) error {
	p := t.pass
	p.left.Store(false)
	p.on.Store(true)
	// Plain: the shell's own prompt is the coloured one.
	t.rl.SetPrompt(conv.Prompt())
	conv.Start(t.rl.Stdout(), func() {
		p.left.Store(true)
		p.wake()
	})
	var err error
	for !p.left.Load() {
		line, rerr := t.rl.Readline()
		// Ctrl-C (readline.ErrInterrupt) leaves as Ctrl-] does: here it
		// is a key, not an error.
		if rerr != nil || p.left.Load() {
			break
		}
		if err = conv.Send(line); err != nil {
			break
		}
	}
	conv.Stop()
	// A wake-up that came while no line was being read would end the
	// next prompt's: drop it.
	p.unwake()
	p.on.Store(false)
	t.resetPrompt()
	return err
}

// Interact refuses: a runner without a terminal (a script, -c, a file)
// has no one to type the lines.
func (r *runner) Interact(c *commands.Call, conv commands.Conversation) error {
	return c.NoTerminal()
}
