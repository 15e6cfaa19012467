package commands

import (
	"errors"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// builtin is one of Python's built-in functions, on evaluated arguments.
type builtin func(s *Session, args []Value) (Value, error)

// builtins are the built-in functions the one-line Python syntax knows:
// what the lecture uses (len, print) and the conversions between text,
// bytes and numbers it talks about.
var builtins map[string]builtin

func init() {
	builtins = map[string]builtin{
		"len":   pyLen,
		"str":   builtinStr,
		"bytes": pyBytes,
		"int":   pyInt,
		"float": pyFloat,
		"repr": func(s *Session, args []Value) (Value, error) {
			return oneArg("repr", args, func(v Value) (Value, error) { return Str(v.Repr()), nil })
		},
		"list":  func(s *Session, args []Value) (Value, error) { return collect("list", args) },
		"tuple": func(s *Session, args []Value) (Value, error) { return collect("tuple", args) },
		"print": pyPrint,
	}
}

func builtinNames() []string { return slices.Sorted(maps.Keys(builtins)) }

func oneArg(name string, args []Value, f func(Value) (Value, error)) (Value, error) {
	if len(args) != 1 {
		return nil, typeErrorf("%s() takes exactly one argument (%d given)", name, len(args))
	}
	return f(args[0])
}

func pyLen(s *Session, args []Value) (Value, error) {
	return oneArg("len", args, func(v Value) (Value, error) {
		switch v := v.(type) {
		case Str:
			return Int(utf8.RuneCountInString(string(v))), nil
		case Bytes:
			return Int(len(v)), nil
		case Dict:
			return Int(len(v.Keys)), nil
		}
		if items, ok := sequence(v); ok {
			return Int(len(items)), nil
		}
		return nil, typeErrorf("object of type '%s' has no len()", typeName(v))
	})
}

func collect(name string, args []Value) (Value, error) {
	var items []Value
	switch len(args) {
	case 0:
	case 1:
		var ok bool
		if items, ok = iterate(args[0]); !ok {
			return nil, typeErrorf("'%s' object is not iterable", typeName(args[0]))
		}
	default:
		return nil, typeErrorf("%s expected at most 1 argument, got %d", name, len(args))
	}
	items = append([]Value{}, items...)
	if name == "tuple" {
		return Tuple(items), nil
	}
	return List(items), nil
}

// builtinStr is str(): text as it is, an enum as its number (Python 3.11 and
// later), bytes decoded when an encoding is given, anything else its repr.
func builtinStr(s *Session, args []Value) (Value, error) {
	switch len(args) {
	case 0:
		return Str(""), nil
	case 1:
		switch v := args[0].(type) {
		case Enum:
			return Str(strconv.FormatInt(v.Value, 10)), nil
		}
		return Str(StrOf(args[0])), nil
	case 2, 3:
		b, ok := args[0].(Bytes)
		if !ok {
			return nil, typeErrorf("decoding to str: need a bytes-like object, %s found", typeName(args[0]))
		}
		return decode(b, args[1:])
	}
	return nil, typeErrorf("str() takes at most 3 arguments (%d given)", len(args))
}

func pyBytes(s *Session, args []Value) (Value, error) {
	if len(args) == 0 {
		return Bytes{}, nil
	}
	if len(args) > 3 {
		return nil, typeErrorf("bytes() takes at most 3 arguments (%d given)", len(args))
	}
	if str, ok := args[0].(Str); ok {
		if len(args) == 1 {
			return nil, typeErrorf("string argument without an encoding")
		}
		return encode(str, args[1:])
	}
	if len(args) > 1 {
		return nil, typeErrorf("encoding without a string argument")
	}
	switch v := args[0].(type) {
	case Bytes:
		return append(Bytes{}, v...), nil
	case Int, Bool:
		n, _ := intValue(v)
		if n < 0 {
			return nil, valueErrorf("negative count")
		}
		if n > maxBuilt {
			return nil, pyErrorf("MemoryError", "the result would be larger than sockshell's limit of %d MiB", maxBuilt>>20)
		}
		return make(Bytes, n), nil
	}
	items, ok := iterate(args[0])
	if !ok {
		return nil, typeErrorf("cannot convert '%s' object to bytes", typeName(args[0]))
	}
	out := make(Bytes, len(items))
	for i, it := range items {
		n, ok := intValue(it)
		if !ok {
			return nil, typeErrorf("'%s' object cannot be interpreted as an integer", typeName(it))
		}
		if n < 0 || n > 255 {
			return nil, valueErrorf("bytes must be in range(0, 256)")
		}
		out[i] = byte(n)
	}
	return out, nil
}

// pyInt is int(): a number truncated, or text read in a base (10 unless
// given; 0 reads the 0x/0o/0b prefixes).
func pyInt(s *Session, args []Value) (Value, error) {
	if len(args) == 0 {
		return Int(0), nil
	}
	if len(args) > 2 {
		return nil, typeErrorf("int() takes at most 2 arguments (%d given)", len(args))
	}
	base := int64(10)
	if len(args) == 2 {
		var ok bool
		if base, ok = intValue(args[1]); !ok {
			return nil, typeErrorf("'%s' object cannot be interpreted as an integer", typeName(args[1]))
		}
		if base != 0 && (base < 2 || base > 36) {
			return nil, valueErrorf("int() base must be >= 2 and <= 36, or 0")
		}
	}
	var text string
	switch v := args[0].(type) {
	case Str:
		text = string(v)
	case Bytes:
		text = string(v)
	default:
		if len(args) == 2 {
			return nil, typeErrorf("int() can't convert non-string with explicit base")
		}
		if n, ok := intValue(v); ok {
			return Int(n), nil
		}
		f, ok := v.(Float)
		if !ok {
			return nil, typeErrorf("int() argument must be a string, a bytes-like object or a real number, not '%s'", typeName(v))
		}
		switch {
		case math.IsNaN(float64(f)):
			return nil, valueErrorf("cannot convert float NaN to integer")
		case math.IsInf(float64(f), 0):
			return nil, pyErrorf("OverflowError", "cannot convert float infinity to integer")
		case math.Abs(float64(f)) >= 1<<63:
			return nil, pyErrorf("OverflowError", "integer too large for sockshell (it keeps 64-bit integers)")
		}
		return Int(int64(f)), nil
	}
	n, err := parseIntText(strings.TrimSpace(text), int(base))
	if err == errTooBig {
		return nil, pyErrorf("OverflowError", "integer too large for sockshell (it keeps 64-bit integers)")
	}
	if err != nil {
		return nil, valueErrorf("invalid literal for int() with base %d: %s", base, args[0].Repr())
	}
	return Int(n), nil
}

// errTooBig is an integer beyond the 64 bits the shell keeps.
var errTooBig = errors.New("integer too large")

// parseIntText reads an integer as Python's int(text, base) does: an
// optional sign, the base's prefix (allowed for 2, 8, 16, required for 0),
// and digits with single underscores between them.
func parseIntText(t string, base int) (int64, error) {
	sign := ""
	if t != "" && (t[0] == '+' || t[0] == '-') {
		sign, t = t[:1], t[1:]
	}
	lower := strings.ToLower(t)
	prefixes := map[int]string{2: "0b", 8: "0o", 16: "0x"}
	switch {
	case base == 0:
		if leadingZeros(t) {
			return 0, strconv.ErrSyntax
		}
		n, err := strconv.ParseInt(sign+t, 0, 64)
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, errTooBig
		}
		return n, err
	case prefixes[base] != "" && strings.HasPrefix(lower, prefixes[base]):
		t = strings.TrimPrefix(t[2:], "_")
	}
	if t == "" || t[0] == '_' || t[len(t)-1] == '_' || strings.Contains(t, "__") {
		return 0, strconv.ErrSyntax
	}
	n, err := strconv.ParseInt(sign+strings.ReplaceAll(t, "_", ""), base, 64)
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return 0, errTooBig
	}
	return n, err
}

func pyFloat(s *Session, args []Value) (Value, error) {
	if len(args) == 0 {
		return Float(0), nil
	}
	return oneArg("float", args, func(v Value) (Value, error) {
		if f, ok := numberOf(v); ok {
			return Float(f), nil
		}
		var text string
		switch v := v.(type) {
		case Str:
			text = string(v)
		case Bytes:
			text = string(v)
		default:
			return nil, typeErrorf("float() argument must be a string or a real number, not '%s'", typeName(v))
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(text), "_", ""), 64)
		if err != nil && !strings.Contains(err.Error(), "range") {
			return nil, valueErrorf("could not convert string to float: %s", v.Repr())
		}
		return Float(f), nil
	})
}

// pyPrint is print(): the values' str() separated by spaces. Text is
// written as it is, except control characters (other than newline, tab
// and a CR before a newline), which are escaped as in a repr: decoded
// network data must not drive the terminal.
func pyPrint(s *Session, args []Value) (Value, error) {
	for i, v := range args {
		if i > 0 {
			s.Out.WriteByte(' ')
		}
		text, _ := builtinStr(s, []Value{v})
		writeSafeText(s.Out, string(text.(Str)))
	}
	s.Out.WriteByte('\n')
	return None, nil
}

func writeSafeText(w interface{ WriteString(string) (int, error) }, t string) {
	for i := 0; i < len(t); {
		r, n := utf8.DecodeRuneInString(t[i:])
		ok := r == '\n' || r == '\t' || (r == '\r' && strings.HasPrefix(t[i+1:], "\n")) ||
			(r != utf8.RuneError || n > 1) && unicode.IsPrint(r) || r == ' '
		if ok {
			w.WriteString(t[i : i+n])
		} else {
			q := quote(t[i:i+n], false)
			w.WriteString(q[1 : len(q)-1])
		}
		i += n
	}
}

// stringMethods are the str and bytes methods of the Python syntax.
var stringMethods = map[string]func(recv Value, args []Value) (Value, error){
	"encode": func(recv Value, args []Value) (Value, error) {
		str, ok := recv.(Str)
		if !ok {
			return nil, pyErrorf("AttributeError", "'%s' object has no attribute 'encode'", typeName(recv))
		}
		return encode(str, args)
	},
	"decode": func(recv Value, args []Value) (Value, error) {
		b, ok := recv.(Bytes)
		if !ok {
			return nil, pyErrorf("AttributeError", "'%s' object has no attribute 'decode'", typeName(recv))
		}
		return decode(b, args)
	},
}

// codecArgs reads (encoding, errors) as encode and decode take them.
func codecArgs(args []Value) (codec, errors string, err error) {
	codec, errors = "utf-8", "strict"
	if len(args) > 2 {
		return "", "", typeErrorf("expected at most 2 arguments (encoding, errors), got %d", len(args))
	}
	for i, a := range args {
		t, ok := a.(Str)
		if !ok {
			return "", "", typeErrorf("argument %d must be str, not %s", i+1, typeName(a))
		}
		if i == 0 {
			codec = string(t)
		} else {
			errors = string(t)
		}
	}
	norm := strings.ReplaceAll(strings.ToLower(codec), "_", "-")
	switch norm {
	case "utf-8", "utf8", "u8", "utf":
		codec = "utf-8"
	case "ascii", "us-ascii", "646":
		codec = "ascii"
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "latin":
		codec = "latin-1"
	default:
		return "", "", pyErrorf("LookupError", "unknown encoding: %s", escapeForMessage(codec))
	}
	switch errors {
	case "strict", "replace", "ignore":
	default:
		return "", "", pyErrorf("LookupError", "unknown error handler name '%s' (sockshell knows strict, replace and ignore)", escapeForMessage(errors))
	}
	return codec, errors, nil
}

// encode is str.encode(encoding='utf-8', errors='strict').
func encode(s Str, args []Value) (Value, error) {
	codec, errors, err := codecArgs(args)
	if err != nil {
		return nil, err
	}
	if codec == "utf-8" {
		return Bytes(s), nil
	}
	limit := rune(0x7f)
	if codec == "latin-1" {
		limit = 0xff
	}
	rs := []rune(string(s))
	var out Bytes
	for i := 0; i < len(rs); i++ {
		if rs[i] <= limit {
			out = append(out, byte(rs[i]))
			continue
		}
		switch errors {
		case "replace":
			out = append(out, '?')
			continue
		case "ignore":
			continue
		}
		j := i
		for j+1 < len(rs) && rs[j+1] > limit {
			j++
		}
		where := "character " + quote(string(rs[i]), false) + " in position " + strconv.Itoa(i)
		if j > i {
			where = "characters in position " + strconv.Itoa(i) + "-" + strconv.Itoa(j)
		}
		return nil, pyErrorf("UnicodeEncodeError", "'%s' codec can't encode %s: ordinal not in range(%d)", codec, where, limit+1)
	}
	return out, nil
}

// decode is bytes.decode(encoding='utf-8', errors='strict'), with Python's
// messages for bytes that are not valid in the encoding.
func decode(b Bytes, args []Value) (Value, error) {
	codec, errors, err := codecArgs(args)
	if err != nil {
		return nil, err
	}
	var out strings.Builder
	for i := 0; i < len(b); {
		var n int
		var reason string
		switch codec {
		case "latin-1":
			out.WriteRune(rune(b[i]))
			i++
			continue
		case "ascii":
			if b[i] < 0x80 {
				out.WriteByte(b[i])
				i++
				continue
			}
			n, reason = 1, "ordinal not in range(128)"
		default:
			if n, reason = utf8Invalid(b[i:]); n == 0 {
				_, size := utf8.DecodeRune(b[i:])
				out.Write(b[i : i+size])
				i += size
				continue
			}
		}
		switch errors {
		case "replace":
			out.WriteRune(utf8.RuneError)
		case "strict":
			where := "byte 0x" + strconv.FormatUint(uint64(b[i])|0x100, 16)[1:] + " in position " + strconv.Itoa(i)
			if n > 1 {
				where = "bytes in position " + strconv.Itoa(i) + "-" + strconv.Itoa(i+n-1)
			}
			return nil, pyErrorf("UnicodeDecodeError", "'%s' codec can't decode %s: %s", codec, where, reason)
		}
		i += n
	}
	return Str(out.String()), nil
}

// utf8Invalid looks at the sequence starting at b[0]: it returns 0 when
// that is a valid character, else how many bytes are in error and why, as
// Python's UTF-8 decoder counts and words it.
func utf8Invalid(b []byte) (int, string) {
	c := b[0]
	if c < 0x80 {
		return 0, ""
	}
	need, lo, hi := 0, byte(0x80), byte(0xbf)
	switch {
	case c >= 0xc2 && c <= 0xdf:
		need = 1
	case c == 0xe0:
		need, lo = 2, 0xa0
	case c == 0xed:
		need, hi = 2, 0x9f
	case c >= 0xe1 && c <= 0xef:
		need = 2
	case c == 0xf0:
		need, lo = 3, 0x90
	case c == 0xf4:
		need, hi = 3, 0x8f
	case c >= 0xf1 && c <= 0xf3:
		need = 3
	default:
		return 1, "invalid start byte"
	}
	for k := 1; k <= need; k++ {
		if k >= len(b) {
			return k, "unexpected end of data"
		}
		if k > 1 {
			lo, hi = 0x80, 0xbf
		}
		if b[k] < lo || b[k] > hi {
			return k, "invalid continuation byte"
		}
	}
	return 0, ""
}
