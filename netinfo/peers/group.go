package peers

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// logQueue is how many events may wait for the log function before new
// ones are dropped (and counted): a slow terminal must never slow a server.
const logQueue = 4096

// Group is the set of servers one shell session runs: it numbers them,
// finds them by id, stops them, and delivers their events to one log
// function, in order, from one goroutine.
type Group struct {
	mu      sync.Mutex
	nextID  int
	running map[int]*Server
	idle    chan struct{} // closed when running becomes empty; nil while empty
	caFile  string        // where WriteCA last wrote the CA certificate

	authority func() (*Authority, error) // made on first use

	logging   atomic.Bool // whether servers make events at all
	recording atomic.Bool // whether relays make events (for recordFn)
	logMu     sync.Mutex  // guards logFn, recordFn, events, logDone and queued
	logFn     func(Event)
	recordFn  func(Event)
	events    chan Event
	logDone   chan struct{}
	dropped   atomic.Int64
	// queued counts the events put in the queue, delivered those the
	// functions have taken (see Flush).
	queued    uint64
	delivered atomic.Uint64
}

// NewGroup returns an empty group.
func NewGroup() *Group {
	return &Group{running: make(map[int]*Server), authority: sync.OnceValues(NewAuthority)}
}

// Start runs a server of kind on addr (port 0 picks a free port; for the
// services that also answer on UDP, one free for both). It returns once the
// server is listening.
func (g *Group) Start(kind Kind, addr netip.AddrPort, lim Limits) (*Server, error) {
	return g.StartWith(kind, addr, lim, Options{})
}

// StartWith is Start for a server that misbehaves as opts say (see
// Options for how they act over TLS; on chat they do nothing). A cert
// flaw is an error for a kind without TLS.
func (g *Group) StartWith(kind Kind, addr netip.AddrPort, lim Limits, opts Options) (*Server, error) {
	return g.start(kind, addr, netip.AddrPort{}, lim, opts)
}

// StartProxy runs a relay on addr: for each client it connects to target
// and copies bytes both ways until both sides have finished, as Shopify's
// toxiproxy does. Its Kind is Proxy. The options act on the relay's side
// toward the client (see relay.go); the limits count client connections,
// each of which also holds a socket to the target. A relay to its own
// address is refused (ErrRelayLoop).
func (g *Group) StartProxy(addr, target netip.AddrPort, lim Limits, opts Options) (*Server, error) {
	if !target.IsValid() || target.Port() == 0 {
		return nil, fmt.Errorf("peers: a relay needs a target address and port, not %v", target)
	}
	return g.start(Proxy, addr, target, lim, opts)
}

// ErrRelayLoop is StartProxy's error for a relay whose target is the
// relay itself: each client would make one more connection to it, without
// end.
var ErrRelayLoop = errors.New("peers: the relay's target is the relay itself")

// start is Start, StartWith, StartProxy and StartTLS: a server of kind on
// addr, relaying to target (a Proxy), misbehaving as opts say, presenting
// a certificate with opts.Cert's flaw (a TLS kind).
func (g *Group) start(kind Kind, addr, target netip.AddrPort, lim Limits, opts Options) (*Server, error) {
	if kind == Proxy && !target.IsValid() {
		return nil, errors.New("peers: a relay is started with StartProxy, which needs a target")
	}
	tlsConf, err := g.tlsFor(kind, opts.Cert)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	g.nextID++
	id := g.nextID
	g.mu.Unlock()
	s, err := listen(g, id, kind, addr, lim.withDefaults(), opts)
	if err != nil {
		return nil, err
	}
	s.target = target
	if kind == Proxy && reaches(target, s.Addr()) {
		s.ln.Close()
		s.cancel()
		return nil, ErrRelayLoop
	}
	s.tls = tlsConf
	if kind == Chat {
		s.broker = newBroker()
	}
	g.mu.Lock()
	if len(g.running) == 0 {
		g.idle = make(chan struct{})
	}
	g.running[id] = s
	g.mu.Unlock()
	s.serve()
	return s, nil
}

// removed is called by a server once it has stopped.
func (g *Group) removed(s *Server) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running[s.ID] != s {
		return
	}
	delete(g.running, s.ID)
	if len(g.running) == 0 {
		close(g.idle)
		g.idle = nil
	}
}

// Servers returns the running servers, by id.
func (g *Group) Servers() []*Server {
	g.mu.Lock()
	list := make([]*Server, 0, len(g.running))
	for _, s := range g.running {
		list = append(list, s)
	}
	g.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	return list
}

// Get returns the running server with id.
func (g *Group) Get(id int) (*Server, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	s, ok := g.running[id]
	return s, ok
}

// StopAll stops every running server and waits until they have stopped.
func (g *Group) StopAll() {
	var wg sync.WaitGroup
	for _, s := range g.Servers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Stop()
		}()
	}
	wg.Wait()
}

// Wait blocks until no server is running (it returns nil) or ctx ends (it
// returns ctx's error).
func (g *Group) Wait(ctx context.Context) error {
	g.mu.Lock()
	idle := g.idle
	g.mu.Unlock()
	if idle == nil {
		return nil
	}
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SetLog sends every later event to fn, called from a single goroutine in
// the order the events happened; nil stops the events (servers then skip
// making them altogether). Events that arrive faster than fn takes them
// are dropped beyond a queue of a few thousand, and counted in the next
// delivered event's Dropped.
func (g *Group) SetLog(fn func(Event)) {
	g.logMu.Lock()
	defer g.logMu.Unlock()
	g.logFn = fn
	if fn != nil {
		g.startDelivery()
	}
	g.logging.Store(fn != nil)
}

// startDelivery starts the goroutine that hands the events to the
// functions, once. The caller holds logMu.
func (g *Group) startDelivery() {
	if g.events == nil {
		g.events = make(chan Event, logQueue)
		g.logDone = make(chan struct{})
		go g.deliver(g.events, g.logDone)
	}
}

// Logging reports whether a log function is installed.
func (g *Group) Logging() bool { return g.logging.Load() }

func (g *Group) deliver(events <-chan Event, done chan<- struct{}) {
	defer close(done)
	for ev := range events {
		ev.Dropped = int(g.dropped.Swap(0))
		g.logMu.Lock()
		fn, record := g.logFn, g.recordFn
		g.logMu.Unlock()
		if record != nil {
			record(ev)
		}
		if fn != nil {
			fn(ev)
		}
		g.delivered.Add(1)
	}
}

// emit queues an event for the log function, dropping it when the queue is
// full. Callers check g.logging first, to skip building events nobody reads.
func (g *Group) emit(ev Event) {
	g.logMu.Lock()
	// Stamped under the lock, so that times follow the queue's order.
	ev.Time = time.Now()
	defer g.logMu.Unlock()
	if g.events == nil {
		return
	}
	select {
	case g.events <- ev:
		g.queued++
	default:
		g.dropped.Add(1)
	}
}

// Close stops every server, delivers the events still queued, and ends the
// log goroutine. The group can't be used afterwards.
func (g *Group) Close() {
	g.StopAll()
	g.logMu.Lock()
	events, done := g.events, g.logDone
	g.events = nil
	g.logging.Store(false)
	g.recording.Store(false)
	g.logMu.Unlock()
	if events != nil {
		close(events)
		<-done
	}
}
