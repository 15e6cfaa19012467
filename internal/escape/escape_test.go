package escape

import (
	"strings"
	"testing"
)

func TestByte(t *testing.T) {
	for _, tc := range []struct {
		c, q byte
		want string
	}{
		{'a', '\'', `a`},
		{' ', '\'', ` `},
		{'~', '\'', `~`},
		{'\'', '\'', `\'`},
		{'\'', '"', `'`},
		{'"', '"', `\"`},
		{'"', '\'', `"`},
		{'\\', '\'', `\\`},
		{'\n', '\'', `\n`},
		{'\r', '\'', `\r`},
		{'\t', '\'', `\t`},
		{0x00, '\'', `\x00`},
		{0x1b, '\'', `\x1b`},
		{0x1f, '\'', `\x1f`},
		{0x7f, '\'', `\x7f`},
		{0x80, '\'', `\x80`},
		{0xff, '\'', `\xff`},
	} {
		var b strings.Builder
		Byte(&b, tc.c, tc.q)
		if got := b.String(); got != tc.want {
			t.Errorf("Byte(%#x, %q) = %s, want %s", tc.c, tc.q, got, tc.want)
		}
	}
}
