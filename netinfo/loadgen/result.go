package loadgen

import (
	"fmt"
	"strconv"
	"time"
)

// Result is what a run measured.
type Result struct {
	Clients   int   // clients in the run
	Connected int   // clients whose connect succeeded
	Rounds    int64 // rounds echoed correctly, all clients together

	// Connect is the time each successful connect took; RoundTrip the
	// time of each round echoed correctly, from the send to the last
	// byte of the echo. Percentiles are within 1.6%; Max is exact.
	Connect, RoundTrip Latency

	BytesSent, BytesReceived int64
	Elapsed                  time.Duration // from the first connect to the last client's end

	// Notes are warnings about the run itself, such as an open-file limit
	// too low for Clients.
	Notes []string

	counts  [numOutcomes]int
	samples [numOutcomes]*ClientError
}

func (r *run) result(elapsed time.Duration) Result {
	res := Result{
		Clients:       r.cfg.Clients,
		Connected:     int(r.connected.Load()),
		Rounds:        r.rounds.Load(),
		Connect:       r.connectLat.summary(),
		RoundTrip:     r.roundLat.summary(),
		BytesSent:     r.sent.Load(),
		BytesReceived: r.received.Load(),
		Elapsed:       elapsed,
		samples:       r.samples,
	}
	for o := range res.counts {
		res.counts[o] = int(r.counts[o].Load())
	}
	return res
}

// Count is the number of clients that ended with outcome o.
func (res Result) Count(o Outcome) int {
	if o < 0 || o >= numOutcomes {
		return 0
	}
	return res.counts[o]
}

// Sample is, for a failure outcome, the failure of the lowest-numbered
// client that ended so: nil when none did (and for OK).
func (res Result) Sample(o Outcome) *ClientError {
	if o < 0 || o >= numOutcomes {
		return nil
	}
	return res.samples[o]
}

// Failed is the number of clients that did not end OK (interrupted ones
// included).
func (res Result) Failed() int { return res.Clients - res.counts[OK] }

// Passed reports whether every client echoed every round correctly: what
// a homework check asks.
func (res Result) Passed() bool { return res.counts[OK] == res.Clients }

// Throughput is the echo received, in bytes per second of the run.
func (res Result) Throughput() float64 {
	if res.Elapsed <= 0 {
		return 0
	}
	return float64(res.BytesReceived) / res.Elapsed.Seconds()
}

// Row is one line of the result table: a label, a value, and for a
// failure count, a note saying what the first such failure was. All three
// are plain printable text.
type Row struct {
	Label, Value, Note string
}

// Table lays the result out as rows, for the shell to fit to its width:
// the clients, each outcome (other errors and interrupted ones only when
// there were some), the latencies, the throughput, the elapsed time and
// the notes.
func (res Result) Table() []Row {
	rows := []Row{
		{Label: "clients", Value: strconv.Itoa(res.Clients)},
		{Label: "connected", Value: strconv.Itoa(res.Connected)},
	}
	for _, o := range Outcomes() {
		n := res.counts[o]
		if n == 0 && (o == OtherError || o == Interrupted) {
			continue
		}
		row := Row{Label: o.String(), Value: strconv.Itoa(n)}
		if s := res.samples[o]; s != nil {
			row.Note = "first: " + s.Error()
		}
		rows = append(rows, row)
	}
	rows = append(rows,
		Row{Label: "connect latency", Value: res.Connect.String()},
		Row{Label: "round-trip latency", Value: res.RoundTrip.String()},
		Row{Label: "throughput", Value: fmt.Sprintf("%s/s", bytesText(int64(res.Throughput()))),
			Note: fmt.Sprintf("%s sent, %s received", bytesText(res.BytesSent), bytesText(res.BytesReceived))},
		Row{Label: "elapsed", Value: durationText(res.Elapsed)},
	)
	for _, n := range res.Notes {
		rows = append(rows, Row{Label: "note", Value: n})
	}
	return rows
}

// String shows the percentiles: "p50 85µs  p99 1.2ms  max 3.4ms", or "-"
// when nothing was measured.
func (l Latency) String() string {
	if l.Count == 0 {
		return "-"
	}
	return fmt.Sprintf("p50 %s  p99 %s  max %s", durationText(l.P50), durationText(l.P99), durationText(l.Max))
}

// durationText shows d with three significant digits, which is all a
// latency measured on a busy machine is worth (time.Duration's String
// shows nine).
func durationText(d time.Duration) string {
	// Round first, so that 999.7ms shows as 1.00s, not 1000ms.
	unit := time.Duration(1)
	for v := d; v >= 1000; v /= 10 {
		unit *= 10
	}
	d = d.Round(unit)
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%dns", d)
	case d < time.Millisecond:
		return threeDigits(float64(d)/float64(time.Microsecond)) + "µs"
	case d < time.Second:
		return threeDigits(float64(d)/float64(time.Millisecond)) + "ms"
	}
	return threeDigits(d.Seconds()) + "s"
}

// threeDigits shows v (at least 1) with three significant digits, or more
// when its integer part has more: 1.23, 12.3, 123, 1234.
func threeDigits(v float64) string {
	decimals := 0
	switch {
	case v < 10:
		decimals = 2
	case v < 100:
		decimals = 1
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// bytesText shows n in decimal units: 512 B, 64.0 kB, 1.05 MB.
func bytesText(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f, prefix := float64(n), 0
	for f >= unit && prefix < 4 {
		f /= unit
		prefix++
	}
	return threeDigits(f) + " " + "kMGT"[prefix-1:prefix] + "B"
}
