package value

import (
	"context"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Python's three ways of formatting: format(v, spec) and the format
// specification mini-language, str.format, and printf-style %.

// spec is a parsed format specification: [[fill]align][sign][#][0][width][,|_][.precision][type].
type spec struct {
	fill      rune
	align     byte // < > ^ =, or 0
	sign      byte // + - space, or 0
	alt       bool
	zero      bool
	width     int
	grouping  byte // , or _
	precision int  // -1 when none
	typ       byte // 0 when none
}

func parseSpec(s string) (spec, error) {
	sp := spec{fill: ' ', precision: -1}
	bad := func() (spec, error) {
		return spec{}, Errorf(ValueError, "Invalid format specifier '%s'", ForMessage(s))
	}
	i := 0
	if r, size := utf8.DecodeRuneInString(s); size > 0 && size < len(s) && strings.IndexByte("<>^=", s[size]) >= 0 {
		sp.fill, sp.align = r, s[size]
		i = size + 1
	} else if len(s) > 0 && strings.IndexByte("<>^=", s[0]) >= 0 {
		sp.align = s[0]
		i = 1
	}
	if i < len(s) && strings.IndexByte("+- ", s[i]) >= 0 {
		sp.sign = s[i]
		i++
	}
	if i < len(s) && s[i] == '#' {
		sp.alt = true
		i++
	}
	if i < len(s) && s[i] == '0' {
		sp.zero = true
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > i {
		sp.width, _ = strconv.Atoi(s[i:j])
		i = j
	}
	if i < len(s) && (s[i] == ',' || s[i] == '_') {
		sp.grouping = s[i]
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		j = i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return spec{}, Errorf(ValueError, "Format specifier missing precision")
		}
		sp.precision, _ = strconv.Atoi(s[i:j])
		i = j
	}
	if i < len(s) {
		sp.typ = s[i]
		i++
	}
	if i != len(s) {
		return bad()
	}
	if sp.zero && sp.align == 0 {
		sp.fill, sp.align = '0', '='
	}
	return sp, nil
}

// FormatValue is Python's format(v, spec).
func FormatValue(v Value, specText string) (string, error) {
	if specText == "" {
		return StrOf(v), nil
	}
	sp, err := parseSpec(specText)
	if err != nil {
		return "", err
	}
	switch x := v.(type) {
	case Str:
		if sp.typ != 0 && sp.typ != 's' {
			return "", Errorf(ValueError, "Unknown format code '%c' for object of type 'str'", sp.typ)
		}
		if sp.sign != 0 {
			return "", Errorf(ValueError, "Sign not allowed in string format specifier")
		}
		s := string(x)
		if sp.precision >= 0 && utf8.RuneCountInString(s) > sp.precision {
			s = string([]rune(s)[:sp.precision])
		}
		return align(s, sp, '<'), nil
	case Int, Bool, *BigInt, Enum:
		switch sp.typ {
		case 'e', 'E', 'f', 'F', 'g', 'G', '%':
			f, _ := FloatOf(x)
			return formatFloat(f, sp)
		}
		return formatInt(bigOf(x), sp, TypeName(v))
	case Float:
		if sp.typ != 0 && strings.IndexByte("eEfFgGn%", sp.typ) < 0 {
			return "", Errorf(ValueError, "Unknown format code '%c' for object of type 'float'", sp.typ)
		}
		return formatFloat(float64(x), sp)
	}
	return "", Errorf(TypeError, "unsupported format string passed to %s.__format__", TypeName(v))
}

// align pads s to the spec's width; def is the default alignment.
func align(s string, sp spec, def byte) string {
	n := utf8.RuneCountInString(s)
	if n >= sp.width {
		return s
	}
	a := sp.align
	if a == 0 {
		a = def
	}
	pad := sp.width - n
	fill := string(sp.fill)
	switch a {
	case '>':
		return strings.Repeat(fill, pad) + s
	case '^':
		return strings.Repeat(fill, pad/2) + s + strings.Repeat(fill, pad-pad/2)
	case '=':
		if s != "" && strings.IndexByte("+- ", s[0]) >= 0 {
			return s[:1] + strings.Repeat(fill, pad) + s[1:]
		}
		return strings.Repeat(fill, pad) + s
	}
	return s + strings.Repeat(fill, pad)
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

func formatInt(n *big.Int, sp spec, typeName string) (string, error) {
	if sp.precision >= 0 {
		return "", Errorf(ValueError, "Precision not allowed in integer format specifier")
	}
	neg := n.Sign() < 0
	abs := new(big.Int).Abs(n)
	var digits, prefix string
	switch sp.typ {
	case 0, 'd', 'n':
		digits = abs.String()
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
	case 's':
		return "", Errorf(ValueError, "Unknown format code 's' for object of type '%s'", typeName)
	default:
		return "", Errorf(ValueError, "Unknown format code '%c' for object of type '%s'", sp.typ, typeName)
	}
	if sp.grouping != 0 {
		every := 3
		if sp.typ == 'x' || sp.typ == 'X' || sp.typ == 'o' || sp.typ == 'b' {
			every = 4
		}
		digits = group(digits, every, string(sp.grouping))
	}
	if !sp.alt {
		prefix = ""
	}
	return align(signOf(neg, sp)+prefix+digits, spEq(sp), '>'), nil
}

// spEq makes zero padding go between the sign and the digits.
func spEq(sp spec) spec { return sp }

func group(digits string, every int, sep string) string {
	if len(digits) <= every {
		return digits
	}
	var b strings.Builder
	first := len(digits) % every
	if first > 0 {
		b.WriteString(digits[:first])
	}
	for i := first; i < len(digits); i += every {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(digits[i : i+every])
	}
	return b.String()
}

func formatFloat(f float64, sp spec) (string, error) {
	neg := math.Signbit(f) && !math.IsNaN(f)
	a := math.Abs(f)
	prec := sp.precision
	var body string
	switch {
	case math.IsInf(a, 0):
		body = "inf"
	case math.IsNaN(a):
		body = "nan"
	}
	if body != "" {
		if sp.typ == 'E' || sp.typ == 'F' || sp.typ == 'G' {
			body = strings.ToUpper(body)
		}
		return align(signOf(neg, sp)+body, sp, '>'), nil
	}
	switch sp.typ {
	case 'f', 'F', '%':
		if prec < 0 {
			prec = 6
		}
		if sp.typ == '%' {
			a *= 100
		}
		body = strconv.FormatFloat(a, 'f', prec, 64)
		if sp.typ == '%' {
			body += "%"
		}
	case 'e', 'E':
		if prec < 0 {
			prec = 6
		}
		body = strconv.FormatFloat(a, 'e', prec, 64)
		if sp.typ == 'E' {
			body = strings.ToUpper(body)
		}
	case 'g', 'G', 'n':
		if prec < 0 {
			prec = 6
		}
		if prec == 0 {
			prec = 1
		}
		body = pyG(a, prec, sp.alt)
		if sp.typ == 'G' {
			body = strings.ToUpper(body)
		}
	case 0:
		if prec < 0 {
			body = FormatFloat(a)
		} else {
			body = pyG(a, max(prec, 1), sp.alt)
			if !strings.ContainsAny(body, ".e") {
				body += ".0"
			}
		}
	}
	if sp.grouping != 0 {
		intPart, rest := body, ""
		if i := strings.IndexAny(body, ".e%"); i >= 0 {
			intPart, rest = body[:i], body[i:]
		}
		body = group(intPart, 3, string(sp.grouping)) + rest
	}
	return align(signOf(neg, sp)+body, sp, '>'), nil
}

// pyG is Python's 'g' presentation: precision significant digits, in
// fixed notation unless the exponent is below -4 or at least precision,
// trailing zeros removed (kept with '#').
func pyG(a float64, prec int, alt bool) string {
	if a == 0 {
		if alt {
			return "0." + strings.Repeat("0", prec-1)
		}
		return "0"
	}
	e := strconv.FormatFloat(a, 'e', prec-1, 64)
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	var s string
	if exp < -4 || exp >= prec {
		if !alt && strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		return mant + "e" + sign + es
	}
	s = strconv.FormatFloat(a, 'f', max(prec-1-exp, 0), 64)
	if !alt && strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
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
	case 'r', 'a':
		v = Str(v.Repr())
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
		j := i
		for j < len(f) && strings.IndexByte("-+ #0123456789.", f[j]) >= 0 {
			j++
		}
		if j >= len(f) {
			return "", Errorf(ValueError, "incomplete format")
		}
		flags, conv := f[i:j], f[j]
		i = j
		if conv == '%' {
			b.WriteByte('%')
			continue
		}
		if v == nil {
			var err error
			if v, err = take(); err != nil {
				return "", err
			}
		}
		sp := spec{fill: ' ', precision: -1}
		k := 0
		for k < len(flags) && strings.IndexByte("-+ #0", flags[k]) >= 0 {
			switch flags[k] {
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
				sp.zero = true
			}
			k++
		}
		rest := flags[k:]
		w, p, hasP := strings.Cut(rest, ".")
		sp.width, _ = strconv.Atoi(w)
		if hasP {
			sp.precision, _ = strconv.Atoi(p)
		}
		if sp.zero && sp.align == 0 {
			sp.fill, sp.align = '0', '='
		}
		if sp.align == 0 {
			sp.align = '>'
		}
		var s string
		var err error
		switch conv {
		case 's', 'r', 'a':
			if conv == 's' {
				if isBytes {
					p, ok := BytesLike(v)
					if !ok {
						return "", Errorf(TypeError, "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'", TypeName(v))
					}
					s = string(p)
				} else {
					s = StrOf(v)
				}
			} else {
				s = v.Repr()
			}
			if sp.precision >= 0 && utf8.RuneCountInString(s) > sp.precision {
				s = string([]rune(s)[:sp.precision])
			}
			sp.fill = ' '
			s = align(s, sp, '>')
		case 'b':
			p, ok := BytesLike(v)
			if !ok || !isBytes {
				return "", Errorf(ValueError, "unsupported format character 'b' (0x62) at index %d", i)
			}
			s = align(string(p), sp, '>')
		case 'd', 'i', 'u':
			if !numeric(v) {
				return "", Errorf(TypeError, "%%%c format: a real number is required, not %s", conv, TypeName(v))
			}
			if fl, ok := v.(Float); ok {
				v = Int(int64(fl))
			}
			sp.typ = 'd'
			s, err = formatInt(bigOf(v), sp, TypeName(v))
		case 'x', 'X', 'o':
			if !IsInt(v) {
				return "", Errorf(TypeError, "%%%c format: an integer is required, not %s", conv, TypeName(v))
			}
			sp.typ = conv
			s, err = formatInt(bigOf(v), sp, TypeName(v))
		case 'e', 'E', 'f', 'F', 'g', 'G':
			fl, ok := FloatOf(v)
			if !ok {
				return "", Errorf(TypeError, "must be real number, not %s", TypeName(v))
			}
			sp.typ = conv
			s, err = formatFloat(fl, sp)
		case 'c':
			if t, ok := v.(Str); ok && utf8.RuneCountInString(string(t)) == 1 {
				s = string(t)
			} else if n, ok := IntOf(v); ok {
				s = string(rune(n))
			} else {
				return "", Errorf(TypeError, "%%c requires int or char")
			}
			s = align(s, sp, '>')
		default:
			return "", Errorf(ValueError, "unsupported format character '%c' (0x%x) at index %d", conv, conv, i)
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
