// Package syntax reads what a user types into trees: the shell's command
// form (`bind s 127.0.0.1 50000`) and the lecture's Python (`s.bind((
// '127.0.0.1', 50000))`, blocks, loops and functions), statement by
// statement, into one tree of Stmt and Expr nodes that package interp
// runs.
//
// The two syntaxes mix on a line and share variables, so each simple
// statement is read in the syntax it is written in: a statement that starts
// with a command's name followed by its arguments is a shell command;
// everything else is Python (see IsShell for the exact rule). The package
// knows no command table: what it needs to tell a command from a variable
// comes in as a Names value.
//
// Blocks read as the Python REPL reads them: Complete says whether the
// lines typed so far make a whole statement, or whether more must come (an
// open bracket, a string, a compound statement before its blank line).
package syntax

import "sockshell/commands/value"

// Pos is where a node starts: its line in the source (1 for the first line
// of a script) and its column (1 for the first byte).
type Pos struct{ Line, Col int }

// Position returns the position itself, so that every node embedding a Pos
// reports where it is.
func (p Pos) Position() Pos { return p }

// Stmt is a statement.
type Stmt interface {
	Position() Pos
	stmt()
}

// Expr is an expression.
type Expr interface {
	Position() Pos
	expr()
}

// Statements.
type (
	// ExprStmt is an expression whose value is shown at the top level.
	ExprStmt struct {
		Pos
		X Expr
	}
	// Assign is TARGETS = VALUE; a = b = c has two target lists.
	Assign struct {
		Pos
		Targets []Expr
		Value   Expr
	}
	// AugAssign is TARGET OP= VALUE.
	AugAssign struct {
		Pos
		Target Expr
		Op     string // + - * / // % ** << >> & | ^ @
		Value  Expr
	}
	// Shell is a command in the shell's form: NAME ARGS..., perhaps
	// assigned to names (conn, addr = accept server).
	Shell struct {
		Pos
		Targets []string // nil when nothing is assigned
		Op      string   // "=" or "+=" when Targets is set
		Name    string
		Args    []Arg
		room    [3]Arg // Args' first array: most commands take three or fewer
	}
	// If is if/elif/else; an elif is an If alone in Else.
	If struct {
		Pos
		Cond       Expr
		Body, Else []Stmt
	}
	// While is a while loop.
	While struct {
		Pos
		Cond       Expr
		Body, Else []Stmt
	}
	// For is a for loop.
	For struct {
		Pos
		Target     Expr
		Iter       Expr
		Body, Else []Stmt
	}
	// Def defines a function.
	Def struct {
		Pos
		Name   string
		Params []Param
		Body   []Stmt
		Doc    string // its docstring, if it has one
	}
	// Return returns from a function; X is nil for a bare return.
	Return struct {
		Pos
		X Expr
	}
	// Try is try/except/else/finally.
	Try struct {
		Pos
		Body     []Stmt
		Handlers []Handler
		Else     []Stmt
		Finally  []Stmt
	}
	// Raise raises X (re-raises the handled exception when X is nil).
	Raise struct {
		Pos
		X, Cause Expr
	}
	// Assert is assert TEST[, MSG].
	Assert struct {
		Pos
		Test, Msg Expr
	}
	// Del deletes names, items and slices.
	Del struct {
		Pos
		Targets []Expr
	}
	// Global declares names global inside a function; Nonlocal names of
	// the enclosing function.
	Global struct {
		Pos
		Names    []string
		Nonlocal bool
	}
	// Import is import M [as N] or from M import A [as B], ... or *.
	Import struct {
		Pos
		Module string
		As     string      // import M as N
		From   bool        // from M import ...
		Names  [][2]string // (name, as) for from-imports
		Star   bool        // from M import *
	}
	// With is with X [as T], ...: BODY.
	With struct {
		Pos
		Items []WithItem
		Body  []Stmt
	}
	// Pass, Break and Continue do what Python's do.
	Pass     struct{ Pos }
	Break    struct{ Pos }
	Continue struct{ Pos }
)

// Handler is one except clause: Type is nil for a bare except.
type Handler struct {
	Pos
	Type Expr
	Name string
	Body []Stmt
}

// WithItem is one context manager of a with statement.
type WithItem struct {
	X      Expr
	Target Expr // nil without `as`
}

// Param is one parameter of a function.
type Param struct {
	Name    string
	Default Expr // nil when required
	Star    int  // 1 for *args, 2 for **kwargs
	KwOnly  bool // after * or *args
}

// Expressions.
type (
	// Name is a variable.
	Name struct {
		Pos
		ID string
	}
	// Const is a literal: a number, str, bytes, True, False, None.
	Const struct {
		Pos
		V value.Value
	}
	// ShellVar is $name or $name.attr: always a variable.
	ShellVar struct {
		Pos
		Path string
	}
	// Attr is X.NAME.
	Attr struct {
		Pos
		X    Expr
		Name string
	}
	// Index is X[I]; I is a SliceExpr for X[a:b:c], a Tuple for X[a, b].
	Index struct {
		Pos
		X, I Expr
	}
	// SliceExpr is LO:HI:STEP inside brackets; missing parts are nil.
	SliceExpr struct {
		Pos
		Lo, Hi, Step Expr
	}
	// Call is F(ARGS).
	Call struct {
		Pos
		Fn   Expr
		Args []CallArg
	}
	// Binary is X OP Y for the arithmetic and bitwise operators.
	Binary struct {
		Pos
		Op   string
		X, Y Expr
	}
	// Unary is -X, +X, ~X and not X.
	Unary struct {
		Pos
		Op string
		X  Expr
	}
	// BoolOp is X and Y, X or Y.
	BoolOp struct {
		Pos
		Op   string
		X, Y Expr
	}
	// Compare is X OP1 Y1 OP2 Y2 ...: chained comparisons, including in,
	// not in, is and is not.
	Compare struct {
		Pos
		X   Expr
		Ops []string
		Ys  []Expr
	}
	// IfExp is THEN if COND else ELSE.
	IfExp struct {
		Pos
		Cond, Then, Else Expr
	}
	// Tuple, List and Set are displays; Dict's Keys hold nil for **X.
	Tuple struct {
		Pos
		Elems []Expr
	}
	List struct {
		Pos
		Elems []Expr
	}
	Set struct {
		Pos
		Elems []Expr
	}
	Dict struct {
		Pos
		Keys, Values []Expr
	}
	// Comp is a comprehension or generator expression: Kind is list, set,
	// dict or gen; Elt (and Value for a dict) is computed for each round
	// of the For clauses.
	Comp struct {
		Pos
		Kind  string
		Elt   Expr
		Value Expr
		For   []CompFor
	}
	// Starred is *X in a call, a display or an assignment target.
	Starred struct {
		Pos
		X Expr
	}
	// FString is an f-string: literal parts and fields in turn.
	FString struct {
		Pos
		Parts []FPart
	}
	// Lambda is lambda PARAMS: BODY.
	Lambda struct {
		Pos
		Params []Param
		Body   Expr
	}
)

// CallArg is one argument of a call: positional, *X (Star 1), **X (Star
// 2), or NAME=X.
type CallArg struct {
	Name string
	Star int
	X    Expr
}

// CompFor is one `for TARGET in ITER if COND...` of a comprehension.
type CompFor struct {
	Target Expr
	Iter   Expr
	Ifs    []Expr
}

// FPart is one part of an f-string: literal text, or a field.
type FPart struct {
	Lit  string
	X    Expr    // the field's expression; nil for literal text
	Text string  // the expression as written, for {x=}
	Conv byte    // 'r', 's', 'a' or 0
	Spec []FPart // the format spec, which may hold fields itself
	Eq   bool    // {x=} shows "x=" before the value
}

// Arg is one argument of a shell command: a bare word, a quoted literal,
// a $variable, a parenthesized tuple of arguments, or a KEY=VALUE option.
type Arg struct {
	Kind  ArgKind
	Text  string      // a Word's text; a Var's path (name or name.attr); an Option's key
	V     value.Value // a Lit's str or bytes
	Elems []Arg       // a Tuple's arguments; an Option's value, alone
}

// ArgKind is the kind of a shell argument.
type ArgKind uint8

// The kinds of shell arguments.
const (
	// Word is a bare word: what it means depends on the parameter that
	// takes it (a socket variable, a constant, a number, literal text).
	Word     ArgKind = iota
	Lit              // a quoted literal: a str or bytes
	Var              // $name or $name.attr
	TupleArg         // a parenthesized tuple such as ('127.0.0.1', 50000)
	// Option is KEY=VALUE written as one word, without blanks
	// (size=4096, message='hello there', rounds=$n): a command's named
	// option, as dd and make take them. Text is the key, Elems[0] the
	// value (a word, literal, $variable or tuple).
	Option
)

func (*ExprStmt) stmt()  {}
func (*Assign) stmt()    {}
func (*AugAssign) stmt() {}
func (*Shell) stmt()     {}
func (*If) stmt()        {}
func (*While) stmt()     {}
func (*For) stmt()       {}
func (*Def) stmt()       {}
func (*Return) stmt()    {}
func (*Try) stmt()       {}
func (*Raise) stmt()     {}
func (*Assert) stmt()    {}
func (*Del) stmt()       {}
func (*Global) stmt()    {}
func (*Import) stmt()    {}
func (*With) stmt()      {}
func (*Pass) stmt()      {}
func (*Break) stmt()     {}
func (*Continue) stmt()  {}

func (*Name) expr()      {}
func (*Const) expr()     {}
func (*ShellVar) expr()  {}
func (*Attr) expr()      {}
func (*Index) expr()     {}
func (*SliceExpr) expr() {}
func (*Call) expr()      {}
func (*Binary) expr()    {}
func (*Unary) expr()     {}
func (*BoolOp) expr()    {}
func (*Compare) expr()   {}
func (*IfExp) expr()     {}
func (*Tuple) expr()     {}
func (*List) expr()      {}
func (*Set) expr()       {}
func (*Dict) expr()      {}
func (*Comp) expr()      {}
func (*Starred) expr()   {}
func (*FString) expr()   {}
func (*Lambda) expr()    {}
