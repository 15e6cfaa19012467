package loadgen

import (
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestTable(t *testing.T) {
	res := Result{
		Clients: 10, Connected: 8, Rounds: 30,
		Connect:       Latency{Count: 8, P50: 85 * time.Microsecond, P99: 1234 * time.Microsecond, Max: 3 * time.Millisecond},
		BytesSent:     64000,
		BytesReceived: 60000,
		Elapsed:       2 * time.Second,
		Notes:         []string{"the open-file limit is low"},
	}
	res.counts[OK] = 5
	res.counts[Refused] = 2
	res.counts[ClosedEarly] = 3
	res.samples[Refused] = &ClientError{Client: 4, Outcome: Refused, Err: syscall.ECONNREFUSED}
	res.samples[ClosedEarly] = &ClientError{Client: 2, Round: 3, Outcome: ClosedEarly, Got: 1024, Want: 4096}
	want := []Row{
		{"clients", "10", ""},
		{"connected", "8", ""},
		{"echoed correctly", "5", ""},
		{"wrong bytes", "0", ""},
		{"closed early", "3", "first: client 2, round 3: the server closed the connection after 1024 of 4096 bytes"},
		{"refused", "2", "first: client 4, connect: connection refused"},
		{"reset", "0", ""},
		{"timed out", "0", ""},
		{"connect latency", "p50 85.0µs  p99 1.23ms  max 3.00ms", ""},
		{"round-trip latency", "-", ""},
		{"throughput", "30.0 kB/s", "64.0 kB sent, 60.0 kB received"},
		{"elapsed", "2.00s", ""},
		{"note", "the open-file limit is low", ""},
	}
	got := res.Table()
	if len(got) != len(want) {
		t.Fatalf("Table() has %d rows, want %d:\n%q", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %q, want %q", i, got[i], want[i])
		}
	}
	if res.Passed() || res.Failed() != 5 || res.Count(Outcome(99)) != 0 || res.Sample(OK) != nil {
		t.Errorf("Passed %v, Failed %d", res.Passed(), res.Failed())
	}
	// Other errors and interruptions get a row when there are some.
	res.counts[Interrupted] = 1
	if row := findRow(res.Table(), "interrupted"); row.Value != "1" {
		t.Errorf("no interrupted row: %q", res.Table())
	}
}

func TestClientErrorText(t *testing.T) {
	reset := &ClientError{Client: 3, Round: 2, Outcome: Reset, Got: 10, Want: 20,
		Err: &wrapped{syscall.ECONNRESET}}
	tests := []struct {
		err  *ClientError
		want string
	}{
		{reset, "client 3, round 2: connection reset by peer after 10 of 20 bytes"},
		{&ClientError{Client: 1, Round: 1, Outcome: WrongBytes, Got: 5, Want: 9, GotByte: 0x1b, WantByte: 'x'},
			"client 1, round 1: byte 5 of 9 is 0x1b, expected 0x78 ('x')"},
		{&ClientError{Client: 1, Outcome: TimedOut, Timeout: time.Second},
			"client 1, connect: timed out (limit 1s)"},
		{&ClientError{Client: 1, Round: 4, Outcome: Interrupted, Got: 0, Want: 9},
			"client 1, round 4: interrupted after 0 of 9 bytes"},
		{&ClientError{Client: 9, Outcome: OtherError, Err: syscall.EMFILE},
			"client 9, connect: too many open files"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	if !errors.Is(reset, syscall.ECONNRESET) {
		t.Error("errors.Is(ClientError, ECONNRESET) is false")
	}
}

// wrapped stands for the net package's wrapping of an errno.
type wrapped struct{ error }

func (w *wrapped) Error() string { return "read tcp 127.0.0.1:1->127.0.0.1:2: " + w.error.Error() }
func (w *wrapped) Unwrap() error { return w.error }

func TestClassify(t *testing.T) {
	tests := []struct {
		err  error
		want Outcome
	}{
		{&wrapped{syscall.ECONNREFUSED}, Refused},
		{&wrapped{syscall.ECONNRESET}, Reset},
		{&wrapped{syscall.EPIPE}, Reset},
		{&wrapped{syscall.ETIMEDOUT}, TimedOut},
		{&wrapped{syscall.EMFILE}, OtherError},
		{errors.New("anything"), OtherError},
	}
	for _, tt := range tests {
		if got := classify(tt.err); got != tt.want {
			t.Errorf("classify(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
	if len(Outcomes()) != int(numOutcomes) || Outcome(42).String() != "Outcome(42)" || strings.Contains(TimedOut.String(), "(") {
		t.Error("outcome names")
	}
}

func TestProgressText(t *testing.T) {
	p := Progress{Clients: 1000, Connected: 1000, Open: 588, Done: 412, OK: 400, Elapsed: 1234 * time.Millisecond}
	if got, want := p.String(), "412/1000 done, 400 ok, 12 failed, 588 open, 1.23s"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestTextHelpers(t *testing.T) {
	durations := map[time.Duration]string{
		500:                       "500ns",
		1500:                      "1.50µs",
		12345 * time.Microsecond:  "12.3ms",
		999700 * time.Microsecond: "1.00s",
		1234567:                   "1.23ms",
		90 * time.Second:          "90.0s",
	}
	for d, want := range durations {
		if got := durationText(d); got != want {
			t.Errorf("durationText(%d) = %q, want %q", d, got, want)
		}
	}
	sizes := map[int64]string{0: "0 B", 999: "999 B", 1000: "1.00 kB", 64000: "64.0 kB", 1_050_000: "1.05 MB", 3e12: "3.00 TB", 5e15: "5000 TB"}
	for n, want := range sizes {
		if got := bytesText(n); got != want {
			t.Errorf("bytesText(%d) = %q, want %q", n, got, want)
		}
	}
}
