package value

import (
	"strings"
	"testing"
)

// The expected texts were printed by Python 3.11: b.decode(...) and
// s.encode(...), or the exception raised.

func TestDecode(t *testing.T) {
	tests := []struct {
		b         string
		enc, errs Value
		want      string
	}{
		{"\xc3\xa9", Str("utf8"), nil, `'é'`},
		{"\xc3\xa9", Str("utf-8"), nil, `'é'`},
		{"\xc3\xa9", Str("UTF_8"), nil, `'é'`},
		{"\xff", nil, nil, `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte`},
		{"a\xe9", nil, nil, `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 1: unexpected end of data`},
		{"\xe9a", nil, nil, `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 0: invalid continuation byte`},
		{"\xe2\x82a", nil, nil, `UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte`},
		{"\xf0\x9f\x98", nil, nil, `UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-2: unexpected end of data`},
		{"\xed\xa0\x80", nil, nil, `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte`},
		{"\xf4\x90\x80\x80", nil, nil, `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xf4 in position 0: invalid continuation byte`},
		{"\xc0\xaf", nil, nil, `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte`},
		{"abc\xff\xfe", Str("utf8"), Str("strict"), `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 3: invalid start byte`},
		{"\xe9", Str("ascii"), nil, `UnicodeDecodeError: 'ascii' codec can't decode byte 0xe9 in position 0: ordinal not in range(128)`},
		{"a\xffb", Str("utf8"), Str("replace"), `'a�b'`},
		{"a\xffb", Str("ascii"), Str("ignore"), `'ab'`},
		{"a\xffb", Str("utf8"), Str("backslashreplace"), `'a\\xffb'`},
		{"\xe9", Str("latin-1"), nil, `'é'`},
		{"\xe9", Str("iso-8859-1"), nil, `'é'`},
		{"\xe9", Str("latin1"), nil, `'é'`},
		{"a", Str("foo"), nil, `LookupError: unknown encoding: foo`},
		{"a", Str("utf8"), Str("bogus"), `'a'`}, // the handler is looked up only when needed
		{"a\xff", Str("utf8"), Str("bogus"), `LookupError: unknown error handler name 'bogus'`},
		{"\xef\xbb\xbfa", Str("utf8"), nil, `'\ufeffa'`},
		{"\xf0\x9f\x98\x80", nil, nil, `'😀'`},
		{"\x1b[31m", Str("ascii"), nil, `'\x1b[31m'`}, // decoded text is escaped when shown
		{"a", Int(1), nil, `TypeError: decode() argument 'encoding' must be str, not int`},
	}
	for _, tt := range tests {
		if got := result(Decode([]byte(tt.b), tt.enc, tt.errs)); got != tt.want {
			t.Errorf("%s.decode(%v, %v) = %s, want %s", Bytes(tt.b).Repr(), tt.enc, tt.errs, got, tt.want)
		}
	}
}

// TestDecodeErrorAttrs checks the attributes a UnicodeDecodeError carries,
// as `except UnicodeDecodeError as e: e.start` reads them.
func TestDecodeErrorAttrs(t *testing.T) {
	_, err := Decode([]byte("ab\xe2\x82z"), nil, nil)
	e, ok := err.(*Exception)
	if !ok {
		t.Fatalf("error %T", err)
	}
	for name, want := range map[string]string{"encoding": "'utf-8'", "start": "2", "end": "4", "reason": "'invalid continuation byte'", "object": `b'ab\xe2\x82z'`} {
		v, err := GetAttr(e, name)
		if err != nil || v.Repr() != want {
			t.Errorf("e.%s = %v, %v; want %s", name, v, err, want)
		}
	}
}

func TestEncode(t *testing.T) {
	tests := []struct {
		s         string
		enc, errs Value
		want      string
	}{
		{"é", nil, nil, `b'\xc3\xa9'`},
		{"é", Str("latin-1"), nil, `b'\xe9'`},
		{"aéé", Str("ascii"), nil, `UnicodeEncodeError: 'ascii' codec can't encode characters in position 1-2: ordinal not in range(128)`},
		{"aéb", Str("ascii"), nil, `UnicodeEncodeError: 'ascii' codec can't encode character '\xe9' in position 1: ordinal not in range(128)`},
		{"€", Str("latin-1"), nil, `UnicodeEncodeError: 'latin-1' codec can't encode character '\u20ac' in position 0: ordinal not in range(256)`},
		{"a€b", Str("ascii"), Str("replace"), `b'a?b'`},
		{"a€b", Str("ascii"), Str("ignore"), `b'ab'`},
		{"a€b", Str("ascii"), Str("xmlcharrefreplace"), `b'a&#8364;b'`},
		{"a€b", Str("ascii"), Str("backslashreplace"), `b'a\\u20acb'`},
		{"a", Str("foo"), nil, `LookupError: unknown encoding: foo`},
		{"é", Str("ascii"), Str("bogus"), `LookupError: unknown error handler name 'bogus'`},
		{"😀", Str("utf-8"), nil, `b'\xf0\x9f\x98\x80'`},
		{"a\x00", Str("ascii"), nil, `b'a\x00'`},
		{"a", nil, Int(1), `TypeError: encode() argument 'errors' must be str, not int`},
	}
	for _, tt := range tests {
		if got := result(Encode(tt.s, tt.enc, tt.errs)); got != tt.want {
			t.Errorf("%s.encode(%v, %v) = %s, want %s", Str(tt.s).Repr(), tt.enc, tt.errs, got, tt.want)
		}
	}
}

// TestCodecNotSupported checks that a codec Python has and sockshell
// leaves out is a NotImplementedError that says what to use, not an
// "unknown encoding".
func TestCodecNotSupported(t *testing.T) {
	for _, enc := range []string{"utf-16", "cp1252", "idna"} {
		_, err := Encode("a", Str(enc), nil)
		if err == nil || !strings.HasPrefix(err.Error(), "NotImplementedError: ") || !strings.Contains(err.Error(), "utf-8") {
			t.Errorf("encode(%q): %v", enc, err)
		}
	}
}

// TestDecodeRoundTrip checks that whatever bytes come from the network,
// decoding with replace or backslashreplace never fails and gives valid
// text, and that a valid text encodes back to the same bytes.
func TestDecodeRoundTrip(t *testing.T) {
	for _, b := range []string{"", "plain", "\xff\xfe\xfd", "é\xe9", strings.Repeat("\xe2\x82", 100), "\xf0\x9f\x98\x80\xf0"} {
		for _, h := range []string{"replace", "backslashreplace", "ignore"} {
			v, err := Decode([]byte(b), Str("utf-8"), Str(h))
			if err != nil {
				t.Errorf("%q.decode('utf-8', %q): %v", b, h, err)
				continue
			}
			s := string(v.(Str))
			if !strings.Contains(s, "plain") && b == "plain" {
				t.Errorf("lost text: %q", s)
			}
			if h == "backslashreplace" {
				if !Printable(s) {
					t.Errorf("backslashreplace of %q gave %q", b, s)
				}
			}
		}
	}
	v, err := Encode("héllo 😀", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode([]byte(v.(Bytes)), nil, nil)
	if err != nil || back != Str("héllo 😀") {
		t.Errorf("round trip: %v, %v", back, err)
	}
}
