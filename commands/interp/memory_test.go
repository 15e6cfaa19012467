//go:build !race

package interp

import (
	"context"
	"runtime"
	"strings"
	"testing"
)

// A dict counts its entries at what they cost (the entry, its hash key,
// the index: about 192 bytes) against the 256 MiB limit, so that {i: 0
// for i in range(10**9)} is a MemoryError before it takes much more than
// the limit (once, at 16 bytes an entry, it took more than 4.6 GB). Here
// 3,000,000 entries must either be refused or stay within twice the
// limit, and so for a set and dict.fromkeys. (Not run with -race, whose
// memory use would distort the measure.)
func TestDictComprehensionMemory(t *testing.T) {
	for _, src := range []string{
		"x = {i: 0 for i in range(3 * 10**6)}",
		"x = {i for i in range(3 * 10**6)}",
		"x = set(range(3 * 10**6))",
		"x = dict.fromkeys(range(3 * 10**6))",
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		l := newLang()
		got := l.run(context.Background(), src)
		runtime.ReadMemStats(&after)
		grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
		if !strings.HasPrefix(got, "MemoryError") && grew > 512<<20 {
			t.Errorf("%s took %d MiB, past twice the 256 MiB limit, without a MemoryError", src, grew>>20)
		}
		runtime.KeepAlive(l)
	}
}
