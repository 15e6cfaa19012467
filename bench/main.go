// Command bench compares echo servers in the same run: sockshell's serve
// echo, the minimal Go echo server (bench/goecho), and socat when it is
// installed; or with -tls, sockshell's tls-echo peer (bench/tlspeer) and
// the minimal Go crypto/tls echo server (bench/gotlsecho). For each it measures throughput with 1, 16 and 256 concurrent
// clients, the round-trip latency of 16-byte messages (p50 and p99), and
// the peak resident memory of the server (the whole process tree, so that
// socat's forked children count too). It prints a Markdown table.
//
// It is run by bench/run.sh, which builds the servers first:
//
//	bench/run.sh            # or: go run ./bench -sockshell BIN -goecho BIN
//	                        #     go run ./bench -tls -tlspeer BIN -gotlsecho BIN
//
// Every server is a separate process on 127.0.0.1, started and stopped by
// this program; the clients run here, on the same machine, so the numbers
// are for comparing the servers with each other, not absolute.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sockshell/bench/internal/proc"
)

var (
	sockshell   = flag.String("sockshell", "", "the sockshell binary")
	goecho      = flag.String("goecho", "", "the minimal Go echo server binary (bench/goecho)")
	socat       = flag.String("socat", "socat", "socat binary; skipped when not found")
	duration    = flag.Duration("duration", 2*time.Second, "how long each throughput run lasts")
	latencyRuns = flag.Int("roundtrips", 20000, "16-byte round trips for the latency figures")
	concList    = flag.String("clients", "1,16,256", "the concurrency levels")
	chunk       = flag.Int("chunk", 16<<10, "bytes per write in the throughput runs")
	repeat      = flag.Int("repeat", 3, "runs per throughput figure; the median is reported")
	tlsMode     = flag.Bool("tls", false, "compare the TLS echo servers instead (needs -tlspeer and -gotlsecho)")
	tlspeer     = flag.String("tlspeer", "", "sockshell's tls-echo peer on its own (bench/tlspeer)")
	gotlsecho   = flag.String("gotlsecho", "", "the minimal Go crypto/tls echo server binary (bench/gotlsecho)")
	window      = flag.Int("window", -1, "bytes a throughput client may have sent and not yet had back; 0: no limit (default: no limit, 256 KiB with -tls)")
)

// dial connects a client to a server under test: plain TCP, or TLS with
// -tls (see tlsServers).
var dial = func(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }

// server is one echo server under test.
type server struct {
	name string
	argv func(port int) []string
}

// result is one server's figures.
type result struct {
	name       string
	throughput map[int]float64 // MB/s (10^6 bytes), by concurrency
	p50, p99   time.Duration
	peakRSS    int64 // bytes
	err        error
}

func main() {
	flag.Parse()
	if (*sockshell == "" || *goecho == "") && !*tlsMode {
		fmt.Fprintln(os.Stderr, "usage: bench -sockshell BIN -goecho BIN [flags] (bench/run.sh builds both)")
		os.Exit(2)
	}
	var levels []int
	for _, f := range strings.Split(*concList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "bench: bad -clients %q\n", *concList)
			os.Exit(2)
		}
		levels = append(levels, n)
	}
	if *tlsMode {
		// A TLS echo is slower than its client's writes: with no window
		// the kernel buffers swell to gigabytes at 256 clients, the
		// machine nears tcp_mem's pressure mark, and the figures measure
		// that. 256 KiB is ten times what loopback needs in flight.
		if *window < 0 {
			*window = 256 << 10
		}
		dir, err := os.MkdirTemp("", "bench-tls")
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
		servers, err := tlsServers(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(2)
		}
		measure(servers, levels)
		return
	}
	servers := []server{
		{"sockshell serve echo", func(p int) []string {
			return []string{*sockshell, "-c", fmt.Sprintf("serve echo 127.0.0.1 %d; wait", p)}
		}},
		{"minimal Go server (goroutine + io.Copy)", func(p int) []string {
			return []string{*goecho, "-addr", fmt.Sprintf("127.0.0.1:%d", p)}
		}},
	}
	if path, err := exec.LookPath(*socat); err == nil {
		servers = append(servers, server{"socat fork EXEC:cat", func(p int) []string {
			return []string{path, fmt.Sprintf("TCP-LISTEN:%d,bind=127.0.0.1,reuseaddr,fork,backlog=1024", p), "EXEC:cat"}
		}})
	} else {
		fmt.Fprintln(os.Stderr, "bench: socat not found; comparing with the Go server only")
	}

	measure(servers, levels)
}

// measure runs the servers and prints their table.
func measure(servers []server, levels []int) {
	fmt.Fprintf(os.Stderr, "bench: %s, %d CPUs, %v per run, median of %d runs, %d-byte writes, window %d bytes (0: none)\n",
		runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(), *duration, *repeat, *chunk, max(*window, 0))
	results := run(servers, levels)
	printTable(results, levels)
}

// running is a server process under test.
type running struct {
	cmd     *exec.Cmd
	addr    string
	stopRSS chan struct{}
	peakRSS chan int64
}

// run starts every server, then measures them in turns, so that a drift
// in the machine's speed during the run falls on all of them alike: for
// each concurrency level, each repetition runs every server once.
func run(servers []server, levels []int) []result {
	results := make([]result, len(servers))
	procs := make([]*running, len(servers))
	for i, s := range servers {
		results[i] = result{name: s.name, throughput: map[int]float64{}}
		procs[i], results[i].err = launch(s)
	}
	for i, p := range procs {
		if results[i].err == nil {
			results[i].p50, results[i].p99, results[i].err = latency(p.addr, *latencyRuns)
		}
	}
	for _, n := range levels {
		samples := make([][]float64, len(servers))
		for rep := 0; rep < *repeat; rep++ {
			for i, p := range procs {
				if results[i].err != nil {
					continue
				}
				mbps, err := throughput(p.addr, n, *duration)
				if err != nil {
					results[i].err = err
					continue
				}
				samples[i] = append(samples[i], mbps)
			}
		}
		for i := range servers {
			if len(samples[i]) > 0 {
				sort.Float64s(samples[i])
				results[i].throughput[n] = samples[i][len(samples[i])/2]
				fmt.Fprintf(os.Stderr, "bench: %-40s %3d clients: %7.0f MB/s (runs: %.0f)\n", servers[i].name, n, results[i].throughput[n], samples[i])
			}
		}
	}
	for i, p := range procs {
		if p != nil {
			results[i].peakRSS = p.stop()
			procs[i] = nil
		}
	}
	return results
}

// launch starts a server on a free port and waits until it listens.
func launch(s server) (*running, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	argv := s.argv(port)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &running{cmd: cmd, addr: fmt.Sprintf("127.0.0.1:%d", port), stopRSS: make(chan struct{}), peakRSS: make(chan int64, 1)}
	if err := waitListening(p.addr); err != nil {
		p.stop()
		return nil, err
	}
	go func() { p.peakRSS <- watchRSS(cmd.Process.Pid, p.stopRSS) }()
	return p, nil
}

// stop ends the server (SIGINT, then SIGKILL after 5s) and returns the
// peak memory seen.
func (p *running) stop() int64 {
	close(p.stopRSS)
	p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
	select {
	case peak := <-p.peakRSS:
		return peak
	case <-time.After(time.Second):
		return 0
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func waitListening(addr string) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("nothing listens on %s after 10s", addr)
}

// latency sends 16-byte messages one at a time on one connection and times
// each round trip.
func latency(addr string, n int) (p50, p99 time.Duration, err error) {
	c, err := dial(addr)
	if err != nil {
		return 0, 0, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(60 * time.Second))
	msg := []byte("0123456789abcdef")
	buf := make([]byte, len(msg))
	times := make([]time.Duration, 0, n)
	for i := 0; i < n+n/10; i++ { // the first tenth warms up
		begin := time.Now()
		if _, err := c.Write(msg); err != nil {
			return 0, 0, err
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			return 0, 0, err
		}
		if i >= n/10 {
			times = append(times, time.Since(begin))
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	return times[len(times)/2], times[len(times)*99/100], nil
}

// throughput runs n clients for d, each writing as fast as the server takes
// its data (keeping at most -window bytes unechoed, when set) and reading
// the echo, and returns the echoed bytes per second. Every connection's
// deadline is the end of the run: at it, both loops stop and the
// connections are closed, with no wait for the data still in flight.
func throughput(addr string, n int, d time.Duration) (float64, error) {
	conns := make([]net.Conn, n)
	for i := range conns {
		c, err := dial(addr)
		if err != nil {
			for _, c := range conns[:i] {
				c.Close()
			}
			return 0, err
		}
		conns[i] = c
	}
	var echoed atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(d)
	done := make(chan struct{})
	timer := time.AfterFunc(d, func() { close(done) })
	defer timer.Stop()
	var firstErr atomic.Value
	// fail records an error other than the end of the run.
	fail := func(err error) {
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			firstErr.CompareAndSwap(nil, err)
		}
	}
	for _, c := range conns {
		wg.Add(2)
		c.SetDeadline(stop)
		// credit holds a token per chunk the writer may send before more
		// of the echo is back; nil for no window.
		var credit chan struct{}
		if *window > 0 {
			credit = make(chan struct{}, max(1, *window / *chunk))
			for len(credit) < cap(credit) {
				credit <- struct{}{}
			}
		}
		go func() { // writer
			defer wg.Done()
			p := make([]byte, *chunk)
			for {
				if credit != nil {
					select {
					case <-credit:
					case <-done:
						return
					}
				}
				if _, err := c.Write(p); err != nil {
					fail(err)
					return
				}
			}
		}()
		go func() { // reader: counts the echo, and gives the writer credit
			defer wg.Done()
			p := make([]byte, 64<<10)
			back := 0
			for {
				k, err := c.Read(p)
				echoed.Add(int64(k))
				for back += k; credit != nil && back >= *chunk; back -= *chunk {
					credit <- struct{}{} // never blocks: no more back than taken
				}
				if err != nil {
					fail(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, c := range conns {
		c.Close()
	}
	if err, ok := firstErr.Load().(error); ok {
		return 0, err
	}
	return float64(echoed.Load()) / d.Seconds() / 1e6, nil
}

// watchRSS samples the resident memory of pid and its descendants until
// stop is closed, and returns the largest total seen.
func watchRSS(pid int, stop <-chan struct{}) int64 {
	var peak int64
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		peak = max(peak, treeRSS(pid))
		select {
		case <-stop:
			return peak
		case <-tick.C:
		}
	}
}

// treeRSS is the resident memory of pid and every process under it.
func treeRSS(pid int) int64 {
	children := map[int][]int{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces, so cut at the last ')'.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		fields := strings.Fields(s[i+1:])
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		p, _ := strconv.Atoi(strings.Fields(s)[0])
		children[ppid] = append(children[ppid], p)
	}
	var total int64
	var walk func(int)
	walk = func(p int) {
		total += rss(p)
		for _, c := range children[p] {
			walk(c)
		}
	}
	walk(pid)
	return total
}

// rss is the resident memory of pid; 0 when it is gone.
func rss(pid int) int64 {
	n, _ := proc.Status(pid, "VmRSS:")
	return n
}

func printTable(results []result, levels []int) {
	var ref *result
	for i := range results {
		if strings.HasPrefix(results[i].name, "minimal Go") {
			ref = &results[i]
		}
	}
	head := "| server |"
	sep := "| --- |"
	for _, n := range levels {
		head += fmt.Sprintf(" %d client%s (MB/s) |", n, map[bool]string{true: "", false: "s"}[n == 1])
		sep += " ---: |"
	}
	head += " p50 RTT | p99 RTT | peak RSS |"
	sep += " ---: | ---: | ---: |"
	fmt.Println(head)
	fmt.Println(sep)
	for _, r := range results {
		if r.err != nil {
			fmt.Printf("| %s | failed: %v |\n", r.name, r.err)
			continue
		}
		line := "| " + r.name + " |"
		for _, n := range levels {
			cell := fmt.Sprintf(" %.0f", r.throughput[n])
			if ref != nil && ref != &r && ref.throughput[n] > 0 {
				cell += fmt.Sprintf(" (%.2f×)", r.throughput[n]/ref.throughput[n])
			}
			line += cell + " |"
		}
		line += fmt.Sprintf(" %.1f µs | %.1f µs | %.1f MiB |", us(r.p50), us(r.p99), float64(r.peakRSS)/(1<<20))
		fmt.Println(line)
	}
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
