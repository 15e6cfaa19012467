package netinfo

import (
	"errors"
	"testing"
)

func strp(s string) *string { return &s }

// TestServByName checks name lookups against the real /etc/services.
func TestServByName(t *testing.T) {
	tests := []struct {
		name  string
		proto *string
		port  int
		miss  bool
	}{
		{"ssh", nil, 22, false},
		{"ssh", strp("tcp"), 22, false},
		{"http", nil, 80, false},
		{"www", nil, 80, false}, // an alias
		{"domain", strp("udp"), 53, false},
		{"ssh", strp("udp"), 0, true}, // listed for tcp only
		{"SSH", nil, 0, true},         // names are case-sensitive
		{"http", strp(""), 0, true},   // an empty protocol matches nothing
		{"no-such-service", nil, 0, true},
	}
	for _, tt := range tests {
		port, err := ServByName(tt.name, tt.proto)
		var nf *NotFoundError
		if tt.miss {
			if !errors.As(err, &nf) || nf.Msg != "service/proto not found" {
				t.Errorf("ServByName(%q) = %d, %v; want service/proto not found", tt.name, port, err)
			}
			continue
		}
		if err != nil || port != tt.port {
			t.Errorf("ServByName(%q) = %d, %v; want %d", tt.name, port, err, tt.port)
		}
	}
}

// TestServByPort checks port lookups, the range check and misses.
func TestServByPort(t *testing.T) {
	tests := []struct {
		port  int
		proto *string
		want  string
		err   string
	}{
		{80, nil, "http", ""},
		{22, nil, "ssh", ""},
		{53, strp("udp"), "domain", ""},
		{1, nil, "tcpmux", ""},
		{512, strp("udp"), "biff", ""}, // a port whose udp name differs
		{80, strp("udp"), "", "port/proto not found"},
		{0, nil, "", "port/proto not found"},
		{-1, nil, "", ErrPortRange.Error()},
		{65536, nil, "", ErrPortRange.Error()},
	}
	for _, tt := range tests {
		name, err := ServByPort(tt.port, tt.proto)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ServByPort(%d) = %q, %v; want error %q", tt.port, name, err, tt.err)
			}
			continue
		}
		if err != nil || name != tt.want {
			t.Errorf("ServByPort(%d) = %q, %v; want %q", tt.port, name, err, tt.want)
		}
	}
}

// TestServicesInRange checks the range listing: bounds included, sorted by
// port, tcp before udp, and bad bounds refused.
func TestServicesInRange(t *testing.T) {
	list, err := ServicesInRange(21, 22)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range list {
		got = append(got, s.Name+"/"+s.Proto)
	}
	want := []string{"ftp/tcp", "fsp/udp", "ssh/tcp"}
	if len(got) != len(want) {
		t.Fatalf("ServicesInRange(21, 22) = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ServicesInRange(21, 22) = %v, want %v", got, want)
		}
	}
	for _, b := range [][2]int{{-1, 10}, {0, 65536}, {10, 5}} {
		if _, err := ServicesInRange(b[0], b[1]); err == nil {
			t.Errorf("ServicesInRange(%d, %d) succeeded; want an error", b[0], b[1])
		}
	}
	all, err := ServicesInRange(0, 65535)
	if err != nil || len(all) < 100 {
		t.Fatalf("ServicesInRange(0, 65535) gave %d entries, %v", len(all), err)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Port < all[i-1].Port {
			t.Fatalf("not sorted by port at %d: %v then %v", i, all[i-1], all[i])
		}
	}
}

// TestParseServiceLine checks the line format, comments and bad lines.
func TestParseServiceLine(t *testing.T) {
	s, ok := parseServiceLine("http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP")
	if !ok || s.Name != "http" || s.Port != 80 || s.Proto != "tcp" || len(s.Aliases) != 1 || s.Aliases[0] != "www" {
		t.Errorf("parseServiceLine(http) = %+v, %v", s, ok)
	}
	for _, bad := range []string{"", "# comment", "name", "name 80", "name x/tcp", "name 80/"} {
		if s, ok := parseServiceLine(bad); ok {
			t.Errorf("parseServiceLine(%q) = %+v; want skipped", bad, s)
		}
	}
}
