package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/creack/pty"
)

// The diagram and the end-of-file notes as a user meets them: the SVG a
// browser would open, and the text, the colour and the notes on a
// terminal.

// diagramScript is the lecture's conversation in one session, with fixed
// ports (31731, 31732) so that its drawing is the same on every run; the
// client closes first, so the server's side sees CLOSE_WAIT and the
// client's TIME_WAIT.
var diagramScript = []string{
	"server = socket AF_INET SOCK_STREAM",
	"setsockopt server SOL_SOCKET SO_REUSEADDR 1",
	"bind server 127.0.0.1 31731",
	"listen server 1",
	"client = socket AF_INET SOCK_STREAM",
	"setsockopt client SOL_SOCKET SO_REUSEADDR 1",
	"bind client 127.0.0.1 31732",
	"connect client 127.0.0.1 31731",
	"conn, addr = accept server",
	"sendall client b'Hey, can you hear me?'",
	"recv conn 16",
	"recv conn 16",
	"close client",
	"recv conn 16",
	"close conn",
}

// runScript runs sockshell with lines on stdin in dir, env added, and
// returns its stdout; it fails the test on an error.
func runScript(t *testing.T, dir string, lines []string, env ...string) string {
	t.Helper()
	cmd := exec.Command(sockshellBin(t))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=", "COLUMNS=")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sockshell: %v\n%s", err, stderr.String())
	}
	return string(out)
}

// TestDiagramSVG writes the lecture's picture with diagram --out, reads
// it back as XML (what a browser does first), checks that it shows the
// lanes, the handshake and the bytes, and that docs/diagram-lecture.svg
// is this very picture (go test . -run TestDiagramSVG -update remakes
// it).
func TestDiagramSVG(t *testing.T) {
	dir := t.TempDir()
	runScript(t, dir, append(slices.Clone(diagramScript), "diagram --out lecture.svg"))
	svg, err := os.ReadFile(filepath.Join(dir, "lecture.svg"))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	elems := map[string]int{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			elems[tok.Name.Local]++
			inText = tok.Name.Local == "text"
			if len(elems) == 1 && (tok.Name.Local != "svg" || tok.Name.Space != "http://www.w3.org/2000/svg") {
				t.Errorf("root element %v, want svg in the SVG namespace", tok.Name)
			}
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		case xml.EndElement:
			inText = false
		}
	}
	for _, want := range []string{"client", "server", "conn", "127.0.0.1:31732", "connect: SYN", "SYN+ACK", "ACK",
		"send 21 b'Hey, can you hear me?'", "recv 16 b'Hey, can you hea'", "recv 5 b'r me?'", "close: FIN",
		"FIN_WAIT2", "CLOSE_WAIT", "TIME_WAIT"} {
		if !slices.Contains(texts, want) {
			t.Errorf("no text %q in the SVG; its texts: %q", want, texts)
		}
	}
	if elems["line"]+elems["path"]+elems["polygon"] < 10 {
		t.Errorf("too few shapes for 9 arrows and 3 lanes: %v", elems)
	}
	const example = "docs/diagram-lecture.svg"
	if *update {
		if err := os.WriteFile(example, svg, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if old, err := os.ReadFile(example); err != nil || !bytes.Equal(old, svg) {
		t.Errorf("%s is not what diagram --out draws now (%v); remake it with: go test . -run TestDiagramSVG -update", example, err)
	}
}

// termLines returns what the terminal showed between two marks, as lines
// without their colour.
func termLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Split(strings.TrimRight(s, "\n"), "\n")
}

// typeLine types line at the prompt and returns what the terminal showed
// after its echo until the next prompt, without colours, readline's
// redraws and "\r".
func typeLine(tm *term, line string) string {
	tm.t.Helper()
	tm.send(line + "\r")
	tm.expect(line + "\r\n")
	out := tm.expect(promptText)
	// readline clears and redraws the line it edits: its own sequences.
	out = strings.ReplaceAll(out, "\x1b[J\x1b[2K\r", "")
	return sgr.ReplaceAllString(strings.ReplaceAll(out, "\r\n", "\n"), "")
}

// TestDiagramOnTerminal draws the lecture on a terminal 72 columns wide:
// no line is wider, the lanes are coloured, and without its colour the
// picture is exactly what a script gets with COLUMNS=72: the colour says
// nothing the text does not.
func TestDiagramOnTerminal(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	if err := pty.Setsize(tm.ptmx, &pty.Winsize{Rows: 40, Cols: 72}); err != nil {
		t.Fatal(err)
	}
	tm.expect(promptText)
	for _, line := range diagramScript {
		tm.send(line + "\r")
		tm.expect(line + "\r\n")
		tm.expect(promptText)
	}
	tm.send("diagram\r")
	tm.expect("diagram\r\n")
	shown := tm.expect(promptText)
	// The prompt is drawn after readline clears its line: keep what
	// comes before that, and after readline's redraw of the line typed,
	// which may come first.
	if i := strings.LastIndex(shown, "\n"); i >= 0 {
		shown = shown[:i+1]
	}
	shown = strings.TrimPrefix(shown, "\x1b[J\x1b[2K\r")
	if !strings.Contains(shown, "\x1b[3") {
		t.Errorf("no lane is coloured on a terminal: %q", shown)
	}
	plain := sgr.ReplaceAllString(shown, "")
	if strings.ContainsAny(plain, "\x1b\x07") {
		t.Errorf("escapes other than colours in the diagram: %q", plain)
	}
	for _, l := range termLines(plain) {
		if n := utf8.RuneCountInString(l); n > 72 {
			t.Errorf("a line of %d columns on a 72-column terminal: %q", n, l)
		}
	}
	tm.send("\x04")
	tm.wait()

	script := runScript(t, t.TempDir(), append(slices.Clone(diagramScript), "diagram"), "COLUMNS=72")
	// The script's stdout has the recv results first; the diagram follows.
	at := strings.Index(script, "client")
	want := script[strings.LastIndex(script[:at], "\n")+1:]
	if got := strings.Join(termLines(plain), "\n") + "\n"; got != want {
		t.Errorf("the terminal's diagram without colour differs from the script's:\n%s\n--- script\n%s", got, want)
	}
}

// TestEOFNote: on a terminal, the first empty bytes a stream socket's recv
// returns are explained once: the peer closed its side, the socket is in
// CLOSE_WAIT (as the kernel says) until it is closed. The Python form
// names the method to call.
func TestEOFNote(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	for _, line := range []string{"server = socket", "bind server 127.0.0.1 0", "listen server", "address = getsockname server",
		"client = socket", "connect client $address", "conn, addr = accept server", "close client"} {
		typeLine(tm, line)
	}
	// Wait for the note's last words rather than the prompt: readline
	// may redraw the prompt in between on a loaded machine.
	tm.send("conn.recv(100)\r")
	tm.expect("conn.recv(100)\r\n")
	out := tm.expect("(conn.close()); it may still send before that.")
	out = sgr.ReplaceAllString(strings.ReplaceAll(strings.ReplaceAll(out, "\x1b[J\x1b[2K\r", ""), "\r\n", "\n"), "")
	result, note, ok := strings.Cut(out, "note: ")
	if !ok || !strings.Contains(result, "b''\n") {
		t.Fatalf("the note does not follow the b'' it explains: %q", out)
	}
	for _, want := range []string{"b'' means the peer has closed its side of the connection", "conn is now in CLOSE_WAIT"} {
		if !strings.Contains(strings.Join(strings.Fields(note), " "), want) {
			t.Errorf("after b'': no %q in %q", want, note)
		}
	}
	for _, l := range termLines("note: " + note + "(conn.close()); it may still send before that.") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("a note line of %d columns: %q", n, l)
		}
	}
	tm.expect(promptText)
	if out := typeLine(tm, "recv conn 100"); strings.Contains(out, "note:") {
		t.Errorf("the note came twice for one socket: %q", out)
	}
	tm.send("\x04")
	tm.wait()
}

// TestTimeWaitHint: on a terminal, binding the port a closed server left
// in TIME_WAIT fails with a hint that names TIME_WAIT and SO_REUSEADDR,
// in lines that fit 80 columns; explain then tells the same.
func TestTimeWaitHint(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect(promptText)
	for _, line := range []string{"server = socket", "bind server 127.0.0.1 0", "listen server", "address = getsockname server",
		"client = socket", "connect client $address", "conn, addr = accept server", "close conn", "close server", "close client",
		"again = socket"} {
		typeLine(tm, line)
	}
	out := typeLine(tm, "bind again $address")
	for _, want := range []string{"OSError: [Errno 98] Address already in use", "hint: port ", "in TIME_WAIT", "SO_REUSEADDR"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in %q", want, out)
		}
	}
	for _, l := range termLines(out) {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("a hint line of %d columns: %q", n, l)
		}
	}
	if out := typeLine(tm, "explain"); !strings.Contains(out, "In short: port ") || !strings.Contains(out, "TIME_WAIT") {
		t.Errorf("explain after the bind: %q", out)
	}
	tm.send("\x04")
	tm.wait()
}
