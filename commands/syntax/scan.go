package syntax

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sockshell/commands/value"
)

// tokKind is the kind of a Python token.
type tokKind int

const (
	tEOF tokKind = iota
	tNewline
	tIndent
	tDedent
	tName
	tNumber
	tString  // val holds the str or bytes
	tFString // text holds the raw body; raw says whether it is an rf-string
	tOp
	tVar // $name or $name.attr; text holds the path
)

// token is one Python token.
type token struct {
	kind tokKind
	text string
	val  value.Value
	raw  bool // an rf-string's body takes no escapes
	off  int  // byte offset in the source
	end  int  // just past the token
	line int
	col  int
}

func (t token) pos() Pos { return Pos{t.line, t.col} }

// Error is a statement that cannot be read: Python's SyntaxError (or, for
// what sockshell leaves out, a NotImplementedError that says what to do
// instead). Line and Col say where, when known.
type Error struct {
	Class *value.Class // SyntaxErrorClass or NotImplementedErr, or RecursionError
	Msg   string
	Line  int
	Col   int
	// Incomplete marks input that may still be completed by more lines:
	// an open bracket or string, a backslash at the end.
	Incomplete bool
}

func (e *Error) Error() string { return e.Class.QualName() + ": " + e.Msg }

func syntaxErr(line, col int, format string, args ...any) *Error {
	return &Error{Class: value.SyntaxErrorClass, Msg: fmt.Sprintf(format, args...), Line: line, Col: col}
}

// maxDepth is how deeply brackets may nest, as in CPython's tokenizer.
const maxDepth = 200

// maxLine bounds the source of one statement; longer input is refused
// rather than read (a pasted megabyte is almost never meant as a command).
const maxLine = 16 << 20

// scanner splits Python source into tokens, with the INDENT and DEDENT
// tokens of Python's block structure.
type scanner struct {
	src       string
	pos       int
	line      int // of pos
	lineStart int // offset of that line's first byte
	brackets  []token
	indents   []indent
	bol       bool      // at the beginning of a logical line
	pending   []token   // INDENT and DEDENT tokens to give before the next one
	last      tokKind   // the last token given
	room      [4]indent // indents' first array: most sources nest little
}

// init readies s to scan src, whose first line is numbered line.
func (s *scanner) init(src string, line int) {
	*s = scanner{src: src, line: line, bol: true, last: tNewline}
	s.indents = s.room[:1]
}

func (s *scanner) col(off int) int { return off - s.lineStart + 1 }

func (s *scanner) errAt(off int, format string, args ...any) *Error {
	return syntaxErr(s.line, s.col(off), format, args...)
}

func (s *scanner) tok(kind tokKind, text string, off int) token {
	return token{kind: kind, text: text, off: off, end: s.pos, line: s.line, col: s.col(off)}
}

// newline moves past the line break at s.pos (\n, or \r\n).
func (s *scanner) newline() {
	if s.src[s.pos] == '\r' && s.pos+1 < len(s.src) && s.src[s.pos+1] == '\n' {
		s.pos++
	}
	s.pos++
	s.line++
	s.lineStart = s.pos
}

// next returns the next token.
func (s *scanner) next() (token, error) {
	t, err := s.scan()
	if err == nil {
		s.last = t.kind
	}
	return t, err
}

func (s *scanner) scan() (token, error) {
	if len(s.pending) > 0 {
		t := s.pending[0]
		s.pending = s.pending[1:]
		return t, nil
	}
	if s.bol && len(s.brackets) == 0 {
		if t, ok, err := s.indentation(); ok || err != nil {
			return t, err
		}
	}
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\f':
			s.pos++
		case c == '\\':
			if s.pos+1 < len(s.src) && (s.src[s.pos+1] == '\n' || s.src[s.pos+1] == '\r') {
				s.pos++
				s.newline()
				if s.pos >= len(s.src) {
					return token{}, &Error{Class: value.SyntaxErrorClass, Msg: "unexpected EOF while parsing", Line: s.line, Incomplete: true}
				}
				continue
			}
			if s.pos+1 >= len(s.src) {
				return token{}, &Error{Class: value.SyntaxErrorClass, Msg: "unexpected EOF while parsing", Line: s.line, Incomplete: true}
			}
			return token{}, s.errAt(s.pos, "unexpected character after line continuation character")
		case c == '#':
			for s.pos < len(s.src) && s.src[s.pos] != '\n' && s.src[s.pos] != '\r' {
				s.pos++
			}
		case c == '\n' || c == '\r':
			if len(s.brackets) > 0 {
				s.newline()
				continue
			}
			off := s.pos
			t := token{kind: tNewline, off: off, end: off + 1, line: s.line, col: s.col(off)}
			s.newline()
			s.bol = true
			return t, nil
		default:
			return s.token()
		}
	}
	// The end of the source.
	if len(s.brackets) > 0 {
		b := s.brackets[len(s.brackets)-1]
		return token{}, &Error{Class: value.SyntaxErrorClass, Msg: fmt.Sprintf("'%s' was never closed", b.text), Line: b.line, Col: b.col, Incomplete: true}
	}
	if s.last != tNewline && s.last != tDedent && s.last != tIndent {
		return token{kind: tNewline, off: s.pos, end: s.pos, line: s.line, col: s.col(s.pos)}, nil
	}
	if len(s.indents) > 1 {
		s.indents = s.indents[:len(s.indents)-1]
		return token{kind: tDedent, off: s.pos, end: s.pos, line: s.line, col: 1}, nil
	}
	return token{kind: tEOF, off: s.pos, end: s.pos, line: s.line, col: s.col(s.pos)}, nil
}

// indent is a line's indentation: its width with tabs to multiples of 8
// (col), and with tabs as one column (alt).
type indent struct{ col, alt int32 } // int32: a line is far shorter, and the scanner smaller

// indentation reads the indentation of a new logical line, skipping blank
// and comment lines, and gives the INDENT or DEDENTs it makes (ok false
// when it makes none).
func (s *scanner) indentation() (token, bool, error) {
	for {
		// The width with tabs to multiples of 8, and again with tabs
		// as 1 column: indentation that agrees under one reading only
		// is a TabError, as in Python.
		var width indent
		i := s.pos
		for ; i < len(s.src) && (s.src[i] == ' ' || s.src[i] == '\t' || s.src[i] == '\f'); i++ {
			switch s.src[i] {
			case ' ':
				width.col++
				width.alt++
			case '\t':
				width.col = (width.col/8 + 1) * 8
				width.alt++
			case '\f':
				width = indent{} // a form feed starts the count again
			}
		}
		if i >= len(s.src) {
			s.pos = i
			s.bol = false
			return token{}, false, nil
		}
		if c := s.src[i]; c == '#' || c == '\n' || c == '\r' {
			for i < len(s.src) && s.src[i] != '\n' && s.src[i] != '\r' {
				i++
			}
			s.pos = i
			if i < len(s.src) {
				s.newline()
				continue
			}
			s.bol = false
			return token{}, false, nil
		}
		s.pos = i
		s.bol = false
		cur := s.indents[len(s.indents)-1]
		// A func, not the *Error itself: a line's indentation must cost no
		// allocation when it is right.
		tabError := func() *Error {
			return &Error{Class: value.TabError, Msg: "inconsistent use of tabs and spaces in indentation", Line: s.line, Col: s.col(i)}
		}
		switch {
		case width.col > cur.col:
			if width.alt <= cur.alt {
				return token{}, false, tabError()
			}
			s.indents = append(s.indents, width)
			return token{kind: tIndent, off: i, end: i, line: s.line, col: s.col(i)}, true, nil
		case width.col < cur.col:
			var dedents []token
			for len(s.indents) > 1 && s.indents[len(s.indents)-1].col > width.col {
				s.indents = s.indents[:len(s.indents)-1]
				dedents = append(dedents, token{kind: tDedent, off: i, end: i, line: s.line, col: s.col(i)})
			}
			if s.indents[len(s.indents)-1].col != width.col {
				return token{}, false, &Error{Class: value.IndentationError, Msg: "unindent does not match any outer indentation level", Line: s.line, Col: s.col(i)}
			}
			if s.indents[len(s.indents)-1].alt != width.alt {
				return token{}, false, tabError()
			}
			s.pending = dedents[1:]
			return dedents[0], true, nil
		}
		if width.alt != cur.alt {
			return token{}, false, tabError()
		}
		return token{}, false, nil
	}
}

// operators, longest first within each starting character.
var operators = []string{
	"**=", "//=", ">>=", "<<=", "...", "->", ":=", "!=", "==", "<=", ">=", "**", "//", "<<", ">>",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
	"(", ")", "[", "]", "{", "}", ":", ",", ";", ".", "+", "-", "*", "/", "%", "<", ">", "=", "&", "|", "^", "~", "@",
}

var closing = map[string]string{"(": ")", "[": "]", "{": "}"}

// token reads the token at s.pos, which is not white space.
func (s *scanner) token() (token, error) {
	off := s.pos
	c := s.src[off]
	switch {
	case c == '\'' || c == '"':
		return s.stringTok(off, "")
	case c >= '0' && c <= '9' || c == '.' && off+1 < len(s.src) && s.src[off+1] >= '0' && s.src[off+1] <= '9':
		return s.number(off)
	case c == '$':
		j := off + 1
		for j < len(s.src) && (isIdentByte(s.src[j]) || s.src[j] == '.') {
			j++
		}
		path := s.src[off+1 : j]
		if !isDottedName(path) {
			end := j
			for end < len(s.src) && !strings.ContainsRune(" \t\r\n;,()[]{}=#", rune(s.src[end])) {
				end++
			}
			return token{}, s.errAt(off, "'$' must be followed by a variable name (as in $foo or $foo.family), not '%s'", value.ForMessage(s.src[off+1:end]))
		}
		s.pos = j
		return s.tok(tVar, path, off), nil
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf:
		j := off
		for j < len(s.src) {
			if isIdentByte(s.src[j]) {
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(s.src[j:])
			if r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
				j += size
				continue
			}
			break
		}
		if j == off {
			return token{}, s.badChar(off)
		}
		word := s.src[off:j]
		if j < len(s.src) && (s.src[j] == '\'' || s.src[j] == '"') && isStringPrefix(word) {
			return s.stringTok(j, word)
		}
		s.pos = j
		return s.tok(tName, word, off), nil
	}
	for _, op := range operators {
		if strings.HasPrefix(s.src[off:], op) {
			s.pos += len(op)
			t := s.tok(tOp, op, off)
			switch op {
			case "(", "[", "{":
				if len(s.brackets) >= maxDepth {
					return token{}, s.errAt(off, "too many nested parentheses")
				}
				s.brackets = append(s.brackets, t)
			case ")", "]", "}":
				if len(s.brackets) == 0 {
					return token{}, s.errAt(off, "unmatched '%s'", op)
				}
				open := s.brackets[len(s.brackets)-1]
				if closing[open.text] != op {
					if open.line != t.line {
						return token{}, s.errAt(off, "closing parenthesis '%s' does not match opening parenthesis '%s' on line %d", op, open.text, open.line)
					}
					return token{}, s.errAt(off, "closing parenthesis '%s' does not match opening parenthesis '%s'", op, open.text)
				}
				s.brackets = s.brackets[:len(s.brackets)-1]
			}
			return t, nil
		}
	}
	return token{}, s.badChar(off)
}

func (s *scanner) badChar(off int) error {
	r, _ := utf8.DecodeRuneInString(s.src[off:])
	switch {
	case r == utf8.RuneError:
		return s.errAt(off, "invalid UTF-8 byte 0x%02x", s.src[off])
	case r == 0:
		return s.errAt(off, "source code cannot contain null bytes")
	case !value.IsPrintable(r):
		return s.errAt(off, "invalid non-printable character U+%04X", r)
	case r == '!':
		return s.errAt(off, "invalid syntax")
	case r == '?' || r == '`':
		return s.errAt(off, "invalid syntax")
	}
	return s.errAt(off, "invalid character '%c' (U+%04X)", r, r)
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isDottedName reports whether s is names joined by dots (foo, foo.family).
func isDottedName(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if !IsIdent(part) {
			return false
		}
	}
	return true
}

// IsIdent reports whether s is an ASCII identifier.
func IsIdent(s string) bool {
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

func isStringPrefix(w string) bool {
	switch w {
	case "r", "u", "b", "f", "R", "U", "B", "F":
		return true
	}
	if len(w) != 2 {
		return false
	}
	a, b := w[0]|0x20, w[1]|0x20 // ASCII lower case
	return a == 'b' && b == 'r' || a == 'r' && b == 'b' || a == 'f' && b == 'r' || a == 'r' && b == 'f'
}

// number reads a numeric literal.
func (s *scanner) number(off int) (token, error) {
	j := off
	src := s.src
	isFloat := false
	if src[j] == '0' && j+1 < len(src) && strings.IndexByte("xXoObB", src[j+1]) >= 0 {
		j += 2
		for j < len(src) && (isIdentByte(src[j])) {
			j++
		}
	} else {
		for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '_') {
			j++
		}
		if j < len(src) && src[j] == '.' && !(j+1 < len(src) && src[j+1] == '.') {
			isFloat = true
			j++
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '_') {
				j++
			}
		}
		if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
			k := j + 1
			if k < len(src) && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if k < len(src) && src[k] >= '0' && src[k] <= '9' {
				isFloat = true
				j = k
				for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '_') {
					j++
				}
			}
		}
		if j < len(src) && (src[j] == 'j' || src[j] == 'J') {
			s.pos = j + 1
			return token{}, &Error{Class: value.NotImplementedErr, Msg: "complex numbers are not supported in sockshell", Line: s.line, Col: s.col(off)}
		}
	}
	text := src[off:j]
	if j < len(src) && (isIdentByte(src[j]) || src[j] >= utf8.RuneSelf) {
		return token{}, s.errAt(off, "invalid decimal literal")
	}
	s.pos = j
	t := s.tok(tNumber, text, off)
	if isFloat {
		f, ok := value.ParseFloat(text)
		if !ok || strings.Contains(text, "._") || strings.Contains(text, "_.") || strings.Contains(text, "_e") || strings.Contains(text, "e_") {
			return token{}, s.errAt(off, "invalid decimal literal")
		}
		t.val = value.Float(f)
		return t, nil
	}
	if len(text) > 1 && text[0] == '0' && strings.IndexByte("xXoObB", text[1]) < 0 && strings.Trim(text, "0_") != "" {
		return token{}, s.errAt(off, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
	}
	v, ok := value.ParseInt(text, 0)
	if !ok {
		base := map[byte]string{'x': "hexadecimal", 'o': "octal", 'b': "binary"}[text[min(1, len(text)-1)]|0x20]
		if base == "" {
			base = "decimal"
		}
		if d, ok := badDigit(text); ok {
			return token{}, s.errAt(off, "invalid digit '%c' in %s literal", d, base)
		}
		return token{}, s.errAt(off, "invalid %s literal", base)
	}
	t.val = v
	return t, nil
}

// badDigit finds the decimal digit that makes an octal or binary literal
// invalid (0o18, 0b12), reading it as CPython's tokenizer does: groups of
// valid digits joined by single underscores. ok is false when what is
// wrong is not such a digit (0o, 0b1_, 0o7a).
func badDigit(text string) (byte, bool) {
	limit := byte('8')
	switch text[1] | 0x20 {
	case 'o':
	case 'b':
		limit = '2'
	default:
		return 0, false
	}
	isDigit := func(i int) bool { return i < len(text) && text[i] >= '0' && text[i] <= '9' }
	i := 2
	for {
		if i < len(text) && text[i] == '_' {
			i++
		}
		if !isDigit(i) {
			return 0, false
		}
		if text[i] >= limit {
			return text[i], true
		}
		for isDigit(i) && text[i] < limit {
			i++
		}
		if i >= len(text) || text[i] != '_' {
			break
		}
	}
	if isDigit(i) {
		return text[i], true
	}
	return 0, false
}

// stringTok reads a string literal whose opening quote is at q, after
// the prefix.
func (s *scanner) stringTok(q int, prefix string) (token, error) {
	var isBytes, raw, isF bool
	for i := 0; i < len(prefix); i++ {
		switch prefix[i] | 0x20 { // ASCII lower case
		case 'b':
			isBytes = true
		case 'r':
			raw = true
		case 'f':
			isF = true
		}
	}
	start := q - len(prefix)
	startLine, startCol := s.line, s.col(start)
	quote := s.src[q : q+1]
	if q+2 < len(s.src) && s.src[q+1] == s.src[q] && s.src[q+2] == s.src[q] {
		quote = s.src[q : q+3]
	}
	i := q + len(quote)
	bodyStart := i
	for {
		if i >= len(s.src) {
			if len(quote) == 3 {
				return token{}, &Error{Class: value.SyntaxErrorClass, Msg: fmt.Sprintf("unterminated triple-quoted string literal (detected at line %d)", s.line), Line: startLine, Col: startCol, Incomplete: true}
			}
			return token{}, &Error{Class: value.SyntaxErrorClass, Msg: fmt.Sprintf("unterminated string literal (detected at line %d)", s.line), Line: startLine, Col: startCol}
		}
		c := s.src[i]
		if c == '\\' && i+1 < len(s.src) {
			if s.src[i+1] == '\n' || s.src[i+1] == '\r' {
				s.pos = i + 1
				s.newline()
				i = s.pos
				continue
			}
			i += 2
			continue
		}
		if c == '\n' || c == '\r' {
			if len(quote) == 1 {
				return token{}, &Error{Class: value.SyntaxErrorClass, Msg: fmt.Sprintf("unterminated string literal (detected at line %d)", s.line), Line: startLine, Col: startCol}
			}
			s.pos = i
			s.newline()
			i = s.pos
			continue
		}
		if c == quote[0] && (len(quote) == 1 || strings.HasPrefix(s.src[i:], quote)) {
			break
		}
		i++
	}
	body := s.src[bodyStart:i]
	s.pos = i + len(quote)
	t := token{off: start, end: s.pos, line: startLine, col: startCol}
	if isF {
		t.kind, t.text, t.raw = tFString, body, raw
		return t, nil
	}
	v, err := decodeString(body, isBytes, raw)
	if err != nil {
		return token{}, &Error{Class: value.SyntaxErrorClass, Msg: err.Error(), Line: startLine, Col: startCol}
	}
	t.kind, t.val = tString, v
	return t, nil
}

// decodeString turns a literal's body into its value, processing escapes
// unless raw.
func decodeString(body string, isBytes, raw bool) (value.Value, error) {
	if isBytes {
		for i := 0; i < len(body); i++ {
			if body[i] >= 0x80 {
				return nil, fmt.Errorf("bytes can only contain ASCII literal characters")
			}
		}
	}
	if raw || strings.IndexByte(body, '\\') < 0 {
		if strings.IndexByte(body, '\r') >= 0 {
			body = strings.ReplaceAll(body, "\r\n", "\n")
		}
		if isBytes {
			return value.Bytes(body), nil
		}
		return value.Str(body), nil
	}
	var b []byte
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			if c == '\r' && i+1 < len(body) && body[i+1] == '\n' {
				continue
			}
			b = append(b, c)
			continue
		}
		decoded, n, err := unescape(body[i:], isBytes, 0)
		if err != nil {
			// Again, with the position its message gives (counted only now:
			// a literal may hold many escapes).
			_, _, err = unescape(body[i:], isBytes, escapePos(body[:i]))
			return nil, err
		}
		b = append(b, decoded...)
		i += n - 1
	}
	if isBytes {
		return value.Bytes(b), nil
	}
	return value.Str(b), nil
}

// escapePos is where a literal's escape after before is, as Python's
// messages count it: the codec reads the literal with each character
// beyond ASCII already written as a 10-byte \UXXXXXXXX.
func escapePos(before string) int {
	n := 0
	for _, r := range before {
		if r < utf8.RuneSelf {
			n++
		} else {
			n += 10
		}
	}
	return n
}

// hexDigits counts the hex digits at the start of s, up to max.
func hexDigits(s string, max int) int {
	n := 0
	for n < max && n < len(s) && isHex(s[n:n+1]) {
		n++
	}
	return n
}

// unescape decodes the backslash escape at the start of s, which is at
// position pos of its literal (for messages), and reports how many bytes
// of s it used. An escape Python does not know keeps its backslash, as
// Python 3.11 does.
func unescape(s string, isBytes bool, pos int) ([]byte, int, error) {
	if len(s) < 2 {
		return []byte{'\\'}, 1, nil
	}
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
	case '\r':
		if len(s) > 2 && s[2] == '\n' {
			return nil, 3, nil
		}
		return nil, 2, nil
	case 'x':
		if d := hexDigits(s[2:], 2); d < 2 {
			if isBytes {
				return nil, 0, fmt.Errorf("(value error) invalid \\x escape at position %d", pos)
			}
			return nil, 0, fmt.Errorf("(unicode error) 'unicodeescape' codec can't decode bytes in position %d-%d: truncated \\xXX escape", pos, pos+1+d)
		}
		n, _ := strconv.ParseUint(s[2:4], 16, 8)
		if isBytes {
			return []byte{byte(n)}, 4, nil
		}
		return []byte(string(rune(n))), 4, nil
	case 'u', 'U', 'N':
		if isBytes {
			return []byte{'\\', c}, 2, nil
		}
		if c == 'N' {
			return nil, 0, fmt.Errorf("\\N{...} escapes are not supported in sockshell; use \\uXXXX")
		}
		width := 4
		if c == 'U' {
			width = 8
		}
		if d := hexDigits(s[2:], width); d < width {
			return nil, 0, fmt.Errorf("(unicode error) 'unicodeescape' codec can't decode bytes in position %d-%d: truncated \\%c%s escape", pos, pos+1+d, c, strings.Repeat("X", width))
		}
		n, _ := strconv.ParseUint(s[2:2+width], 16, 32)
		if n > utf8.MaxRune || (n >= 0xd800 && n < 0xe000) {
			return nil, 0, fmt.Errorf("(unicode error) 'unicodeescape' codec can't decode bytes in position %d-%d: illegal Unicode character", pos, pos+1+width)
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
	return []byte{'\\'}, 1, nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return true
}
