package main

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// peer is a server of the test's own on loopback, for interact to talk
// to: serve runs once, on the first connection.
func peer(t *testing.T, serve func(c net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		serve(c)
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// TestInteractEcho talks to the echo server: the lines typed go out with
// their newline, the echo comes back, Ctrl-] returns to the prompt with
// the counts and the socket open, and bytes a recvline kept come first.
func TestInteractEcho(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	tm.send("e = serve echo 0; c = socket; connect c $e.laddr\r")
	tm.expect(promptText)
	// recvline keeps b'kept\n' for the next receive: interact shows it
	// first.
	tm.send("sendall c b'first\\nkept\\n'; recvline c\r")
	tm.expect("b'first\\n'\r\n")
	tm.send("interact c\r")
	tm.expect("Ctrl-] returns to the prompt.")
	tm.expect("kept\r\n")
	tm.expect("c> ")
	tm.send("hello\r")
	tm.expect("hello\r\n") // the line typed
	tm.expect("hello\r\n") // its echo
	tm.send("w\u00f6rld\r")
	tm.expect("w\u00f6rld\r\n")
	tm.expect("w\u00f6rld\r\n")
	tm.send("\x1d")
	// hello\n and wörld\n (ö is two bytes in UTF-8), and back the same
	// with the kept line.
	tm.expect("interact: sent 13 bytes, received 18; c is still open")
	tm.expect(promptText)
	tm.send("sockets\r")
	tm.expect("ESTABLISHED  recv 0, send 0")
	// The socket is the shell's again, and nothing was left unread.
	tm.send("sendall c b'after\\n'; recvline c\r")
	tm.expect("b'after\\n'\r\n")

	// crlf sends b'\r\n'; Ctrl-C leaves as Ctrl-] does.
	tm.send("interact c crlf\r")
	tm.expect("with \\r\\n at its end")
	tm.expect("c> ")
	tm.send("hi\r")
	tm.expect("hi\\r\r\n") // the echo shows the \r it got back, escaped
	tm.send("\x03")
	tm.expect("interact: sent 4 bytes, received 4; c is still open")
	tm.expect(promptText)
	tm.send("exit\r")
	if status := tm.wait(); status != 0 {
		t.Errorf("exit status %d, want 0", status)
	}
}

// TestInteractPeerCloses checks that the peer's end returns to the prompt
// by itself, with what it sent shown and made safe: an escape sequence
// from the network reaches the terminal as text.
func TestInteractPeerCloses(t *testing.T) {
	port := peer(t, func(c net.Conn) {
		c.Write([]byte("\x1b]0;pwned\x07\x1b[31mred\r\nno newline"))
	})
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	tm.send("c = socket; connect c 127.0.0.1 " + port + "\r")
	tm.expect(promptText)
	tm.send("interact c\r")
	tm.expect(`\x1b]0;pwned\x07\x1b[31mred\r` + "\r\n")
	tm.expect("no newline\r\n")
	tm.expect("interact: the peer closed the connection (recv returned b'')")
	tm.expect("interact: sent 0 bytes, received 30; c stays open until you close it")
	tm.expect(promptText)
	if all := tm.all(); strings.Contains(all, "\x1b]0;pwned") || strings.Contains(all, "\x1b[31mred") {
		t.Errorf("the peer's escape sequences reached the terminal raw: %q", all)
	}
	tm.send("sockets\r")
	tm.expect("CLOSE_WAIT")
	tm.send("exit\r")
	if status := tm.wait(); status != 0 {
		t.Errorf("exit status %d, want 0", status)
	}
}

// TestInteractTypingWhileReceiving checks that what arrives while a line
// is being typed does not tear it: the line is drawn again after the
// output, and is sent whole.
func TestInteractTypingWhileReceiving(t *testing.T) {
	got := make(chan string, 1)
	port := peer(t, func(c net.Conn) {
		for i := range 3 {
			c.Write([]byte("tick " + strconv.Itoa(i) + "\n"))
			time.Sleep(300 * time.Millisecond)
		}
		buf := make([]byte, 100)
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, _ := c.Read(buf)
		got <- string(buf[:n])
		c.Write([]byte("bye\n"))
	})
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	tm.send("c = socket; connect c 127.0.0.1 " + port + "\r")
	tm.expect(promptText)
	tm.send("interact c\r")
	tm.expect("tick 0\r\n")
	tm.send("abc")
	tm.expect("c> abc")
	tm.expect("tick 1")
	tm.expect("c> abc") // drawn again under the output
	tm.expect("tick 2")
	tm.expect("c> abc")
	tm.send("def\r")
	select {
	case line := <-got:
		if line != "abcdef\n" {
			t.Errorf("the peer got %q, want the line typed whole", line)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the line typed never reached the peer")
	}
	tm.expect("bye\r\n")
	tm.expect("interact: the peer closed the connection")
	tm.expect("interact: sent 7 bytes, received 25")
	tm.expect(promptText)
	// The Ctrl-] that woke the line editor is not left for the prompt.
	tm.send("1 + 1\r")
	if out := tm.expect("2\r\n"); strings.Contains(out, "Error") {
		t.Errorf("the prompt after interact: %q", out)
	}
	tm.send("exit\r")
	if status := tm.wait(); status != 0 {
		t.Errorf("exit status %d, want 0", status)
	}
}

// TestRecvlineCtrlC checks that a line helper waits as every receive
// does: it says what for, Ctrl-C stops it, and the bytes that came are
// kept for the next receive.
func TestRecvlineCtrlC(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	tm.send("e = serve echo 0; c = socket; connect c $e.laddr; sendall c b'abc'\r")
	tm.expect(promptText)
	tm.send("recvline c\r")
	tm.expect("waiting for data from ('127.0.0.1', ")
	tm.expect("(Ctrl-C to stop)")
	tm.send("\x03")
	// (The message is broken at a space to fit 80 columns.)
	tm.expect("KeyboardInterrupt: recvline stopped; 3 bytes arrived and are kept for the next")
	tm.expect("recv: b'abc'")
	tm.expect(promptText)
	tm.send("sendall c b'\\n'; recvline c\r")
	tm.expect("b'abc\\n'\r\n")
	tm.send("exit\r")
	if status := tm.wait(); status != 0 {
		t.Errorf("exit status %d, want 0", status)
	}
}
