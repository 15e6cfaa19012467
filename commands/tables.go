package commands

import (
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"sockshell/commands/value"
)

// The shell's tables (sockets, servers, explain's list) fit the width
// they are given, the terminal's on a terminal: a table too wide first
// writes the columns that have one in a shorter form, then breaks the
// cells that may break at their blanks, then shortens the cells that may
// be shortened, down to each column's narrowest; when even that is too
// wide, each row becomes a block of "key: value" lines. A word is never
// broken across lines, and what is cut is marked with an ellipsis.

// Column describes one Column of a table: its header and how its cells
// may narrow. The zero Column (a header alone) never narrows.
type Column struct {
	header string
	// compact, when set, gives a shorter cell that says the same thing
	// ("INET/STREAM" for "AF_INET/SOCK_STREAM"). It applies to the whole
	// column, so that its cells keep one form.
	compact func(cell string) string
	// wrap lets a cell break at its blanks onto more lines. A no-break
	// space (nbsp) keeps two words together ("recv 0"); it prints as a
	// blank.
	wrap bool
	// elide, when set, shortens a cell to at most n columns with an
	// ellipsis where it misleads least (an address keeps its port), but
	// never below min columns.
	elide func(cell string, n int) string
	min   int
	// keep, when set, tells the cells that are shortened only when
	// nothing else makes the table fit (an address's host:port, where a
	// path may lose its start first).
	keep func(cell string) bool
}

// NBSP joins two words of a cell that a line break must not separate.
const NBSP = "\u00a0"

// ellipsis marks where a cell was shortened.
const ellipsis = "…"

// PlainColumns are columns of headers alone.
func PlainColumns(headers ...string) []Column {
	cols := make([]Column, len(headers))
	for i, h := range headers {
		cols[i] = Column{header: h}
	}
	return cols
}

// AddrColumn holds socket addresses as Python shows them: compacted to
// host:port, then shortened in the host (or at a path's start), never in
// the port.
func AddrColumn(header string) Column {
	return Column{header: header, compact: compactAddr, elide: elideAddr, keep: isHostPort, min: max(len(header), 12)}
}

// CompactColumn holds cells that compact writes in a shorter form, the
// same for the whole column, when the table is too wide (the sockets
// table's INET/STREAM for AF_INET/SOCK_STREAM).
func CompactColumn(header string, compact func(cell string) string) Column {
	return Column{header: header, compact: compact}
}

// WrapColumn holds text that may break at its blanks.
func WrapColumn(header string) Column { return Column{header: header, wrap: true} }

// PrintTable writes rows under their columns' headers, laid out to fit in
// width columns (0: no limit). Cells must already be escaped for the
// terminal.
func PrintTable(w io.Writer, width int, cols []Column, rows [][]string) {
	io.WriteString(w, layoutTable(width, cols, rows))
}

// layoutTable is the table's text, each line ending in a newline.
func layoutTable(width int, cols []Column, rows [][]string) string {
	l := &layout{cols: cols, cells: rows, gap: 2}
	l.ws = l.naturalWidths()
	if width <= 0 || l.lineWidth() <= width {
		return l.grid()
	}
	l.cells = compactCells(cols, rows)
	l.ws = l.naturalWidths()
	if l.lineWidth() <= width {
		return l.grid()
	}
	// Then each way of narrowing in turn, the widest column first:
	// shorten what can lose a part without harm (a long path's start,
	// not an address's host), close the columns up to one blank (when no
	// cell but the last column's has a blank, so that no two cells read
	// as one), break the cells that may break (no narrower than their
	// longest word), shorten down to each column's narrowest.
	for _, step := range []func() bool{
		func() bool { return l.narrow(width, l.softElideFloor) },
		func() bool {
			if !l.blankOnlyLast() {
				return false
			}
			l.gap = 1
			return l.lineWidth() <= width
		},
		func() bool { return l.narrow(width, l.wrapFloor) },
		func() bool { return l.narrow(width, l.elideFloor) },
	} {
		if step() {
			return l.grid()
		}
	}
	return stacked(width, cols, rows)
}

// layout is a table being fitted: its cells (compacted or not), the
// columns' widths and the blanks between two columns.
type layout struct {
	cols  []Column
	cells [][]string
	ws    []int
	gap   int
}

// naturalWidths are the columns' widths with every cell on one line.
func (l *layout) naturalWidths() []int {
	ws := make([]int, len(l.cols))
	for i, c := range l.cols {
		ws[i] = runes(c.header)
		for _, r := range l.cells {
			ws[i] = max(ws[i], runes(cellAt(r, i)))
		}
	}
	return ws
}

// lineWidth is the width of a line of the columns.
func (l *layout) lineWidth() int {
	n := l.gap * max(len(l.ws)-1, 0)
	for _, w := range l.ws {
		n += w
	}
	return n
}

// narrow takes columns off the widths, one at a time from the widest
// column still above its floor, until a line fits in width; it reports
// whether it does.
func (l *layout) narrow(width int, floorOf func(i int) int) bool {
	floor := make([]int, len(l.ws))
	for i := range l.ws {
		floor[i] = min(l.ws[i], floorOf(i))
	}
	for total := l.lineWidth(); total > width; total-- {
		widest := -1
		for i := range l.ws {
			if l.ws[i] > floor[i] && (widest < 0 || l.ws[i] > l.ws[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			return false
		}
		l.ws[widest]--
	}
	return true
}

// softElideFloor is how narrow column i may get by shortening the cells
// that lose a part without harm: no narrower than the cells to keep.
func (l *layout) softElideFloor(i int) int {
	c := l.cols[i]
	if c.elide == nil {
		return l.ws[i]
	}
	n := l.elideFloor(i)
	for _, r := range l.cells {
		if cell := cellAt(r, i); c.keep != nil && c.keep(cell) {
			n = max(n, runes(cell))
		}
	}
	return n
}

// elideFloor is the narrowest column i may be shortened to.
func (l *layout) elideFloor(i int) int {
	c := l.cols[i]
	if c.elide == nil {
		return l.ws[i]
	}
	return max(c.min, runes(c.header))
}

// wrapFloor is how narrow column i may get by breaking its cells: its
// longest word.
func (l *layout) wrapFloor(i int) int {
	c := l.cols[i]
	if !c.wrap {
		return l.ws[i]
	}
	n := runes(c.header)
	for _, r := range l.cells {
		for _, w := range words(cellAt(r, i)) {
			n = max(n, runes(w))
		}
	}
	return n
}

// blankOnlyLast reports whether no cell has a blank but in the last
// column.
func (l *layout) blankOnlyLast() bool {
	for _, r := range append([][]string{l.header()}, l.cells...) {
		for i := 0; i < len(l.cols)-1; i++ {
			if strings.ContainsAny(cellAt(r, i), " "+NBSP) {
				return false
			}
		}
	}
	return true
}

// header is the header row.
func (l *layout) header() []string {
	h := make([]string, len(l.cols))
	for i, c := range l.cols {
		h[i] = c.header
	}
	return h
}

// runes is the number of columns s takes.
func runes(s string) int { return utf8.RuneCountInString(s) }

// compactCells are the rows with each column's compact form applied.
func compactCells(cols []Column, rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for j, r := range rows {
		out[j] = make([]string, len(r))
		for i, cell := range r {
			if i < len(cols) && cols[i].compact != nil {
				cell = cols[i].compact(cell)
			}
			out[j][i] = cell
		}
	}
	return out
}

// cellAt is row r's cell in column i, "" when the row is short.
func cellAt(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

// fitCell is a cell as the lines it takes in a column w wide: broken at
// its blanks when the column wraps, shortened when it elides, cut at its
// end with an ellipsis as a last resort.
func fitCell(c Column, cell string, w int) []string {
	if runes(cell) <= w {
		return []string{cell}
	}
	var lines []string
	if c.wrap {
		lines = FoldWords(cell, w)
	} else {
		if c.elide != nil {
			cell = c.elide(cell, w)
		}
		lines = []string{cell}
	}
	for i, l := range lines {
		lines[i] = cutEnd(l, w)
	}
	return lines
}

// grid lays the rows out in their columns, a row's broken cells going
// on under it. The last column is not padded, nor are lines ended by
// blanks.
func (l *layout) grid() string {
	var b strings.Builder
	pad := strings.Repeat(" ", l.gap)
	for j, r := range append([][]string{l.header()}, l.cells...) {
		cells := make([][]string, len(l.cols))
		height := 1
		for i, c := range l.cols {
			cells[i] = []string{cellAt(r, i)}
			if j > 0 {
				cells[i] = fitCell(c, cellAt(r, i), l.ws[i])
			}
			height = max(height, len(cells[i]))
		}
		for k := range height {
			var line strings.Builder
			for i := range l.cols {
				text := ""
				if k < len(cells[i]) {
					text = cells[i][k]
				}
				if i > 0 {
					line.WriteString(pad)
				}
				line.WriteString(text)
				if i < len(l.cols)-1 {
					line.WriteString(strings.Repeat(" ", max(l.ws[i]-runes(text), 0)))
				}
			}
			b.WriteString(strings.ReplaceAll(strings.TrimRight(line.String(), " "), NBSP, " "))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// stacked lays each row out as a block of "key: value" lines, for a width
// too narrow for the columns side by side; the keys are the headers in
// lower case, and the blocks are apart by a blank line.
func stacked(width int, cols []Column, rows [][]string) string {
	keyW := 0
	for _, c := range cols {
		keyW = max(keyW, runes(c.header)+1)
	}
	room := max(width-keyW-1, 1)
	var b strings.Builder
	for j, r := range rows {
		if j > 0 {
			b.WriteByte('\n')
		}
		for i, c := range cols {
			cell := cellAt(r, i)
			if runes(cell) > room && c.compact != nil {
				cell = c.compact(cell)
			}
			key := strings.ToLower(c.header) + ":"
			for k, l := range fitCell(c, cell, room) {
				if k == 0 {
					b.WriteString(key + strings.Repeat(" ", keyW+1-runes(key)))
				} else {
					b.WriteString(strings.Repeat(" ", keyW+1))
				}
				b.WriteString(strings.ReplaceAll(l, NBSP, " "))
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

// FoldWords breaks text at its blanks into lines of at most width
// columns; a word longer than width stays whole on a line of its own.
func FoldWords(text string, width int) []string { return fold(text, width, width) }

// CutWords is foldWords for text that must fit whatever its words (a
// table's cell of text from outside): a word longer than width is cut.
func CutWords(text string, width int) []string {
	width = max(width, 1)
	var lines []string
	for _, l := range FoldWords(text, width) {
		for r := []rune(l); ; r = r[width:] {
			if len(r) <= width {
				lines = append(lines, string(r))
				break
			}
			lines = append(lines, string(r[:width]))
		}
	}
	return lines
}

// fold is foldWords with a first line of its own width.
func fold(text string, first, rest int) []string {
	var lines []string
	line, width := "", first
	for _, w := range words(text) {
		switch {
		case line == "":
			line = w
		case runes(line)+1+runes(w) <= width:
			line += " " + w
		default:
			lines, line, width = append(lines, line), w, rest
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// words are text's words: its runs of characters other than blanks (a
// no-break space joins two words into one).
func words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
}

// Wrap breaks each line of text at its blanks into lines of at most width
// columns, the lines it adds starting with indent (counted in the width);
// a word too long for a line stays whole, a line's indentation stays but
// other runs of blanks become one, and a no-break space (nbsp) prints as
// a blank. The shell's own messages use it to fit the terminal;
// width 0 leaves the lines as they are.
func Wrap(text string, width int, indent string) string {
	if width <= 0 {
		return strings.ReplaceAll(text, NBSP, " ")
	}
	in := runes(indent)
	paras := strings.Split(text, "\n")
	for i, p := range paras {
		if runes(p) > width {
			// The line's own indentation stays.
			body := strings.TrimLeft(p, " ")
			lead := p[:len(p)-len(body)]
			paras[i] = lead + strings.Join(fold(body, max(width-len(lead), 1), max(width-in, 1)), "\n"+indent)
		}
	}
	return strings.ReplaceAll(strings.Join(paras, "\n"), NBSP, " ")
}

// ProseWidthFor is the width the shell's own sentences are wrapped at: 80
// columns, the most a line of the shell's own may take, or the
// terminal's width when it is narrower.
func ProseWidthFor(width int) int {
	if width <= 0 || width > 80 {
		return 80
	}
	return width
}

// ProseWidth is the width the session's own sentences (a hint under an
// error, a note) are wrapped at: see proseWidth.
func (s *Session) ProseWidth() int { return ProseWidthFor(s.Width()) }

// widthRepr is a value whose repr is a table that can be laid out for a
// terminal narrower than 80 columns (clients' result).
type widthRepr interface {
	ReprWidth(width int) string
}

// pretty is v as Display shows it: as IPython would (value.Pretty), but
// within the terminal when it is narrower than IPython's 80 columns.
func (s *Session) pretty(v value.Value) string {
	w := s.Width()
	if w <= 0 || w >= 80 {
		return value.Pretty(v)
	}
	if t, ok := v.(widthRepr); ok {
		return t.ReprWidth(w)
	}
	return value.PrettyWidth(v, w)
}

// cutEnd shortens s to at most n columns, an ellipsis in place of its end.
func cutEnd(s string, n int) string {
	if runes(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	return string([]rune(s)[:n-1]) + ellipsis
}

// addrRepr matches an IPv4 or IPv6 address as Python shows it: ('host',
// port) or ('host', port, flowinfo, scope_id).
var addrRepr = regexp.MustCompile(`^\('([^']*)', (\d+)(?:, (\d+), (\d+))?\)$`)

// compactAddr writes an address tuple as host:port ([host]:port for IPv6,
// with %scope when it has one); a path or anything else stays as it is.
func compactAddr(cell string) string {
	m := addrRepr.FindStringSubmatch(cell)
	if m == nil {
		return cell
	}
	host, port := m[1], m[2]
	if m[3] != "" || strings.Contains(host, ":") {
		if m[4] != "" && m[4] != "0" && !strings.Contains(host, "%") {
			host += "%" + m[4]
		}
		host = "[" + host + "]"
	}
	return host + ":" + port
}

// isHostPort reports whether a compact address is host:port, not a path.
func isHostPort(cell string) bool {
	i := strings.LastIndexByte(cell, ':')
	return i > 0 && !strings.ContainsAny(cell, "/'") && isDigits(cell[i+1:])
}

// elideAddr shortens a compact address to n columns: host:port loses the
// middle of its host, never its port; a path loses its start, keeping the
// file's name whole when it can (…/demo.sock).
func elideAddr(cell string, n int) string {
	if runes(cell) <= n {
		return cell
	}
	if isHostPort(cell) {
		i := strings.LastIndexByte(cell, ':')
		host, port := cell[:i], cell[i:]
		open, close := "", ""
		if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
			open, close, host = "[", "]", host[1:len(host)-1]
		}
		room := n - len(port) - len(open) - len(close) - 1 // the ellipsis
		if room >= 2 {
			r := []rune(host)
			head := (room + 1) / 2
			return open + string(r[:head]) + ellipsis + string(r[len(r)-(room-head):]) + close + port
		}
		return cutEnd(cell, n)
	}
	// A path: keep its end, from a slash when one fits.
	if n < 2 {
		return cutEnd(cell, n)
	}
	r := []rune(cell)
	tail := string(r[len(r)-(n-1):])
	if i := strings.IndexByte(tail, '/'); i >= 0 {
		tail = tail[i:]
	}
	return ellipsis + tail
}

// isDigits reports whether s is a non-empty run of decimal digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
