package peers

import "time"

// A caller that draws the relays' conversations (a ladder diagram) needs
// their events whether or not the log is on, and needs them all once
// something it saw happen was caused by a relay: SetRecord and Flush.

// flushMax bounds how long Flush waits for the events still on their way.
const flushMax = time.Second

// SetRecord sends every later event to fn, as SetLog does, from the same
// goroutine and in the same order, and makes the relays (Kind Proxy) make
// their events while fn is set, whether or not a log function is
// installed. fn gets the other servers' events only while the log is on.
// nil stops it.
func (g *Group) SetRecord(fn func(Event)) {
	g.logMu.Lock()
	defer g.logMu.Unlock()
	g.recordFn = fn
	if fn != nil {
		g.startDelivery()
	}
	g.recording.Store(fn != nil)
}

// Flush waits until the events of what the servers have done so far have
// been handed to the log and record functions: it first waits for each
// connection to report what the kernel holds for it, a write under way and
// an end under way (close_after, reset_after, a relay passing a reset on),
// at most settleBudget in all, then for the queue to be delivered, at most
// flushMax. Events dropped from a full queue are not waited for.
func (g *Group) Flush() {
	deadline := time.Now().Add(settleBudget)
	for _, s := range g.Servers() {
		s.mu.Lock()
		conns := make([]*conn, 0, len(s.conns))
		for c := range s.conns {
			conns = append(conns, c)
		}
		s.mu.Unlock()
		for _, c := range conns {
			c.settle(deadline)
			for c.ending.Load() && !c.closedReported.Load() && time.Now().Before(deadline) {
				time.Sleep(settlePoll)
			}
		}
	}
	g.logMu.Lock()
	queued := g.queued
	g.logMu.Unlock()
	stop := time.Now().Add(flushMax)
	for g.delivered.Load() < queued && time.Now().Before(stop) {
		time.Sleep(settlePoll)
	}
}
