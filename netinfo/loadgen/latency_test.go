package loadgen

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestBuckets(t *testing.T) {
	// Every value lies in its bucket, and bucket widths stay within 1/64
	// of their values.
	values := []uint64{0, 1, 127, 128, 129, 255, 256, 1000, 1 << 20, 1<<40 + 12345, 1<<63 - 1, 1<<64 - 1}
	for range 10000 {
		values = append(values, rand.Uint64()>>rand.IntN(64))
	}
	for _, v := range values {
		i := bucket(v)
		if i < 0 || i >= numBuckets {
			t.Fatalf("bucket(%d) = %d, outside 0..%d", v, i, numBuckets)
		}
		if upper(i) < v || i > 0 && upper(i-1) >= v {
			t.Fatalf("%d is in bucket %d, which ends at %d (the one before at %d)", v, i, upper(i), upper(i-1))
		}
		if width := upper(i) - v; width > v/subBuckets {
			t.Fatalf("bucket %d is %d wide at %d: more than 1/64", i, width, v)
		}
	}
}

func TestPercentiles(t *testing.T) {
	tests := []struct {
		name string
		ds   []time.Duration
	}{
		{"one", []time.Duration{1234567}},
		{"two", []time.Duration{10 * time.Microsecond, 3 * time.Millisecond}},
		{"uniform", randomDurations(10000, func() float64 { return rand.Float64() * 1e7 })},
		{"long tail", randomDurations(5000, func() float64 { return rand.ExpFloat64() * 5e4 })},
	}
	for _, tt := range tests {
		var h histogram
		for _, d := range tt.ds {
			h.record(d)
		}
		got := h.summary()
		sorted := slices.Sorted(slices.Values(tt.ds))
		rank := func(p int) time.Duration { return sorted[(len(sorted)*p+99)/100-1] }
		if got.Count != int64(len(tt.ds)) || got.Max != sorted[len(sorted)-1] {
			t.Errorf("%s: count %d, max %v; want %d, %v", tt.name, got.Count, got.Max, len(tt.ds), sorted[len(sorted)-1])
		}
		for _, c := range []struct {
			p         int
			got, want time.Duration
		}{{50, got.P50, rank(50)}, {99, got.P99, rank(99)}} {
			if c.got < c.want || float64(c.got-c.want) > float64(c.want)/subBuckets {
				t.Errorf("%s: p%d = %v, want %v within 1.6%% above", tt.name, c.p, c.got, c.want)
			}
		}
	}
	var empty histogram
	if l := empty.summary(); l != (Latency{}) || l.String() != "-" {
		t.Errorf("empty: %+v %q", l, l.String())
	}
}

func randomDurations(n int, f func() float64) []time.Duration {
	ds := make([]time.Duration, n)
	for i := range ds {
		ds[i] = time.Duration(f())
	}
	return ds
}
