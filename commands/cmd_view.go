package commands

import (
	"fmt"

	"sockshell/commands/value"
	"sockshell/internal/escape"
)

// viewCommands show bytes as a hex dump: once (hexdump), or every bytes
// result from now on (view hex).
var viewCommands = []*Command{
	{
		Name:    "hexdump",
		Section: SecSession,
		Params:  []Param{{Name: "VALUE", Kind: KindData}},
		Summary: "show bytes as offset / hex / text, as hexdump -C does",
		Help: `Prints VALUE (bytes, a bytearray, a str as its UTF-8 bytes, or a
variable holding one, named bare as sendall's DATA is) as
hexdump -C shows a file: per 16 bytes, the offset in hex, each byte in
hex, and the bytes as text between bars, where any byte that is not
printable ASCII is a '.'. The last line is the length in hex. Every byte
is shown, however many (repeated lines are not folded into '*'), and a
line is 78 columns wide. Nothing a peer sent can drive the terminal.

Example:
  sockshell> hexdump b'GET / HTTP/1.1\r\n'
  00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  |GET / HTTP/1.1..|
  00000010`,
		Run: runHexdump,
	},
	{
		Name:    "view",
		Section: SecSession,
		Params:  []Param{{Name: "hex|repr", Kind: KindText, Optional: true, Choices: []string{"hex", "repr"}}},
		Summary: "bytes results as hex dumps (view hex) or b'...' (repr)",
		Help: `view hex makes the prompt show every bytes (or bytearray) result as a
hex dump, as hexdump does: what recv, recvline and the others return,
and any bytes value shown on its own line. A result that holds bytes
inside it, such as recvfrom's (data, address), keeps its repr: look at
its part with hexdump. view repr goes back to b'...', Python's way; view
alone says which is on. Values assigned to variables print nothing
either way.

Example:
  sockshell> view hex
  sockshell> recv c
  00000000  68 65 6c 6c 6f 0a                                 |hello.|
  00000006`,
		Run: runView,
	},
}

func runHexdump(c *Call) (value.Value, error) {
	v := c.Args[0]
	var p []byte
	if s, ok := v.(value.Str); ok {
		p = []byte(s)
	} else if b, ok := value.BytesLike(v); ok {
		p = b
	} else {
		return nil, Errorf(value.TypeError, "hexdump: VALUE must be bytes, bytearray or str, not %s", value.TypeName(v))
	}
	escape.Hexdump(c.S.Out, p)
	return value.None, nil
}

func runView(c *Call) (value.Value, error) {
	switch v := c.Arg(0); v {
	case nil:
		if c.S.hexView {
			fmt.Fprintln(c.S.Out, "view is hex: bytes results show as hex dumps (view repr: as b'...')")
		} else {
			fmt.Fprintln(c.S.Out, "view is repr: bytes results show as b'...' (view hex: as hex dumps)")
		}
	case value.Str("hex"):
		c.S.hexView = true
	case value.Str("repr"):
		c.S.hexView = false
	default:
		return nil, Errorf(value.ValueError, "view: say hex or repr, not %s", value.ForMessage(v.Repr()))
	}
	return value.None, nil
}

// displayHex shows v as a hex dump when view hex is on and v is bytes or
// a bytearray, and reports whether it did.
func (s *Session) displayHex(v value.Value) bool {
	if !s.hexView {
		return false
	}
	var p []byte
	switch v := v.(type) {
	case value.Bytes:
		p = v
	case *value.ByteArray:
		p = v.B
	default:
		return false
	}
	escape.Hexdump(s.Out, p)
	return true
}
