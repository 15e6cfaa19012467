package interp

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Bugs found while porting the tests: each test here fails until the
// code is fixed. Expected outputs were printed by Python 3.11 running the
// same program.

// A lambda made in a top-level comprehension closes over the
// comprehension's variable, as in a function: Python prints [2, 2, 2].
// sockshell looks i up among the globals when the lambda runs: NameError:
// name 'i' is not defined (inside a def the same code works).
func TestBugClosureOverTopLevelComprehension(t *testing.T) {
	for src, want := range map[string]string{
		"fs = [lambda: i for i in range(3)]\nprint([f() for f in fs])":        "[2, 2, 2]\n",
		"gs = [(lambda: x * 10) for x in (1, 2)]\nprint([g() for g in gs])":   "[20, 20]\n",
		"d = {k: (lambda: k) for k in 'ab'}\nprint(d['a'](), d['b']())":       "b b\n",
		"h = [[lambda: j for j in range(2)] for _ in (0,)]\nprint(h[0][0]())": "1\n",
	} {
		if got := newLang().run(context.Background(), src); got != want {
			t.Errorf("%s\n got %q\nwant %q", src, got, want)
		}
	}
}

// nonlocal of a name no enclosing function binds is a SyntaxError in
// Python ("no binding for nonlocal 'zz' found"); sockshell runs it.
func TestBugNonlocalWithoutBinding(t *testing.T) {
	src := "def f():\n    def g():\n        nonlocal zz\n        zz = 1\n    g()\nf()"
	if got := newLang().run(context.Background(), src); got != "SyntaxError: no binding for nonlocal 'zz' found\n" {
		t.Errorf("%s\n got %q", src, got)
	}
}

// An exception raised in a finally block while another propagates has
// that one as its __context__ (Python prints "ValueError from finally
// ZeroDivisionError"); sockshell leaves __context__ None.
func TestBugFinallyExceptionContext(t *testing.T) {
	src := "try:\n    try:\n        1/0\n    finally:\n        raise ValueError('from finally')\nexcept Exception as e:\n    print(type(e).__name__, e, type(e.__context__).__name__)"
	if got := newLang().run(context.Background(), src); got != "ValueError from finally ZeroDivisionError\n" {
		t.Errorf("%s\n got %q", src, got)
	}
}

// Builtins that consume an iterable in Go never look at the statement's
// context or deadline: sum(range(10**10)), all(range(1, 10**10)) or
// sum(map(abs, range(10**10))) run for minutes, and neither Ctrl-C nor a
// script's timeout stops them (a for loop over the same range stops at
// once). Here each runs over millions of items (a second or more) and is
// cancelled after 50 ms; it must end within a second of that.
func TestBugBuiltinsIgnoreCancel(t *testing.T) {
	for _, src := range []string{
		"x = sum(range(3 * 10**7))",
		"x = all(range(1, 3 * 10**7))",
		"x = any(range(0, -2 * 10**7, -1)[1:])",
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
	// A script's timeout, likewise.
	l := newLang()
	l.in.Deadline, l.in.Timeout = time.Now().Add(50*time.Millisecond), 50*time.Millisecond
	start := time.Now()
	got := l.run(context.Background(), "x = sum(range(3 * 10**7))")
	if d := time.Since(start); d > time.Second || !strings.HasPrefix(got, "TimeoutError: ") {
		t.Errorf("sum(range(3 * 10**7)) with a 50ms timeout: %q after %v", got, d.Round(time.Millisecond))
	}
}
