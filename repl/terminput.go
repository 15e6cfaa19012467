package repl

import (
	"encoding/binary"
	"io"
	"sync"

	"github.com/chzyer/readline"
	"golang.org/x/sys/unix"
)

// termInput is what readline reads the terminal through (its Config.Stdin
// and its raw-mode switch). chzyer/readline v1.5.1 reading the terminal
// by itself gets three things wrong, which termInput puts right:
//
//   - Its reader cannot be stopped: Instance.Close waits for a read that
//     only the next key ends, so a shell leaving on SIGTERM at the prompt,
//     or after the case below, hangs. A termInput read waits in poll
//     together with an eventfd, and Close ends it.
//   - Ctrl-D typed while a command runs (the terminal is in cooked mode
//     then) reaches readline, once in raw mode again, as a NUL byte, which
//     it takes for end of input while its reader goes on reading: the
//     shell hangs in Close and the terminal echoes lines that never run
//     (readline issue 222). termInput takes what was typed during the
//     command before the terminal goes raw, as whole lines, and a Ctrl-D
//     there (the terminal's end of file) as a Ctrl-D: at an empty prompt
//     the shell leaves, as Python's does. A NUL typed at the prompt
//     (Ctrl-Space) is dropped.
//   - readline redraws the whole line for each rune, so pasting a long
//     line costs time in the square of its length (a 20 KB line took 25
//     to 50 s). A run of text that arrives in one read, as a paste does,
//     is handed over as a single marker rune, which the paste listener
//     (paste.go) replaces by the text in one step.
//
// termInput reads only when readline asks, which it does only while a
// line is being edited: between prompts the keys stay in the terminal.
type termInput struct {
	fd   int // the terminal
	wake int // an eventfd: Close and unread end a wait in poll
	raw  readline.RawMode

	// readMu is held while a read takes bytes from the terminal: by Read,
	// and by takeTypeAhead, which gives way to a Read under way.
	readMu sync.Mutex
	buf    []byte      // the terminal's bytes, as read
	cut    pasteCutter // turns them into what readline gets

	mu      sync.Mutex
	pending []byte // ready for readline: what a read left over, type-ahead, text put back
	closed  bool
}

// ctrlD is the key Ctrl-D, readline's end of input at an empty prompt.
const ctrlD = 0x04

// typeAheadReads bounds the reads takeTypeAhead makes: one per line typed
// ahead, so a terminal that keeps reporting input (hung up) cannot hold
// the prompt.
const typeAheadReads = 256

// newTermInput returns a reader of the terminal fd, its eventfd kept above
// the descriptor numbers sockets take.
func newTermInput(fd int) (*termInput, error) {
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		return nil, err
	}
	high, err := unix.FcntlInt(uintptr(efd), unix.F_DUPFD_CLOEXEC, recordFD)
	unix.Close(efd)
	if err != nil {
		return nil, err
	}
	return &termInput{fd: fd, wake: high, buf: make([]byte, 64<<10), cut: newPasteCutter()}, nil
}

// Read gives readline the next keys: what is pending, or else what the
// terminal sends next. It returns io.EOF once the input is closed or the
// terminal has gone.
func (in *termInput) Read(p []byte) (int, error) {
	in.readMu.Lock()
	defer in.readMu.Unlock()
	for {
		in.mu.Lock()
		if in.closed {
			in.mu.Unlock()
			return 0, io.EOF
		}
		if len(in.pending) > 0 {
			n := copy(p, in.pending)
			in.pending = in.pending[n:]
			in.mu.Unlock()
			return n, nil
		}
		in.mu.Unlock()
		ready, err := in.waitTerminal()
		if err != nil {
			return 0, io.EOF
		}
		if !ready {
			continue // woken: look at pending and closed again
		}
		n, err := unix.Read(in.fd, in.buf)
		switch {
		case err == unix.EINTR || err == unix.EAGAIN:
			continue
		case err != nil || n == 0:
			return 0, io.EOF // hung up
		}
		in.mu.Lock()
		in.pending = in.cut.cut(in.pending, in.buf[:n])
		in.mu.Unlock()
	}
}

// waitTerminal waits until the terminal has input (true) or the eventfd
// was signalled (false).
func (in *termInput) waitTerminal() (bool, error) {
	fds := []unix.PollFd{{Fd: int32(in.fd), Events: unix.POLLIN}, {Fd: int32(in.wake), Events: unix.POLLIN}}
	for {
		_, err := unix.Poll(fds, -1)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return false, err
		}
		break
	}
	if fds[1].Revents != 0 {
		var b [8]byte
		unix.Read(in.wake, b[:])
		return false, nil
	}
	return true, nil
}

// signal ends a wait in waitTerminal.
func (in *termInput) signal() {
	var b [8]byte
	binary.NativeEndian.PutUint64(b[:], 1)
	unix.Write(in.wake, b[:])
}

// unread puts text back in front of the input, as it is (not cut into
// pastes again).
func (in *termInput) unread(text []byte) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if !in.closed {
		in.pending = append(append([]byte(nil), text...), in.pending...)
		in.signal()
	}
}

// takeTypeAhead takes what was typed while a command ran, before the
// terminal goes raw: the terminal, in cooked mode then, hands over whole
// lines, and a Ctrl-D on an empty line as a read of nothing, which becomes
// a Ctrl-D for readline. What is left (a line not ended yet) is read raw
// afterwards, as typed.
func (in *termInput) takeTypeAhead() {
	if !in.readMu.TryLock() {
		return // a read is waiting already (back from Ctrl-Z): the keys go to it
	}
	defer in.readMu.Unlock()
	for range typeAheadReads {
		fds := []unix.PollFd{{Fd: int32(in.fd), Events: unix.POLLIN}}
		if n, err := unix.Poll(fds, 0); err != nil || n == 0 {
			return
		}
		n, err := unix.Read(in.fd, in.buf)
		if err != nil {
			return
		}
		in.mu.Lock()
		if n == 0 {
			in.pending = append(in.pending, ctrlD)
		} else {
			in.pending = in.cut.cut(in.pending, in.buf[:n])
		}
		in.mu.Unlock()
		if n == 0 {
			return // leaving: what follows does not matter
		}
	}
}

// enterRaw is readline's switch to raw mode (Config.FuncMakeRaw): the
// type-ahead first, while the terminal still reads lines.
func (in *termInput) enterRaw() error {
	in.takeTypeAhead()
	return in.raw.Enter()
}

// exitRaw is readline's switch back (Config.FuncExitRaw).
func (in *termInput) exitRaw() error { return in.raw.Exit() }

// Close ends the input: a read waiting returns io.EOF, and so does every
// later one. readline does not close its Config.Stdin itself, so Close
// must come before readline's Instance.Close, which waits for its reader.
func (in *termInput) Close() error {
	in.mu.Lock()
	if in.closed {
		in.mu.Unlock()
		return nil
	}
	in.closed = true
	in.signal()
	in.mu.Unlock()
	in.readMu.Lock() // the read under way has seen closed
	unix.Close(in.wake)
	in.readMu.Unlock()
	return nil
}
