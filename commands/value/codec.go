package value

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// codecArgs reads (encoding, errors) as encode and decode take them.
func codecArgs(fn string, encoding, errs Value) (codec, errors string, err error) {
	codec, errors = "utf-8", "strict"
	for i, a := range []Value{encoding, errs} {
		if a == nil {
			continue
		}
		t, ok := a.(Str)
		if !ok {
			name := "encoding"
			if i == 1 {
				name = "errors"
			}
			return "", "", Errorf(TypeError, "%s() argument '%s' must be str, not %s", fn, name, TypeName(a))
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
	case "utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp1252", "cp437", "idna", "punycode", "utf-7", "iso-8859-15", "koi8-r", "shift-jis", "big5", "gbk", "euc-jp":
		return "", "", Errorf(NotImplementedErr, "the %s codec is not supported in sockshell; use utf-8, ascii or latin-1", ForMessage(codec))
	default:
		return "", "", Errorf(LookupError, "unknown encoding: %s", ForMessage(codec))
	}
	return codec, errors, nil
}

// handlerError checks an error handler when it is first needed, as
// Python looks it up only once an error happens.
func handlerError(errors string, encoding bool) error {
	switch errors {
	case "strict", "replace", "ignore", "backslashreplace":
		return nil
	case "xmlcharrefreplace":
		if encoding {
			return nil
		}
		return Errorf(TypeError, "don't know how to handle UnicodeDecodeError in error callback")
	case "surrogateescape", "namereplace", "surrogatepass":
		return Errorf(NotImplementedErr, "the error handler '%s' is not supported in sockshell; use strict, replace, ignore or backslashreplace", errors)
	}
	return Errorf(LookupError, "unknown error handler name '%s'", ForMessage(errors))
}

// Encode is str.encode(encoding='utf-8', errors='strict'); nil arguments
// were not given.
func Encode(s string, encoding, errs Value) (Value, error) {
	codec, errors, err := codecArgs("encode", encoding, errs)
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
		if err := handlerError(errors, true); err != nil {
			return nil, err
		}
		switch errors {
		case "replace":
			out = append(out, '?')
			continue
		case "ignore":
			continue
		case "xmlcharrefreplace":
			out = append(out, "&#"+strconv.Itoa(int(rs[i]))+";"...)
			continue
		case "backslashreplace":
			var b strings.Builder
			escapeRune(&b, rs[i])
			out = append(out, b.String()...)
			continue
		}
		j := i
		for j+1 < len(rs) && rs[j+1] > limit {
			j++
		}
		var ch strings.Builder
		ch.WriteByte('\'')
		escapeRune(&ch, rs[i])
		ch.WriteByte('\'')
		where := "character " + ch.String() + " in position " + strconv.Itoa(i)
		if j > i {
			where = "characters in position " + strconv.Itoa(i) + "-" + strconv.Itoa(j)
		}
		return nil, Errorf(UnicodeEncodeError, "'%s' codec can't encode %s: ordinal not in range(%d)", codec, where, limit+1)
	}
	return out, nil
}

// Decode is bytes.decode(encoding='utf-8', errors='strict'), with Python's
// messages for bytes that are not valid in the encoding.
func Decode(b []byte, encoding, errs Value) (Value, error) {
	codec, errors, err := codecArgs("decode", encoding, errs)
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
		if err := handlerError(errors, false); err != nil {
			return nil, err
		}
		switch errors {
		case "replace":
			out.WriteRune(utf8.RuneError)
		case "backslashreplace":
			for k := 0; k < n; k++ {
				out.WriteString(`\x` + strconv.FormatUint(uint64(b[i+k])|0x100, 16)[1:])
			}
		case "strict":
			where := "byte 0x" + strconv.FormatUint(uint64(b[i])|0x100, 16)[1:] + " in position " + strconv.Itoa(i)
			if n > 1 {
				where = "bytes in position " + strconv.Itoa(i) + "-" + strconv.Itoa(i+n-1)
			}
			e := Errorf(UnicodeDecodeError, "'%s' codec can't decode %s: %s", codec, where, reason)
			e.Attrs = map[string]Value{"encoding": Str(codec), "object": Bytes(append([]byte{}, b...)),
				"start": Int(i), "end": Int(i + n), "reason": Str(reason)}
			return nil, e
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
