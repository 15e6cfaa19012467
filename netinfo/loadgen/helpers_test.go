package loadgen

import (
	"io"
	"net"
	"net/netip"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"
)

// handler serves one connection of a test server; quit closes when the
// test ends, so that a handler that waits can stop waiting.
type handler func(c *net.TCPConn, quit <-chan struct{})

// serve runs a TCP server on a free port of addr (127.0.0.1 or ::1) that
// runs handle on every connection it accepts: each in its own goroutine,
// or, when serial, one connection at a time as a beginner's server does.
// The server stops, every connection closed and every goroutine gone, when
// the test ends.
func serve(t *testing.T, addr string, serial bool, handle handler) netip.AddrPort {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(addr, "0"))
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns = map[net.Conn]bool{}
		quit  = make(chan struct{})
	)
	run := func(c *net.TCPConn) {
		defer func() {
			c.Close()
			mu.Lock()
			delete(conns, c)
			mu.Unlock()
		}()
		handle(c, quit)
	}
	wg.Go(func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			c := nc.(*net.TCPConn)
			mu.Lock()
			conns[c] = true
			mu.Unlock()
			if serial {
				run(c)
			} else {
				wg.Go(func() { run(c) })
			}
		}
	})
	t.Cleanup(func() {
		close(quit)
		ln.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return netip.MustParseAddrPort(ln.Addr().String())
}

// echo is a correct echo server's handler. It copies through a buffer of
// its own: io.Copy between two TCPConns would splice through pipes that Go
// keeps in a pool, which the leak check would count.
func echo(c *net.TCPConn, _ <-chan struct{}) {
	io.CopyBuffer(struct{ io.Writer }{c}, struct{ io.Reader }{c}, make([]byte, 32<<10))
}

// checkLeaks fails the test if, once it and its cleanups are over, the
// process holds more goroutines or file descriptors than before. Call it
// first, so that its cleanup runs last.
func checkLeaks(t *testing.T) {
	t.Helper()
	goroutines, fds := runtime.NumGoroutine(), openFDs(t)
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for {
			g, f := runtime.NumGoroutine(), openFDs(t)
			if g <= goroutines && f <= fds {
				return
			}
			if time.Now().After(deadline) {
				t.Errorf("leak: %d goroutines and %d fds, %d and %d before", g, f, goroutines, fds)
				ents, _ := os.ReadDir("/proc/self/fd")
				for _, e := range ents {
					l, _ := os.Readlink("/proc/self/fd/" + e.Name())
					t.Log(e.Name(), l)
				}
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// openFDs counts the process's open file descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents)
}
