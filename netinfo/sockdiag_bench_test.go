package netinfo

import (
	"net/netip"
	"testing"
	"time"
)

// BenchmarkLingering looks up a closed socket's connection in TIME_WAIT
// through sock_diag, and reports how many times longer the same lookup
// in /proc/net/tcp takes on this machine now: a machine with many
// connections (a load test leaves thousands in TIME_WAIT) makes that
// ratio grow with their number.
func BenchmarkLingering(b *testing.B) {
	client, conn := benchPair(b)
	conn.Close() // the server's side closes first: TIME_WAIT
	client.Close()
	if _, ok := conn.lingeringState(); !ok {
		b.Skip("the connection is not kept: nothing to look up")
	}
	l := netip.AddrPortFrom(conn.lastLocal.IP, uint16(conn.lastLocal.Port))
	r := netip.AddrPortFrom(conn.lastPeer.IP, uint16(conn.lastPeer.Port))
	scan := func() {
		scanTCP(false, func(lo, pe netip.AddrPort, st int) bool { return lo != l || pe != r })
	}
	start := time.Now()
	const scans = 3
	for range scans {
		scan()
	}
	perScan := time.Since(start) / scans
	b.ResetTimer()
	for b.Loop() {
		if _, ok := conn.lingeringState(); !ok {
			b.Fatal("lost the connection")
		}
	}
	perLookup := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(perScan)/float64(perLookup), "proc/diag")
}
