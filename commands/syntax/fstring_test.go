package syntax

import (
	"errors"
	"testing"
)

// TestFString pins how f-strings are read: literal parts and fields, with
// their conversion, their format spec (which may hold fields itself), and
// the {x=} form that shows its text first.
func TestFString(t *testing.T) {
	tests := []struct{ src, want string }{
		{`f'{"a"}'`, `(FString [(FPart 'a')])`},
		{`f'{x:{w}.{p}}'`, `(FString [(FPart x [(FPart w) (FPart . _) (FPart p)])])`},
		{`f'{x!r:^10}'`, `(FString [(FPart x Conv=r [(FPart ^10 _)])])`},
		{`f'{{x}}'`, `(FString [(FPart {x} _)])`},
		{`f'}}'`, `(FString [(FPart } _)])`},
		{`f'{x=:>5}'`, `(FString [(FPart x x= [(FPart >5 _)] Eq)])`},
		{`f'{x = }'`, `(FString [(FPart x "x = " Conv=r Eq)])`}, // {x=} shows the repr unless a spec is given
		{"f'''{\nx\n}'''", `(FString [(FPart x)])`},
		{`rf'\n{x}'`, `(FString [(FPart "\\n" _) (FPart x)])`},
		{`f'{(lambda x: 1)}'`, `(FString [(FPart (Lambda [(Param x _)] 1))])`},
		{`f'{a["b"]}'`, `(FString [(FPart (Index a 'b'))])`},
		{`f'{x,y}'`, `(FString [(FPart (Tuple [x y]))])`},
		{`f'{x:}'`, `(FString [(FPart x)])`},
		{`f'{x!s:}'`, `(FString [(FPart x Conv=s)])`},
		{`f'{3:#x}'`, `(FString [(FPart 3 [(FPart #x _)])])`},
		{`'a' f'{x}'`, `(FString [(FPart a _) (FPart x)])`},
		{`f'a' 'b{x}' f'{y}c'`, `(FString [(FPart a _) (FPart b{x} _) (FPart y) (FPart c _)])`}, // {x} of a plain string is text
	}
	for _, tt := range tests {
		x, err := ParseExpr(tt.src, 1)
		if err != nil {
			t.Errorf("ParseExpr(%s): %v", tt.src, err)
			continue
		}
		if got := dump(x); got != tt.want {
			t.Errorf("ParseExpr(%s):\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// TestFStringErrors checks Python 3.11's messages for f-strings that
// cannot be read (compile() of the same text).
func TestFStringErrors(t *testing.T) {
	tests := []struct{ src, msg string }{
		{`f'{'a'}'`, "f-string: expecting '}'"},
		{`f'{x!}'`, "f-string: invalid conversion character: expected 's', 'r', or 'a'"},
		{`f'{x!z}'`, "f-string: invalid conversion character: expected 's', 'r', or 'a'"},
		{`f'{x:{y:{z:{w}}}}'`, "f-string: expressions nested too deeply"},
		{`f'{ }'`, "f-string: empty expression not allowed"},
		{`f'{x!r=}'`, "f-string: expecting '}'"},
		{`f'{lambda x: 1}'`, "f-string: invalid syntax"},
		{`f'{*x}'`, "f-string: cannot use starred expression here"},
		{`f'{x}}'`, "f-string: single '}' is not allowed"},
		{`f'{'`, "f-string: expecting '}'"},
		{`fb'x'`, "invalid syntax"},
	}
	for _, tt := range tests {
		_, err := ParseExpr(tt.src, 1)
		var e *Error
		if !errors.As(err, &e) || e.Msg != tt.msg {
			t.Errorf("ParseExpr(%s): %v, want SyntaxError: %s", tt.src, err, tt.msg)
		}
	}
}
