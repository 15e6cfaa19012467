package escape

import "io"

// HexdumpWidth is the width of a full line of Hexdump: 78 columns, so that
// a dump fits an 80-column terminal.
const HexdumpWidth = 78

// Hexdump writes p as `hexdump -C` shows it: per 16 bytes, the offset in
// eight hex digits, the bytes in hex (two groups of eight), and the bytes
// again as text between bars, where only printable ASCII stands as it is
// and every other byte is a '.'; then a last line with the length. Unlike
// hexdump it never folds repeated lines into a '*': a person asked to see
// every byte. Empty p is the length line alone.
//
// It writes line by line, so a dump of many megabytes needs no more
// memory than one line; it returns the first error of w.
func Hexdump(w io.Writer, p []byte) error {
	const digits = "0123456789abcdef"
	var line [HexdumpWidth + 1]byte
	off := 0
	for ; off < len(p); off += 16 {
		row := p[off:min(off+16, len(p))]
		b := line[:0]
		b = appendOffset(b, off)
		b = append(b, ' ', ' ')
		for i := range 16 {
			if i == 8 {
				b = append(b, ' ')
			}
			if i < len(row) {
				b = append(b, digits[row[i]>>4], digits[row[i]&15], ' ')
			} else {
				b = append(b, ' ', ' ', ' ')
			}
		}
		b = append(b, ' ', '|')
		for _, c := range row {
			if c < 0x20 || c >= 0x7f {
				c = '.'
			}
			b = append(b, c)
		}
		b = append(b, '|', '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	b := append(appendOffset(line[:0], len(p)), '\n')
	_, err := w.Write(b)
	return err
}

// appendOffset appends n as eight hex digits, as hexdump -C writes its
// offsets (sockshell's values stay far below 4 GiB).
func appendOffset(b []byte, n int) []byte {
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, digits[(n>>shift)&15])
	}
	return b
}
