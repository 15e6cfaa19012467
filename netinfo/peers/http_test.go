package peers

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// readResponse reads one response with net/http's parser (an independent
// check of the framing) and its body.
func readResponse(t *testing.T, br *bufio.Reader, method string) (*http.Response, string) {
	t.Helper()
	resp, err := http.ReadResponse(br, &http.Request{Method: method})
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return resp, string(body)
}

// The lecture's request gets a real response: status line, headers, body.
func TestHTTPLectureRequest(t *testing.T) {
	_, s := start(t, HTTP, Limits{})
	c := dial(t, s)
	c.Write([]byte("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"))
	br := bufio.NewReader(c)
	head, _ := br.Peek(17)
	if string(head) != "HTTP/1.1 200 OK\r\n" {
		t.Fatalf("status line %q", head)
	}
	resp, body := readResponse(t, br, "GET")
	if body != Page {
		t.Errorf("body = %q", body)
	}
	for name, want := range map[string]string{
		"Server":         "sockshell",
		"Content-Type":   "text/html; charset=utf-8",
		"Content-Length": strconv.Itoa(len(Page)),
		"Connection":     "keep-alive",
	} {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if d, err := http.ParseTime(resp.Header.Get("Date")); err != nil || time.Since(d) > time.Minute {
		t.Errorf("Date: %q (%v)", resp.Header.Get("Date"), err)
	}
	// Keep-alive: the same connection takes another request.
	c.Write([]byte("HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n"))
	resp, body = readResponse(t, br, "HEAD")
	if resp.StatusCode != 200 || body != "" || resp.ContentLength != int64(len(Page)) {
		t.Errorf("HEAD: %d, body %q, length %d", resp.StatusCode, body, resp.ContentLength)
	}
	if st := s.Stats(); st.Total != 1 {
		t.Errorf("two requests took %d connections", st.Total)
	}
}

func TestHTTPRequests(t *testing.T) {
	_, s := start(t, HTTP, Limits{})
	for _, tc := range []struct {
		name    string
		req     string
		method  string
		status  int
		closes  bool   // the server closes the connection after the response
		allow   string // the Allow header
		version string // the response's protocol
	}{
		{"get", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET", 200, false, "", "HTTP/1.1"},
		{"index", "GET /index.html?x=1 HTTP/1.1\r\nHost: x\r\n\r\n", "GET", 200, false, "", "HTTP/1.1"},
		{"bare LF", "GET / HTTP/1.1\nHost: x\n\n", "GET", 200, false, "", "HTTP/1.1"},
		{"leading CRLF", "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET", 200, false, "", "HTTP/1.1"},
		{"absolute form", "GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n", "GET", 200, false, "", "HTTP/1.1"},
		{"close", "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "GET", 200, true, "", "HTTP/1.1"},
		{"http/1.0", "GET / HTTP/1.0\r\n\r\n", "GET", 200, true, "", "HTTP/1.1"},
		{"http/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "GET", 200, false, "", "HTTP/1.1"},
		{"not found", "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", "GET", 404, false, "", "HTTP/1.1"},
		{"post", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "POST", 405, false, "GET, HEAD", "HTTP/1.1"},
		{"no host", "GET / HTTP/1.1\r\n\r\n", "GET", 400, true, "", "HTTP/1.1"},
		{"two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "GET", 400, true, "", "HTTP/1.1"},
		{"garbage", "hello there\r\n\r\n", "GET", 400, true, "", "HTTP/1.1"},
		{"no version", "GET /\r\n\r\n", "GET", 400, true, "", "HTTP/1.1"},
		{"space in header name", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", "GET", 400, true, "", "HTTP/1.1"},
		{"folded header", "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", "GET", 400, true, "", "HTTP/1.1"},
		{"bad length", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "GET", 400, true, "", "HTTP/1.1"},
		{"http/2", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", "GET", 505, true, "", "HTTP/1.1"},
		{"chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "POST", 501, true, "", "HTTP/1.1"},
		{"huge body", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n", "POST", 413, true, "", "HTTP/1.1"},
		{"long target", "GET /" + strings.Repeat("a", 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "GET", 414, true, "", "HTTP/1.1"},
		{"long header", "GET / HTTP/1.1\r\nHost: x\r\nX: " + strings.Repeat("a", 9000) + "\r\n\r\n", "GET", 431, true, "", "HTTP/1.1"},
		{"many headers", "GET / HTTP/1.1\r\nHost: x\r\n" + strings.Repeat("X: y\r\n", 101) + "\r\n", "GET", 431, true, "", "HTTP/1.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, s)
			go c.Write([]byte(tc.req))
			br := bufio.NewReader(c)
			resp, _ := readResponse(t, br, tc.method)
			if resp.StatusCode != tc.status || resp.Proto != tc.version {
				t.Errorf("got %s %s, want %d", resp.Proto, resp.Status, tc.status)
			}
			if got := resp.Header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow: %q, want %q", got, tc.allow)
			}
			if resp.Close != tc.closes {
				t.Errorf("response says close: %v, want %v", resp.Close, tc.closes)
			}
			if tc.closes {
				c.SetReadDeadline(time.Now().Add(5 * time.Second))
				if rest, err := io.ReadAll(br); len(rest) != 0 || err != nil && !isReset(err) {
					t.Errorf("after a closing response: %q, %v", rest, err)
				}
				return
			}
			// The connection is still good for another request.
			c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
			if resp, _ := readResponse(t, br, "GET"); resp.StatusCode != 200 {
				t.Errorf("second request: %s", resp.Status)
			}
		})
	}
}

// Pipelined requests are answered in order.
func TestHTTPPipelining(t *testing.T) {
	_, s := start(t, HTTP, Limits{})
	c := dial(t, s)
	c.Write([]byte("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
	br := bufio.NewReader(c)
	for i, want := range []int{404, 200, 200} {
		if resp, _ := readResponse(t, br, "GET"); resp.StatusCode != want {
			t.Errorf("response %d: %s, want %d", i, resp.Status, want)
		}
	}
	if rest := readAll(t, c); len(rest) != 0 {
		t.Errorf("after the last response: %q", rest)
	}
}

func TestHTTPIdleAndSlow(t *testing.T) {
	_, s := start(t, HTTP, Limits{IdleTimeout: 300 * time.Millisecond})
	// A keep-alive connection left idle is closed.
	c := dial(t, s)
	c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	br := bufio.NewReader(c)
	readResponse(t, br, "GET")
	begin := time.Now()
	if rest, _ := io.ReadAll(br); len(rest) != 0 {
		t.Errorf("idle connection got %q", rest)
	}
	if took := time.Since(begin); took > 3*time.Second {
		t.Errorf("idle keep-alive connection closed after %v", took)
	}
	// A client that trickles its request can't keep the connection: the
	// deadline covers the whole head.
	c = dial(t, s)
	begin = time.Now()
	go func() {
		for _, b := range []byte("GET / HTTP/1.1\r\nHost: x\r\n") {
			if _, err := c.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	if rest, _ := io.ReadAll(c); len(rest) != 0 {
		t.Errorf("trickling client got %q", rest)
	}
	if took := time.Since(begin); took > 1500*time.Millisecond {
		t.Errorf("trickling client kept the connection for %v", took)
	}
}

// At the connection limit the HTTP server says 503 rather than just
// closing.
func TestHTTPBusy(t *testing.T) {
	_, s := start(t, HTTP, Limits{MaxConns: 1})
	dial(t, s)
	eventually(t, "one connection is open", func() bool { return s.Stats().Open == 1 })
	c := dial(t, s)
	resp, _ := readResponse(t, bufio.NewReader(c), "GET")
	if resp.StatusCode != 503 || !resp.Close {
		t.Errorf("got %s, close %v", resp.Status, resp.Close)
	}
}

// net/http's client, an independent implementation, talks to the server.
func TestHTTPWithNetHTTPClient(t *testing.T) {
	_, s := start(t, HTTP, Limits{})
	tr := &http.Transport{DialContext: (&net.Dialer{}).DialContext}
	defer tr.CloseIdleConnections()
	cl := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	for i := 0; i < 3; i++ {
		resp, err := cl.Get("http://" + s.Addr().String() + "/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != Page {
			t.Fatalf("GET: %s, %d bytes", resp.Status, len(body))
		}
	}
	if total := s.Stats().Total; total != 1 {
		t.Errorf("three requests used %d connections, want 1 (keep-alive)", total)
	}
}
