package commands

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are lines that reach every corner of the lexer and parser; the
// committed corpus in testdata/fuzz adds the inputs fuzzing found interesting.
var fuzzSeeds = []string{
	"getservbyname ssh",
	"a, b = accept server",
	"x = 1; y = (2, 3); z, w = f a b c d e; x",
	"msg = b'GET / HTTP/1.1\\r\\n\\r\\n'",
	"msg += 'h\\u00e9\\U0001F600\\x41\\101'",
	"connect s ('127.0.0.1', 80); recv s 4096 # comment",
	"$foo.family",
	"r'\\n' rb'\\x' Br\"x\"",
	"x = (1, (2,), ())",
	"'unterminated",
	"b'\\u0041'",
	"x = 0777",
	"a\x00b",
	"\xff\xfe",
	"foo\x1b[31m",
	"'\\\n'",
	"socket.getservbyname('ssh')",
	"conn, addr = server_socket.accept()",
}

// FuzzParse checks that no line makes the lexer or parser panic, that an
// error never carries a raw control byte or invalid UTF-8 back to the
// terminal, and that every str and bytes literal it accepts prints (repr)
// as text that reads back as the same value.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		toks, lexErr := lex(line)
		stmts, err := Parse(line)
		if err != nil {
			checkShowable(t, "error", err.Error())
			checkShowable(t, "error", AsPyError(err).Error())
		}
		for _, st := range stmts {
			if st.X == nil {
				t.Fatalf("Parse(%q): a statement without an expression", line)
			}
			// A statement means the same on its own as among others on a
			// line: the statements of a line share no nodes.
			alone, err := Parse(st.Src)
			if err != nil || len(alone) != 1 || dump(alone[0]) != dump(st) {
				t.Fatalf("Parse(%q): statement %q reads %q, but alone %v (%v)", line, st.Src, dump(st), dumpEach(alone), err)
			}
			Release(alone)
		}
		if lexErr != nil {
			checkShowable(t, "lex error", lexErr.Error())
			return
		}
		for _, tk := range toks {
			if tk.val == nil {
				continue
			}
			repr := tk.val.Repr()
			back, err := lex(repr)
			if err != nil || len(back) != 1 || back[0].val == nil {
				t.Fatalf("literal %q in %q: its repr %s does not read back (%v)", line[tk.pos:tk.end], line, repr, err)
			}
			if back[0].kind != tk.kind || back[0].val.Repr() != repr {
				t.Fatalf("literal %q: repr %s reads back as %s", line[tk.pos:tk.end], repr, back[0].val.Repr())
			}
			checkShowable(t, "repr", repr)
		}
		for _, piece := range SplitStatements(line) {
			if strings.TrimSpace(piece) != piece || piece == "" {
				t.Fatalf("SplitStatements(%q): piece %q not trimmed", line, piece)
			}
		}
		checkShowable(t, "ShowLine", ShowLine(line))
	})
}

// FuzzRepr checks that the repr of any bytes, and of any valid text, is
// printable and reads back as the same value.
func FuzzRepr(f *testing.F) {
	for _, s := range []string{"", "it's", `"'`, "\\", "\x00\x7f\x80\xff", "héllo", "\u200b\U000E0001", "日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		values := []Value{Bytes(s)}
		if utf8.ValidString(s) {
			values = append(values, Str(s))
		}
		for _, v := range values {
			repr := v.Repr()
			checkShowable(t, "repr", repr)
			toks, err := lex(repr)
			if err != nil || len(toks) != 1 || toks[0].val == nil {
				t.Fatalf("repr %s of %q does not read back: %v", repr, s, err)
			}
			if got := toks[0].val; got.Repr() != repr || typeName(got) != typeName(v) {
				t.Fatalf("repr %s of %q reads back as %s", repr, s, got.Repr())
			}
		}
	})
}

// checkShowable fails when s could act on a terminal: a control byte (other
// than the newlines of a multi-line pretty print) or invalid UTF-8.
func checkShowable(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s %q is not valid UTF-8", what, s)
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			t.Fatalf("%s %q holds the control character U+%04X", what, s, r)
		}
	}
}
