package loadgen

import (
	"math/bits"
	"sync/atomic"
	"time"
)

// Latency summarises a set of durations.
type Latency struct {
	Count         int64
	P50, P99, Max time.Duration
}

// The histogram keeps every duration in a bucket whose width is 1/64 of
// its lower bound (durations below 128 ns exactly), so a percentile read
// from it is within 1.6% of the true one, in fixed memory however many
// rounds a run makes. Clients record into it concurrently with atomic
// adds: no lock, no per-client copy.
const (
	subBits    = 6 // 64 buckets per power of two
	subBuckets = 1 << subBits
	numBuckets = (64-subBits-1)*subBuckets + 2*subBuckets
)

type histogram struct {
	counts [numBuckets]atomic.Int64
	total  atomic.Int64
	max    atomic.Int64
}

// bucket returns the index of v's bucket.
func bucket(v uint64) int {
	shift := bits.Len64(v) - (subBits + 1)
	if shift <= 0 {
		return int(v)
	}
	return shift*subBuckets + int(v>>shift)
}

// upper returns the largest value bucket i holds.
func upper(i int) uint64 {
	if i < 2*subBuckets {
		return uint64(i)
	}
	shift := i/subBuckets - 1
	m := uint64(i - shift*subBuckets)
	return (m+1)<<shift - 1
}

func (h *histogram) record(d time.Duration) {
	v := max(int64(d), 0)
	h.counts[bucket(uint64(v))].Add(1)
	h.total.Add(1)
	for {
		m := h.max.Load()
		if v <= m || h.max.CompareAndSwap(m, v) {
			return
		}
	}
}

// summary reads the percentiles. It is called once the recording is over.
func (h *histogram) summary() Latency {
	l := Latency{Count: h.total.Load(), Max: time.Duration(h.max.Load())}
	if l.Count == 0 {
		return l
	}
	l.P50 = h.percentile(l.Count, 50)
	l.P99 = h.percentile(l.Count, 99)
	return l
}

// percentile returns the upper bound of the bucket holding the p-th
// percentile (nearest rank), capped at the largest value recorded.
func (h *histogram) percentile(total int64, p int64) time.Duration {
	rank := max((total*p+99)/100, 1)
	var seen int64
	for i := range h.counts {
		seen += h.counts[i].Load()
		if seen >= rank {
			return min(time.Duration(upper(i)), time.Duration(h.max.Load()))
		}
	}
	return time.Duration(h.max.Load())
}
