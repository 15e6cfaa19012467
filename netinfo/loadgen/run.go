package loadgen

import (
	"context"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

const (
	// inlineWrite is the largest message a client sends before it starts
	// reading the echo. Larger ones are sent from a second goroutine
	// while the client reads: a client that wrote a whole large message
	// first would deadlock with a correct server, both sides' socket
	// buffers full (the server blocked sending the echo nobody reads,
	// the client blocked sending what the server no longer reads).
	// Loopback buffers hold far more than this.
	inlineWrite = 64 << 10

	// readBufSize bounds each client's receive buffer: the echo is
	// compared piece by piece, so a large message costs no memory per
	// client.
	readBufSize = 16 << 10
)

// Run starts cfg.Clients clients at once against cfg.Addr, each on its own
// TCP connection: it connects, then for each of cfg.Rounds rounds sends the
// message and reads the whole echo back, comparing it byte for byte with
// what it sent, then closes. Run returns when every client has finished.
//
// Each client ends with one Outcome: OK, or the first thing that went
// wrong, after which it closes its connection. Bytes a server sends beyond
// the last round's echo are not waited for, so they go unnoticed.
//
// Cancelling ctx (Ctrl-C) closes every connection: Run returns promptly
// with the partial Result, the clients still under way counted
// Interrupted. Run returns an error only for a Config it refuses
// (*ConfigError); a failed client is a figure in the Result, not an error.
//
// Run raises the process's soft limit on open files when cfg.Clients needs
// it; when that is not possible, Result.Notes says so.
func Run(ctx context.Context, cfg Config) (Result, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Result{}, err
	}
	r := newRun(cfg)
	var notes []string
	if note := makeRoomForFiles(cfg.Clients); note != "" {
		notes = append(notes, note)
	}
	start := time.Now()
	stopProgress := r.reportProgress(start)
	var wg sync.WaitGroup
	for id := 1; id <= cfg.Clients; id++ {
		wg.Go(func() { r.client(ctx, id) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	stopProgress()
	res := r.result(elapsed)
	res.Notes = notes
	return res, nil
}

// run is the state the clients of one run share.
type run struct {
	cfg    Config
	addr   string // cfg.Addr for the dialer
	dialer net.Dialer
	body   []byte // the generated message's lines, shared by every client (nil for the user's message)

	connected, open, done atomic.Int64
	rounds                atomic.Int64 // rounds echoed correctly
	sent, received        atomic.Int64 // bytes
	counts                [numOutcomes]atomic.Int64
	connectLat, roundLat  histogram

	mu      sync.Mutex
	samples [numOutcomes]*ClientError // the lowest-numbered client's, per outcome
}

func newRun(cfg Config) *run {
	r := &run{cfg: cfg, addr: cfg.Addr.String()}
	r.dialer.Timeout = cfg.Timeout
	r.dialer.KeepAlive = -1 // a conversation is short; spare the setsockopt calls
	if cfg.Local.IsValid() {
		r.dialer.LocalAddr = net.TCPAddrFromAddrPort(netip.AddrPortFrom(cfg.Local, 0))
	}
	if len(cfg.Message) == 0 {
		r.body = make([]byte, cfg.Size)
		fillBody(r.body)
	}
	return r
}

// client runs client id's conversation and counts its outcome.
func (r *run) client(ctx context.Context, id int) {
	c := &conversation{run: r, ctx: ctx, id: id, msg: newMessage(r.cfg.Message, r.body)}
	outcome := OK
	if err := c.converse(); err != nil {
		outcome = err.Outcome
		r.keepSample(err)
	}
	r.sent.Add(c.bytesOut)
	r.received.Add(c.bytesIn)
	r.counts[outcome].Add(1)
	r.done.Add(1)
}

// keepSample keeps err if it is the first of its kind, by client number.
func (r *run) keepSample(err *ClientError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s := r.samples[err.Outcome]; s == nil || err.Client < s.Client {
		r.samples[err.Outcome] = err
	}
}

// reportProgress calls cfg.Progress every ProgressInterval until the
// returned stop is called; stop returns once the last call has.
func (r *run) reportProgress(start time.Time) (stop func()) {
	if r.cfg.Progress == nil {
		return func() {}
	}
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(ProgressInterval)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				r.cfg.Progress(r.progress(start))
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
	}
}

func (r *run) progress(start time.Time) Progress {
	return Progress{
		Clients:   r.cfg.Clients,
		Connected: int(r.connected.Load()),
		Open:      int(r.open.Load()),
		Done:      int(r.done.Load()),
		OK:        int(r.counts[OK].Load()),
		Rounds:    r.rounds.Load(),
		Elapsed:   time.Since(start),
	}
}
