package peers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The HTTP server's limits on what it reads; beyond them it answers with
// the status a real server gives and closes the connection.
const (
	maxLine       = 8 << 10  // one line of the request head (414 or 431 beyond)
	maxHeadBytes  = 32 << 10 // the whole request head (431 beyond)
	maxHeaders    = 100      // header fields (431 beyond)
	maxBodyBytes  = 1 << 20  // a request body, read and dropped (413 beyond)
	serverHeader  = "sockshell"
	pageType      = "text/html; charset=utf-8"
	plainTextType = "text/plain; charset=utf-8"
)

// Page is the page the HTTP server sends for GET /.
const Page = `<!DOCTYPE html>
<html>
<head><title>sockshell</title></head>
<body>
<h1>Hello from sockshell</h1>
<p>This page was sent by the small HTTP/1.1 server that sockshell runs on
your own machine (serve http). The request you sent, and the status line,
headers and body of this reply, all crossed a real TCP connection.</p>
</body>
</html>
`

// busyResponse is sent to a client turned away at the connection limit.
func busyResponse() []byte {
	return response(503, "close", plainTextType, "", []byte(statusLine(503)+"\n"), true)
}

// httpError is a request the server refuses; it answers with status and
// closes the connection.
type httpError struct{ status int }

func (e *httpError) Error() string { return statusLine(e.status) }

// request is the part of a request the server looks at.
type request struct {
	method, target string
	minor          int  // HTTP/1.<minor>
	keepAlive      bool // the client lets the connection stay open
	line           string
}

// serveHTTP answers requests on one connection until the client closes it,
// asks to close it, sends a request the server refuses, or sends no
// complete request head within the idle timeout.
func serveHTTP(c *conn) error {
	br := bufio.NewReaderSize(c, maxLine)
	for {
		// The deadline covers the whole head (and body), not each read: a
		// client trickling a byte at a time can't hold a connection.
		c.SetReadDeadline(time.Now().Add(c.s.limits.IdleTimeout))
		req, err := readRequest(br)
		var he *httpError
		if errors.As(err, &he) {
			resp := response(he.status, "close", plainTextType, "", []byte(statusLine(he.status)+"\n"), true)
			// The request may be partly unread (a body too large, a
			// head too long): linger rather than reset the client.
			c.lingerOnClose = true
			return c.answer(resp, "bad request: "+statusLine(he.status)) // nil: the server closes the connection
		}
		if err != nil {
			return err
		}
		status, body, ctype, allow := route(req)
		conn := "keep-alive"
		if !req.keepAlive || status >= 500 {
			conn = "close"
		}
		resp := response(status, conn, ctype, allow, body, req.method != "HEAD")
		if err := c.answer(resp, req.line+": "+statusLine(status)); err != nil {
			return err
		}
		if conn == "close" {
			return nil
		}
	}
}

// answer sends a whole response (conn.Write writes all or fails) and
// reports it in a Request event with note, even when the write ends the
// connection on purpose (half_close after it, close_after in the middle).
func (c *conn) answer(resp []byte, note string) error {
	c.SetWriteDeadline(time.Now().Add(c.s.limits.IdleTimeout))
	c.beginSend()
	defer c.endSend()
	n, err := c.Write(resp)
	if n > 0 && c.s.logging() && (err == nil || errors.Is(err, errHalfClosed) || errors.Is(err, errEnded)) {
		ev := c.event(Request)
		ev.Note = note
		if n < len(resp) {
			ev.Note += fmt.Sprintf(" (cut short after %d of %d bytes)", n, len(resp))
		}
		c.s.emit(ev)
	}
	return err
}

// route picks the answer to a request: the page for / and /index.html,
// 404 for any other path, 405 (with the Allow header's value) for a method
// other than GET and HEAD.
func route(req *request) (status int, body []byte, ctype, allow string) {
	if req.method != "GET" && req.method != "HEAD" {
		return 405, []byte(statusLine(405) + "\n"), plainTextType, "GET, HEAD"
	}
	path := req.target
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if path == "/" || path == "/index.html" {
		return 200, []byte(Page), pageType, ""
	}
	return 404, []byte(statusLine(404) + "\n"), plainTextType, ""
}

// response makes a whole response: status line, headers (Allow when allow
// is not empty), and the body (left out for HEAD, though Content-Length
// still gives its length).
func response(status int, connection, ctype, allow string, body []byte, withBody bool) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %s\r\n", statusLine(status))
	fmt.Fprintf(&b, "Server: %s\r\n", serverHeader)
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"))
	fmt.Fprintf(&b, "Content-Type: %s\r\n", ctype)
	fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	if allow != "" {
		fmt.Fprintf(&b, "Allow: %s\r\n", allow)
	}
	fmt.Fprintf(&b, "Connection: %s\r\n\r\n", connection)
	if withBody {
		b.Write(body)
	}
	return b.Bytes()
}

var statusText = map[int]string{
	200: "OK",
	400: "Bad Request",
	404: "Not Found",
	405: "Method Not Allowed",
	413: "Content Too Large",
	414: "URI Too Long",
	431: "Request Header Fields Too Large",
	501: "Not Implemented",
	503: "Service Unavailable",
	505: "HTTP Version Not Supported",
}

// statusLine is a status code with its reason phrase: "200 OK".
func statusLine(status int) string { return strconv.Itoa(status) + " " + statusText[status] }

// readRequest reads one request head (and drops its body). It returns
// io.EOF when the client closed the connection between requests, an
// *httpError for a request to refuse, or the connection's error.
func readRequest(br *bufio.Reader) (*request, error) {
	total := 0
	var line string
	var err error
	// A server should skip empty lines before a request line (RFC 9112,
	// 2.2): some clients send an extra CRLF after a body.
	for blank := 0; ; blank++ {
		line, err = readLine(br, &total, 414)
		if err != nil {
			return nil, err
		}
		if line != "" {
			break
		}
		if blank == 4 {
			return nil, &httpError{400}
		}
	}
	req, err := parseRequestLine(line)
	if err != nil {
		return nil, err
	}
	hosts := 0
	var length int64 = -1
	var connTokens []string
	for n := 0; ; n++ {
		line, err := readLine(br, &total, 431)
		if err != nil {
			return nil, unexpectedEOF(err)
		}
		if line == "" {
			break
		}
		if n == maxHeaders {
			return nil, &httpError{431}
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !isToken(name) { // also refuses obsolete line folding
			return nil, &httpError{400}
		}
		value = strings.Trim(value, " \t")
		switch strings.ToLower(name) {
		case "host":
			hosts++
		case "connection":
			for _, t := range strings.Split(value, ",") {
				connTokens = append(connTokens, strings.ToLower(strings.TrimSpace(t)))
			}
		case "content-length":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n < 0 || value[0] == '+' || (length >= 0 && n != length) {
				return nil, &httpError{400}
			}
			length = n
		case "transfer-encoding":
			return nil, &httpError{501}
		}
	}
	if req.minor >= 1 && hosts != 1 {
		return nil, &httpError{400} // HTTP/1.1 needs exactly one Host (RFC 9112, 3.2)
	}
	req.keepAlive = req.minor >= 1
	for _, t := range connTokens {
		switch t {
		case "close":
			req.keepAlive = false
		case "keep-alive":
			req.keepAlive = req.keepAlive || req.minor == 0
		}
	}
	if length > maxBodyBytes {
		return nil, &httpError{413}
	}
	if length > 0 {
		if _, err := io.CopyN(io.Discard, br, length); err != nil {
			return nil, unexpectedEOF(err)
		}
	}
	return req, nil
}

// unexpectedEOF is err, except that a client closing in the middle of a
// request is a reset of sorts rather than a clean close.
func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// readLine reads one line of the head, without its CR LF (a bare LF is
// accepted too). A line longer than maxLine, or a head longer than
// maxHeadBytes, is refused with tooLong.
func readLine(br *bufio.Reader, total *int, tooLong int) (string, error) {
	b, err := br.ReadSlice('\n')
	*total += len(b)
	switch {
	case errors.Is(err, bufio.ErrBufferFull), err == nil && *total > maxHeadBytes:
		return "", &httpError{tooLong}
	case err != nil:
		if len(b) > 0 || *total > 0 {
			return "", unexpectedEOF(err)
		}
		return "", err
	}
	b = bytes.TrimSuffix(b[:len(b)-1], []byte("\r"))
	if bytes.ContainsAny(b, "\r\x00") {
		return "", &httpError{400}
	}
	return string(b), nil
}

// parseRequestLine reads `METHOD TARGET HTTP/1.x`.
func parseRequestLine(line string) (*request, error) {
	parts := strings.Split(line, " ")
	if len(parts) != 3 || !isToken(parts[0]) || !isTarget(parts[1]) {
		return nil, &httpError{400}
	}
	version := parts[2]
	if len(version) != 8 || !strings.HasPrefix(version, "HTTP/") || version[6] != '.' ||
		!isDigit(version[5]) || !isDigit(version[7]) {
		return nil, &httpError{400}
	}
	if version[5] != '1' {
		return nil, &httpError{505}
	}
	target := parts[1]
	// An absolute-form target (http://host/path), as sent to proxies.
	if rest, ok := strings.CutPrefix(target, "http://"); ok {
		target = "/"
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			target = rest[i:]
		}
	}
	return &request{method: parts[0], target: target, minor: int(version[7] - '0'), line: line}, nil
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// isToken reports whether s is an HTTP token (a method or header name).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}

// isTarget reports whether s is a request target: printable ASCII with no
// spaces, starting with / (or an absolute URL, or * for OPTIONS).
func isTarget(s string) bool {
	if s == "" || (s[0] != '/' && s != "*" && !strings.HasPrefix(s, "http://")) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
