package peers

import (
	"io"
	"net"
	"net/netip"
	"testing"
	"time"
)

// BenchmarkRelay measures what a relay costs: 16 KiB chunks echoed by an
// echo server, straight and through a relay, in the same run. It reports
// both throughputs and their ratio (relay/direct), never an absolute
// figure to compare across machines.
func BenchmarkRelay(b *testing.B) {
	g := NewGroup()
	defer g.Close()
	echo, err := g.Start(Echo, loopback, Limits{})
	if err != nil {
		b.Fatal(err)
	}
	relay, err := g.StartProxy(loopback, echo.Addr(), Limits{}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	const chunk = 16 << 10
	direct := echoThroughput(b, echo.Addr(), chunk, b.N)
	relayed := echoThroughput(b, relay.Addr(), chunk, b.N)
	b.ReportMetric(direct, "direct-MB/s")
	b.ReportMetric(relayed, "relay-MB/s")
	b.ReportMetric(relayed/direct, "relay/direct")
}

// echoThroughput sends n chunks to the echo server at addr while reading
// them back, and returns MB/s (10^6 bytes) one way.
func echoThroughput(b *testing.B, addr netip.AddrPort, chunk, n int) float64 {
	c, err := net.DialTCP("tcp", nil, net.TCPAddrFromAddrPort(addr))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, chunk)
	begin := time.Now()
	go func() {
		for range n {
			if _, err := c.Write(buf); err != nil {
				return
			}
		}
	}()
	if _, err := io.CopyN(io.Discard, c, int64(n*chunk)); err != nil {
		b.Fatal(err)
	}
	return float64(n*chunk) / 1e6 / time.Since(begin).Seconds()
}
