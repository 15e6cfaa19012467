package value_test

import (
	"testing"
	"unicode/utf8"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// FuzzRepr checks that the repr of any bytes, and of any valid text, is
// safe to show (printable, valid UTF-8) and reads back, through the
// shell's own parser, as the same value; and that Pretty and the other
// printers of the one rule never let a character through that is not
// printable.
func FuzzRepr(f *testing.F) {
	for _, s := range []string{"", "it's", `"'`, "\\", "\x00\x7f\x80\xff", "héllo", "\u200b\U000E0001", "日本", "\u202e\u2028\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		values := []value.Value{value.Bytes(s)}
		if utf8.ValidString(s) {
			values = append(values, value.Str(s))
		}
		for _, v := range values {
			repr := v.Repr()
			showable(t, "repr", repr)
			x, err := syntax.ParseExpr(repr, 1)
			if err != nil {
				t.Fatalf("repr %s of %q does not read back: %v", repr, s, err)
			}
			c, ok := x.(*syntax.Const)
			if !ok {
				t.Fatalf("repr %s of %q reads back as a %T", repr, s, x)
			}
			if c.V.Repr() != repr || value.TypeName(c.V) != value.TypeName(v) {
				t.Fatalf("repr %s of %q reads back as %s", repr, s, c.V.Repr())
			}
		}
		for name, out := range map[string]string{
			"Safe":       value.Safe(s, ""),
			"ShowLine":   value.ShowLine(s),
			"ForMessage": value.ForMessage(s),
			"TextOrRepr": value.TextOrRepr(s),
			"PrintText":  value.PrintText(s),
			"Pretty":     value.Pretty(value.NewList([]value.Value{value.Str(s), value.Bytes(s), value.Str(s)})),
		} {
			showable(t, name, out)
		}
	})
}

// showable fails when s could act on a terminal: invalid UTF-8, or a
// character that is not printable other than the newline, tab and CR
// before a newline that print and Pretty may write.
func showable(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s %q is not valid UTF-8", what, s)
	}
	for i, r := range s {
		switch {
		case r == '\n', r == '\t':
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case !value.IsPrintable(r):
			t.Fatalf("%s %q holds %U", what, s, r)
		}
	}
}
