package value

import (
	"context"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
)

// The built-in types called as functions: int('12'), str(x), bytes(3),
// list(range(3)), ... Each is its class's New.

func init() {
	IntType.New = newInt
	FloatType.New = newFloat
	StrType.New = newStr
	BytesType.New = newBytes
	ByteArrayType.New = newByteArray
	BoolType.New = func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		a, err := (&Sig{Name: "bool", Style: Expected, NoKw: true, Names: []string{"x"}}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		return BoolOf(a[0] != nil && Truth(a[0])), nil
	}
	ListType.New = func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		items, err := collect(ctx, "list", args, kw)
		return NewList(items), err
	}
	TupleType.New = func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		items, err := collect(ctx, "tuple", args, kw)
		return Tuple(items), err
	}
	SetType.New = func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		if len(kw) > 0 || len(args) > 1 {
			_, err := collect(ctx, "set", args, kw) // its TypeError
			return nil, err
		}
		s := NewSet()
		if len(args) == 1 {
			if err := ForEach(ctx, args[0], s.Add); err != nil {
				return nil, err
			}
		}
		return s, nil
	}
	FrozenSetType.New = func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		s, err := SetType.New(ctx, args, kw)
		if err != nil {
			return nil, err
		}
		s.(*Set).Frozen = true
		return s, nil
	}
	SliceType.New = func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		if len(kw) > 0 {
			return nil, Errorf(TypeError, "slice() takes no keyword arguments")
		}
		switch len(args) {
		case 1:
			return Slice{Hi: args[0]}, nil
		case 2:
			return Slice{Lo: args[0], Hi: args[1]}, nil
		case 3:
			return Slice{Lo: args[0], Hi: args[1], Step: args[2]}, nil
		}
		if len(args) == 0 {
			return nil, Errorf(TypeError, "slice expected at least 1 argument, got 0")
		}
		return nil, Errorf(TypeError, "slice expected at most 3 arguments, got %d", len(args))
	}
	DictType.New = func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		if len(args) > 1 {
			return nil, Errorf(TypeError, "dict expected at most 1 argument, got %d", len(args))
		}
		d := NewDict()
		if len(args) == 1 {
			if err := UpdateDict(ctx, d, args[0]); err != nil {
				return nil, err
			}
		}
		for _, k := range kw {
			d.Set(Str(k.Name), k.V)
		}
		return d, nil
	}
	RangeType.New = newRange
	MemoryViewType.New = func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		a, err := (&Sig{Name: "memoryview", Min: 1, Names: []string{"object"}}).Bind(args, kw)
		if err != nil {
			return nil, err
		}
		p, ok := BytesLike(a[0])
		if !ok {
			return nil, Errorf(TypeError, "memoryview: a bytes-like object is required, not '%s'", TypeName(a[0]))
		}
		return &MemoryView{B: append([]byte{}, p...)}, nil
	}
	MemoryViewType.Methods = map[string]Method{
		"tobytes": func(ctx context.Context, recv Value, args []Value, kw []Kw) (Value, error) {
			return Bytes(append([]byte{}, recv.(*MemoryView).B...)), nil
		},
	}
	TypeType.New = func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		if len(args) != 1 || len(kw) > 0 {
			if len(args) == 3 {
				return nil, Errorf(NotImplementedErr, "making classes with type() is not supported in sockshell")
			}
			return nil, Errorf(TypeError, "type() takes 1 or 3 arguments")
		}
		return args[0].Type(), nil
	}
	ObjectType.New = func(ctx context.Context, args []Value, kw []Kw) (Value, error) {
		return nil, Errorf(NotImplementedErr, "plain objects are not supported in sockshell")
	}
}

func collect(ctx context.Context, name string, args []Value, kw []Kw) ([]Value, error) {
	if len(kw) > 0 {
		return nil, Errorf(TypeError, "%s() takes no keyword arguments", name)
	}
	switch len(args) {
	case 0:
		return []Value{}, nil
	case 1:
		items, err := ItemsContext(ctx, args[0])
		if err != nil {
			return nil, err
		}
		return append([]Value{}, items...), nil
	}
	return nil, Errorf(TypeError, "%s expected at most 1 argument, got %d", name, len(args))
}

func newInt(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	a, err := (&Sig{Name: "int", Names: []string{"x", "base"}}).Bind(args, kw)
	if err != nil {
		return nil, err
	}
	if a[0] == nil {
		if a[1] != nil {
			return nil, Errorf(TypeError, "int() missing string argument")
		}
		return Int(0), nil
	}
	var text string
	switch v := a[0].(type) {
	case Str:
		text = string(v)
	case Bytes:
		text = string(v)
	case *ByteArray:
		text = string(v.B)
	default:
		if a[1] != nil {
			return nil, Errorf(TypeError, "int() can't convert non-string with explicit base")
		}
		if b, ok := v.(*BigInt); ok {
			return b, nil
		}
		if n, ok := IntOf(v); ok {
			return Int(n), nil
		}
		f, ok := v.(Float)
		if !ok {
			return nil, Errorf(TypeError, "int() argument must be a string, a bytes-like object or a real number, not '%s'", TypeName(v))
		}
		return FloatToInt(float64(f))
	}
	base := int64(10)
	if a[1] != nil {
		if base, err = Index(a[1]); err != nil {
			return nil, err
		}
		if base != 0 && (base < 2 || base > 36) {
			return nil, Errorf(ValueError, "int() base must be >= 2 and <= 36, or 0")
		}
	}
	n, ok := ParseInt(strings.TrimSpace(text), int(base))
	if !ok {
		return nil, Errorf(ValueError, "invalid literal for int() with base %d: %s", base, a[0].Repr())
	}
	return n, nil
}

// FloatToInt is int(f), with Python's errors for nan and infinity.
func FloatToInt(f float64) (Value, error) {
	switch {
	case math.IsNaN(f):
		return nil, Errorf(ValueError, "cannot convert float NaN to integer")
	case math.IsInf(f, 0):
		return nil, Errorf(OverflowError, "cannot convert float infinity to integer")
	}
	if math.Abs(f) < 1<<62 {
		return Int(int64(f)), nil
	}
	b, _ := new(big.Float).SetFloat64(math.Trunc(f)).Int(nil)
	return MakeBig(b)
}

// ParseInt reads an integer as Python's int(text, base) does: an optional
// sign, the base's prefix (allowed for 2, 8, 16, required for 0), and
// digits with single underscores between them; Unicode digits count.
func ParseInt(t string, base int) (Value, bool) {
	if base == 10 || base == 0 {
		// Plain decimal digits (nearly every number typed): no big.Int.
		if n, err := strconv.ParseInt(t, 10, 64); err == nil && (len(t) < 2 || t[0] != '0') && (len(t) < 3 || t[1] != '0' || (t[0] != '-' && t[0] != '+')) {
			return Int(n), true
		}
	}
	sign := ""
	if t != "" && (t[0] == '+' || t[0] == '-') {
		sign, t = t[:1], t[1:]
	}
	t = asciiDigits(t)
	lower := strings.ToLower(t)
	prefixes := map[int]string{2: "0b", 8: "0o", 16: "0x"}
	if base == 0 {
		switch {
		case strings.HasPrefix(lower, "0x"):
			base = 16
		case strings.HasPrefix(lower, "0o"):
			base = 8
		case strings.HasPrefix(lower, "0b"):
			base = 2
		default:
			base = 10
			if len(t) > 1 && t[0] == '0' && strings.Trim(t, "0_") != "" {
				return nil, false // 0777: Python refuses the leading zeros
			}
		}
	}
	if p := prefixes[base]; p != "" && strings.HasPrefix(lower, p) {
		t = strings.TrimPrefix(t[2:], "_")
	}
	if t == "" || t[0] == '_' || t[len(t)-1] == '_' || strings.Contains(t, "__") {
		return nil, false
	}
	b, ok := new(big.Int).SetString(sign+strings.ReplaceAll(t, "_", ""), base)
	if !ok {
		return nil, false
	}
	v, err := MakeBig(b)
	return v, err == nil
}

// asciiDigits turns other scripts' decimal digits into ASCII ones, as
// Python's int() reads them.
func asciiDigits(s string) string {
	for _, r := range s {
		if r >= 0x80 {
			return strings.Map(func(r rune) rune {
				if r >= 0x80 && unicode.IsDigit(r) {
					return '0' + digitValue(r)
				}
				return r
			}, s)
		}
	}
	return s
}

func digitValue(r rune) rune {
	for _, rt := range unicode.Nd.R16 {
		if uint16(r) >= rt.Lo && uint16(r) <= rt.Hi && r <= 0xffff {
			return (r - rune(rt.Lo)) % 10
		}
	}
	return 0
}

func newFloat(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	a, err := (&Sig{Name: "float", Style: Expected, Names: []string{"x"}, NoKw: true}).Bind(args, kw)
	if err != nil {
		return nil, err
	}
	if a[0] == nil {
		return Float(0), nil
	}
	if numeric(a[0]) {
		f, err := ToFloat(a[0])
		return Float(f), err
	}
	var t string
	switch v := a[0].(type) {
	case Str:
		t = string(v)
	case Bytes:
		t = string(v)
	default:
		return nil, Errorf(TypeError, "float() argument must be a string or a real number, not '%s'", TypeName(v))
	}
	f, ok := ParseFloat(strings.TrimSpace(t))
	if !ok {
		return nil, Errorf(ValueError, "could not convert string to float: %s", a[0].Repr())
	}
	return Float(f), nil
}

// ParseFloat reads a float as Python's float(text) does.
func ParseFloat(t string) (float64, bool) {
	l := strings.ToLower(strings.TrimLeft(t, "+-"))
	switch l {
	case "inf", "infinity", "nan":
		f, _ := strconv.ParseFloat(t, 64)
		return f, true
	}
	if strings.ContainsAny(l, "xp") || strings.HasPrefix(l, "_") || strings.HasSuffix(l, "_") || strings.Contains(l, "__") {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(asciiDigits(t), "_", ""), 64)
	if err != nil && !strings.Contains(err.Error(), "range") {
		return 0, false
	}
	return f, true
}

func newStr(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	a, err := (&Sig{Name: "str", Names: []string{"object", "encoding", "errors"}}).Bind(args, kw)
	if err != nil {
		return nil, err
	}
	if a[0] == nil {
		return Str(""), nil
	}
	if a[1] == nil && a[2] == nil {
		return Str(StrOf(a[0])), nil
	}
	p, ok := BytesLike(a[0])
	if !ok {
		if _, isStr := a[0].(Str); isStr {
			return nil, Errorf(TypeError, "decoding str is not supported")
		}
		return nil, Errorf(TypeError, "decoding to str: need a bytes-like object, %s found", TypeName(a[0]))
	}
	return Decode(p, a[1], a[2])
}

func newBytes(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	p, err := bytesFrom(ctx, "bytes", args, kw)
	if err != nil {
		return nil, err
	}
	return Bytes(p), nil
}

func newByteArray(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	p, err := bytesFrom(ctx, "bytearray", args, kw)
	if err != nil {
		return nil, err
	}
	return &ByteArray{B: p}, nil
}

// bytesFrom is bytes() and bytearray(): from text and an encoding, a
// count of zero bytes, bytes, or an iterable of ints.
func bytesFrom(ctx context.Context, name string, args []Value, kw []Kw) ([]byte, error) {
	a, err := (&Sig{Name: name, Names: []string{"source", "encoding", "errors"}}).Bind(args, kw)
	if err != nil {
		return nil, err
	}
	if a[0] == nil {
		return []byte{}, nil
	}
	if s, ok := a[0].(Str); ok {
		if a[1] == nil {
			return nil, Errorf(TypeError, "string argument without an encoding")
		}
		v, err := Encode(string(s), a[1], a[2])
		if err != nil {
			return nil, err
		}
		return v.(Bytes), nil
	}
	if a[1] != nil || a[2] != nil {
		return nil, Errorf(TypeError, "encoding without a string argument")
	}
	if p, ok := BytesLike(a[0]); ok {
		return append([]byte{}, p...), nil
	}
	if IsInt(a[0]) {
		n, _ := Index(a[0])
		if n < 0 {
			return nil, Errorf(ValueError, "negative count")
		}
		if err := CheckSize(n); err != nil {
			return nil, err
		}
		return make([]byte, n), nil
	}
	if _, err := Iter(a[0]); err != nil {
		return nil, Errorf(TypeError, "cannot convert '%s' object to %s", TypeName(a[0]), name)
	}
	items, err := ItemsContext(ctx, a[0])
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(items))
	for i, it := range items {
		n, err := Index(it)
		if err != nil {
			return nil, err
		}
		if n < 0 || n > 255 {
			return nil, Errorf(ValueError, "bytes must be in range(0, 256)")
		}
		out[i] = byte(n)
	}
	return out, nil
}

func newRange(ctx context.Context, args []Value, kw []Kw) (Value, error) {
	if len(kw) > 0 {
		return nil, Errorf(TypeError, "range() takes no keyword arguments")
	}
	if len(args) == 0 || len(args) > 3 {
		if len(args) == 0 {
			return nil, Errorf(TypeError, "range expected at least 1 argument, got 0")
		}
		return nil, Errorf(TypeError, "range expected at most 3 arguments, got %d", len(args))
	}
	nums := make([]int64, len(args))
	for i, v := range args {
		if _, big := v.(*BigInt); big {
			return nil, Errorf(OverflowError, "ranges beyond 64-bit integers are not supported in sockshell")
		}
		n, err := Index(v)
		if err != nil {
			return nil, err
		}
		nums[i] = n
	}
	switch len(nums) {
	case 1:
		return Range{0, nums[0], 1}, nil
	case 2:
		return Range{nums[0], nums[1], 1}, nil
	}
	if nums[2] == 0 {
		return nil, Errorf(ValueError, "range() arg 3 must not be zero")
	}
	return Range{nums[0], nums[1], nums[2]}, nil
}
