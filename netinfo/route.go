package netinfo

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"
)

// Route flags of /proc/net/route and ipv6_route (linux/route.h).
const (
	rtfUp     = 0x0001
	rtfReject = 0x0200
)

// HasRouteOut reports whether this machine has a way out to other
// networks: a default route, IPv4 or IPv6, that is up, is not a reject
// route and goes through an interface other than loopback. Without one,
// no name server outside the machine can be reached, so a name that is
// not in /etc/hosts cannot be resolved. It reads the kernel's routing
// tables and sends nothing; when they cannot be read it says true, so
// that the machine is never called offline by mistake.
func HasRouteOut() bool {
	v4, err4 := os.Open("/proc/net/route")
	if err4 == nil {
		defer v4.Close()
		if defaultRouteV4(v4) {
			return true
		}
	}
	v6, err6 := os.Open("/proc/net/ipv6_route")
	if err6 == nil {
		defer v6.Close()
		if defaultRouteV6(v6) {
			return true
		}
	}
	return err4 != nil && err6 != nil
}

// defaultRouteV4 reports whether a /proc/net/route table holds a default
// route out: "Iface Destination Gateway Flags RefCnt Use Metric Mask ...",
// in hex.
func defaultRouteV4(r io.Reader) bool {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 8 || f[0] == "Iface" {
			continue
		}
		if f[1] == "00000000" && f[7] == "00000000" && routeOut(f[0], f[3]) {
			return true
		}
	}
	return false
}

// defaultRouteV6 is defaultRouteV4 for /proc/net/ipv6_route: "dest
// dest_prefix_len src src_prefix_len next_hop metric refcnt use flags
// iface", in hex.
func defaultRouteV6(r io.Reader) bool {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 10 {
			continue
		}
		if strings.Trim(f[0], "0") == "" && f[1] == "00" && routeOut(f[9], f[8]) {
			return true
		}
	}
	return false
}

// routeOut reports whether a route through iface with flags (hex) leads
// out of the machine.
func routeOut(iface, flags string) bool {
	n, err := strconv.ParseUint(flags, 16, 32)
	return err == nil && iface != "lo" && n&rtfUp != 0 && n&rtfReject == 0
}
