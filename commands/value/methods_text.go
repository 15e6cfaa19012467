package value

import (
	"context"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The methods of str and bytes. Most do the same to both, so they work
// on text (a string of the receiver's kind) and give back the receiver's
// kind: 'a b'.split() gives strs, b'a b'.split() bytes.

// text is a str or bytes receiver or argument, as a Go string.
type text struct {
	s       string
	isBytes bool
	ctx     context.Context // the method call's, for a long loop (join); may be nil
}

func (t text) make(s string) Value {
	if t.isBytes {
		return Bytes(s)
	}
	return Str(s)
}

func (t text) kind() string {
	if t.isBytes {
		return "bytes"
	}
	return "str"
}

func textOf(v Value) text {
	switch v := v.(type) {
	case Str:
		return text{s: string(v)}
	case Bytes:
		return text{s: string(v), isBytes: true}
	case *ByteArray:
		return text{s: string(v.B), isBytes: true}
	}
	return text{}
}

// arg reads an argument of the receiver's kind (a str for str's methods,
// bytes-like for bytes').
func (t text) arg(v Value) (string, error) {
	if t.isBytes {
		p, ok := BytesLike(v)
		if !ok {
			return "", Errorf(TypeError, "a bytes-like object is required, not '%s'", TypeName(v))
		}
		return string(p), nil
	}
	s, ok := v.(Str)
	if !ok {
		return "", Errorf(TypeError, "must be str, not %s", TypeName(v))
	}
	return string(s), nil
}

// subArg reads what find, index and count look for: of the receiver's
// kind, or for bytes also an int, the one byte of that value.
func (t text) subArg(v Value) (string, error) {
	if !t.isBytes {
		return t.arg(v)
	}
	if IsInt(v) {
		n, ok := IntOf(v)
		if !ok || n < 0 || n > 255 {
			return "", Errorf(ValueError, "byte must be in range(0, 256)")
		}
		return string([]byte{byte(n)}), nil
	}
	p, ok := BytesLike(v)
	if !ok {
		return "", Errorf(TypeError, "argument should be integer or bytes-like object, not '%s'", TypeName(v))
	}
	return string(p), nil
}

// textMethod adapts a method of text to a Method.
func textMethod(sig Sig, f func(t text, a []Value) (Value, error)) Method {
	return func(ctx context.Context, recv Value, args []Value, kw []Kw) (Value, error) {
		s := sig
		if s.Style == One || s.Style == NoArgs {
			s.Name = TypeName(recv) + "." + s.Name
		}
		a, err := s.Bind(args, kw)
		if err != nil {
			return nil, err
		}
		t := textOf(recv)
		t.ctx = ctx
		return f(t, a)
	}
}

func init() {
	common := map[string]Method{
		"split":      textMethod(Sig{Name: "split", Names: []string{"sep", "maxsplit"}}, func(t text, a []Value) (Value, error) { return split(t, a, false) }),
		"rsplit":     textMethod(Sig{Name: "rsplit", Names: []string{"sep", "maxsplit"}}, func(t text, a []Value) (Value, error) { return split(t, a, true) }),
		"strip":      textMethod(Sig{Name: "strip", Names: []string{"chars"}}, func(t text, a []Value) (Value, error) { return strip(t, a[0], "strip", true, true) }),
		"lstrip":     textMethod(Sig{Name: "lstrip", Names: []string{"chars"}}, func(t text, a []Value) (Value, error) { return strip(t, a[0], "lstrip", true, false) }),
		"rstrip":     textMethod(Sig{Name: "rstrip", Names: []string{"chars"}}, func(t text, a []Value) (Value, error) { return strip(t, a[0], "rstrip", false, true) }),
		"startswith": textMethod(Sig{Name: "startswith", Min: 1, Names: []string{"prefix", "start", "end"}, NoKw: true}, func(t text, a []Value) (Value, error) { return affix(t, a, "startswith", strings.HasPrefix) }),
		"endswith":   textMethod(Sig{Name: "endswith", Min: 1, Names: []string{"suffix", "start", "end"}, NoKw: true}, func(t text, a []Value) (Value, error) { return affix(t, a, "endswith", strings.HasSuffix) }),
		"replace":    textMethod(Sig{Name: "replace", Style: Expected, Min: 2, Names: []string{"old", "new", "count"}, NoKw: true}, replaceText),
		"find":       textMethod(Sig{Name: "find", Min: 1, Names: []string{"sub", "start", "end"}, NoKw: true}, func(t text, a []Value) (Value, error) { return find(t, a, false, false) }),
		"rfind":      textMethod(Sig{Name: "rfind", Min: 1, Names: []string{"sub", "start", "end"}, NoKw: true}, func(t text, a []Value) (Value, error) { return find(t, a, true, false) }),
		"index":      textMethod(Sig{Name: "index", Min: 1, Names: []string{"sub", "start", "end"}, NoKw: true}, func(t text, a []Value) (Value, error) { return find(t, a, false, true) }),
		"rindex":     textMethod(Sig{Name: "rindex", Min: 1, Names: []string{"sub", "start", "end"}, NoKw: true}, func(t text, a []Value) (Value, error) { return find(t, a, true, true) }),
		"count":      textMethod(Sig{Name: "count", Min: 1, Names: []string{"sub", "start", "end"}, NoKw: true}, countText),
		"join":       textMethod(Sig{Name: "join", Style: One, Min: 1, Names: []string{"iterable"}, NoKw: true}, joinText),
		"upper":      caseMethod("upper", upper),
		"lower":      caseMethod("lower", lower),
		"casefold":   caseMethod("casefold", casefold),
		"swapcase":   caseMethod("swapcase", swapCase),
		"title":      caseMethod("title", titleCase),
		"capitalize": caseMethod("capitalize", capitalize),
		"partition":  textMethod(Sig{Name: "partition", Style: One, Min: 1, Names: []string{"sep"}, NoKw: true}, func(t text, a []Value) (Value, error) { return partition(t, a[0], false) }),
		"rpartition": textMethod(Sig{Name: "rpartition", Style: One, Min: 1, Names: []string{"sep"}, NoKw: true}, func(t text, a []Value) (Value, error) { return partition(t, a[0], true) }),
		"splitlines": textMethod(Sig{Name: "splitlines", Names: []string{"keepends"}}, splitLines),
		"zfill":      textMethod(Sig{Name: "zfill", Style: One, Min: 1, Names: []string{"width"}, NoKw: true}, zfill),
		"center":     textMethod(Sig{Name: "center", Style: Expected, Min: 1, Names: []string{"width", "fillchar"}, NoKw: true}, func(t text, a []Value) (Value, error) { return pad(t, a, 'c') }),
		"ljust":      textMethod(Sig{Name: "ljust", Style: Expected, Min: 1, Names: []string{"width", "fillchar"}, NoKw: true}, func(t text, a []Value) (Value, error) { return pad(t, a, 'l') }),
		"rjust":      textMethod(Sig{Name: "rjust", Style: Expected, Min: 1, Names: []string{"width", "fillchar"}, NoKw: true}, func(t text, a []Value) (Value, error) { return pad(t, a, 'r') }),
		"expandtabs": textMethod(Sig{Name: "expandtabs", Names: []string{"tabsize"}}, expandTabs),
		"removeprefix": textMethod(Sig{Name: "removeprefix", Style: One, Min: 1, Names: []string{"prefix"}, NoKw: true}, func(t text, a []Value) (Value, error) {
			p, err := t.arg(a[0])
			if err != nil {
				return nil, err
			}
			return t.make(strings.TrimPrefix(t.s, p)), nil
		}),
		"removesuffix": textMethod(Sig{Name: "removesuffix", Style: One, Min: 1, Names: []string{"suffix"}, NoKw: true}, func(t text, a []Value) (Value, error) {
			p, err := t.arg(a[0])
			if err != nil {
				return nil, err
			}
			return t.make(strings.TrimSuffix(t.s, p)), nil
		}),
		"isdigit":   predicate("isdigit", func(r rune) bool { return unicode.IsDigit(r) || unicode.Is(unicode.No, r) }),
		"isdecimal": predicate("isdecimal", unicode.IsDigit),
		"isnumeric": predicate("isnumeric", unicode.IsNumber),
		"isalpha":   predicate("isalpha", unicode.IsLetter),
		"isalnum":   predicate("isalnum", func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }),
		"isspace":   predicate("isspace", isSpace),
		"isupper":   casePredicate("isupper", isUpperCase, isLowerCase),
		"islower":   casePredicate("islower", isLowerCase, isUpperCase),
		"isascii": textMethod(Sig{Name: "isascii", Style: NoArgs}, func(t text, a []Value) (Value, error) {
			for i := 0; i < len(t.s); i++ {
				if t.s[i] >= 0x80 {
					return False, nil
				}
			}
			return True, nil
		}),
		"istitle": textMethod(Sig{Name: "istitle", Style: NoArgs}, func(t text, a []Value) (Value, error) {
			return BoolOf(t.s != "" && titleCase(t.s) == t.s && strings.ToLower(t.s) != t.s), nil
		}),
	}
	StrType.Methods = map[string]Method{
		"encode": textMethod(Sig{Name: "encode", Names: []string{"encoding", "errors"}}, func(t text, a []Value) (Value, error) { return Encode(t.s, a[0], a[1]) }),
		"format": func(ctx context.Context, recv Value, args []Value, kw []Kw) (Value, error) {
			s, err := Format(ctx, string(recv.(Str)), args, kw)
			if err != nil {
				return nil, err
			}
			return Str(s), nil
		},
		"format_map": func(ctx context.Context, recv Value, args []Value, kw []Kw) (Value, error) {
			a, err := (&Sig{Name: "str.format_map", Style: One, Min: 1, Names: []string{"mapping"}, NoKw: true}).Bind(args, kw)
			if err != nil {
				return nil, err
			}
			d, ok := a[0].(*Dict)
			if !ok {
				return nil, Errorf(TypeError, "format_map() argument must be a dict in sockshell, not %s", TypeName(a[0]))
			}
			var named []Kw
			for _, e := range d.Items() {
				if k, ok := e.K.(Str); ok {
					named = append(named, Kw{Name: string(k), V: e.V})
				}
			}
			s, err := Format(ctx, string(recv.(Str)), nil, named)
			return Str(s), err
		},
		"translate":   textMethod(Sig{Name: "str.translate", Style: One, Min: 1, Names: []string{"table"}, NoKw: true}, translate),
		"isprintable": textMethod(Sig{Name: "isprintable", Style: NoArgs}, func(t text, a []Value) (Value, error) { return BoolOf(Printable(t.s)), nil }),
		"isidentifier": textMethod(Sig{Name: "isidentifier", Style: NoArgs}, func(t text, a []Value) (Value, error) {
			return BoolOf(IsIdentifier(t.s)), nil
		}),
	}
	BytesType.Methods = map[string]Method{
		"decode": textMethod(Sig{Name: "decode", Names: []string{"encoding", "errors"}}, func(t text, a []Value) (Value, error) { return Decode([]byte(t.s), a[0], a[1]) }),
		"hex":    textMethod(Sig{Name: "hex", Names: []string{"sep", "bytes_per_sep"}}, hexMethod),
	}
	for name, m := range common {
		StrType.Methods[name] = m
		BytesType.Methods[name] = m
	}
	if ByteArrayType.Methods == nil {
		ByteArrayType.Methods = map[string]Method{}
	}
	for name, m := range BytesType.Methods {
		if ByteArrayType.Methods[name] == nil {
			ByteArrayType.Methods[name] = m
		}
	}
	StrType.Attrs = map[string]Value{"maketrans": &Builtin{Name: "maketrans", Fn: maketrans}}
	delete(BytesType.Methods, "casefold")
	delete(BytesType.Methods, "isidentifier")
	delete(BytesType.Methods, "isprintable")
	delete(BytesType.Methods, "isnumeric")
	delete(BytesType.Methods, "isdecimal")
	BytesType.Attrs = map[string]Value{
		"fromhex": &Builtin{Name: "fromhex", Fn: func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
			a, err := (&Sig{Name: "fromhex", Style: One, Min: 1, Names: []string{"string"}, NoKw: true}).Bind(args, kw)
			if err != nil {
				return nil, err
			}
			s, err := textArg(a[0], "fromhex() argument")
			if err != nil {
				return nil, err
			}
			return fromHex(s)
		}},
	}
}

func fromHex(s string) (Value, error) {
	var out []byte
	for i := 0; i < len(s); {
		if isSpace(rune(s[i])) {
			i++
			continue
		}
		if i+1 >= len(s) || !isHexDigit(s[i]) || !isHexDigit(s[i+1]) {
			pos := i
			if i < len(s) && isHexDigit(s[i]) {
				pos = i + 1
			}
			return nil, Errorf(ValueError, "non-hexadecimal number found in fromhex() arg at position %d", pos)
		}
		b, _ := hex.DecodeString(s[i : i+2])
		out = append(out, b...)
		i += 2
	}
	return Bytes(out), nil
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// isSpace is Python's str.isspace for one character.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// IsIdentifier is str.isidentifier for the ASCII names the shell's
// Python reads (and any letter).
func IsIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
			return false
		}
	}
	return true
}

func caseMethod(name string, f func(string) string) Method {
	return textMethod(Sig{Name: name, Style: NoArgs}, func(t text, a []Value) (Value, error) {
		if t.isBytes {
			return t.make(asciiOnly(t.s, f)), nil
		}
		return t.make(f(t.s)), nil
	})
}

// asciiOnly applies a case change to the ASCII letters of bytes only.
func asciiOnly(s string, f func(string) string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x80 {
			b[i] = f(string(rune(c)))[0]
		}
	}
	return string(b)
}

func predicate(name string, f func(rune) bool) Method {
	return textMethod(Sig{Name: name, Style: NoArgs}, func(t text, a []Value) (Value, error) {
		if t.s == "" {
			return False, nil
		}
		for _, r := range t.s {
			if t.isBytes && r >= 0x80 {
				return False, nil
			}
			if !f(r) {
				return False, nil
			}
		}
		return True, nil
	})
}

func casePredicate(name string, is, isNot func(rune) bool) Method {
	return textMethod(Sig{Name: name, Style: NoArgs}, func(t text, a []Value) (Value, error) {
		cased := false
		for _, r := range t.s {
			if isNot(r) || unicode.IsTitle(r) {
				return False, nil
			}
			if is(r) {
				cased = true
			}
		}
		return BoolOf(cased), nil
	})
}

// split is str.split and rsplit.
func split(t text, a []Value, fromRight bool) (Value, error) {
	max := int64(-1)
	if a[1] != nil {
		var err error
		if max, err = Index(a[1]); err != nil {
			return nil, err
		}
	}
	var parts []string
	if a[0] == nil || a[0] == None {
		parts = splitSpace(t.s, int(max), fromRight, t.isBytes)
	} else {
		sep, err := t.argOrNone(a[0])
		if err != nil {
			return nil, err
		}
		if sep == "" {
			return nil, Errorf(ValueError, "empty separator")
		}
		if fromRight {
			parts = rsplitN(t.s, sep, int(max))
		} else {
			n := int(max)
			if n >= 0 {
				n++
			}
			parts = strings.SplitN(t.s, sep, n)
		}
	}
	out := make([]Value, len(parts))
	for i, p := range parts {
		out[i] = t.make(p)
	}
	return NewList(out), nil
}

// argOrNone reads a separator: of the receiver's kind (None is handled
// by the caller); str's message names "str or None".
func (t text) argOrNone(v Value) (string, error) {
	if t.isBytes {
		return t.arg(v)
	}
	s, ok := v.(Str)
	if !ok {
		return "", Errorf(TypeError, "must be str or None, not %s", TypeName(v))
	}
	return string(s), nil
}

func rsplitN(s, sep string, max int) []string {
	var parts []string
	for max != 0 {
		i := strings.LastIndex(s, sep)
		if i < 0 {
			break
		}
		parts = append(parts, s[i+len(sep):])
		s = s[:i]
		max--
	}
	parts = append(parts, s)
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return parts
}

// splitSpace splits at runs of white space, as split() with no separator.
func splitSpace(s string, max int, fromRight, isBytes bool) []string {
	space := func(r rune) bool {
		if isBytes {
			return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
		}
		return isSpace(r)
	}
	if fromRight {
		var parts []string
		end := len(s)
		for {
			for end > 0 {
				r, size := utf8.DecodeLastRuneInString(s[:end])
				if !space(r) {
					break
				}
				end -= size
			}
			if end == 0 {
				break
			}
			if max == 0 {
				parts = append(parts, s[:end])
				break
			}
			start := end
			for start > 0 {
				r, size := utf8.DecodeLastRuneInString(s[:start])
				if space(r) {
					break
				}
				start -= size
			}
			parts = append(parts, s[start:end])
			end = start
			max--
		}
		for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
			parts[i], parts[j] = parts[j], parts[i]
		}
		return parts
	}
	var parts []string
	i := 0
	for {
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !space(r) {
				break
			}
			i += size
		}
		if i >= len(s) {
			break
		}
		if max == 0 {
			parts = append(parts, s[i:]) // the rest as it is, trailing space too
			break
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if space(r) {
				break
			}
			j += size
		}
		parts = append(parts, s[i:j])
		i = j
		max--
	}
	return parts
}

func strip(t text, chars Value, name string, left, right bool) (Value, error) {
	var cut func(rune) bool
	if chars == nil || chars == None {
		if t.isBytes {
			cut = func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' }
		} else {
			cut = isSpace
		}
	} else {
		var set string
		if t.isBytes {
			p, ok := BytesLike(chars)
			if !ok {
				return nil, Errorf(TypeError, "a bytes-like object is required, not '%s'", TypeName(chars))
			}
			set = string(p)
		} else {
			s, ok := chars.(Str)
			if !ok {
				return nil, Errorf(TypeError, "%s arg must be None or str", name)
			}
			set = string(s)
		}
		cut = func(r rune) bool { return strings.ContainsRune(set, r) }
	}
	s := t.s
	if left {
		s = strings.TrimLeftFunc(s, cut)
	}
	if right {
		s = strings.TrimRightFunc(s, cut)
	}
	return t.make(s), nil
}

// window applies start and end arguments (as slice bounds, counted in
// characters) to s, returning the part searched and its offset.
func (t text) window(start, end Value) (string, int, error) {
	if (start == nil || start == None) && (end == nil || end == None) {
		return t.s, 0, nil
	}
	runes := t.isBytes || utf8.RuneCountInString(t.s) == len(t.s)
	n := len(t.s)
	if !runes {
		n = utf8.RuneCountInString(t.s)
	}
	lo, err := optIndex(start, 0)
	if err != nil {
		return "", 0, err
	}
	hi, err := optIndex(end, int64(n))
	if err != nil {
		return "", 0, err
	}
	clamp := func(i int64) int {
		if i < 0 {
			i += int64(n)
			if i < 0 {
				i = 0
			}
		}
		if i > int64(n) {
			i = int64(n)
		}
		return int(i)
	}
	l, h := clamp(lo), clamp(hi)
	if h < l {
		return "", -1, nil
	}
	if runes {
		return t.s[l:h], l, nil
	}
	rs := []rune(t.s)
	return string(rs[l:h]), l, nil
}

func affix(t text, a []Value, name string, f func(s, p string) bool) (Value, error) {
	s, off, err := t.window(a[1], a[2])
	if err != nil {
		return nil, err
	}
	if off < 0 {
		return False, nil
	}
	var cands []Value
	if tup, ok := a[0].(Tuple); ok {
		cands = tup
	} else {
		cands = []Value{a[0]}
	}
	for _, c := range cands {
		p, err := t.arg(c)
		if err != nil {
			if t.isBytes {
				return nil, Errorf(TypeError, "%s first arg must be bytes or a tuple of bytes, not %s", name, TypeName(c))
			}
			return nil, Errorf(TypeError, "%s first arg must be str or a tuple of str, not %s", name, TypeName(c))
		}
		if f(s, p) {
			return True, nil
		}
	}
	return False, nil
}

func replaceText(t text, a []Value) (Value, error) {
	old, err := t.arg(a[0])
	if err != nil {
		return nil, Errorf(TypeError, "replace() argument 1 must be %s, not %s", t.kind(), TypeName(a[0]))
	}
	nw, err := t.arg(a[1])
	if err != nil {
		return nil, Errorf(TypeError, "replace() argument 2 must be %s, not %s", t.kind(), TypeName(a[1]))
	}
	n, err := optIndex(a[2], -1)
	if err != nil {
		return nil, err
	}
	if est := int64(len(t.s)) + int64(len(nw))*int64(len(t.s)+1); est > MaxSize {
		if err := CheckSize(int64(len(t.s)) + int64(len(nw)-len(old))*int64(strings.Count(t.s, old))); err != nil {
			return nil, err
		}
	}
	return t.make(strings.Replace(t.s, old, nw, int(n))), nil
}

// runeOffset converts a byte offset in s to a character offset.
func (t text) runeOffset(s string, i int) int {
	if t.isBytes {
		return i
	}
	return utf8.RuneCountInString(s[:i])
}

func find(t text, a []Value, last, raise bool) (Value, error) {
	sub, err := t.subArg(a[0])
	if err != nil {
		return nil, err
	}
	s, off, err := t.window(a[1], a[2])
	if err != nil {
		return nil, err
	}
	i := -1
	if off >= 0 {
		if last {
			i = strings.LastIndex(s, sub)
		} else {
			i = strings.Index(s, sub)
		}
	}
	if i < 0 {
		if raise {
			if t.isBytes {
				return nil, Errorf(ValueError, "subsection not found")
			}
			return nil, Errorf(ValueError, "substring not found")
		}
		return Int(-1), nil
	}
	return Int(off + t.runeOffset(s, i)), nil
}

func countText(t text, a []Value) (Value, error) {
	sub, err := t.subArg(a[0])
	if err != nil {
		return nil, err
	}
	s, off, err := t.window(a[1], a[2])
	if err != nil {
		return nil, err
	}
	if off < 0 {
		return Int(0), nil
	}
	if sub == "" {
		return Int(t.runeOffset(s, len(s)) + 1), nil
	}
	return Int(strings.Count(s, sub)), nil
}

func joinText(t text, a []Value) (Value, error) {
	if _, err := Iter(a[0]); err != nil {
		return nil, Errorf(TypeError, "can only join an iterable")
	}
	ctx := t.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	items, err := ItemsContext(ctx, a[0])
	if err != nil {
		return nil, err
	}
	parts := make([]string, len(items))
	total := int64(0)
	for i, it := range items {
		if t.isBytes {
			p, ok := BytesLike(it)
			if !ok {
				return nil, Errorf(TypeError, "sequence item %d: expected a bytes-like object, %s found", i, TypeName(it))
			}
			parts[i] = string(p)
		} else {
			s, ok := it.(Str)
			if !ok {
				return nil, Errorf(TypeError, "sequence item %d: expected str instance, %s found", i, TypeName(it))
			}
			parts[i] = string(s)
		}
		total += int64(len(parts[i]) + len(t.s))
	}
	if err := CheckSize(total); err != nil {
		return nil, err
	}
	return t.make(strings.Join(parts, t.s)), nil
}

func partition(t text, sepV Value, last bool) (Value, error) {
	sep, err := t.arg(sepV)
	if err != nil {
		return nil, err
	}
	if sep == "" {
		return nil, Errorf(ValueError, "empty separator")
	}
	var i int
	if last {
		i = strings.LastIndex(t.s, sep)
	} else {
		i = strings.Index(t.s, sep)
	}
	if i < 0 {
		if last {
			return Tuple{t.make(""), t.make(""), t.make(t.s)}, nil
		}
		return Tuple{t.make(t.s), t.make(""), t.make("")}, nil
	}
	return Tuple{t.make(t.s[:i]), t.make(sep), t.make(t.s[i+len(sep):])}, nil
}

func splitLines(t text, a []Value) (Value, error) {
	keep := a[0] != nil && Truth(a[0])
	var out []Value
	s := t.s
	for len(s) > 0 {
		i, n := lineEnd(s, t.isBytes)
		if i < 0 {
			out = append(out, t.make(s))
			break
		}
		if keep {
			out = append(out, t.make(s[:i+n]))
		} else {
			out = append(out, t.make(s[:i]))
		}
		s = s[i+n:]
	}
	if out == nil {
		out = []Value{}
	}
	return NewList(out), nil
}

// lineEnd finds the first line boundary of s: its offset and length.
func lineEnd(s string, isBytes bool) (int, int) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				return i, 2
			}
			return i, 1
		case c == '\n':
			return i, 1
		case !isBytes && (c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e)):
			return i, 1
		case !isBytes && c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == 0x85 || r == 0x2028 || r == 0x2029 {
				return i, size
			}
			i += size
			continue
		}
		i++
	}
	return -1, 0
}

func zfill(t text, a []Value) (Value, error) {
	w, err := Index(a[0])
	if err != nil {
		return nil, err
	}
	n := int64(utf8.RuneCountInString(t.s))
	if t.isBytes {
		n = int64(len(t.s))
	}
	if w <= n {
		return t.make(t.s), nil
	}
	if err := CheckSize(w); err != nil {
		return nil, err
	}
	fill := strings.Repeat("0", int(w-n))
	if t.s != "" && (t.s[0] == '+' || t.s[0] == '-') {
		return t.make(t.s[:1] + fill + t.s[1:]), nil
	}
	return t.make(fill + t.s), nil
}

func pad(t text, a []Value, how byte) (Value, error) {
	w, err := Index(a[0])
	if err != nil {
		return nil, err
	}
	fill := " "
	if a[1] != nil {
		f, err := t.arg(a[1])
		if err != nil || (t.isBytes && len(f) != 1) || (!t.isBytes && utf8.RuneCountInString(f) != 1) {
			return nil, Errorf(TypeError, "The fill character must be exactly one character long")
		}
		fill = f
	}
	n := int64(utf8.RuneCountInString(t.s))
	if t.isBytes {
		n = int64(len(t.s))
	}
	if w <= n {
		return t.make(t.s), nil
	}
	if err := CheckSize(w); err != nil {
		return nil, err
	}
	total := int(w - n)
	switch how {
	case 'l':
		return t.make(t.s + strings.Repeat(fill, total)), nil
	case 'r':
		return t.make(strings.Repeat(fill, total) + t.s), nil
	}
	// CPython's rule: the odd fill character goes left only when the
	// width is odd too.
	left := total/2 + int(int64(total)&w&1)
	return t.make(strings.Repeat(fill, left) + t.s + strings.Repeat(fill, total-left)), nil
}

func expandTabs(t text, a []Value) (Value, error) {
	size, err := optIndex(a[0], 8)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	col := 0
	for _, r := range t.s {
		switch r {
		case '\t':
			if size > 0 {
				n := int(size) - col%int(size)
				b.WriteString(strings.Repeat(" ", n))
				col += n
			}
		case '\n', '\r':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return t.make(b.String()), nil
}

// hexMethod is bytes.hex([sep[, bytes_per_sep]]).
func hexMethod(t text, a []Value) (Value, error) {
	h := hex.EncodeToString([]byte(t.s))
	if a[0] == nil {
		return Str(h), nil
	}
	var sep string
	switch v := a[0].(type) {
	case Str:
		sep = string(v)
	case Bytes:
		sep = string(v)
	default:
		return nil, Errorf(TypeError, "sep must be str or bytes.")
	}
	if utf8.RuneCountInString(sep) != 1 {
		return nil, Errorf(ValueError, "sep must be length 1.")
	}
	per, err := optIndex(a[1], 1)
	if err != nil {
		return nil, err
	}
	if per == 0 || len(t.s) == 0 {
		return Str(h), nil
	}
	n := per
	if n < 0 {
		n = -n
	}
	var groups []string
	b := []byte(t.s)
	if per > 0 { // groups counted from the right
		for end := len(b); end > 0; end -= int(n) {
			start := max(end-int(n), 0)
			groups = append([]string{hex.EncodeToString(b[start:end])}, groups...)
		}
	} else {
		for start := 0; start < len(b); start += int(n) {
			groups = append(groups, hex.EncodeToString(b[start:min(start+int(n), len(b))]))
		}
	}
	return Str(strings.Join(groups, sep)), nil
}

// translate is str.translate(table) for a dict table made by
// str.maketrans or by hand: ordinals to str, ordinals or None.
func translate(t text, a []Value) (Value, error) {
	d, ok := a[0].(*Dict)
	if !ok {
		return nil, Errorf(NotImplementedErr, "str.translate with a %s table is not supported in sockshell; use a dict", TypeName(a[0]))
	}
	var b strings.Builder
	for _, r := range t.s {
		v, found, err := d.Get(Int(r))
		if err != nil {
			return nil, err
		}
		if !found {
			b.WriteRune(r)
			continue
		}
		switch v := v.(type) {
		case NoneType:
		case Str:
			b.WriteString(string(v))
		case Int:
			b.WriteRune(rune(v))
		default:
			return nil, Errorf(TypeError, "character mapping must return integer, None or str")
		}
	}
	return Str(b.String()), nil
}

// maketrans is str.maketrans(x[, y[, z]]).
func maketrans(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	a, err := (&Sig{Name: "maketrans", Min: 1, Names: []string{"x", "y", "z"}, NoKw: true}).Bind(args, kw)
	if err != nil {
		return nil, err
	}
	d := NewDict()
	if a[1] == nil {
		src, ok := a[0].(*Dict)
		if !ok {
			return nil, Errorf(TypeError, "if you give only one argument to maketrans it must be a dict")
		}
		for _, e := range src.Items() {
			k := e.K
			if s, ok := k.(Str); ok {
				if utf8.RuneCountInString(string(s)) != 1 {
					return nil, Errorf(ValueError, "string keys in translate table must be of length 1")
				}
				r, _ := utf8.DecodeRuneInString(string(s))
				k = Int(r)
			}
			d.Set(k, e.V)
		}
		return d, nil
	}
	x, ok1 := a[0].(Str)
	y, ok2 := a[1].(Str)
	if !ok1 || !ok2 {
		return nil, Errorf(TypeError, "maketrans() argument 2 must be str, not %s", TypeName(a[1]))
	}
	xs, ys := []rune(string(x)), []rune(string(y))
	if len(xs) != len(ys) {
		return nil, Errorf(ValueError, "the first two maketrans arguments must have equal length")
	}
	for i := range xs {
		d.Set(Int(xs[i]), Int(ys[i]))
	}
	if a[2] != nil {
		z, ok := a[2].(Str)
		if !ok {
			return nil, Errorf(TypeError, "maketrans() argument 3 must be str, not %s", TypeName(a[2]))
		}
		for _, r := range string(z) {
			d.Set(Int(r), None)
		}
	}
	return d, nil
}
