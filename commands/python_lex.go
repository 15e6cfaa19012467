package commands

import (
	"fmt"
	"strings"
)

// pyKind is the kind of one token of a Python line.
type pyKind int

const (
	pyName pyKind = iota // an identifier: socket, foo, len, None
	pyNum                // an int or float literal
	pyStr                // a str or bytes literal (val holds it)
	pyOp                 // punctuation and operators: ( ) [ ] , . : * + - = += ...
	pyVar                // $name or $name.attr, the shell's way to name a variable
)

// pyTok is one token of a Python line, with its byte offsets in the line.
type pyTok struct {
	kind     pyKind
	text     string
	val      Value // for pyNum and pyStr
	pos, end int
}

// pyLex reads a statement's shell tokens again as Python tokens. The shell
// lexer has already read the quoted literals (with the same escapes), the
// comments and the punctuation the two syntaxes share; what it calls a word
// (`socket.getservbyname`, `info[-1]`, `*info[:3]`) is split here into
// names, numbers and operators.
func pyLex(toks []token) ([]pyTok, error) {
	var out []pyTok
	for _, t := range toks {
		switch t.kind {
		case tStr, tBytes:
			if err := mergePrefix(&out, t); err != nil {
				return nil, err
			}
			out = append(out, pyTok{kind: pyStr, val: t.val, pos: t.pos, end: t.end})
		case tVar:
			out = append(out, pyTok{kind: pyVar, text: t.text, pos: t.pos, end: t.end})
		case tPunct:
			// `==`, `<=`, `!=` arrive as an operator and an adjacent '='.
			if n := len(out); t.text == "=" && n > 0 && out[n-1].kind == pyOp && out[n-1].end == t.pos &&
				strings.Contains("=<>!", out[n-1].text) {
				out[n-1].text += "="
				out[n-1].end = t.end
				continue
			}
			out = append(out, pyTok{kind: pyOp, text: t.text, pos: t.pos, end: t.end})
		case tWord:
			word, err := pyLexWord(t.text, t.pos)
			if err != nil {
				return nil, err
			}
			out = append(out, word...)
		}
	}
	return out, nil
}

// mergePrefix handles a name glued to the string that follows it: u'...'
// is a plain str in Python 3; f'...' and the like are refused clearly.
func mergePrefix(out *[]pyTok, t token) error {
	n := len(*out)
	if n == 0 {
		return nil
	}
	prev := (*out)[n-1]
	if prev.kind != pyName || prev.end != t.pos {
		return nil
	}
	switch strings.ToLower(prev.text) {
	case "u":
		*out = (*out)[:n-1]
		return nil
	case "f", "rf", "fr":
		return &SyntaxError{Msg: "SyntaxError: f-strings are not supported in sockshell's Python lines; join text with + instead", Pos: prev.pos}
	}
	return &SyntaxError{Msg: "SyntaxError: invalid syntax: a name directly before a string", Pos: prev.pos}
}

// pyLexWord splits one shell word into Python tokens; base is the word's
// offset in the line.
func pyLexWord(w string, base int) ([]pyTok, error) {
	var out []pyTok
	for i := 0; i < len(w); {
		c := w[i]
		start := i
		switch {
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			for i < len(w) && isIdentByte(w[i]) {
				i++
			}
			out = append(out, pyTok{kind: pyName, text: w[start:i], pos: base + start, end: base + i})
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(w) && w[i+1] >= '0' && w[i+1] <= '9':
			i = numberEnd(w, i)
			text := w[start:i]
			v, ok := literalWord(text)
			if !ok {
				msg := "invalid decimal literal"
				if leadingZeros(text) {
					msg = "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"
				}
				return nil, &SyntaxError{Msg: "SyntaxError: " + msg, Pos: base + start}
			}
			out = append(out, pyTok{kind: pyNum, text: text, val: v, pos: base + start, end: base + i})
		case strings.IndexByte("[]().,:*+-<>!%/&|^~@{}", c) >= 0:
			i++
			// The two-character operators, so that they are refused by name.
			if i < len(w) && strings.Contains("** // -> << >> := !=", w[start:i+1]) && w[i] != ' ' {
				i++
			}
			out = append(out, pyTok{kind: pyOp, text: w[start:i], pos: base + start, end: base + i})
		default:
			r := []rune(w[i:])[0]
			return nil, &SyntaxError{Msg: fmt.Sprintf("SyntaxError: invalid character '%s' (U+%04X)", escapeForMessage(string(r)), r), Pos: base + i}
		}
	}
	return out, nil
}

// numberEnd returns where the number starting at w[i] ends: digits,
// letters (0x1f, 1e5, 1_000), a decimal point, and the sign of an exponent.
func numberEnd(w string, i int) int {
	hex := strings.HasPrefix(strings.ToLower(w[i:]), "0x")
	for i < len(w) {
		c := w[i]
		switch {
		case isIdentByte(c) || c == '.':
			i++
		case (c == '+' || c == '-') && !hex && i > 0 && (w[i-1] == 'e' || w[i-1] == 'E'):
			i++
		default:
			return i
		}
	}
	return i
}
