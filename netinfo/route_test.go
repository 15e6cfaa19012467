package netinfo

import (
	"strings"
	"testing"
)

func TestDefaultRoute(t *testing.T) {
	const head = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
	for _, tt := range []struct {
		name   string
		v4, v6 string
		wantV4 bool
		wantV6 bool
	}{
		{name: "a default route through eth0",
			v4:     head + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\neth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n",
			wantV4: true},
		{name: "a local network only",
			v4: head + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"},
		{name: "a default route that is down",
			v4: head + "eth0\t00000000\t010200C0\t0002\t0\t0\t0\t00000000\t0\t0\t0\n"},
		{name: "a network namespace without network",
			v4: head,
			v6: "00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n"},
		{name: "an IPv6 default route through eth0",
			v4:     head,
			v6:     "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0\n",
			wantV6: true},
		{name: "an IPv6 prefix route",
			v6: "fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"},
	} {
		if got := defaultRouteV4(strings.NewReader(tt.v4)); got != tt.wantV4 {
			t.Errorf("%s: IPv4 default route %v, want %v", tt.name, got, tt.wantV4)
		}
		if got := defaultRouteV6(strings.NewReader(tt.v6)); got != tt.wantV6 {
			t.Errorf("%s: IPv6 default route %v, want %v", tt.name, got, tt.wantV6)
		}
	}
}
