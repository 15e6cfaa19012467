//go:build !race

package interp

import (
	"context"
	"runtime"
	"strings"
	"testing"
)

// A dict or set comprehension counts its entries at 16 bytes each against
// the 256 MiB limit, but an entry costs far more (the entry, its hash key,
// the index): {i: 0 for i in range(10**9)} takes more than 4.6 GB before
// its MemoryError (measured under ulimit -v 6 GB: the process ran out of
// memory first). Here 3,000,000 entries, well under the item limit, must
// either be refused or stay within twice the limit. (Not run with -race,
// whose memory use would distort the measure.)
func TestBugDictComprehensionMemory(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	l := newLang()
	got := l.run(context.Background(), "x = {i: 0 for i in range(3 * 10**6)}")
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if !strings.HasPrefix(got, "MemoryError") && grew > 512<<20 {
		t.Errorf("a dict of 3,000,000 entries took %d MiB, past twice the 256 MiB limit, without a MemoryError", grew>>20)
	}
	runtime.KeepAlive(l)
}
