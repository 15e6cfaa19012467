//go:build !cgo

package netinfo

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"
)

// TestMain makes the pure-Go resolver fail at once for anything the hosts
// file does not answer, so no test of this build can send a DNS query.
func TestMain(m *testing.M) {
	dnsResolver = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("DNS disabled in tests")
	}}
	os.Exit(m.Run())
}

// TestHostErrorsNoCgo checks the misses that, with glibc, would go to DNS.
func TestHostErrorsNoCgo(t *testing.T) {
	var herr *HostError
	if _, err := HostByAddr("127.0.0.2"); !errors.As(err, &herr) || herr.Code != 1 || herr.Msg != "Unknown host" {
		t.Errorf("HostByAddr(127.0.0.2) = %v; want herror 1 Unknown host", err)
	}
	var gai *GAIError
	if _, err := GetAddrInfo(strp("nosuch.invalid"), strp("80"), Hints{}); !errors.As(err, &gai) || gai.Code != EAINoName {
		t.Errorf("GetAddrInfo(nosuch.invalid) = %v; want gaierror -2", err)
	}
}
