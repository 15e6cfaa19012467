package peers

import (
	"io"
	"net"
	"testing"
	"time"
)

// Once a client has received N bytes, the server's Out counter says at
// least N, and once it has had an answer to M bytes, In says at least M:
// `servers` run right after a recv must not show 0. (The counter used to
// be updated after the write returned, by which time the client could
// already hold the bytes.) The race is narrow, so the test makes many
// round trips, over TCP and UDP.
func TestCountersMatchWhatClientsSee(t *testing.T) {
	const rounds = 3000
	t.Run("tcp", func(t *testing.T) {
		_, s := start(t, Echo, Limits{})
		c := dial(t, s)
		c.SetDeadline(time.Now().Add(time.Minute))
		buf := make([]byte, 5)
		for i := 1; i <= rounds; i++ {
			if _, err := c.Write([]byte("12345")); err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadFull(c, buf); err != nil {
				t.Fatal(err)
			}
			if st := s.Stats(); st.Out < int64(5*i) || st.In < int64(5*i) {
				t.Fatalf("round %d: the client has had %d bytes back, the server counts %d in and %d out", i, 5*i, st.In, st.Out)
			}
		}
	})
	t.Run("udp", func(t *testing.T) {
		_, s := start(t, Echo, Limits{})
		u, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(s.Addr()))
		if err != nil {
			t.Fatal(err)
		}
		defer u.Close()
		u.SetDeadline(time.Now().Add(time.Minute))
		buf := make([]byte, 16)
		for i := 1; i <= rounds; i++ {
			if _, err := u.Write([]byte("12345")); err != nil {
				t.Fatal(err)
			}
			if _, err := u.Read(buf); err != nil {
				t.Fatal(err)
			}
			if st := s.Stats(); st.Out < int64(5*i) || st.In < int64(5*i) {
				t.Fatalf("round %d: the client has had %d bytes back, the server counts %d in and %d out", i, 5*i, st.In, st.Out)
			}
		}
	})
}

// What a client sends to chargen and discard is counted too, though
// neither answers it.
func TestCountersForSilentServices(t *testing.T) {
	for _, kind := range []Kind{Chargen, Discard} {
		t.Run(string(kind), func(t *testing.T) {
			_, s := start(t, kind, Limits{})
			c := dial(t, s)
			if _, err := c.Write([]byte("hello")); err != nil {
				t.Fatal(err)
			}
			c.CloseWrite()
			eventually(t, "the server counts 5 bytes in", func() bool { return s.Stats().In == 5 })
		})
	}
}
