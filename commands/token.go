package commands

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sockshell/internal/escape"
)

// tokKind is the kind of one token of a command line.
type tokKind int

const (
	tWord  tokKind = iota // bare text: a command, name, number, host, constant
	tStr                  // '...' or "..." with Python escapes
	tBytes                // b'...'
	tVar                  // $name or $name.attr
	tPunct                // = += , ; ( )
)

// token is one lexical unit with its byte offset in the line.
type token struct {
	kind tokKind
	text string // word text, punctuation, or variable path
	val  Value  // Str or Bytes for quoted tokens
	pos  int    // byte offset of the token's first byte
	end  int    // byte offset just past its last byte
}

// SyntaxError is a line that cannot be read, as Python's SyntaxError; Pos is
// the byte offset where the problem is.
type SyntaxError struct {
	Msg string
	Pos int
}

func (e *SyntaxError) Error() string { return e.Msg }

// maxLine bounds one command line; longer lines are refused with an error
// rather than tokenized (a pasted megabyte is almost never meant as a command).
const maxLine = 16 << 20

// lex splits a line into tokens. It fails on unbalanced quotes, bad escapes,
// NUL and control characters outside quotes, and invalid UTF-8.
func lex(line string) ([]token, error) {
	return lexAppend(nil, line)
}

// lexAppend is lex appending the tokens to toks, so that Parse can lex
// into room on its own stack.
func lexAppend(toks []token, line string) ([]token, error) {
	if len(line) > maxLine {
		return nil, &SyntaxError{Msg: fmt.Sprintf("SyntaxError: line too long (%d bytes; the limit is %d)", len(line), maxLine)}
	}
	if i := strings.IndexByte(line, 0); i >= 0 {
		return nil, &SyntaxError{Msg: "SyntaxError: source code cannot contain null bytes", Pos: i}
	}
	if !utf8.ValidString(line) {
		i := firstInvalidUTF8(line)
		return nil, &SyntaxError{Msg: fmt.Sprintf("SyntaxError: invalid UTF-8 byte 0x%02x at column %d", line[i], i+1), Pos: i}
	}
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\n':
			toks = append(toks, token{kind: tPunct, text: ";", pos: i, end: i + 1})
			i++
		case c == '#':
			for i < len(line) && line[i] != '\n' {
				i++
			}
		case c == ';' || c == ',' || c == '=' || c == '(' || c == ')':
			toks = append(toks, token{kind: tPunct, text: string(c), pos: i, end: i + 1})
			i++
		case c == '+' && i+1 < len(line) && line[i+1] == '=':
			toks = append(toks, token{kind: tPunct, text: "+=", pos: i, end: i + 2})
			i += 2
		case c == '\'' || c == '"':
			t, n, err := lexQuoted(line, i, "")
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = n
		case c == '$':
			// $name or $name.attr: the whole word must be a dotted name, so
			// that `$foo-bar` or `$foo.` is an error rather than two tokens.
			j := i + 1
			for j < len(line) && !endsWord(line, j) {
				j++
			}
			name := line[i+1 : j]
			if !isDottedName(name) {
				return nil, &SyntaxError{Msg: fmt.Sprintf("SyntaxError: '$' must be followed by a variable name (as in $foo or $foo.family), not '%s'", escapeForMessage(name)), Pos: i}
			}
			toks = append(toks, token{kind: tVar, text: name, pos: i, end: j})
			i = j
		default:
			if p := stringPrefix(line[i:]); p != "" {
				t, n, err := lexQuoted(line, i+len(p), p)
				if err != nil {
					return nil, err
				}
				t.pos = i
				toks = append(toks, t)
				i = n
				continue
			}
			j := i
			for j < len(line) && !endsWord(line, j) {
				if c := line[j]; c > ' ' && c < 0x7f {
					j++ // printable ASCII, as most words are all through
					continue
				}
				r, size := utf8.DecodeRuneInString(line[j:])
				if !unicode.IsPrint(r) {
					return nil, &SyntaxError{Msg: fmt.Sprintf("SyntaxError: invalid non-printable character U+%04X", r), Pos: j}
				}
				j += size
			}
			toks = append(toks, token{kind: tWord, text: line[i:j], pos: i, end: j})
			i = j
		}
	}
	return toks, nil
}

// endsWord reports whether line[j] ends a bare word. '#' does, as in
// Python, so that a comment needs no space before it and SplitStatements
// (which cuts at any '#' outside quotes) agrees with the lexer.
func endsWord(line string, j int) bool {
	switch c := line[j]; c {
	case ' ', '\t', '\r', '\n', ';', ',', '=', '(', ')', '\'', '"', '#':
		return true
	case '+':
		return j+1 < len(line) && line[j+1] == '='
	}
	return false
}

// stringPrefix returns the b/r/rb/br prefix (in either case) when s
// starts a prefixed literal.
func stringPrefix(s string) string {
	switch {
	case len(s) > 1 && isPrefixLetter(s[0]) && isQuote(s[1]):
		return s[:1]
	case len(s) > 2 && isPrefixLetter(s[0]) && isPrefixLetter(s[1]) && isQuote(s[2]) &&
		s[0]|0x20 != s[1]|0x20: // rb or br, not rr or bb
		return s[:2]
	}
	return ""
}

func isPrefixLetter(c byte) bool { return c|0x20 == 'b' || c|0x20 == 'r' }

func isQuote(c byte) bool { return c == '\'' || c == '"' }

// lexQuoted reads the literal whose opening quote is at line[i].
func lexQuoted(line string, i int, prefix string) (token, int, error) {
	isBytes := strings.IndexByte(prefix, 'b') >= 0 || strings.IndexByte(prefix, 'B') >= 0
	raw := strings.IndexByte(prefix, 'r') >= 0 || strings.IndexByte(prefix, 'R') >= 0
	q := line[i]
	start := i - len(prefix)
	// A literal without a backslash (most are) is the line's own text: a
	// str needs no copy and bytes one. Anything else is decoded below.
	if n := strings.IndexByte(line[i+1:], q); n > 0 {
		body := line[i+1 : i+1+n]
		if plainLiteral(body, isBytes) {
			if isBytes {
				return token{kind: tBytes, val: Bytes(body), pos: start, end: i + n + 2}, i + n + 2, nil
			}
			return token{kind: tStr, val: Str(body), pos: start, end: i + n + 2}, i + n + 2, nil
		}
	}
	var buf []byte
	for j := i + 1; j < len(line); j++ {
		c := line[j]
		if c == q {
			if isBytes {
				return token{kind: tBytes, val: Bytes(buf), pos: start, end: j + 1}, j + 1, nil
			}
			return token{kind: tStr, val: Str(buf), pos: start, end: j + 1}, j + 1, nil
		}
		if c == '\n' {
			break // as in Python: a quote does not run on to the next line
		}
		if c != '\\' {
			if isBytes && c >= 0x80 {
				return token{}, 0, &SyntaxError{Msg: "SyntaxError: bytes can only contain ASCII literal characters", Pos: j}
			}
			buf = append(buf, c)
			continue
		}
		if j+1 >= len(line) {
			break
		}
		if raw {
			buf = append(buf, c, line[j+1])
			j++
			continue
		}
		decoded, n, err := unescape(line[j:], isBytes)
		if err != nil {
			return token{}, 0, &SyntaxError{Msg: "SyntaxError: " + err.Error(), Pos: j}
		}
		buf = append(buf, decoded...)
		j += n - 1
	}
	return token{}, 0, &SyntaxError{Msg: "SyntaxError: unterminated string literal", Pos: start}
}

// unescape decodes the backslash escape at the start of s and reports how many
// bytes of s it used.
func unescape(s string, isBytes bool) ([]byte, int, error) {
	c := s[1]
	switch c {
	case '\\', '\'', '"':
		return []byte{c}, 2, nil
	case 'n':
		return []byte{'\n'}, 2, nil
	case 'r':
		return []byte{'\r'}, 2, nil
	case 't':
		return []byte{'\t'}, 2, nil
	case 'a':
		return []byte{7}, 2, nil
	case 'b':
		return []byte{8}, 2, nil
	case 'f':
		return []byte{12}, 2, nil
	case 'v':
		return []byte{11}, 2, nil
	case '\n':
		return nil, 2, nil
	case 'x':
		if len(s) < 4 || !isHex(s[2:4]) {
			return nil, 0, fmt.Errorf(`truncated \xXX escape`)
		}
		n, _ := strconv.ParseUint(s[2:4], 16, 8)
		if isBytes {
			return []byte{byte(n)}, 4, nil
		}
		return []byte(string(rune(n))), 4, nil
	case 'u', 'U':
		if isBytes {
			return nil, 0, fmt.Errorf(`invalid escape sequence '\%c' in bytes`, c)
		}
		width := 4
		if c == 'U' {
			width = 8
		}
		if len(s) < 2+width || !isHex(s[2:2+width]) {
			return nil, 0, fmt.Errorf(`truncated \%c%s escape`, c, strings.Repeat("X", width))
		}
		n, _ := strconv.ParseUint(s[2:2+width], 16, 32)
		if n > utf8.MaxRune || (n >= 0xd800 && n < 0xe000) {
			return nil, 0, fmt.Errorf(`illegal Unicode character in \%c escape`, c)
		}
		return []byte(string(rune(n))), 2 + width, nil
	}
	if c >= '0' && c <= '7' {
		j := 1
		for j < 4 && j < len(s) && s[j] >= '0' && s[j] <= '7' {
			j++
		}
		n, _ := strconv.ParseUint(s[1:j], 8, 16)
		if isBytes {
			return []byte{byte(n)}, j, nil
		}
		return []byte(string(rune(n))), j, nil
	}
	r, _ := utf8.DecodeRuneInString(s[1:])
	if shown := escapeForMessage(string(r)); shown != string(r) {
		return nil, 0, fmt.Errorf(`invalid escape sequence: '\' followed by %s`, shown)
	}
	return nil, 0, fmt.Errorf(`invalid escape sequence '\%c'`, r)
}

// plainLiteral reports whether a literal's body is its value as it
// stands: no backslash, no newline, and for bytes nothing but ASCII.
func plainLiteral(body string, isBytes bool) bool {
	for i := 0; i < len(body); i++ {
		if c := body[i]; c == '\\' || c == '\n' || (isBytes && c >= 0x80) {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return true
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isIdent reports whether s is a valid variable name.
func isIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentByte(s[i]) {
			return false
		}
	}
	return true
}

func firstInvalidUTF8(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}

// escapeForMessage makes user text safe to put in an error message: control
// characters and the like are escaped as in a Python repr, without quotes.
// Long text is cut, so that a mistyped megabyte does not come back whole.
func escapeForMessage(s string) string {
	short := cutText(s)
	cut := ""
	if len(short) < len(s) {
		short, cut = short[:len(short)-3], "..."
	}
	q := quote(short, false)
	return q[1:len(q)-1] + cut
}

// cutText shortens s to about 60 bytes, on a rune boundary, ending it with
// "..." when something was cut.
func cutText(s string) string {
	const most = 60
	if len(s) <= most {
		return s
	}
	n := most
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// ShowLine returns a line of input as it can safely be shown again (echoed in
// a transcript): what was typed, except that control characters, invalid
// UTF-8 and other non-printable characters are written as \xNN, \uXXXX or
// \UXXXXXXXX escapes, so a line never drives the terminal. Tabs stay.
func ShowLine(line string) string {
	clean := true
	for _, r := range line {
		if r != '\t' && (r == utf8.RuneError || !unicode.IsPrint(r)) {
			clean = false
			break
		}
	}
	if clean {
		return line
	}
	var b strings.Builder
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		switch {
		case r == '\t' || (r != utf8.RuneError && unicode.IsPrint(r)):
			b.WriteString(line[i : i+size])
		case size == 1 || r <= 0xff:
			if size > 1 {
				escape.Hex(&b, byte(r))
			} else {
				escape.Hex(&b, line[i])
			}
		default:
			q := quote(line[i:i+size], false)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}
