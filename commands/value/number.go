package value

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
)

// BigInt is a Python int that does not fit in 64 bits. Arithmetic gives
// an Int whenever the result fits, so a BigInt is always a large number.
type BigInt struct{ b big.Int }

func (*BigInt) Type() *Class     { return IntType }
func (v *BigInt) Repr() string   { return v.b.String() }
func (v *BigInt) String() string { return v.b.String() }
func (v *BigInt) Float() float64 { f, _ := new(big.Float).SetInt(&v.b).Float64(); return f }
func (v *BigInt) Sign() int      { return v.b.Sign() }
func (v *BigInt) BitLen() int    { return v.b.BitLen() }
func (v *BigInt) IsInt64() bool  { return v.b.IsInt64() }

// maxIntBits bounds the integers the shell computes: past it an operation
// is a MemoryError rather than minutes of work.
const maxIntBits = 1 << 20

// MakeBig returns b as the Value Python would hold: an Int when it fits.
func MakeBig(b *big.Int) (Value, error) {
	if b.IsInt64() {
		return Int(b.Int64()), nil
	}
	if b.BitLen() > maxIntBits {
		return nil, Errorf(MemoryError, "integers beyond %d bits are not supported in sockshell", maxIntBits)
	}
	v := &BigInt{}
	v.b.Set(b)
	return v, nil
}

// bigOf returns an integer value as a big.Int.
func bigOf(v Value) *big.Int {
	if b, ok := v.(*BigInt); ok {
		return &b.b
	}
	n, _ := IntOf(v)
	return big.NewInt(n)
}

// IntOf returns the integer an Int, Enum or Bool holds (Python's
// operator.index for them); a BigInt does not fit and reports false.
func IntOf(v Value) (int64, bool) {
	switch v := v.(type) {
	case Int:
		return int64(v), true
	case Enum:
		return v.Value, true
	case Bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// IsInt reports whether v is an integer of any size (bool and enum
// members included).
func IsInt(v Value) bool {
	switch v.(type) {
	case Int, Enum, Bool, *BigInt:
		return true
	}
	return false
}

// FloatOf is the float a number stands for.
func FloatOf(v Value) (float64, bool) {
	switch v := v.(type) {
	case Float:
		return float64(v), true
	case *BigInt:
		return v.Float(), true
	}
	n, ok := IntOf(v)
	return float64(n), ok
}

// Index is Python's operator.index: the int a value stands for as an
// index or a count, or the TypeError Python gives.
func Index(v Value) (int64, error) {
	if n, ok := IntOf(v); ok {
		return n, nil
	}
	if b, ok := v.(*BigInt); ok {
		if b.Sign() < 0 {
			return math.MinInt64, nil
		}
		return math.MaxInt64, nil
	}
	return 0, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", TypeName(v))
}

// intArith computes op on two integers, exactly, as Python's int does.
func intArith(op string, a, b Value) (Value, error) {
	x, xok := IntOf(a)
	y, yok := IntOf(b)
	if xok && yok {
		switch op {
		case "+":
			if s := x + y; (s > x) == (y > 0) {
				return Int(s), nil
			}
		case "-":
			if d := x - y; (d < x) == (y > 0) {
				return Int(d), nil
			}
		case "*":
			hi, lo := bits.Mul64(uint64(abs64(x)), uint64(abs64(y)))
			if hi == 0 && lo < 1<<63 && x != math.MinInt64 && y != math.MinInt64 {
				p := int64(lo)
				if (x < 0) != (y < 0) {
					p = -p
				}
				return Int(p), nil
			}
		case "//", "%":
			if y == 0 {
				if op == "//" {
					return nil, Errorf(ZeroDivisionError, "integer division or modulo by zero")
				}
				return nil, Errorf(ZeroDivisionError, "integer modulo by zero")
			}
			if !(x == math.MinInt64 && y == -1) {
				q, r := x/y, x%y
				if r != 0 && (r < 0) != (y < 0) {
					q--
					r += y
				}
				if op == "//" {
					return Int(q), nil
				}
				return Int(r), nil
			}
		case "&":
			return Int(x & y), nil
		case "|":
			return Int(x | y), nil
		case "^":
			return Int(x ^ y), nil
		case ">>":
			if y < 0 {
				return nil, Errorf(ValueError, "negative shift count")
			}
			if y >= 64 {
				if x < 0 {
					return Int(-1), nil
				}
				return Int(0), nil
			}
			return Int(x >> uint(y)), nil
		case "<<":
			if y < 0 {
				return nil, Errorf(ValueError, "negative shift count")
			}
			if y < 63 && x == (x<<uint(y))>>uint(y) {
				return Int(x << uint(y)), nil
			}
		}
	}
	// The slow, exact path.
	bx, by := bigOf(a), bigOf(b)
	r := new(big.Int)
	switch op {
	case "+":
		r.Add(bx, by)
	case "-":
		r.Sub(bx, by)
	case "*":
		if bx.BitLen()+by.BitLen() > maxIntBits {
			return nil, Errorf(MemoryError, "integers beyond %d bits are not supported in sockshell", maxIntBits)
		}
		r.Mul(bx, by)
	case "//", "%":
		if by.Sign() == 0 {
			if op == "//" {
				return nil, Errorf(ZeroDivisionError, "integer division or modulo by zero")
			}
			return nil, Errorf(ZeroDivisionError, "integer modulo by zero")
		}
		q, m := new(big.Int), new(big.Int)
		q.DivMod(bx, by, m) // Euclidean: m >= 0
		if m.Sign() != 0 && by.Sign() < 0 {
			q.Add(q, big.NewInt(1))
			m.Add(m, by)
		}
		if op == "//" {
			r = q
		} else {
			r = m
		}
	case "&":
		r.And(bx, by)
	case "|":
		r.Or(bx, by)
	case "^":
		r.Xor(bx, by)
	case "<<":
		if by.Sign() < 0 {
			return nil, Errorf(ValueError, "negative shift count")
		}
		if !by.IsInt64() || int64(bx.BitLen())+by.Int64() > maxIntBits {
			return nil, Errorf(MemoryError, "integers beyond %d bits are not supported in sockshell", maxIntBits)
		}
		r.Lsh(bx, uint(by.Int64()))
	case ">>":
		if by.Sign() < 0 {
			return nil, Errorf(ValueError, "negative shift count")
		}
		if !by.IsInt64() {
			r.SetInt64(0)
			if bx.Sign() < 0 {
				r.SetInt64(-1)
			}
		} else {
			r.Rsh(bx, uint(by.Int64()))
		}
	case "**":
		return intPow(bx, by)
	}
	return MakeBig(r)
}

func intPow(x, y *big.Int) (Value, error) {
	if y.Sign() < 0 {
		fx, _ := new(big.Float).SetInt(x).Float64()
		fy, _ := new(big.Float).SetInt(y).Float64()
		if fx == 0 {
			return nil, Errorf(ZeroDivisionError, "0.0 cannot be raised to a negative power")
		}
		return Float(math.Pow(fx, fy)), nil
	}
	if x.BitLen() > 1 && (!y.IsInt64() || int64(x.BitLen()-1)*y.Int64() > maxIntBits) {
		return nil, Errorf(MemoryError, "integers beyond %d bits are not supported in sockshell", maxIntBits)
	}
	return MakeBig(new(big.Int).Exp(x, y, nil))
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// floatArith computes op on two floats, with Python's errors.
func floatArith(op string, x, y float64) (Value, error) {
	switch op {
	case "+":
		return Float(x + y), nil
	case "-":
		return Float(x - y), nil
	case "*":
		return Float(x * y), nil
	case "/":
		if y == 0 {
			return nil, Errorf(ZeroDivisionError, "float division by zero")
		}
		return Float(x / y), nil
	case "//":
		if y == 0 {
			return nil, Errorf(ZeroDivisionError, "float floor division by zero")
		}
		return Float(math.Floor(x / y)), nil
	case "%":
		if y == 0 {
			return nil, Errorf(ZeroDivisionError, "float modulo")
		}
		m := math.Mod(x, y)
		if m != 0 && (m < 0) != (y < 0) {
			m += y
		}
		return Float(m), nil
	case "**":
		if x == 0 && y < 0 {
			return nil, Errorf(ZeroDivisionError, "0.0 cannot be raised to a negative power")
		}
		if x < 0 && y != math.Trunc(y) {
			return nil, Errorf(ValueError, "complex numbers are not supported in sockshell")
		}
		r := math.Pow(x, y)
		if math.IsInf(r, 0) && !math.IsInf(x, 0) {
			return nil, Errorf(OverflowError, "(34, 'Numerical result out of range')")
		}
		return Float(r), nil
	}
	return nil, nil
}

// numeric reports whether v takes part in arithmetic as a number.
func numeric(v Value) bool {
	switch v.(type) {
	case Int, Float, Bool, Enum, *BigInt:
		return true
	}
	return false
}

// arith computes a numeric binary operation; ok is false when either
// operand is not a number.
func arith(op string, a, b Value) (Value, bool, error) {
	if !numeric(a) || !numeric(b) || op == "@" {
		// No number has a matrix product: 1 @ 2 is Python's TypeError.
		return nil, false, nil
	}
	_, af := a.(Float)
	_, bf := b.(Float)
	if x, ok := a.(Bool); ok {
		if y, ok := b.(Bool); ok {
			switch op {
			case "&":
				return Bool(x && y), true, nil
			case "|":
				return Bool(x || y), true, nil
			case "^":
				return Bool(x != y), true, nil
			}
		}
	}
	if op == "/" && !af && !bf {
		x, y := bigOf(a), bigOf(b)
		if y.Sign() == 0 {
			return nil, true, Errorf(ZeroDivisionError, "division by zero")
		}
		if x.IsInt64() && y.IsInt64() && abs64(x.Int64()) < 1<<53 && abs64(y.Int64()) < 1<<53 {
			return Float(float64(x.Int64()) / float64(y.Int64())), true, nil
		}
		q, _ := new(big.Rat).SetFrac(x, y).Float64()
		if math.IsInf(q, 0) {
			return nil, true, Errorf(OverflowError, "integer division result too large for a float")
		}
		return Float(q), true, nil
	}
	if af || bf {
		switch op {
		case "&", "|", "^", "<<", ">>":
			return nil, false, nil
		}
		x, err := ToFloat(a)
		if err != nil {
			return nil, true, err
		}
		y, err := ToFloat(b)
		if err != nil {
			return nil, true, err
		}
		v, err := floatArith(op, x, y)
		return v, true, err
	}
	v, err := intArith(op, a, b)
	return v, true, err
}

// compareNumbers compares two numbers: -1, 0 or 1 (NaN compares unequal
// to everything; ok is false then). An int and a float are compared
// exactly, as Python does, not by rounding the int to a float: 2**53 + 1
// > 2.0**53.
func compareNumbers(a, b Value) (int, bool) {
	_, af := a.(Float)
	_, bf := b.(Float)
	if !af && !bf {
		x, xok := IntOf(a)
		y, yok := IntOf(b)
		if xok && yok {
			return cmp.Compare(x, y), true
		}
		return bigOf(a).Cmp(bigOf(b)), true
	}
	if af && bf {
		x, y := float64(a.(Float)), float64(b.(Float))
		if math.IsNaN(x) || math.IsNaN(y) {
			return 0, false
		}
		return cmp.Compare(x, y), true
	}
	if bf {
		c, ok := compareIntFloat(a, float64(b.(Float)))
		return -c, ok
	}
	return compareIntFloat(b, float64(a.(Float)))
}

// compareIntFloat compares the float f with the integer n: -1, 0 or 1 as
// f is less than, equal to or greater than n.
func compareIntFloat(n Value, f float64) (int, bool) {
	switch {
	case math.IsNaN(f):
		return 0, false
	case math.IsInf(f, 0):
		return int(math.Copysign(1, f)), true
	}
	if x, ok := IntOf(n); ok && x >= -1<<53 && x <= 1<<53 {
		return cmp.Compare(f, float64(x)), true // exact: x is a float too
	}
	return new(big.Float).SetFloat64(f).Cmp(new(big.Float).SetInt(bigOf(n))), true
}

// bigInt is scratch arithmetic for int.to_bytes and int.from_bytes.
type bigInt struct{ b big.Int }

func (v *bigInt) set(b *big.Int) *bigInt    { v.b.Set(b); return v }
func (v *bigInt) setBytes(p []byte) *bigInt { v.b.SetBytes(p); return v }
func (v *bigInt) bytes() []byte             { return v.b.Bytes() }
func (v *bigInt) addPow(bits int64)         { v.b.Add(&v.b, new(big.Int).Lsh(big.NewInt(1), uint(bits))) }
func (v *bigInt) subPow(bits int64)         { v.b.Sub(&v.b, new(big.Int).Lsh(big.NewInt(1), uint(bits))) }

// ToFloat is float(v) for a number, with Python's OverflowError for an
// int too large for a float.
func ToFloat(v Value) (float64, error) {
	f, _ := FloatOf(v)
	if _, big := v.(*BigInt); big && math.IsInf(f, 0) {
		return 0, Errorf(OverflowError, "int too large to convert to float")
	}
	return f, nil
}

// PowMod is pow(base, exp, mod) for integers.
func PowMod(base, exp, mod Value) (Value, error) {
	if !IsInt(base) || !IsInt(exp) || !IsInt(mod) {
		return nil, Errorf(TypeError, "pow() 3rd argument not allowed unless all arguments are integers")
	}
	m := bigOf(mod)
	if m.Sign() == 0 {
		return nil, Errorf(ValueError, "pow() 3rd argument cannot be 0")
	}
	b, e := bigOf(base), bigOf(exp)
	if e.Sign() < 0 {
		inv := new(big.Int).ModInverse(new(big.Int).Mod(b, new(big.Int).Abs(m)), new(big.Int).Abs(m))
		if inv == nil {
			return nil, Errorf(ValueError, "base is not invertible for the given modulus")
		}
		b, e = inv, new(big.Int).Neg(e)
	}
	r := new(big.Int).Exp(b, e, new(big.Int).Abs(m))
	if m.Sign() < 0 && r.Sign() != 0 {
		r.Add(r, m)
	}
	return MakeBig(r)
}

// Attr gives an int's real, imag, numerator and denominator.
func (v Int) Attr(name string) (Value, bool) {
	switch name {
	case "real", "numerator":
		return v, true
	case "imag":
		return Int(0), true
	case "denominator":
		return Int(1), true
	}
	return nil, false
}

// Attr gives a float's real and imag.
func (v Float) Attr(name string) (Value, bool) {
	switch name {
	case "real":
		return v, true
	case "imag":
		return Float(0), true
	}
	return nil, false
}
