package interp

import (
	"context"
	"strings"
	"testing"
	"time"

	"sockshell/commands/syntax"
	"sockshell/commands/value"
)

// lang is an interpreter over testHost (no commands, no modules), with
// what it printed and displayed.
type lang struct {
	in  *Interp
	out *strings.Builder
}

func newLang() *lang {
	out := &strings.Builder{}
	in := New(&testHost{out: out})
	in.Print = func(s string) { out.WriteString(s) }
	return &lang{in: in, out: out}
}

// run runs src (a script: statements and blocks) and returns what it
// printed, ending with its error as the last line of a traceback shows it.
func (l *lang) run(ctx context.Context, src string) string {
	l.out.Reset()
	tops, err := syntax.Parse(src, 1, nil)
	if err == nil {
		for _, top := range tops {
			if err = l.in.Exec(ctx, top.Stmt); err != nil {
				break
			}
		}
	}
	if err != nil {
		l.out.WriteString(l.in.exception(err).Error() + "\n")
	}
	return l.out.String()
}

// TestPrograms runs small programs on scoping, closures, the order of
// try/finally with return, break and continue, and the errors around
// them. Each expected output was printed by Python 3.11 running the same
// program (exec of the whole text).
//
// A top-level expression statement shows its value even inside a block,
// as at Python's prompt, so the programs assign what they do not print.
func TestPrograms(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unbound", "x = 1\ndef f():\n    print(x)\n    x = 2\nf()", "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value\n"},
		{"unbound_free", "def outer():\n    def inner():\n        return y\n    r = inner\n    y = 1\n    del y\n    return r()\nouter()", "NameError: cannot access free variable 'y' where it is not associated with a value in enclosing scope\n"},
		{"counter", "def make():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\nc = make()\nx1 = c()\nx2 = c()\nprint(c())\nd = make()\nprint(d(), c())", "3\n1 4\n"},
		{"late_binding", "def mk():\n    fs = []\n    for i in range(3):\n        fs.append(lambda: i)\n    return [f() for f in fs]\nprint(mk())", "[2, 2, 2]\n"},
		{"default_capture", "fs = [lambda i=i: i for i in range(3)]\nprint([f() for f in fs])", "[0, 1, 2]\n"},
		{"three_levels", "def a():\n    x = 'a'\n    def b():\n        def c():\n            return x\n        return c()\n    return b()\nprint(a())", "a\n"},
		{"global_in_nested", "g = 0\ndef a():\n    def b():\n        global g\n        g = 5\n    b()\na()\nprint(g)", "5\n"},
		{"global_read_local_write", "n = 1\ndef f():\n    n += 1\nf()", "UnboundLocalError: cannot access local variable 'n' where it is not associated with a value\n"},
		{"shadow_builtin", "def f():\n    len = 3\n    return len\nprint(f(), len('ab'))", "3 2\n"},
		{"finally_return", "ev = []\ndef f():\n    try:\n        ev.append('try')\n        return 'ret'\n    finally:\n        ev.append('finally')\nprint(f(), ev)", "ret ['try', 'finally']\n"},
		{"finally_override", "def f():\n    try:\n        return 1\n    finally:\n        return 2\nprint(f())", "2\n"},
		{"finally_swallow", "def f():\n    try:\n        1/0\n    finally:\n        return 'swallowed'\nprint(f())", "swallowed\n"},
		{"break_finally", "ev = []\nfor i in range(3):\n    try:\n        if i == 1:\n            break\n        ev.append(i)\n    finally:\n        ev.append('f%d' % i)\nprint(ev)", "[0, 'f0', 'f1']\n"},
		{"continue_finally", "ev = []\nfor i in range(3):\n    try:\n        if i == 1:\n            continue\n        ev.append(i)\n    finally:\n        ev.append('f%d' % i)\nprint(ev)", "[0, 'f0', 'f1', 2, 'f2']\n"},
		{"else_clause", "ev = []\nfor x in (1, 0):\n    try:\n        y = 1/x\n    except ZeroDivisionError:\n        ev.append('except')\n    else:\n        ev.append('else')\n    finally:\n        ev.append('finally')\nprint(ev)", "['else', 'finally', 'except', 'finally']\n"},
		{"nested_return_finally", "ev = []\ndef f():\n    for i in range(3):\n        try:\n            try:\n                return i\n            finally:\n                ev.append('inner')\n        finally:\n            ev.append('outer')\nprint(f(), ev)", "0 ['inner', 'outer']\n"},
		{"except_as_cleared", "try:\n    1/0\nexcept ZeroDivisionError as e:\n    pass\nprint(e)", "NameError: name 'e' is not defined\n"},
		{"bare_raise", "def f():\n    try:\n        1/0\n    except ZeroDivisionError:\n        raise\nf()", "ZeroDivisionError: division by zero\n"},
		{"raise_from", "try:\n    raise KeyError('k') from ValueError('v')\nexcept KeyError as e:\n    print(repr(e), repr(e.__cause__))", "KeyError('k') ValueError('v')\n"},
		{"while_else", "i = 0\nwhile i < 3:\n    i += 1\nelse:\n    print('done', i)", "done 3\n"},
		{"for_else_break", "for i in range(3):\n    if i == 1: break\nelse:\n    print('no')\nprint(i)", "1\n"},
		{"recursion_catch", "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print('caught', e)\ndef g(n):\n    return 0 if n == 0 else 1 + g(n - 1)\nprint(g(900))", "caught maximum recursion depth exceeded\n900\n"},
		{"mutual", "def even(n): return True if n == 0 else odd(n - 1)\ndef odd(n): return False if n == 0 else even(n - 1)\nprint(even(500), odd(7))", "True True\n"},
		{"kw_call", "def f(a, b=2, *args, c, **kw): return (a, b, args, c, kw)\nprint(f(1, c=3), f(1, 2, 3, 4, c=5, d=6))", "(1, 2, (), 3, {}) (1, 2, (3, 4), 5, {'d': 6})\n"},
		{"kw_error", "def f(a, b=2, *args, c, **kw): return 1\nf(1)", "TypeError: f() missing 1 required keyword-only argument: 'c'\n"},
		{"comp_scope", "x = 'outer'\ny = [x for x in range(3)]\nprint(x)", "outer\n"},
		{"comp_nested", "print([(i, j) for i in range(3) for j in range(i)])", "[(1, 0), (2, 0), (2, 1)]\n"},
		{"generator_sum", "print(sum(x * x for x in range(10)))", "285\n"},
		{"del_name", "x = 1\ndel x\nx", "NameError: name 'x' is not defined\n"},
		{"augassign_item", "d = {'a': [1]}\nd['a'] += [2]\nd['a'][0] *= 10\nprint(d)", "{'a': [10, 2]}\n"},
		{"unpack_star", "a, *b, c = range(5)\nprint(a, b, c)", "0 [1, 2, 3] 4\n"},
		{"unpack_err", "a, b = [1, 2, 3]", "ValueError: too many values to unpack (expected 2)\n"},
		{"assert_msg", "assert 1 == 2, 'one is not two'", "AssertionError: one is not two\n"},
		{"lambda_default_eval", "n = 1\nf = lambda x=n: x\nn = 2\nprint(f())", "1\n"},
		{"closure_in_loop_fn", "def f():\n    acc = []\n    for i in range(3):\n        def g(i=i):\n            return i * 10\n        acc.append(g())\n    return acc\nprint(f())", "[0, 10, 20]\n"},
		{"with_exc", "class_=None\ntry:\n    with 5 as x:\n        pass\nexcept Exception as e:\n    print(type(e).__name__, e)", "TypeError 'int' object does not support the context manager protocol\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newLang().run(context.Background(), tt.src); got != tt.want {
				t.Errorf("%s\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

// TestRecursionLimit checks Python's limit of 1,000 nested calls: the
// recursion stops with RecursionError near it (not a Go stack overflow),
// the session goes on, and recursion below the limit still works.
func TestRecursionLimit(t *testing.T) {
	l := newLang()
	got := l.run(context.Background(), "depth = 0\ndef f(n):\n    global depth\n    depth = n\n    f(n + 1)\nf(1)")
	if got != "RecursionError: maximum recursion depth exceeded\n" {
		t.Fatalf("runaway recursion: %q", got)
	}
	depth, _ := l.in.Globals["depth"].(value.Int)
	if depth < 950 || depth > 1000 {
		t.Errorf("the recursion stopped at depth %d; Python 3.11 stops near 1000", depth)
	}
	for _, src := range []string{
		"def g(n):\n    return 0 if n == 0 else 1 + g(n - 1)\nprint(g(900))",
		"h = lambda n: 0 if n == 0 else 1 + h(n - 1)\nprint(h(900))",
	} {
		if got := l.run(context.Background(), src); got != "900\n" {
			t.Errorf("%s: %q", src, got)
		}
	}
	// Through a comprehension and a lambda, and caught.
	got = l.run(context.Background(), "k = lambda n: [k(n + 1) for _ in (1,)]\ntry:\n    k(0)\nexcept RecursionError:\n    print('caught')")
	if got != "caught\n" {
		t.Errorf("recursion through a comprehension: %q", got)
	}
}

// TestStoppedByCancel checks that Ctrl-C (the statement's context
// cancelled) stops a runaway loop with KeyboardInterrupt, which `except
// Exception` does not catch and a finally block sees, and that the next
// statement runs.
func TestStoppedByCancel(t *testing.T) {
	for _, src := range []string{
		"while True: pass",
		"for i in range(10**12): pass",
		"def spin():\n    while True:\n        pass\nspin()",
		"x = [i for i in range(10**12)]",
		"x = sum(i for i in range(10**12))",
		"while True:\n    try:\n        while True: pass\n    except Exception:\n        print('caught')",
		"try:\n    while True: pass\nfinally:\n    print('finally')",
	} {
		l := newLang()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		got := runBounded(t, l, ctx, src)
		cancel()
		want := "KeyboardInterrupt\n"
		if strings.Contains(src, "finally") {
			want = "finally\n" + want
		}
		if got != want {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
		if got := l.run(context.Background(), "print('next')"); got != "next\n" {
			t.Errorf("after %s the next statement printed %q", src, got)
		}
	}
}

// TestStoppedByDeadline checks a script's timeout: a runaway statement
// stops with TimeoutError saying which limit it passed, even where `except
// Exception` (which catches TimeoutError, an OSError) is inside the loop.
func TestStoppedByDeadline(t *testing.T) {
	for _, src := range []string{
		"while True: pass",
		"def f():\n    while True: pass\nf()",
		"while True:\n    try:\n        while True: pass\n    except Exception:\n        pass",
		"def r(n):\n    for i in range(10**6): pass\n    return r(n)\nr(0)",
	} {
		l := newLang()
		l.in.Deadline, l.in.Timeout = time.Now().Add(100*time.Millisecond), 100*time.Millisecond
		got := runBounded(t, l, context.Background(), src)
		if got != "TimeoutError: the statement ran longer than the script's timeout of 100ms\n" {
			t.Errorf("%s: %q", src, got)
		}
	}
}

// runBounded runs src, failing the test if it has not ended 10 seconds
// after it started (the statement is stopped after 50 or 100 ms).
func runBounded(t *testing.T, l *lang, ctx context.Context, src string) string {
	t.Helper()
	return runWithin(t, l, ctx, src, 10*time.Second)
}

// runWithin runs src, failing the test if it has not ended within limit.
func runWithin(t *testing.T, l *lang, ctx context.Context, src string, limit time.Duration) string {
	t.Helper()
	done := make(chan string, 1)
	go func() { done <- l.run(ctx, src) }()
	select {
	case got := <-done:
		return got
	case <-time.After(limit):
		t.Fatalf("%s was not stopped after %v", src, limit)
	}
	return ""
}

// TestMemoryLimit checks that a value past sockshell's limit is a
// MemoryError raised before the memory is taken, however it is built.
func TestMemoryLimit(t *testing.T) {
	for _, src := range []string{
		"b'x' * 10**9",
		"'ab' * 10**9",
		"[0] * 10**9",
		"(1, 2) * 10**9",
		"x = [0 for i in range(10**9)]",
		"x = b'x' * 10**8\ny = x + x + x",
		"x = ' '.join(['abcdefgh'] * 10**7) * 4",
		"bytearray(10**10)",
		"bytes(10**10)",
		"x = 10 ** (10 ** 8)",
		"x = 1 << 10**10",
	} {
		// A comprehension gets there item by item: seconds, more with -race.
		got := runWithin(t, newLang(), context.Background(), src, 3*time.Minute)
		if !strings.HasPrefix(got, "MemoryError: ") {
			t.Errorf("%s: %q, want a MemoryError", src, got)
		}
	}
}

// TestTopLevelControl checks break, continue and return outside their
// statement, which Python refuses when it compiles them.
func TestTopLevelControl(t *testing.T) {
	for src, want := range map[string]string{
		"return 5":    "SyntaxError: 'return' outside function\n",
		"break":       "SyntaxError: 'break' outside loop\n",
		"continue":    "SyntaxError: 'continue' not properly in loop\n",
		"if 1: break": "SyntaxError: 'break' outside loop\n",
	} {
		if got := newLang().run(context.Background(), src); got != want {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
	}
}

// A lambda made in a top-level comprehension closes over the
// comprehension's variable, as in a function: Python prints [2, 2, 2]
// (late binding), and the lambda still sees the globals.
func TestClosureOverTopLevelComprehension(t *testing.T) {
	for src, want := range map[string]string{
		"fs = [lambda: i for i in range(3)]\nprint([f() for f in fs])":                   "[2, 2, 2]\n",
		"gs = [(lambda: x * 10) for x in (1, 2)]\nprint([g() for g in gs])":              "[20, 20]\n",
		"d = {k: (lambda: k) for k in 'ab'}\nprint(d['a'](), d['b']())":                  "b b\n",
		"h = [[lambda: j for j in range(2)] for _ in (0,)]\nprint(h[0][0]())":            "1\n",
		"y = 5\nfs = [lambda: i + y for i in range(2)]\ny = 7\nprint([f() for f in fs])": "[8, 8]\n",
	} {
		if got := newLang().run(context.Background(), src); got != want {
			t.Errorf("%s\n got %q\nwant %q", src, got, want)
		}
	}
}

// nonlocal of a name no enclosing function binds is Python's SyntaxError
// ("no binding for nonlocal 'zz' found"), found when the outermost
// function is defined, before anything of it runs; a name an enclosing
// function declares nonlocal itself is bound (further out).
func TestNonlocalWithoutBinding(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"def f():\n    def g():\n        nonlocal zz\n        zz = 1\n    g()\nf()", "SyntaxError: no binding for nonlocal 'zz' found\n"},
		{"def f():\n    nonlocal x\n    x = 1\nprint('never')", "SyntaxError: no binding for nonlocal 'x' found\n"},
		{"if True:\n    def f():\n        def g():\n            nonlocal q\n        return g\nprint('x')", "SyntaxError: no binding for nonlocal 'q' found\n"},
		{"def a():\n    global n\n    n = 1\n    def b():\n        nonlocal n\n    b()\na()", "SyntaxError: no binding for nonlocal 'n' found\n"},
		{"def a():\n    n = 0\n    def b():\n        nonlocal n\n        def c():\n            nonlocal n\n            n += 1\n        c()\n    b()\n    return n\nprint(a())", "1\n"},
	} {
		if got := newLang().run(context.Background(), tt.src); got != tt.want {
			t.Errorf("%s\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

// An exception raised in a finally block while another propagates has
// that one as its __context__, and a bare raise there raises it again, as
// in Python.
func TestFinallyExceptionContext(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"try:\n    try:\n        1/0\n    finally:\n        raise ValueError('from finally')\nexcept Exception as e:\n    print(type(e).__name__, e, type(e.__context__).__name__)", "ValueError from finally ZeroDivisionError\n"},
		{"try:\n    try:\n        [][1]\n    finally:\n        1/0\nexcept ZeroDivisionError as e:\n    print(type(e.__context__).__name__)", "IndexError\n"},
		{"try:\n    try:\n        pass\n    finally:\n        raise ValueError('v')\nexcept ValueError as e:\n    print(e.__context__)", "None\n"},
		{"def f():\n    try:\n        raise KeyError('k')\n    finally:\n        try:\n            raise\n        except KeyError as e:\n            print('inner', repr(e))\ntry:\n    f()\nexcept KeyError as e:\n    print('outer', repr(e))", "inner KeyError('k')\nouter KeyError('k')\n"},
	} {
		if got := newLang().run(context.Background(), tt.src); got != tt.want {
			t.Errorf("%s\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

// Builtins and methods that consume an iterable in Go look at the
// statement's context and deadline, as a for loop does: each line below
// runs over millions of items (a second or more) and is cancelled after
// 50 ms; it must end within a second of that. (any's first line scans
// twenty million zero bytes: any(range(...)) would stop at its first,
// true, item.)
func TestBuiltinsHonourCancel(t *testing.T) {
	for _, src := range []string{
		"x = sum(range(3 * 10**7))",
		"x = all(range(1, 3 * 10**7))",
		"x = any(map(abs, bytes(2 * 10**7)))",
		"x = set(range(3 * 10**6))",
		"x = ''.join(map(str, range(3 * 10**6)))",
		"x = max(range(10**7))",
		"x = 5 in filter(None, bytes(5 * 10**7))",
		"x = sum(map(abs, range(10**7)))",
		"x = sorted(range(3 * 10**6, 0, -1))",
		"x = list(map(abs, range(5 * 10**6)))",
	} {
		l := newLang()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		got := l.run(ctx, src)
		cancel()
		if d := time.Since(start); d > time.Second || got != "KeyboardInterrupt\n" {
			t.Errorf("%s, cancelled after 50ms: %q after %v", src, got, d.Round(time.Millisecond))
		}
	}
	// A script's timeout, likewise, in the interpreter's builtins and in
	// the value package's constructors and methods.
	for _, src := range []string{"x = sum(range(3 * 10**7))", "x = list(map(abs, range(5 * 10**6)))", "x = sorted(range(3 * 10**6, 0, -1))"} {
		l := newLang()
		l.in.Deadline, l.in.Timeout = time.Now().Add(50*time.Millisecond), 50*time.Millisecond
		start := time.Now()
		got := l.run(context.Background(), src)
		if d := time.Since(start); d > time.Second || !strings.HasPrefix(got, "TimeoutError: ") {
			t.Errorf("%s with a 50ms timeout: %q after %v", src, got, d.Round(time.Millisecond))
		}
	}
}

// A map or filter object runs its function for the statement that
// consumes it: one made by a statement whose context is done since (as
// after Ctrl-C) still works.
func TestIteratorOutlivesItsStatement(t *testing.T) {
	l := newLang()
	made, cancel := context.WithCancel(context.Background())
	if got := l.run(made, "m = map(lambda x: x * 2, range(3))\nf = filter(lambda x: x, range(3))"); got != "" {
		t.Fatal(got)
	}
	cancel()
	if got := l.run(context.Background(), "print(list(m), list(f))"); got != "[0, 2, 4] [1, 2]\n" {
		t.Errorf("list(m), list(f) after the context that made them is done: %q", got)
	}
}
