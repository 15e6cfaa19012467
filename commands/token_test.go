package commands

import (
	"strings"
	"testing"
)

// lexOne lexes a line that must hold exactly one quoted literal.
func lexOne(t *testing.T, line string) Value {
	t.Helper()
	toks, err := lex(line)
	if err != nil {
		t.Fatalf("lex(%q): %v", line, err)
	}
	if len(toks) != 1 || toks[0].val == nil {
		t.Fatalf("lex(%q) = %v, want one literal", line, toks)
	}
	return toks[0].val
}

func TestLexLiterals(t *testing.T) {
	tests := []struct {
		line string
		want Value
	}{
		{`'abc'`, Str("abc")},
		{`"abc"`, Str("abc")},
		{`''`, Str("")},
		{`'it\'s'`, Str("it's")},
		{`"it's"`, Str("it's")},
		{`'a"b'`, Str(`a"b`)},
		{`'\\'`, Str(`\`)},
		{`'\n\r\t\a\b\f\v'`, Str("\n\r\t\a\b\f\v")},
		{`'\x41\x7f'`, Str("A\x7f")},
		{`'\xff'`, Str("ÿ")}, // in a str, \xNN is the code point U+00NN
		{`'\101\0\7'`, Str("A\x00\x07")},
		{`'\u00e9\U0001F600'`, Str("é😀")},
		{`'a\
b'`, Str("ab")}, // backslash-newline is a line continuation
		{`'héllo'`, Str("héllo")},
		{"'\x1b'", Str("\x1b")}, // control characters are allowed inside quotes (and escaped when shown)
		{`b'abc'`, Bytes("abc")},
		{`B"abc"`, Bytes("abc")},
		{`b'\xff\x00'`, Bytes{0xff, 0}},
		{`b'\377'`, Bytes{0xff}},
		{`b'GET / HTTP/1.1\r\n\r\n'`, Bytes("GET / HTTP/1.1\r\n\r\n")},
		{`r'\n'`, Str(`\n`)},
		{`R'\x'`, Str(`\x`)},
		{`r'\''`, Str(`\'`)},
		{`rb'\n'`, Bytes(`\n`)},
		{`Br'\d'`, Bytes(`\d`)},
	}
	for _, tt := range tests {
		got := lexOne(t, tt.line)
		if got.Repr() != tt.want.Repr() {
			t.Errorf("lex(%s) = %s, want %s", tt.line, got.Repr(), tt.want.Repr())
		}
	}
}

func TestLexTokens(t *testing.T) {
	tests := []struct {
		line string
		want string // kinds and texts, space separated: w:word s:str b:bytes v:var p:punct
	}{
		{"getservbyname ssh", "w:getservbyname w:ssh"},
		{"  getservbyname\tssh  ", "w:getservbyname w:ssh"},
		{"a, b = accept server", "w:a p:, w:b p:= w:accept w:server"},
		{"x += b'y'", "w:x p:+= b:b'y'"},
		{"a+b", "w:a+b"},
		{"x=1;y=2", "w:x p:= w:1 p:; w:y p:= w:2"},
		{"x\ny", "w:x p:; w:y"},
		{"foo # a comment; not a statement", "w:foo"},
		{"foo# no space needed", "w:foo"},
		{"# only a comment", ""},
		{"send s 'a # not a comment'", "w:send w:s s:'a # not a comment'"},
		{"send $conn $msg", "w:send v:conn v:msg"},
		{"$foo.family", "v:foo.family"},
		{"connect s ('127.0.0.1', 80)", "w:connect w:s p:( s:'127.0.0.1' p:, w:80 p:)"},
		{"bind s 127.0.0.1 50000", "w:bind w:s w:127.0.0.1 w:50000"},
		{"send s b'a'b'b'", "w:send w:s b:b'a' b:b'b'"},
		{"x = bar", "w:x p:= w:bar"}, // b is a prefix only right before a quote
		{"héllo wörld", "w:héllo w:wörld"},
	}
	for _, tt := range tests {
		toks, err := lex(tt.line)
		if err != nil {
			t.Errorf("lex(%q): %v", tt.line, err)
			continue
		}
		var got []string
		for _, tk := range toks {
			switch tk.kind {
			case tWord:
				got = append(got, "w:"+tk.text)
			case tStr:
				got = append(got, "s:"+tk.val.Repr())
			case tBytes:
				got = append(got, "b:"+tk.val.Repr())
			case tVar:
				got = append(got, "v:"+tk.text)
			case tPunct:
				got = append(got, "p:"+tk.text)
			}
			if tk.pos < 0 || tk.end > len(tt.line) || tk.pos >= tk.end {
				t.Errorf("lex(%q): token %q has span [%d,%d)", tt.line, tk.text, tk.pos, tk.end)
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("lex(%q) = %s, want %s", tt.line, g, tt.want)
		}
	}
}

func TestLexErrors(t *testing.T) {
	tests := []struct{ line, want string }{
		{`'abc`, "SyntaxError: unterminated string literal"},
		{`"abc'`, "SyntaxError: unterminated string literal"},
		{`b'abc`, "SyntaxError: unterminated string literal"},
		{`'abc\`, "SyntaxError: unterminated string literal"},
		{`r'\'`, "SyntaxError: unterminated string literal"},
		{`'\q'`, `SyntaxError: invalid escape sequence '\q'`},
		{`'\x4'`, `SyntaxError: truncated \xXX escape`},
		{`'\xzz'`, `SyntaxError: truncated \xXX escape`},
		{`'\u12'`, `SyntaxError: truncated \uXXXX escape`},
		{`'\U0011ffff'`, `SyntaxError: illegal Unicode character in \U escape`},
		{`'\ud800'`, `SyntaxError: illegal Unicode character in \u escape`},
		{`b'\u00e9'`, `SyntaxError: invalid escape sequence '\u' in bytes`},
		{`b'é'`, "SyntaxError: bytes can only contain ASCII literal characters"},
		{"'\\\x1b'", `SyntaxError: invalid escape sequence: '\' followed by \x1b`}, // the message never holds a raw control byte
		{"foo\x00bar", "SyntaxError: source code cannot contain null bytes"},
		{"foo \xff", "SyntaxError: invalid UTF-8 byte 0xff at column 5"},
		{"'\xc3'", "SyntaxError: invalid UTF-8 byte 0xc3 at column 2"},
		{"foo\x1b[31m", "SyntaxError: invalid non-printable character U+001B"},
		{"\x07", "SyntaxError: invalid non-printable character U+0007"},
		{"foo \u0085", "SyntaxError: invalid non-printable character U+0085"},
		{"$", "SyntaxError: '$' must be followed by a variable name (as in $foo or $foo.family), not ''"},
		{"$1x", "SyntaxError: '$' must be followed by a variable name (as in $foo or $foo.family), not '1x'"},
		{"$foo.", "SyntaxError: '$' must be followed by a variable name (as in $foo or $foo.family), not 'foo.'"},
		{"$foo-bar", "SyntaxError: '$' must be followed by a variable name (as in $foo or $foo.family), not 'foo-bar'"},
	}
	for _, tt := range tests {
		_, err := lex(tt.line)
		if err == nil {
			t.Errorf("lex(%q): no error, want %q", tt.line, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("lex(%q) error = %q, want %q", tt.line, err, tt.want)
		}
	}
}

func TestLexLongLine(t *testing.T) {
	line := strings.Repeat("a", maxLine+1)
	_, err := lex(line)
	if err == nil || !strings.Contains(err.Error(), "line too long") {
		t.Errorf("lex of %d bytes: %v, want a 'line too long' error", len(line), err)
	}
	// A megabyte is still read (it may be a pasted payload).
	toks, err := lex("x = '" + strings.Repeat("y", 1<<20) + "'")
	if err != nil || len(toks) != 3 {
		t.Errorf("1 MB literal: %v, %d tokens", err, len(toks))
	}
}

func TestEscapeForMessage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"it's", "it's"},
		{strings.Repeat("x", 100), strings.Repeat("x", 60) + "..."},
		{strings.Repeat("é", 40), strings.Repeat("é", 30) + "..."}, // cut on a rune boundary
	}
	for _, tt := range tests {
		if got := escapeForMessage(tt.in); got != tt.want {
			t.Errorf("escapeForMessage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLexNewlineInQuotes(t *testing.T) {
	if _, err := lex("x = 'a\nb'"); err == nil || err.Error() != "SyntaxError: unterminated string literal" {
		t.Errorf("a newline inside quotes: %v", err)
	}
}
