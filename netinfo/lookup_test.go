package netinfo

import (
	"errors"
	"fmt"
	"testing"

	"golang.org/x/sys/unix"
)

// Every lookup here stays on this machine: loopback and numeric addresses,
// names from /etc/hosts, the services database. None sends a DNS query, so
// these hold in the cgo build (glibc) and the pure-Go one alike.

func infoStrings(ais []AddrInfo) []string {
	var out []string
	for _, ai := range ais {
		out = append(out, fmt.Sprintf("%d/%d/%d/%q/%s:%d", ai.Family, ai.Type, ai.Proto, ai.CanonName, ai.Addr.IP, ai.Addr.Port))
	}
	return out
}

func TestGetAddrInfo(t *testing.T) {
	tests := []struct {
		host, service *string
		hints         Hints
		want          []string
		code          int // the *GAIError code expected, or 0
	}{
		// A numeric port gives every socket type, in glibc's order.
		{strp("127.0.0.1"), strp("80"), Hints{}, []string{
			`2/1/6/""/127.0.0.1:80`, `2/2/17/""/127.0.0.1:80`, `2/3/0/""/127.0.0.1:80`}, 0},
		// A service listed for tcp only gives only SOCK_STREAM.
		{strp("127.0.0.1"), strp("http"), Hints{}, []string{`2/1/6/""/127.0.0.1:80`}, 0},
		{strp("127.0.0.1"), strp("domain"), Hints{}, []string{`2/1/6/""/127.0.0.1:53`, `2/2/17/""/127.0.0.1:53`}, 0},
		{strp("localhost"), strp("ssh"), Hints{}, []string{`2/1/6/""/127.0.0.1:22`}, 0},
		{strp("localhost"), strp("80"), Hints{Flags: AICanonName}, []string{
			`2/1/6/"localhost"/127.0.0.1:80`, `2/2/17/""/127.0.0.1:80`, `2/3/0/""/127.0.0.1:80`}, 0},
		// No host: the loopback addresses, ::1 first; passive: the wildcards.
		{nil, strp("80"), Hints{Type: unix.SOCK_STREAM}, []string{`10/1/6/""/::1:80`, `2/1/6/""/127.0.0.1:80`}, 0},
		{nil, strp("80"), Hints{Type: unix.SOCK_STREAM, Flags: AIPassive}, []string{`2/1/6/""/0.0.0.0:80`, `10/1/6/""/:::80`}, 0},
		{strp("::1"), nil, Hints{Type: unix.SOCK_DGRAM}, []string{`10/2/17/""/::1:0`}, 0},
		{strp("127.0.0.1"), strp("80"), Hints{Proto: unix.IPPROTO_UDP}, []string{`2/2/17/""/127.0.0.1:80`}, 0},
		// Failures, without a name lookup.
		{strp("nosuch.invalid"), strp("80"), Hints{Flags: AINumericHost}, nil, EAINoName},
		{strp("127.0.0.1"), strp("no-such-service"), Hints{}, nil, EAIService},
		{strp("127.0.0.1"), strp("http"), Hints{Flags: AINumericServ}, nil, EAINoName},
		{strp("127.0.0.1"), strp("-1"), Hints{}, nil, EAIService},
		{nil, nil, Hints{}, nil, EAINoName},
		{strp("127.0.0.1"), strp("80"), Hints{Family: 99}, nil, EAIFamily},
		{strp("127.0.0.1"), strp("80"), Hints{Type: 99}, nil, EAISockType},
		{strp("127.0.0.1"), strp("80"), Hints{Family: unix.AF_INET6}, nil, EAIAddrFamily},
		{nil, strp("80"), Hints{Flags: AICanonName}, nil, -1},
	}
	for _, tt := range tests {
		ais, err := GetAddrInfo(tt.host, tt.service, tt.hints)
		name := fmt.Sprintf("GetAddrInfo(%v, %v, %+v)", deref(tt.host), deref(tt.service), tt.hints)
		if tt.code != 0 {
			var gai *GAIError
			if !errors.As(err, &gai) || gai.Code != tt.code || gai.Msg != gaiMessages[tt.code] {
				t.Errorf("%s = %v, %v; want gaierror %d", name, infoStrings(ais), err, tt.code)
			}
			continue
		}
		got := infoStrings(ais)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s =\n  %v, %v\nwant\n  %v", name, got, err, tt.want)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "None"
	}
	return *s
}

func TestGetNameInfo(t *testing.T) {
	tests := []struct {
		host       string
		port       int
		flags      int
		name, serv string
		code       int
	}{
		{"127.0.0.1", 80, 0, "localhost", "http", 0},
		{"127.0.0.1", 22, 0, "localhost", "ssh", 0},
		{"127.0.0.1", 80, NINumericHost | NINumericServ, "127.0.0.1", "80", 0},
		{"127.0.0.1", 53, NIDgram, "localhost", "domain", 0},
		{"127.0.0.1", 12345, 0, "localhost", "12345", 0},
		{"localhost", 80, 0, "", "", EAINoName}, // names are not resolved
		{"127.0.0.1", -1, 0, "", "", EAIService},
		{"127.0.0.1", 80, -1, "", "", -1},
	}
	for _, tt := range tests {
		name, serv, err := GetNameInfo(tt.host, tt.port, tt.flags)
		if tt.code != 0 {
			var gai *GAIError
			if !errors.As(err, &gai) || gai.Code != tt.code {
				t.Errorf("GetNameInfo(%q, %d, %d) = %q, %q, %v; want gaierror %d", tt.host, tt.port, tt.flags, name, serv, err, tt.code)
			}
			continue
		}
		if err != nil || name != tt.name || serv != tt.serv {
			t.Errorf("GetNameInfo(%q, %d, %d) = %q, %q, %v; want %q, %q", tt.host, tt.port, tt.flags, name, serv, err, tt.name, tt.serv)
		}
	}
}

func TestHostLookups(t *testing.T) {
	if a, err := HostByName("localhost"); err != nil || a.String() != "127.0.0.1" {
		t.Errorf("HostByName(localhost) = %v, %v", a, err)
	}
	if a, err := HostByName(""); err != nil || a.String() != "0.0.0.0" {
		t.Errorf("HostByName(\"\") = %v, %v; want the wildcard", a, err)
	}
	var gai *GAIError
	if _, err := HostByName("::1"); !errors.As(err, &gai) || gai.Code != EAIAddrFamily {
		t.Errorf("HostByName(::1) = %v; want gaierror -9", err)
	}
	he, err := HostByNameEx("localhost")
	if err != nil || he.Name != "localhost" || len(he.Aliases) != 0 || fmt.Sprint(he.Addrs) != "[127.0.0.1]" {
		t.Errorf("HostByNameEx(localhost) = %+v, %v", he, err)
	}
	he, err = HostByNameEx("127.0.0.1")
	if err != nil || he.Name != "127.0.0.1" || fmt.Sprint(he.Addrs) != "[127.0.0.1]" {
		t.Errorf("HostByNameEx(127.0.0.1) = %+v, %v", he, err)
	}
	var herr *HostError
	if _, err := HostByNameEx(""); !errors.As(err, &herr) || herr.Code != 3 || herr.Msg != "Unknown server error" {
		t.Errorf("HostByNameEx(\"\") = %v; want herror 3", err)
	}
	for _, ip := range []string{"127.0.0.1", "localhost"} {
		he, err = HostByAddr(ip)
		if err != nil || he.Name != "localhost" || fmt.Sprint(he.Addrs) != "[127.0.0.1]" {
			t.Errorf("HostByAddr(%s) = %+v, %v", ip, he, err)
		}
	}
	if _, err := HostByAddr(""); err == nil || err.Error() != "wildcard resolved to multiple address" {
		t.Errorf("HostByAddr(\"\") = %v; want the wildcard error", err)
	}
	if name, err := Hostname(); err != nil || name == "" {
		t.Errorf("Hostname() = %q, %v", name, err)
	}
}
