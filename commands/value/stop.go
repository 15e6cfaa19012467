package value

import "context"

// A long loop over values (list(range(10**9)), sorted of millions of
// items, sum(...)) must stop on Ctrl-C and at a script's timeout, as a
// Python loop does. The interpreter puts a Stopper in the statement's
// context; the loops below ask it every stopEvery steps.

// Stopper is what a statement's context carries to tell a long loop to
// stop: the interpreter, which knows the statement's deadline.
type Stopper interface {
	// Stopped returns the error that stops the running statement
	// (KeyboardInterrupt, TimeoutError), or nil.
	Stopped(ctx context.Context) error
}

type stopperKey struct{}

// WithStopper returns ctx carrying s.
func WithStopper(ctx context.Context, s Stopper) context.Context {
	return context.WithValue(ctx, stopperKey{}, s)
}

// Stopped returns the error that stops a long loop running for ctx: its
// Stopper's answer, or KeyboardInterrupt once ctx is done; nil to go on.
func Stopped(ctx context.Context) error {
	if s, ok := ctx.Value(stopperKey{}).(Stopper); ok {
		return s.Stopped(ctx)
	}
	if ctx.Err() != nil {
		return Raise(KeyboardInterrupt)
	}
	return nil
}

// stopEvery is how many steps a loop takes between two looks at
// Stopped: often enough to stop within milliseconds, rarely enough to
// cost nothing.
const stopEvery = 1024

// Ticker counts a long loop's steps and asks Stopped every so often.
type Ticker struct {
	ctx context.Context
	n   int
}

// NewTicker returns a Ticker for a loop running for ctx.
func NewTicker(ctx context.Context) *Ticker { return &Ticker{ctx: ctx} }

// Tick counts one step; it returns Stopped's error when it is time to
// look and the loop must stop.
func (t *Ticker) Tick() error {
	t.n++
	if t.n%stopEvery != 0 {
		return nil
	}
	return Stopped(t.ctx)
}
