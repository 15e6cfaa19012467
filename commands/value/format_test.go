package value

import (
	"context"
	"math"
	"testing"
)

// The expected texts below were printed by Python 3.11: format(v, spec),
// fmt.format(*args, **kwargs) and fmt % values, or the exception raised.

func TestFormatValue(t *testing.T) {
	tests := []struct {
		v    Value
		spec string
		want string
	}{
		{Int(42), ``, `42`},
		{Int(42), `5`, `   42`},
		{Int(42), `<5`, `42   `},
		{Int(42), `^6`, `  42  `},
		{Int(42), `*>7`, `*****42`},
		{Int(42), `+`, `+42`},
		{Int(-42), ` `, `-42`},
		{Int(42), `05`, `00042`},
		{Int(-42), `06`, `-00042`},
		{Int(-42), `=6`, `-   42`},
		{Int(255), `x`, `ff`},
		{Int(255), `#X`, `0XFF`},
		{Int(255), `#o`, `0o377`},
		{Int(5), `b`, `101`},
		{Int(1234567), `,`, `1,234,567`},
		{Int(1234567), `_`, `1_234_567`},
		{Int(1234567), `_x`, `12_d687`},
		{Int(65), `c`, `A`},
		{Int(1234567), `n`, `1234567`},
		{Int(42), `e`, `4.200000e+01`},
		{Int(42), `%`, `4200.000000%`},
		{Int(42), `.2f`, `42.00`},
		{Bool(true), ``, `True`},
		{Bool(true), `d`, `1`},
		{Bool(true), `5`, `    1`},
		{Float(3.14159), ``, `3.14159`},
		{Float(3.14159), `.2f`, `3.14`},
		{Float(3.14159), `10.3f`, `     3.142`},
		{Float(3.14159), `<10.1f`, `3.1       `},
		{Float(3.14159), `e`, `3.141590e+00`},
		{Float(3.14159), `.3E`, `3.142E+00`},
		{Float(1e20), `g`, `1e+20`},
		{Float(1e-5), `g`, `1e-05`},
		{Float(123456), `g`, `123456`},
		{Float(1234567), `g`, `1.23457e+06`},
		{Float(0.5), `%`, `50.000000%`},
		{Float(0.125), `.1%`, `12.5%`},
		{Float(2.5), `.0f`, `2`},
		{Float(3.5), `.0f`, `4`},
		{Float(1234.5), `,.2f`, `1,234.50`},
		{Float(math.Copysign(0, -1)), ``, `-0.0`},
		{Float(math.Copysign(0, -1)), `.1f`, `-0.0`},
		{Float(math.Inf(1)), ``, `inf`},
		{Float(math.Inf(1)), `f`, `inf`},
		{Float(math.NaN()), `F`, `NAN`},
		{Float(math.Inf(1)), `08.2f`, `00000inf`},
		{Float(1.5), `d`, `ValueError: Unknown format code 'd' for object of type 'float'`},
		{Float(1.5), `x`, `ValueError: Unknown format code 'x' for object of type 'float'`},
		{Int(42), `s`, `ValueError: Unknown format code 's' for object of type 'int'`},
		{Float(1e16), ``, `1e+16`},
		{Float(1e16), `r`, `ValueError: Unknown format code 'r' for object of type 'float'`},
		{Float(12345.678), `.3g`, `1.23e+04`},
		{Float(12345.678), `.10g`, `12345.678`},
		{Float(0.0001), `.2g`, `0.0001`},
		{Str("abc"), ``, `abc`},
		{Str("abc"), `5`, `abc  `},
		{Str("abc"), `>5`, `  abc`},
		{Str("abc"), `^7`, `  abc  `},
		{Str("abc"), `.2`, `ab`},
		{Str("abc"), `-^8.1`, `---a----`},
		{Str("abc"), `d`, `ValueError: Unknown format code 'd' for object of type 'str'`},
		{Str("abc"), `+`, `ValueError: Sign not allowed in string format specifier`},
		{Str("é"), `^5`, `  é  `},
		{None, ``, `None`},
		{None, `5`, `TypeError: unsupported format string passed to NoneType.__format__`},
		{Bytes("ab"), ``, `b'ab'`},
		{Bytes("ab"), `10`, `TypeError: unsupported format string passed to bytes.__format__`},
		{Tuple{Int(1), Int(2)}, ``, `(1, 2)`},
		{Tuple{Int(1), Int(2)}, `10`, `TypeError: unsupported format string passed to tuple.__format__`},
		{Int(42), `<<5`, `42<<<`},
		{Int(42), `.5d`, `ValueError: Precision not allowed in integer format specifier`},
		{Int(42), `5.5`, `ValueError: Precision not allowed in integer format specifier`},
		{Int(42), `q`, `ValueError: Unknown format code 'q' for object of type 'int'`},
		{largeInt(t, "1000000000000000000000000000000"), `,`, `1,000,000,000,000,000,000,000,000,000,000`},
		{largeInt(t, "1000000000000000000000000000000"), `x`, `c9f2c9cd04674edea40000000`},
		{largeInt(t, "1000000000000000000000000000000"), `.3e`, `1.000e+30`},
		{Int(-1), `c`, `OverflowError: %c arg not in range(0x110000)`},
		{Int(0x110000), `c`, `OverflowError: %c arg not in range(0x110000)`},
		{Int(123), `_o`, `173`},
	}
	for _, tt := range tests {
		got, err := FormatValue(tt.v, tt.spec)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("format(%s, %q) = %q, want %q", tt.v.Repr(), tt.spec, got, tt.want)
		}
	}
}

func TestStrFormat(t *testing.T) {
	tests := []struct {
		f    string
		args []Value
		kw   []Kw
		want string
	}{
		{`{} {}`, []Value{Int(1), Str("a")}, nil, `1 a`},
		{`{1} {0}`, []Value{Int(1), Str("a")}, nil, `a 1`},
		{`{0}{0}`, []Value{Str("ab")}, nil, `abab`},
		{`{x}-{y}`, nil, []Kw{{"x", Int(1)}, {"y", Int(2)}}, `1-2`},
		{`{!r}`, []Value{Str("a")}, nil, `'a'`},
		{`{0!r:>6}`, []Value{Str("a")}, nil, `   'a'`},
		{`{!s}`, []Value{Bytes("x")}, nil, `b'x'`},
		{`{:>{w}}`, []Value{Str("a")}, []Kw{{"w", Int(4)}}, `   a`},
		{`{0[1]}`, []Value{Tuple{Int(1), Int(2)}}, nil, `2`},
		{`{0[a]}`, []Value{dictOf(Str("a"), Int(5))}, nil, `5`},
		{`{0.real}`, []Value{Int(5)}, nil, `5`},
		{`{{}} {}`, []Value{Int(1)}, nil, `{} 1`},
		{`{`, nil, nil, `ValueError: Single '{' encountered in format string`},
		{`}`, nil, nil, `ValueError: Single '}' encountered in format string`},
		{`{} {}`, []Value{Int(1)}, nil, `IndexError: Replacement index 1 out of range for positional args tuple`},
		{`{2}`, []Value{Int(1)}, nil, `IndexError: Replacement index 2 out of range for positional args tuple`},
		{`{x}`, nil, nil, `KeyError: 'x'`},
		{`{} {1}`, []Value{Int(1), Int(2)}, nil, `ValueError: cannot switch from automatic field numbering to manual field specification`},
		{`{1} {}`, []Value{Int(1), Int(2)}, nil, `ValueError: cannot switch from manual field specification to automatic field numbering`},
		{`{!x}`, []Value{Int(1)}, nil, `ValueError: Unknown conversion specifier x`},
		{`{0.nope}`, []Value{Int(1)}, nil, `AttributeError: 'int' object has no attribute 'nope'`},
		{`{0[5]}`, []Value{Tuple{Int(1)}}, nil, `IndexError: tuple index out of range`},
		{`{:d}`, []Value{Str("a")}, nil, `ValueError: Unknown format code 'd' for object of type 'str'`},
		{`{:,}`, []Value{Int(1234567)}, nil, `1,234,567`},
		{`{0:{1}}`, []Value{Float(3.14159), Str(".2f")}, nil, `3.14`},
	}
	for _, tt := range tests {
		got, err := Format(context.Background(), tt.f, tt.args, tt.kw)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%q.format(%v, %v) = %q, want %q", tt.f, tt.args, tt.kw, got, tt.want)
		}
	}
}

func TestPercentFormat(t *testing.T) {
	tests := []struct {
		f       string
		values  Value
		isBytes bool
		want    string
	}{
		{`%s`, Str("a"), false, `a`},
		{`%s %s`, Tuple{Str("a"), Int(1)}, false, `a 1`},
		{`%d`, Float(3.9), false, `3`},
		{`%5.2f|%-5d|%05d`, Tuple{Float(3.14159), Int(42), Int(-7)}, false, ` 3.14|42   |-0007`},
		{`%x %X %o %#x %#o`, Tuple{Int(255), Int(255), Int(8), Int(255), Int(8)}, false, `ff FF 10 0xff 0o10`},
		{`%r`, Str("a"), false, `'a'`},
		{`%c%c`, Tuple{Int(65), Str("b")}, false, `Ab`},
		{`%%`, Tuple{}, false, `%`},
		{`%(a)s-%(b)d`, dictOf(Str("a"), Str("x"), Str("b"), Int(2)), false, `x-2`},
		{`%s`, Tuple{Int(1), Int(2)}, false, `TypeError: not all arguments converted during string formatting`},
		{`%s %s`, Tuple{Str("a")}, false, `TypeError: not enough arguments for format string`},
		{`%d`, Str("a"), false, `TypeError: %d format: a real number is required, not str`},
		{`%z`, Int(1), false, `ValueError: unsupported format character 'z' (0x7a) at index 1`},
		{`%`, Int(1), false, `ValueError: incomplete format`},
		{`%s`, Tuple{}, false, `TypeError: not enough arguments for format string`},
		{`abc`, Int(1), false, `TypeError: not all arguments converted during string formatting`},
		{`%.3s`, Str("abcdef"), false, `abc`},
		{`%e`, Float(12345.678), false, `1.234568e+04`},
		{`%g`, Float(0.00001), false, `1e-05`},
		{`%+d % d`, Tuple{Int(5), Int(5)}, false, `+5  5`},
		{`%i`, Bool(true), false, `1`},
		{`%(a)s`, Tuple{Str("a")}, false, `TypeError: format requires a mapping`},
		{`%c`, Str("ab"), false, `TypeError: %c requires int or char`},
		{`%s`, Bytes("x"), true, `x`},
		{`%s`, Str("x"), true, `TypeError: %b requires a bytes-like object, or an object that implements __bytes__, not 'str'`},
		{`%d-%r`, Tuple{Int(1), Bytes("a")}, true, `1-b'a'`},
		{`%c`, Int(65), true, `A`},
		{`%x`, Int(255), true, `ff`},
	}
	for _, tt := range tests {
		got, err := PercentFormat(tt.f, tt.values, tt.isBytes)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%q %% %s (bytes %v) = %q, want %q", tt.f, tt.values.Repr(), tt.isBytes, got, tt.want)
		}
	}
}

// Format specs as Python 3.11 reads them (format(v, spec)):
//   - '#010b' pads after the 0b prefix (0b00000101); so for #x and #o;
//   - zero padding is grouped with the digits ('010,' is 00,001,234);
//   - '#.0f' keeps the point (1.), and a precision without a type is 'g'
//     that switches to an exponent one digit earlier ('.0' is 1e+00);
//   - the 'z' flag turns -0.0 into 0.0, and an int or str refuses it;
//   - a str refuses '=' alignment, and '05' pads it on the right (abc00);
//   - ',_', '__' and '#c' are refused with Python's own messages;
//   - an invalid spec's message names the type.
func TestFormatSpec(t *testing.T) {
	tests := []struct {
		v    Value
		spec string
		want string
	}{
		{Int(5), `#010b`, `0b00000101`},
		{Float(1), `#.0f`, `1.`},
		{Float(math.Copysign(0, -1)), `z.1f`, `0.0`},
		{Str("abc"), `=5`, `ValueError: '=' alignment not allowed in string format specifier`},
		{Str("abc"), `05`, `abc00`},
		{Int(42), `,_`, `ValueError: Cannot specify both ',' and '_'.`},
		{Int(42), `__`, `ValueError: Cannot specify '_' with '_'.`},
		{Int(42), `#c`, `ValueError: Alternate form (#) not allowed with integer format specifier 'c'`},
		{Int(42), `%.1f`, `ValueError: Invalid format specifier '%.1f' for object of type 'int'`},
		{Int(255), `#010x`, `0x000000ff`},
		{Int(-8), `#08o`, `-0o00010`},
		{Int(1234), `010,`, `00,001,234`},
		{Int(1234567), `020_`, `0_000_000_001_234_567`},
		{Int(255), `#010_x`, `0x000_00ff`},
		{Int(1234), `*=10,`, `*****1,234`},
		{Float(-1234.5), `012,.1f`, `-0,001,234.5`},
		{Float(1), `.0`, `1e+00`},
		{Float(12), `.5`, `12.0`},
		{Float(12), `#.5`, `12.000`},
		{Float(1e16), `#`, `1.e+16`},
		{Float(1), `#.0e`, `1.e+00`},
		{Float(1), `#.0%`, `100.%`},
		{Float(math.Inf(1)), `+010%`, `+00000inf%`},
		{Float(-0.04), `z.1f`, `0.0`},
		{Float(-0.04), `z.1e`, `-4.0e-02`},
		{Int(5), `z`, `ValueError: Negative zero coercion (z) not allowed in integer format specifier`},
		{Str("a"), `z`, `ValueError: Negative zero coercion (z) not allowed in string format specifier`},
		{Str("a"), ` `, `ValueError: Space not allowed in string format specifier`},
		{Str("a"), `#`, `ValueError: Alternate form (#) not allowed in string format specifier`},
		{Str("a"), `,`, `ValueError: Cannot specify ',' with 's'.`},
		{Int(5), `,x`, `ValueError: Cannot specify ',' with 'x'.`},
		{Int(65), `+c`, `ValueError: Sign not allowed with integer format specifier 'c'`},
		{Int(5), `é`, `ValueError: Unknown format code '\xe9' for object of type 'int'`},
		{Int(5), `999999999999999999999`, `ValueError: Too many decimal digits in format string`},
	}
	for _, tt := range tests {
		got, err := FormatValue(tt.v, tt.spec)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("format(%s, %q) = %q, want %q", tt.v.Repr(), tt.spec, got, tt.want)
		}
	}
}

// The !a conversion of str.format and f-strings, and %a, are ascii():
// '{!a}'.format('é') is "'\\xe9'". '%*d' % (5, 3) takes the width from the
// arguments ('    3'), a negative one aligning left; '%c' % 0x110000 is an
// OverflowError (b'%c' % 256 too).
func TestFormatConversions(t *testing.T) {
	got, err := Format(context.Background(), "{!a}", []Value{Str("é")}, nil)
	if err != nil || got != `'\xe9'` {
		t.Errorf("'{!a}'.format('é') = %q, %v; want %q", got, err, `'\xe9'`)
	}
	tests := []struct {
		f       string
		values  Value
		isBytes bool
		want    string
	}{
		{`%*d`, Tuple{Int(5), Int(3)}, false, `    3`},
		{`%c`, Int(0x110000), false, `OverflowError: %c arg not in range(0x110000)`},
		{`%a`, Str("é"), false, `'\xe9'`},
		{`%*d|`, Tuple{Int(-5), Int(3)}, false, `3    |`},
		{`%*.*f`, Tuple{Int(8), Int(2), Float(3.14159)}, false, `    3.14`},
		{`%*d`, Tuple{Float(5), Int(3)}, false, `TypeError: * wants int`},
		{`%.3d`, Int(-5), false, `-005`},
		{`%#.3x`, Int(5), false, `0x005`},
		{`%#010x`, Int(255), false, `0x000000ff`},
		{`%#.0f`, Int(1), false, `1.`},
		{`%ld`, Int(5), false, `5`},
		{`%d`, Float(1e20), false, `100000000000000000000`},
		{`%+%`, Int(0), false, `ValueError: unsupported format character '%' (0x25) at index 2`},
		{`%c`, Int(256), true, `OverflowError: %c arg not in range(256)`},
		{`%c`, Bytes("ab"), true, `TypeError: %c requires an integer in range(256) or a single byte`},
		{`%.1s|%3s`, Tuple{Bytes("\xc3\xa9"), Bytes("\xc3\xa9")}, true, "\xc3| \xc3\xa9"},
		{`%f`, Str("a"), true, `TypeError: float argument required, not str`},
	}
	for _, tt := range tests {
		got, err := PercentFormat(tt.f, tt.values, tt.isBytes)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%q %% %s = %q, want %q", tt.f, tt.values.Repr(), got, tt.want)
		}
	}
}
