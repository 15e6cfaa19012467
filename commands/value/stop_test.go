package value

import (
	"context"
	"errors"
	"testing"
	"time"
)

// stopAfter is a Stopper that stops the loop once its time is up.
type stopAfter time.Time

var errStopped = errors.New("stopped")

func (s stopAfter) Stopped(ctx context.Context) error {
	if time.Now().After(time.Time(s)) {
		return errStopped
	}
	return nil
}

// A long iteration in the value package stops when the statement's
// context is done (KeyboardInterrupt) or its Stopper says so (the
// interpreter's timeout), within a few milliseconds; an unstopped one
// finishes.
func TestLongLoopsStop(t *testing.T) {
	long := Range{0, 1 << 40, 1}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	loops := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"list(range(2**40))", func(ctx context.Context) error { _, err := ItemsContext(ctx, long); return err }},
		{"set(range(2**40))", func(ctx context.Context) error { _, err := SetType.New(ctx, []Value{long}, nil); return err }},
		{"2**40 in iter(range(2**40))", func(ctx context.Context) error {
			next, _ := Iter(long)
			_, err := ContainsContext(ctx, NewIterator("range_iterator", next), Int(1<<40))
			return err
		}},
	}
	for _, l := range loops {
		start := time.Now()
		if err := l.run(done); err == nil || err.Error() != "KeyboardInterrupt" {
			t.Errorf("%s with its context done: %v", l.name, err)
		}
		ctx := WithStopper(context.Background(), stopAfter(time.Now().Add(20*time.Millisecond)))
		if err := l.run(ctx); err != errStopped {
			t.Errorf("%s with a Stopper past its time: %v", l.name, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s took %v to stop", l.name, d)
		}
	}
	items, err := ItemsContext(WithStopper(context.Background(), stopAfter(time.Now().Add(time.Hour))), Range{0, 5000, 1})
	if err != nil || len(items) != 5000 {
		t.Errorf("list(range(5000)) under a Stopper: %d items, %v", len(items), err)
	}
}

// A dict (and so a set) refuses a new entry past MaxSize counted at
// dictEntrySize an entry, but still takes new values for its keys.
func TestDictEntryLimit(t *testing.T) {
	d := NewDict()
	d.Set(Int(1), Int(1))
	d.n = MaxSize / dictEntrySize // as if full
	if err := d.Set(Int(2), None); err == nil || err.Error() != "MemoryError: the result would be larger than sockshell's limit of 256 MiB" {
		t.Errorf("a new key in a full dict: %v", err)
	}
	if err := d.Set(Int(1), Int(3)); err != nil {
		t.Errorf("a known key in a full dict: %v", err)
	}
}

// A range's slice is a range, computed without going through its items:
// range(2**62)[1:] at once.
func TestRangeSliceConstantTime(t *testing.T) {
	for _, tt := range []struct {
		r    Range
		sl   Slice
		want string
	}{
		{Range{0, 1 << 62, 1}, Slice{Lo: Int(1)}, "range(1, 4611686018427387904)"},
		{Range{0, -20000000, -1}, Slice{Lo: Int(1)}, "range(-1, -20000000, -1)"}, // range(0, -2*10**7, -1)[1:]
		{Range{0, 10, 3}, Slice{Step: Int(-1)}, "range(9, -3, -3)"},              // range(0, 10, 3)[::-1]
		{Range{0, 5, 1}, Slice{Lo: Int(10)}, "range(5, 5)"},                      // range(5)[10:]
		{Range{0, 10, 1}, Slice{Step: Int(0)}, "ValueError: slice step cannot be zero"},
	} {
		if got := result(GetItem(tt.r, tt.sl)); got != tt.want {
			t.Errorf("%s[%s] = %s, want %s", tt.r.Repr(), tt.sl.Repr(), got, tt.want)
		}
	}
}
