package linecmd

import (
	"bytes"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"sockshell/commands"
	_ "sockshell/commands/peercmd" // serve, the echo server the tests talk to
)

// screen is a terminal's writer as the conversation sees it: safe to
// write from its goroutine while the test reads.
type screen struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until the screen shows want.
func (s *screen) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(s.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %.200q; it showed %.200q", want, s.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// talkLoop is a Loop whose Interact types lines as a person would and
// waits for what each should bring; the rest of the Loop is not used.
type talkLoop struct {
	t      *testing.T
	screen screen
	lines  []string // to type
	want   []string // what the screen shows after each line
	ended  chan struct{}
}

func (l *talkLoop) Step(*commands.Call, string) error         { return errors.New("not here") }
func (l *talkLoop) Lesson(*commands.Call, string) error       { return errors.New("not here") }
func (l *talkLoop) Record(*commands.Call, string, bool) error { return errors.New("not here") }

func (l *talkLoop) Interact(c *commands.Call, conv commands.Conversation) error {
	conv.Start(&l.screen, func() { close(l.ended) })
	defer conv.Stop()
	for i, line := range l.lines {
		if err := conv.Send(line); err != nil {
			return err
		}
		l.screen.waitFor(l.t, l.want[i])
	}
	if len(l.lines) == 0 {
		select {
		case <-l.ended:
		case <-time.After(5 * time.Second):
			l.t.Error("the peer's end was never told")
		}
	}
	return nil
}

// run runs lines in an interactive session on loop, and returns what went
// to stderr.
func runLoop(t *testing.T, loop commands.Loop, lines ...string) string {
	t.Helper()
	var out, errw bytes.Buffer
	s := commands.NewSession(&out, &errw, commands.Options{Interactive: true})
	defer s.Close()
	s.Loop = loop
	for _, line := range lines {
		tops, err := s.Parse(line, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, top := range tops {
			if err := s.Exec(t.Context(), top); err != nil {
				t.Fatalf("%s: %v", line, err)
			}
		}
	}
	s.Flush()
	return errw.String()
}

// TestConversationEcho talks to the echo server through the conversation's
// goroutine: the lines go out with their end, come back a line at a time,
// and the counts are right. Run with -race: Send and the receiving
// goroutine share the socket.
func TestConversationEcho(t *testing.T) {
	loop := &talkLoop{t: t, ended: make(chan struct{}),
		lines: []string{"one", "two \x1b[1m", strings.Repeat("x", 3000)},
		want:  []string{"one\\r\n", "two \\x1b[1m\\r\n", strings.Repeat("x", 3000) + "\\r\n"},
	}
	notes := runLoop(t, loop, "e = serve echo 0; c = socket; connect c $e.laddr", "interact c crlf")
	if got, want := loop.screen.String(), "one\\r\ntwo \\x1b[1m\\r\n"+strings.Repeat("x", 3000)+"\\r\n"; got != want {
		t.Errorf("the screen showed %.80q..., want %.80q...", got, want)
	}
	n := strconv.Itoa(len("one\r\ntwo \x1b[1m\r\n") + 3000 + 2)
	if want := "interact: sent " + n + " bytes, received " + n + "; c is still open"; !strings.Contains(notes, want) {
		t.Errorf("notes %q, want %q", notes, want)
	}
}

// TestConversationPieces checks that a line sent in pieces shows as one
// line, that a part with no newline shows once the peer pauses, and that
// the peer's end ends the conversation.
func TestConversationPieces(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		for _, part := range []string{"hel", "lo wo", "rld\nlog", "in: "} {
			c.Write([]byte(part))
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(3 * interactQuiet)
		c.Write([]byte("\xffend"))
	}()
	loop := &talkLoop{t: t, ended: make(chan struct{})}
	notes := runLoop(t, loop, "c = socket; connect c 127.0.0.1 "+strconv.Itoa(ln.Addr().(*net.TCPAddr).Port), "interact c")
	if got, want := loop.screen.String(), "hello world\nlogin: \n\\xffend\n"; got != want {
		t.Errorf("the screen showed %q, want %q", got, want)
	}
	for _, want := range []string{"the peer closed the connection", "sent 0 bytes, received 23; c stays open"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q, want %q", notes, want)
		}
	}
}
