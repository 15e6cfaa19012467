package syntax

import (
	"errors"
	"strings"

	"sockshell/commands/value"
)

// parseFString reads an f-string's body into literal parts and fields:
// f'{name!r:>10} is {len(name)} long'.
func parseFString(t token) ([]FPart, error) {
	return fparts(t.text, t, t.raw, 0)
}

// fparts reads the literal text and fields of an f-string's body, or of a
// field's spec (depth 1, or 2 for a spec inside a spec's field).
func fparts(body string, t token, raw bool, depth int) ([]FPart, error) {
	var parts []FPart
	var lit strings.Builder
	flush := func() error {
		if lit.Len() == 0 {
			return nil
		}
		s := lit.String()
		lit.Reset()
		if !raw && strings.IndexByte(s, '\\') >= 0 {
			v, err := decodeString(s, false, false)
			if err != nil {
				return syntaxErr(t.line, t.col, "%v", err)
			}
			s = string(v.(value.Str))
		}
		parts = append(parts, FPart{Lit: s})
		return nil
	}
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		// Doubled braces are literal only in the f-string's own text; in a
		// spec, a { always opens a field.
		case depth == 0 && c == '{' && i+1 < len(body) && body[i+1] == '{':
			lit.WriteByte('{')
			i += 2
		case depth == 0 && c == '}' && i+1 < len(body) && body[i+1] == '}':
			lit.WriteByte('}')
			i += 2
		case c == '}':
			return nil, syntaxErr(t.line, t.col, "f-string: single '}' is not allowed")
		case c == '{':
			if depth >= 2 {
				return nil, errNestedTooDeeply(t)
			}
			if err := flush(); err != nil {
				return nil, err
			}
			part, n, err := field(body[i+1:], t, raw, depth)
			if err != nil {
				return nil, err
			}
			parts = append(parts, part)
			i += 1 + n
		default:
			lit.WriteByte(c)
			i++
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return parts, nil
}

// field reads a replacement field after its '{' and reports how many
// bytes it used, its closing '}' included.
func field(s string, t token, raw bool, depth int) (FPart, int, error) {
	bad := func(msg string) (FPart, int, error) {
		return FPart{}, 0, syntaxErr(t.line, t.col, "f-string: %s", msg)
	}
	// Python words these two without the colon.
	badPart := func(what string) (FPart, int, error) {
		return FPart{}, 0, syntaxErr(t.line, t.col, "f-string expression part cannot include %s", what)
	}
	// The expression ends at a top-level '!', ':' or '}' (or '=' before
	// one of them).
	nest := 0
	var quote byte
	end := -1
	for i := 0; i < len(s) && end < 0; i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '\\':
			return badPart("a backslash")
		case c == '(' || c == '[' || c == '{':
			nest++
		case c == ')' || c == ']' || (c == '}' && nest > 0):
			nest--
		case nest == 0 && (c == '}' || c == ':'):
			end = i
		case nest == 0 && c == '!' && i+1 < len(s) && s[i+1] != '=':
			end = i
		case c == '#':
			return badPart("'#'")
		}
	}
	if end < 0 {
		return bad("expecting '}'")
	}
	exprText := s[:end]
	part := FPart{}
	trimmed := strings.TrimRight(exprText, " \t")
	if strings.HasSuffix(trimmed, "=") && !strings.HasSuffix(trimmed, "==") && !strings.HasSuffix(trimmed, "!=") &&
		!strings.HasSuffix(trimmed, "<=") && !strings.HasSuffix(trimmed, ">=") {
		part.Eq = true
		part.Text = exprText
		exprText = strings.TrimSuffix(trimmed, "=")
	}
	if strings.TrimSpace(exprText) == "" {
		switch {
		case part.Eq:
			return bad("expression required before '='")
		case s[end] != '}':
			return bad("expression required before '" + s[end:end+1] + "'")
		}
		return bad("empty expression not allowed")
	}
	x, err := ParseExpr("("+exprText+")", t.line)
	if err != nil {
		if e, ok := err.(*Error); ok {
			e.Msg = "f-string: " + e.Msg
			e.Line, e.Col = t.line, t.col
		}
		return FPart{}, 0, err
	}
	part.X = x
	i := end
	if s[i] == '!' {
		if i+1 >= len(s) || !strings.ContainsRune("rsa", rune(s[i+1])) {
			return bad("invalid conversion character: expected 's', 'r', or 'a'")
		}
		part.Conv = s[i+1]
		i += 2
		if i >= len(s) || (s[i] != ':' && s[i] != '}') {
			return bad("expecting '}'")
		}
	}
	if s[i] == ':' {
		// The spec runs to the matching '}', and may hold fields.
		j, nest := i+1, 0
		for ; j < len(s); j++ {
			if s[j] == '{' {
				nest++
			} else if s[j] == '}' {
				if nest == 0 {
					break
				}
				nest--
			}
		}
		if j >= len(s) {
			// Python reads a spec's fields as it goes: one nested too
			// deeply is found before the missing brace.
			var e *Error
			if _, err := fparts(s[i+1:], t, raw, depth+1); errors.As(err, &e) && e.Msg == nestedTooDeeply {
				return FPart{}, 0, err
			}
			return bad("expecting '}'")
		}
		spec, err := fparts(s[i+1:j], t, raw, depth+1)
		if err != nil {
			return FPart{}, 0, err
		}
		part.Spec = spec
		i = j
	}
	if part.Eq && part.Conv == 0 && part.Spec == nil {
		part.Conv = 'r'
	}
	return part, i + 1, nil
}

// nestedTooDeeply is Python's error for a field in the spec of a field
// in a spec: f'{x:{y:{z}}}'.
const nestedTooDeeply = "f-string: expressions nested too deeply"

func errNestedTooDeeply(t token) *Error { return syntaxErr(t.line, t.col, nestedTooDeeply) }
