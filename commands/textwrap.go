package commands

import (
	"fmt"
	"strings"

	"sockshell/commands/value"
	"sockshell/internal/layout"
)

// ProseWidth is the width the session's own sentences (a hint under an
// error, a note) are wrapped at: see proseWidth.
func (s *Session) ProseWidth() int { return layout.ProseWidthFor(s.Width()) }

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

// NoteFit writes a note (Notef) wrapped to fit lineWidth, its later lines
// indented, so that no line of the shell's own passes 80 columns.
func (s *Session) NoteFit(format string, args ...any) {
	s.Notef("%s", strings.Join(layout.HangingWrap(fmt.Sprintf(format, args...), layout.LineWidth, "", "  "), "\n"))
}
