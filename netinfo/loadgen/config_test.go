package loadgen

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"
)

func TestConfigRefused(t *testing.T) {
	addr := netip.MustParseAddrPort("127.0.0.1:7")
	tests := []struct {
		field string
		cfg   Config
	}{
		{"Addr", Config{Clients: 1}},
		{"Addr", Config{Addr: netip.MustParseAddrPort("127.0.0.1:0"), Clients: 1}},
		{"Local", Config{Addr: addr, Clients: 1, Local: netip.MustParseAddr("::1")}},
		{"Clients", Config{Addr: addr}},
		{"Clients", Config{Addr: addr, Clients: MaxClients + 1}},
		{"Size", Config{Addr: addr, Clients: 1, Size: -1}},
		{"Size", Config{Addr: addr, Clients: 1, Size: MaxSize + 1}},
		{"Size", Config{Addr: addr, Clients: 1, Size: 10, Message: []byte("hi")}},
		{"Message", Config{Addr: addr, Clients: 1, Message: make([]byte, MaxSize+1)}},
		{"Rounds", Config{Addr: addr, Clients: 1, Rounds: -1}},
		{"Timeout", Config{Addr: addr, Clients: 1, Timeout: -time.Second}},
	}
	for _, tt := range tests {
		_, err := Run(context.Background(), tt.cfg)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Field != tt.field {
			t.Errorf("Run(%+v) = %v, want a ConfigError on %s", tt.cfg, err, tt.field)
		}
	}
}

func TestConfigDefaults(t *testing.T) {
	addr := netip.MustParseAddrPort("[::1]:7")
	tests := []struct {
		in, want Config
	}{
		{Config{Addr: addr, Clients: 2},
			Config{Addr: addr, Clients: 2, Size: DefaultSize, Rounds: 1, Timeout: DefaultTimeout}},
		{Config{Addr: addr, Clients: 2, Message: []byte("x"), Rounds: 3, Timeout: time.Second},
			Config{Addr: addr, Clients: 2, Message: []byte("x"), Rounds: 3, Timeout: time.Second}},
		{Config{Addr: addr, Clients: 2, Local: netip.MustParseAddr("::1"), Size: 5},
			Config{Addr: addr, Clients: 2, Local: netip.MustParseAddr("::1"), Size: 5, Rounds: 1, Timeout: DefaultTimeout}},
	}
	for _, tt := range tests {
		got, err := tt.in.withDefaults()
		if err != nil || got.Size != tt.want.Size || got.Rounds != tt.want.Rounds || got.Timeout != tt.want.Timeout ||
			string(got.Message) != string(tt.want.Message) || got.Local != tt.want.Local {
			t.Errorf("withDefaults(%+v) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}
