package syntax

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// dump writes a tree compactly, for comparing parses: (Type field ...)
// for a node, with its zero fields and positions left out; a name is its
// identifier, a constant its repr, a shell word w:text, a list [a b], a
// missing expression _.
func dump(x any) string {
	var b strings.Builder
	dumpTo(&b, reflect.ValueOf(x))
	return b.String()
}

func dumpTo(b *strings.Builder, v reflect.Value) {
	if !v.IsValid() {
		b.WriteString("_")
		return
	}
	switch x := v.Interface().(type) {
	case *Name:
		b.WriteString(x.ID)
		return
	case *Const:
		b.WriteString(x.V.Repr())
		return
	case Arg:
		switch x.Kind {
		case Word:
			b.WriteString("w:" + x.Text)
		case Lit:
			b.WriteString(x.V.Repr())
		case Var:
			b.WriteString("$" + x.Text)
		case TupleArg:
			b.WriteString("(TupleArg")
			if len(x.Elems) > 0 {
				b.WriteString(" ")
				dumpTo(b, reflect.ValueOf(x.Elems))
			}
			b.WriteString(")")
		}
		return
	case Top:
		dumpTo(b, reflect.ValueOf(x.Stmt))
		return
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			b.WriteString("_")
			return
		}
		dumpTo(b, v.Elem())
	case reflect.Slice:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			dumpTo(b, v.Index(i))
		}
		b.WriteByte(']')
	case reflect.Struct:
		b.WriteString("(" + v.Type().Name())
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			fv := v.Field(i)
			if f.Name == "Pos" || !f.IsExported() {
				continue
			}
			if fv.IsZero() {
				// A missing expression is shown, so that fields keep their
				// places (a[::3] is (SliceExpr _ _ 3)); other zero fields
				// are left out.
				if fv.Kind() == reflect.Interface {
					b.WriteString(" _")
				}
				continue
			}
			b.WriteByte(' ')
			switch fv.Kind() {
			case reflect.Bool:
				b.WriteString(f.Name)
			case reflect.String:
				s := fv.String()
				if s == "" || strings.ContainsAny(s, " ()[]\"'\\\n") {
					s = strconv.Quote(s)
				}
				b.WriteString(s)
			case reflect.Uint8:
				b.WriteString(f.Name + "=" + string(rune(fv.Uint())))
			case reflect.Int:
				b.WriteString(fmt.Sprintf("%s=%d", f.Name, fv.Int()))
			default:
				dumpTo(b, fv)
			}
		}
		b.WriteByte(')')
	default:
		fmt.Fprint(b, v.Interface())
	}
}
