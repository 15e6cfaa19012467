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
// torn. Ctrl-] is caught by readline's rune filter before the editor sees
// it; the peer's end wakes a read under way through the terminal's input
// (wakeStdin), since nothing else can end a read of a terminal.

// ctrlBracket is Ctrl-], nc's and telnet's key for leaving a connection.
const ctrlBracket = 0x1d

// passthrough is what interact needs of the terminal beyond the prompt's
// readline: whether interact runs, how it was left, and the input that
// can be woken.
type passthrough struct {
	on   atomic.Bool // interact is reading lines: its keys are caught
	left atomic.Bool // Ctrl-] or Ctrl-D, or the conversation ended
	in   *wakeStdin
}

// newPassthrough returns the passthrough of a terminal whose input is in.
func newPassthrough(in io.Reader) *passthrough {
	return &passthrough{in: &wakeStdin{in: in}}
}

// filter is readline's FuncFilterInputRune. While interact reads, Ctrl-]
// and Ctrl-D end the line being read (as Enter, the line then being
// dropped) and mark interact left, and Tab, which would complete shell
// words, does nothing. At the prompt Ctrl-] does nothing either, rather
// than put a control character into the line.
func (p *passthrough) filter(r rune) (rune, bool) {
	on := p.on.Load()
	switch {
	case r == ctrlBracket && !on:
		return r, false
	case (r == ctrlBracket || r == readline.CharDelete) && on:
		p.left.Store(true)
		return readline.CharEnter, true
	case r == readline.CharTab && on:
		return r, false
	}
	return r, true
}

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
func (t *terminalLoop) Interact(c *commands.Call, conv *commands.Conversation) error {
	p := t.pass
	p.left.Store(false)
	p.on.Store(true)
	t.rl.SetPrompt(conv.Prompt)
	conv.Start(t.rl.Stdout(), func() {
		p.left.Store(true)
		p.in.wake()
	})
	var err error
	for !p.left.Load() {
		line, rerr := t.rl.Readline()
		// Ctrl-C (readline.ErrInterrupt) and io.EOF leave as Ctrl-] does:
		// here they are keys, not errors.
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
	p.in.unwake()
	p.on.Store(false)
	t.rl.SetPrompt(t.cfg.Colors.Prompt.Sprint(Prompt))
	return err
}

// Interact refuses: a runner without a terminal (a script, -c, a file)
// has no one to type the lines.
func (r *runner) Interact(c *commands.Call, conv *commands.Conversation) error {
	return c.NoTerminal()
}

// wakeStdin is the terminal's input as readline reads it, with one thing
// more: wake makes a read under way return Ctrl-] at once. It reads the
// terminal only when asked, in a goroutine of its own (as readline's own
// CancelableStdin does), and what that read brings after a wake-up is
// kept for the next Read: no key is lost.
type wakeStdin struct {
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

func (w *wakeStdin) start() {
	w.once.Do(func() {
		w.ask, w.got = make(chan struct{}), make(chan chunk)
		w.woken = make(chan struct{}, 1)
		go func() {
			buf := make([]byte, 4096)
			for range w.ask {
				n, err := w.in.Read(buf)
				w.got <- chunk{buf[:n], err}
			}
		}()
	})
}

// Read returns what the terminal sends, or Ctrl-] alone after wake.
func (w *wakeStdin) Read(p []byte) (int, error) {
	w.start()
	if len(w.rest) > 0 {
		n := copy(p, w.rest)
		w.rest = w.rest[n:]
		return n, nil
	}
	if err := w.restErr; err != nil {
		w.restErr = nil
		return 0, err
	}
	if !w.reading {
		w.reading = true
		w.ask <- struct{}{}
	}
	select {
	case c := <-w.got:
		w.reading = false
		n := copy(p, c.p)
		// The goroutine reads again only when asked, once rest is used
		// up, so rest may point into its buffer.
		w.rest = c.p[n:]
		if len(w.rest) > 0 {
			w.restErr = c.err
			return n, nil
		}
		return n, c.err
	case <-w.woken:
		if len(p) == 0 {
			w.wake() // for the next Read
			return 0, nil
		}
		p[0] = ctrlBracket
		return 1, nil
	}
}

// wake makes the read under way, or the next one, return Ctrl-].
func (w *wakeStdin) wake() {
	w.start()
	select {
	case w.woken <- struct{}{}:
	default:
	}
}

// unwake takes back a wake-up no read has taken.
func (w *wakeStdin) unwake() {
	w.start()
	select {
	case <-w.woken:
	default:
	}
}

// Close does nothing: readline wants an io.ReadCloser, but the terminal
// outlives the line editor, and the reading goroutine ends with the
// process, as readline's own does.
func (w *wakeStdin) Close() error { return nil }
