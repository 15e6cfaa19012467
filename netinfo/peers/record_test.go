package peers

import (
	"strings"
	"sync"
	"testing"
)

// recorder keeps what SetRecord hands it.
type recorder struct {
	mu     sync.Mutex
	events []Event
}

func (r *recorder) add(ev Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

func (r *recorder) all() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// With the log off, SetRecord still gets a relay's events, and none of
// another server's; once the client has seen the relay's close_after FIN,
// Flush has the events of all that happened: the pieces the relay sent the
// client, and the Closed events that say it ended the connection.
func TestRecordWithoutLog(t *testing.T) {
	g := NewGroup()
	t.Cleanup(g.Close)
	var rec recorder
	g.SetRecord(rec.add)
	echo, err := g.Start(Echo, loopback, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	opts, err := ParseOptions(strings.Fields("split=2 close_after=5"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.StartProxy(loopback, echo.Addr(), Limits{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if g.Logging() {
		t.Fatal("Logging() is true with only a recorder")
	}
	c := dial(t, p)
	if _, err := c.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	if got := string(readAll(t, c)); got != "hello" {
		t.Fatalf("the client read %q, want hello", got)
	}
	g.Flush()
	var pieces []string
	closed := 0
	for _, ev := range rec.all() {
		if ev.Kind != Proxy {
			t.Errorf("an event of the %s server was recorded with the log off: %+v", ev.Kind, ev)
		}
		if ev.Time.IsZero() {
			t.Errorf("event without a time: %+v", ev)
		}
		switch {
		case ev.Type == Sent && !ev.Upstream:
			pieces = append(pieces, string(ev.Data))
		case ev.Type == Closed && strings.Contains(ev.Note, "close_after=5"):
			closed++
		}
	}
	if strings.Join(pieces, "|") != "he|ll|o" {
		t.Errorf("the pieces sent to the client: %q, want he, ll, o", pieces)
	}
	if closed != 2 {
		t.Errorf("%d Closed events say close_after=5 after Flush, want 2 (each socket's)", closed)
	}
	evs := rec.all()
	for i := 1; i < len(evs); i++ {
		if evs[i].Time.Before(evs[i-1].Time) {
			t.Errorf("event %d's time is before event %d's", i, i-1)
		}
	}
	g.SetRecord(nil)
	n := len(rec.all())
	c2 := dial(t, p)
	c2.Write([]byte("again"))
	readAll(t, c2)
	g.Flush()
	if got := len(rec.all()); got != n {
		t.Errorf("%d events recorded after SetRecord(nil)", got-n)
	}
}

// reset_after on a relay closes the client's socket, whose read may then
// fail before the write that ended it returns: the Closed events still say
// that reset_after ended the connection.
func TestRelayResetAfterNote(t *testing.T) {
	ln, target := listenTarget(t)
	for range 5 {
		p, events := startProxy(t, target, "reset_after=3")
		c := dial(t, p)
		up := acceptTarget(t, ln)
		if _, err := up.Write([]byte("pong")); err != nil {
			t.Fatal(err)
		}
		for _, upstream := range []bool{true, false} {
			ev := events.nextOf(t, Closed, upstream)
			if ev.Note != "reset by the server (reset_after=3)" {
				t.Errorf("the Closed event (upstream %v) says %q", upstream, ev.Note)
			}
		}
		c.Close()
	}
}
