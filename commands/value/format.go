package value

import (
	"context"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Python's three ways of formatting: format(v, spec) and the format
// specification mini-language, str.format, and printf-style %.

// spec is a parsed format specification:
// [[fill]align][sign][z][#][0][width][,|_][.precision][type].
type spec struct {
	fill      rune
	align     byte // < > ^ =, or 0
	sign      byte // + - space, or 0
	noNegZero bool // z: -0.0 is shown as 0.0
	alt       bool
	width     int
	grouping  byte // , or _
	precision int  // -1 when none
	typ       rune // 0 when none
	bytes     bool // the width counts bytes (in bytes % values), not characters
}

// parseSpec reads a spec for format(v, spec), where v's type is named
// typeName and formats as defType when the spec names none ('s' for str,
// 'd' for int, 0 for float). It checks what Python's parser checks, with
// its messages; what only one type refuses is checked by its formatter.
func parseSpec(s, typeName string, defType rune) (spec, error) {
	sp := spec{fill: ' ', precision: -1}
	i := 0
	fillSet := false
	if r, size := utf8.DecodeRuneInString(s); size > 0 && size < len(s) && strings.IndexByte("<>^=", s[size]) >= 0 {
		sp.fill, sp.align, fillSet = r, s[size], true
		i = size + 1
	} else if len(s) > 0 && strings.IndexByte("<>^=", s[0]) >= 0 {
		sp.align = s[0]
		i = 1
	}
	if i < len(s) && strings.IndexByte("+- ", s[i]) >= 0 {
		sp.sign = s[i]
		i++
	}
	if i < len(s) && s[i] == 'z' {
		sp.noNegZero = true
		i++
	}
	if i < len(s) && s[i] == '#' {
		sp.alt = true
		i++
	}
	// A 0 before the width pads with zeros, after the sign for a number
	// (whose default alignment is right), at the right of a str.
	if !fillSet && i < len(s) && s[i] == '0' {
		sp.fill = '0'
		if sp.align == 0 && defType != 's' {
			sp.align = '='
		}
		i++
	}
	var err error
	if sp.width, i, err = specNumber(s, i); err != nil {
		return spec{}, err
	}
	if i < len(s) && s[i] == ',' {
		sp.grouping = ','
		i++
	}
	if i < len(s) && s[i] == '_' {
		if sp.grouping != 0 {
			return spec{}, Errorf(ValueError, "Cannot specify both ',' and '_'.")
		}
		sp.grouping = '_'
		i++
	}
	if i < len(s) && s[i] == ',' && sp.grouping == '_' {
		return spec{}, Errorf(ValueError, "Cannot specify both ',' and '_'.")
	}
	if i < len(s) && s[i] == '.' {
		j := i + 1
		if sp.precision, i, err = specNumber(s, j); err != nil {
			return spec{}, err
		}
		if i == j {
			return spec{}, Errorf(ValueError, "Format specifier missing precision")
		}
	}
	sp.typ = defType
	if rest := s[i:]; rest != "" {
		r, size := utf8.DecodeRuneInString(rest)
		if size != len(rest) {
			return spec{}, Errorf(ValueError, "Invalid format specifier '%s' for object of type '%s'", ForMessage(s), typeName)
		}
		sp.typ = r
	}
	if sp.grouping != 0 {
		switch sp.typ {
		case 'd', 'e', 'f', 'g', 'E', 'G', '%', 'F', 0:
		case 'b', 'o', 'x', 'X':
			if sp.grouping == '_' {
				break
			}
			fallthrough
		default:
			return spec{}, Errorf(ValueError, "Cannot specify '%c' with '%s'.", sp.grouping, codeText(sp.typ))
		}
	}
	return sp, nil
}

// specNumber reads the digits of a width or precision at s[i:]: the
// number and where it ends (i itself when there are none).
func specNumber(s string, i int) (int, int, error) {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i {
		return -1, i, nil
	}
	n, err := strconv.Atoi(s[i:j])
	if err != nil {
		return 0, 0, Errorf(ValueError, "Too many decimal digits in format string")
	}
	return n, j, nil
}

// codeText shows a format code in a message as Python does: itself when
// it is printable ASCII, else \x and its hex.
func codeText(c rune) string {
	if c > 32 && c < 128 {
		return string(c)
	}
	return `\x` + strconv.FormatInt(int64(c), 16)
}

func unknownCode(c rune, typeName string) error {
	return Errorf(ValueError, "Unknown format code '%s' for object of type '%s'", codeText(c), typeName)
}

// FormatValue is Python's format(v, spec).
func FormatValue(v Value, specText string) (string, error) {
	if specText == "" {
		return StrOf(v), nil
	}
	var defType rune
	switch v.(type) {
	case Str:
		defType = 's'
	case Int, Bool, *BigInt, Enum:
		defType = 'd'
	case Float:
	default:
		return "", Errorf(TypeError, "unsupported format string passed to %s.__format__", TypeName(v))
	}
	sp, err := parseSpec(specText, TypeName(v), defType)
	if err != nil {
		return "", err
	}
	sp.width = max(sp.width, 0)
	if err := CheckSize(int64(sp.width)); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case Str:
		return formatStr(string(x), sp)
	case Float:
		switch sp.typ {
		case 'e', 'E', 'f', 'F', 'g', 'G', 'n', '%', 0:
			return formatFloat(float64(x), sp), nil
		}
		return "", unknownCode(sp.typ, "float")
	}
	// An int (bool and enum members included).
	switch sp.typ {
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		f, err := ToFloat(v)
		if err != nil {
			return "", err
		}
		return formatFloat(f, sp), nil
	case 'b', 'c', 'd', 'o', 'x', 'X', 'n':
	default:
		return "", unknownCode(sp.typ, TypeName(v))
	}
	switch {
	case sp.precision >= 0:
		return "", Errorf(ValueError, "Precision not allowed in integer format specifier")
	case sp.noNegZero:
		return "", Errorf(ValueError, "Negative zero coercion (z) not allowed in integer format specifier")
	case sp.typ == 'c' && sp.sign != 0:
		return "", Errorf(ValueError, "Sign not allowed with integer format specifier 'c'")
	case sp.typ == 'c' && sp.alt:
		return "", Errorf(ValueError, "Alternate form (#) not allowed with integer format specifier 'c'")
	}
	return formatInt(bigOf(v), sp)
}

// formatStr is format(s, spec) for a str.
func formatStr(s string, sp spec) (string, error) {
	switch {
	case sp.typ != 's':
		return "", unknownCode(sp.typ, "str")
	case sp.sign == ' ':
		return "", Errorf(ValueError, "Space not allowed in string format specifier")
	case sp.sign != 0:
		return "", Errorf(ValueError, "Sign not allowed in string format specifier")
	case sp.noNegZero:
		return "", Errorf(ValueError, "Negative zero coercion (z) not allowed in string format specifier")
	case sp.alt:
		return "", Errorf(ValueError, "Alternate form (#) not allowed in string format specifier")
	case sp.align == '=':
		return "", Errorf(ValueError, "'=' alignment not allowed in string format specifier")
	}
	if sp.precision >= 0 && utf8.RuneCountInString(s) > sp.precision {
		s = string([]rune(s)[:sp.precision])
	}
	return align(s, sp, '<'), nil
}

// align pads s to the spec's width; def is the default alignment.
func align(s string, sp spec, def byte) string { return padAround("", s, sp, def) }

// padAround pads head+body to the spec's width; def is the default alignment.
// The '=' alignment puts the padding between the two: after a number's
// sign and 0x, before its digits.
func padAround(head, body string, sp spec, def byte) string {
	n := utf8.RuneCountInString(head) + utf8.RuneCountInString(body)
	if sp.bytes {
		n = len(head) + len(body)
	}
	if n >= sp.width {
		return head + body
	}
	a := sp.align
	if a == 0 {
		a = def
	}
	fill := func(k int) string { return strings.Repeat(string(sp.fill), k) }
	k := sp.width - n
	switch a {
	case '>':
		return fill(k) + head + body
	case '^':
		return fill(k/2) + head + body + fill(k-k/2)
	case '=':
		return head + fill(k) + body
	}
	return head + body + fill(k)
}

func signOf(neg bool, sp spec) string {
	switch {
	case neg:
		return "-"
	case sp.sign == '+':
		return "+"
	case sp.sign == ' ':
		return " "
	}
	return ""
}

// number lays out a number: its sign and prefix (0x), its integer digits
// grouped by every with the spec's separator, the rest (fraction,
// exponent, %), all padded to the width. Zero padding ('0' fill, '='
// alignment) is grouped with the digits, as Python does: 00,001,234.
func number(sign, prefix, digits, rest string, sp spec, every int) string {
	if sp.grouping != 0 && digits != "" {
		minWidth := 0
		if sp.fill == '0' && sp.align == '=' {
			minWidth = sp.width - len(sign) - len(prefix) - utf8.RuneCountInString(rest)
		}
		digits = group(digits, every, sp.grouping, minWidth)
	}
	return padAround(sign+prefix, digits+rest, sp, '>')
}

// formatInt formats n by the spec (type d, n, x, X, o, b or c); the spec's
// precision, which format() refuses for an int, is printf's %.3d: the
// least number of digits.
func formatInt(n *big.Int, sp spec) (string, error) {
	neg := n.Sign() < 0
	abs := new(big.Int).Abs(n)
	var digits, prefix string
	every := 3
	switch sp.typ {
	case 'x':
		digits, prefix = abs.Text(16), "0x"
	case 'X':
		digits, prefix = strings.ToUpper(abs.Text(16)), "0X"
	case 'o':
		digits, prefix = abs.Text(8), "0o"
	case 'b':
		digits, prefix = abs.Text(2), "0b"
	case 'c':
		if !n.IsInt64() || n.Int64() < 0 || n.Int64() > utf8.MaxRune {
			return "", Errorf(OverflowError, "%%c arg not in range(0x110000)")
		}
		return align(string(rune(n.Int64())), sp, '<'), nil
	default:
		digits = abs.String()
	}
	if prefix != "" {
		every = 4
	}
	if sp.precision > len(digits) {
		digits = strings.Repeat("0", sp.precision-len(digits)) + digits
	}
	if !sp.alt {
		prefix = ""
	}
	return number(signOf(neg, sp), prefix, digits, "", sp, every), nil
}

// group puts sep between every digits of digits, from the right, adding
// leading zeros (grouped too) until the result is at least minWidth wide
// (CPython's _PyUnicode_InsertThousandsGrouping).
func group(digits string, every int, sep byte, minWidth int) string {
	var groups []string
	remaining := len(digits)
	for {
		l := min(every, max(remaining, minWidth, 1))
		chars := min(remaining, l)
		groups = append(groups, strings.Repeat("0", l-chars)+digits[remaining-chars:remaining])
		remaining -= chars
		minWidth -= l
		if remaining <= 0 && minWidth <= 0 {
			break
		}
		minWidth-- // the separator
	}
	slices.Reverse(groups)
	return strings.Join(groups, string(sep))
}

// formatFloat formats f by the spec (type e, E, f, F, g, G, n, % or none).
func formatFloat(f float64, sp spec) string {
	neg := math.Signbit(f) && !math.IsNaN(f)
	a := math.Abs(f)
	prec := sp.precision
	upper := sp.typ == 'E' || sp.typ == 'F' || sp.typ == 'G'
	var body string
	switch {
	case math.IsInf(a, 0):
		body = "inf"
	case math.IsNaN(a):
		body = "nan"
	}
	if body != "" {
		if upper {
			body = strings.ToUpper(body)
		}
		if sp.typ == '%' {
			body += "%"
		}
		return number(signOf(neg, sp), "", "", body, sp, 3)
	}
	if prec < 0 && sp.typ != 0 {
		prec = 6
	}
	switch sp.typ {
	case 'f', 'F', '%':
		if sp.typ == '%' {
			a *= 100
		}
		body = strconv.FormatFloat(a, 'f', prec, 64)
		if sp.alt && prec == 0 {
			body += "."
		}
		if sp.typ == '%' {
			body += "%"
		}
	case 'e', 'E':
		body = strconv.FormatFloat(a, 'e', prec, 64)
		if sp.alt && prec == 0 {
			body = strings.Replace(body, "e", ".e", 1)
		}
	case 'g', 'G', 'n':
		body = pyG(a, max(prec, 1), sp.alt, false)
	case 0:
		if prec < 0 {
			// repr's digits; # keeps a point even in 1.e+16.
			body = FormatFloat(a)
			if sp.alt && !strings.Contains(body, ".") {
				body = strings.Replace(body, "e", ".e", 1)
			}
		} else {
			body = pyG(a, max(prec, 1), sp.alt, true)
		}
	}
	if upper {
		body = strings.ToUpper(body)
	}
	if neg && sp.noNegZero && strings.IndexAny(body, "123456789") < 0 {
		neg = false // z: what rounds to zero shows no sign
	}
	digits, rest := body, ""
	if i := strings.IndexAny(body, ".eE%"); i >= 0 {
		digits, rest = body[:i], body[i:]
	}
	return number(signOf(neg, sp), "", digits, rest, sp, 3)
}

// pyG is Python's 'g' presentation: precision significant digits, in
// fixed notation unless the exponent is below -4 or at least precision,
// trailing zeros removed (kept, and the point too, with '#'). dot0 is the
// variant of a spec with a precision and no type: fixed notation only
// below precision-1, and always a digit after the point.
func pyG(a float64, prec int, alt, dot0 bool) string {
	limit := prec
	if dot0 {
		limit = prec - 1
	}
	e := strconv.FormatFloat(a, 'e', prec-1, 64)
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= limit {
		if !alt && strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		} else if alt && !strings.Contains(mant, ".") {
			mant += "."
		}
		return mant + "e" + expText
	}
	s := strconv.FormatFloat(a, 'f', max(prec-1-exp, 0), 64)
	switch {
	case !alt && strings.Contains(s, "."):
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	case alt && !strings.Contains(s, "."):
		s += "."
	}
	if dot0 && !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// Format is str.format(*args, **kwargs).
func Format(ctx context.Context, f string, args []Value, kw []Kw) (string, error) {
	var b strings.Builder
	auto, manual := 0, false
	usedAuto := false
	for i := 0; i < len(f); {
		c := f[i]
		if c == '}' {
			if i+1 < len(f) && f[i+1] == '}' {
				b.WriteByte('}')
				i += 2
				continue
			}
			return "", Errorf(ValueError, "Single '}' encountered in format string")
		}
		if c != '{' {
			j := i
			for j < len(f) && f[j] != '{' && f[j] != '}' {
				j++
			}
			b.WriteString(f[i:j])
			i = j
			continue
		}
		if i+1 < len(f) && f[i+1] == '{' {
			b.WriteByte('{')
			i += 2
			continue
		}
		// A replacement field: find its end, counting nested braces.
		depth, j := 1, i+1
		for j < len(f) && depth > 0 {
			switch f[j] {
			case '{':
				depth++
			case '}':
				depth--
			}
			j++
		}
		if depth > 0 {
			if strings.IndexByte(f[i+1:], '}') < 0 {
				if strings.TrimSpace(f[i+1:]) == "" || i+1 == len(f) {
					return "", Errorf(ValueError, "Single '{' encountered in format string")
				}
				return "", Errorf(ValueError, "expected '}' before end of string")
			}
			return "", Errorf(ValueError, "unmatched '{' in format spec")
		}
		field := f[i+1 : j-1]
		i = j
		name, conv, fspec := splitField(field)
		// The value: an argument by position or name, then .attr and [key].
		first := name
		rest := ""
		if k := strings.IndexAny(name, ".["); k >= 0 {
			first, rest = name[:k], name[k:]
		}
		var v Value
		switch {
		case first == "":
			if manual {
				return "", Errorf(ValueError, "cannot switch from manual field specification to automatic field numbering")
			}
			usedAuto = true
			if auto >= len(args) {
				return "", Errorf(IndexError, "Replacement index %d out of range for positional args tuple", auto)
			}
			v = args[auto]
			auto++
		case isDigits(first):
			if usedAuto {
				return "", Errorf(ValueError, "cannot switch from automatic field numbering to manual field specification")
			}
			manual = true
			n, _ := strconv.Atoi(first)
			if n >= len(args) {
				return "", Errorf(IndexError, "Replacement index %d out of range for positional args tuple", n)
			}
			v = args[n]
		default:
			found := false
			for _, k := range kw {
				if k.Name == first {
					v, found = k.V, true
				}
			}
			if !found {
				return "", Raise(KeyError, Str(first))
			}
		}
		var err error
		if v, err = fieldPath(v, rest); err != nil {
			return "", err
		}
		// A spec may itself hold fields: {:{width}}.
		if strings.IndexByte(fspec, '{') >= 0 {
			if fspec, err = Format(ctx, fspec, args[min(auto, len(args)):], kw); err != nil {
				return "", err
			}
		}
		s, err := Convert(v, conv, fspec)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// Convert applies a conversion (!r, !s, !a, or 0) and a spec to v, as a
// replacement field of str.format or an f-string does.
func Convert(v Value, conv byte, fspec string) (string, error) {
	switch conv {
	case 'r':
		v = Str(v.Repr())
	case 'a':
		v = Str(ASCII(v))
	case 's':
		v = Str(StrOf(v))
	case 0:
	default:
		return "", Errorf(ValueError, "Unknown conversion specifier %c", conv)
	}
	return FormatValue(v, fspec)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// splitField cuts a replacement field into its name, conversion and spec.
func splitField(field string) (name string, conv byte, fspec string) {
	name = field
	depth := 0
	for k := 0; k < len(field); k++ {
		switch field[k] {
		case '[':
			depth++
		case ']':
			depth--
		case '!':
			if depth == 0 {
				name = field[:k]
				rest := field[k+1:]
				if len(rest) > 0 {
					conv = rest[0]
					rest = rest[1:]
				}
				fspec = strings.TrimPrefix(rest, ":")
				return
			}
		case ':':
			if depth == 0 {
				return field[:k], 0, field[k+1:]
			}
		}
	}
	return name, 0, ""
}

// fieldPath follows .attr and [key] parts of a replacement field's name.
func fieldPath(v Value, path string) (Value, error) {
	for path != "" {
		switch path[0] {
		case '.':
			end := strings.IndexAny(path[1:], ".[")
			if end < 0 {
				end = len(path) - 1
			}
			var err error
			if v, err = GetAttr(v, path[1:1+end]); err != nil {
				return nil, err
			}
			path = path[1+end:]
		case '[':
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return nil, Errorf(ValueError, "Missing ']' in format string")
			}
			key := path[1:end]
			var k Value = Str(key)
			if isDigits(key) {
				n, _ := strconv.Atoi(key)
				k = Int(n)
			}
			var err error
			if v, err = GetItem(v, k); err != nil {
				return nil, err
			}
			path = path[end+1:]
		default:
			return nil, Errorf(ValueError, "Only '.' or '[' may follow ']' in format field specifier")
		}
	}
	return v, nil
}

// PercentFormat is printf-style formatting: format % values.
func PercentFormat(f string, values Value, isBytes bool) (string, error) {
	var args []Value
	var mapping *Dict
	switch v := values.(type) {
	case Tuple:
		args = v
	case *Dict:
		mapping = v
		args = []Value{v}
	default:
		args = []Value{v}
	}
	var b strings.Builder
	next := 0
	take := func() (Value, error) {
		if next >= len(args) {
			return nil, Errorf(TypeError, "not enough arguments for format string")
		}
		next++
		return args[next-1], nil
	}
	usedMapping := false
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(f) {
			return "", Errorf(ValueError, "incomplete format")
		}
		var v Value
		if f[i] == '(' {
			end := strings.IndexByte(f[i:], ')')
			if end < 0 || mapping == nil {
				if mapping == nil {
					return "", Errorf(TypeError, "format requires a mapping")
				}
				return "", Errorf(ValueError, "incomplete format key")
			}
			key := Str(f[i+1 : i+end])
			x, ok, _ := mapping.Get(key)
			if !ok {
				return "", Raise(KeyError, key)
			}
			v, usedMapping = x, true
			i += end + 1
		}
		sp := spec{fill: ' ', precision: -1, bytes: isBytes}
		zero := false
		convStart := i
		for ; i < len(f) && strings.IndexByte("-+ #0", f[i]) >= 0; i++ {
			switch f[i] {
			case '-':
				sp.align = '<'
			case '+':
				sp.sign = '+'
			case ' ':
				if sp.sign == 0 {
					sp.sign = ' '
				}
			case '#':
				sp.alt = true
			case '0':
				zero = true
			}
		}
		// The width and the precision: digits, or * for the next argument.
		num := func(cType string, limit int64) (int, error) {
			if i < len(f) && f[i] == '*' {
				i++
				a, err := take()
				if err != nil {
					return 0, err
				}
				if !IsInt(a) {
					return 0, Errorf(TypeError, "* wants int")
				}
				if n, ok := IntOf(a); ok && n >= -limit-1 && n <= limit {
					return int(n), nil
				}
				return 0, Errorf(OverflowError, "Python int too large to convert to C %s", cType)
			}
			n, end, err := specNumber(f, i)
			i = end
			return max(n, 0), err
		}
		var err error
		if sp.width, err = num("ssize_t", math.MaxInt64); err != nil {
			return "", err
		}
		if sp.width < 0 { // from *: a negative width aligns left
			sp.width, sp.align = -sp.width, '<'
		}
		if i < len(f) && f[i] == '.' {
			i++
			if sp.precision, err = num("int", math.MaxInt32); err != nil {
				return "", err
			}
			sp.precision = max(sp.precision, 0)
		}
		if err := CheckSize(int64(sp.width) + int64(max(sp.precision, 0))); err != nil {
			return "", err
		}
		for i < len(f) && strings.IndexByte("hlL", f[i]) >= 0 {
			i++ // C's length modifiers, which Python accepts and ignores
		}
		if i >= len(f) {
			return "", Errorf(ValueError, "incomplete format")
		}
		conv, size := utf8.DecodeRuneInString(f[i:])
		i += size - 1
		if conv == '%' && i == convStart {
			b.WriteByte('%')
			continue
		}
		if v == nil {
			if v, err = take(); err != nil {
				return "", err
			}
		}
		if zero && sp.align == 0 {
			sp.fill, sp.align = '0', '='
		}
		var s string
		switch conv {
		case 's', 'r', 'a':
			switch {
			case conv == 'a' || conv == 'r' && isBytes:
				s = ASCII(v)
			case conv == 'r':
				s = v.Repr()
			case isBytes:
				p, ok := BytesLike(v)
				if !ok {
					return "", Errorf(TypeError, "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'", TypeName(v))
				}
				s = string(p)
			default:
				s = StrOf(v)
			}
			switch {
			case sp.precision < 0:
			case isBytes && len(s) > sp.precision:
				s = s[:sp.precision]
			case !isBytes && utf8.RuneCountInString(s) > sp.precision:
				s = string([]rune(s)[:sp.precision])
			}
			sp.fill = ' '
			s = align(s, sp, '>')
		case 'b':
			if !isBytes {
				return "", Errorf(ValueError, "unsupported format character 'b' (0x62) at index %d", i)
			}
			p, ok := BytesLike(v)
			if !ok {
				return "", Errorf(TypeError, "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'", TypeName(v))
			}
			if sp.precision >= 0 && len(p) > sp.precision {
				p = p[:sp.precision]
			}
			sp.fill = ' '
			s = align(string(p), sp, '>')
		case 'd', 'i', 'u':
			if !numeric(v) {
				if isBytes && conv == 'i' {
					conv = 'd' // bytes formatting names %i so
				}
				return "", Errorf(TypeError, "%%%c format: a real number is required, not %s", conv, TypeName(v))
			}
			if fl, ok := v.(Float); ok {
				if v, err = FloatToInt(float64(fl)); err != nil {
					return "", err
				}
			}
			sp.typ = 'd'
			s, err = formatInt(bigOf(v), sp)
		case 'x', 'X', 'o':
			if !IsInt(v) {
				return "", Errorf(TypeError, "%%%c format: an integer is required, not %s", conv, TypeName(v))
			}
			sp.typ = conv
			s, err = formatInt(bigOf(v), sp)
		case 'e', 'E', 'f', 'F', 'g', 'G':
			fl, ok := FloatOf(v)
			if !ok && isBytes {
				return "", Errorf(TypeError, "float argument required, not %s", TypeName(v))
			}
			if !ok {
				return "", Errorf(TypeError, "must be real number, not %s", TypeName(v))
			}
			sp.typ = conv
			s = formatFloat(fl, sp)
		case 'c':
			if s, err = percentChar(v, isBytes); err != nil {
				return "", err
			}
			sp.fill = ' '
			s = align(s, sp, '>')
		default:
			return "", Errorf(ValueError, "unsupported format character '%s' (0x%x) at index %d", codeText(conv), conv, i)
		}
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	if next < len(args) && !usedMapping && mapping == nil {
		return "", Errorf(TypeError, "not all arguments converted during %s formatting", map[bool]string{true: "bytes", false: "string"}[isBytes])
	}
	return b.String(), nil
}

// percentChar is the character %c formats: from a one-character str (a
// single byte for bytes) or an int in range.
func percentChar(v Value, isBytes bool) (string, error) {
	if isBytes {
		if p, ok := BytesLike(v); ok && len(p) == 1 {
			return string(p), nil
		}
		if !IsInt(v) {
			return "", Errorf(TypeError, "%%c requires an integer in range(256) or a single byte")
		}
		if n, ok := IntOf(v); !ok || n < 0 || n > 255 {
			return "", Errorf(OverflowError, "%%c arg not in range(256)")
		}
		n, _ := IntOf(v)
		return string([]byte{byte(n)}), nil
	}
	if t, ok := v.(Str); ok && utf8.RuneCountInString(string(t)) == 1 {
		return string(t), nil
	}
	if !IsInt(v) {
		return "", Errorf(TypeError, "%%c requires int or char")
	}
	if n, ok := IntOf(v); !ok || n < 0 || n > utf8.MaxRune {
		return "", Errorf(OverflowError, "%%c arg not in range(0x110000)")
	}
	n, _ := IntOf(v)
	return string(rune(n)), nil
}
