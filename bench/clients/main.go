// Command clients compares sockshell's load generator (netinfo/loadgen,
// behind the shell's `clients` command) with what a student would write
// instead, a Python asyncio client (asyncio_clients.py, beside this file),
// in the same run and against the same echo server (bench/goecho, a
// separate process on 127.0.0.1). Both do the same work and the same
// checks: N clients at once, each connecting, then for each round sending
// the same message (loadgen.Pattern), reading exactly as many bytes back
// and comparing them, with a timeout per step and a count per failure kind.
//
// For each case (clients × rounds) it times both, in turns so that a drift
// in the machine's speed falls on both alike, and reports the medians, the
// ratio and the round-trip latencies, as a Markdown table. Each side's time
// is its own measure from the first connect to the last client's end
// (Result.Elapsed; the script's time.perf_counter), so Python's start-up
// is not counted against it. Where python3 is absent it says so and
// measures the Go engine alone.
//
// It is run by bench/run.sh, or alone from the module's root:
//
//	go run ./bench/clients [-goecho BIN] [-clients 100,1000] [-rounds 1,100] [-size 256] [-runs 5]
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"sockshell/netinfo/loadgen"
)

//go:embed asyncio_clients.py
var asyncioClients []byte

var (
	goecho     = flag.String("goecho", "", "the minimal Go echo server binary (bench/goecho); built when not given")
	python     = flag.String("python", "python3", "the Python interpreter; skipped when not found")
	clientList = flag.String("clients", "100,1000", "the numbers of concurrent clients")
	roundList  = flag.String("rounds", "1,100", "the numbers of rounds per client")
	size       = flag.Int("size", 256, "bytes per message")
	runs       = flag.Int("runs", 5, "runs per timing; the median is reported")
	timeout    = flag.Duration("timeout", 10*time.Second, "per-step timeout, both sides")
)

// measure is one side's figures for a case.
type measure struct {
	elapsed  []time.Duration
	p50, p99 time.Duration // of the last run
}

func (m *measure) median() time.Duration {
	s := slices.Sorted(slices.Values(m.elapsed))
	return s[len(s)/2]
}

func main() {
	flag.Parse()
	clients, rounds := intList(*clientList), intList(*roundList)
	dir, err := os.MkdirTemp("", "bench-clients")
	check(err)
	defer os.RemoveAll(dir)

	server := *goecho
	if server == "" {
		server = filepath.Join(dir, "goecho")
		build := exec.Command("go", "build", "-o", server, "sockshell/bench/goecho")
		build.Stderr = os.Stderr
		check(build.Run())
	}
	addr, stop := launch(server)
	defer stop()

	py, err := findPython(*python)
	script := filepath.Join(dir, "asyncio_clients.py")
	check(os.WriteFile(script, asyncioClients, 0o600))
	if err != nil {
		fmt.Printf("python3 skipped: %v; the Go engine is measured alone.\n\n", err)
	}

	fmt.Fprintf(os.Stderr, "bench/clients: %s, %d CPUs, %d-byte messages, median of %d runs, server %s\n",
		runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(), *size, *runs, filepath.Base(server))
	fmt.Printf("## Load generator against Python asyncio (%d-byte messages, median of %d runs)\n\n", *size, *runs)
	fmt.Println("| clients × rounds | Go loadgen | python3 asyncio | asyncio / Go | Go round trip p50 / p99 | asyncio round trip p50 / p99 |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: |")
	for _, n := range clients {
		for _, r := range rounds {
			var g, p measure
			// One run of each first, untimed, to warm up both.
			runGo(addr, n, r)
			if py != "" {
				runPython(py, script, addr, n, r)
			}
			for range *runs {
				res := runGo(addr, n, r)
				g.elapsed = append(g.elapsed, res.Elapsed)
				g.p50, g.p99 = res.RoundTrip.P50, res.RoundTrip.P99
				if py != "" {
					d, p50, p99 := runPython(py, script, addr, n, r)
					p.elapsed = append(p.elapsed, d)
					p.p50, p.p99 = p50, p99
				}
			}
			row(n, r, g, p)
		}
	}
	fmt.Println()
}

// runGo runs the load generator in this process; every client must pass.
func runGo(addr netip.AddrPort, clients, rounds int) loadgen.Result {
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		Addr: addr, Clients: clients, Size: *size, Rounds: rounds, Timeout: *timeout,
	})
	check(err)
	if !res.Passed() {
		var b strings.Builder
		for _, r := range res.Table() {
			fmt.Fprintf(&b, "\n  %-20s %s  %s", r.Label, r.Value, r.Note)
		}
		fatal(fmt.Errorf("loadgen: %d of %d clients failed:%s", res.Failed(), clients, b.String()))
	}
	return res
}

// runPython runs the asyncio script; every client must pass.
func runPython(py, script string, addr netip.AddrPort, clients, rounds int) (elapsed, p50, p99 time.Duration) {
	cmd := command(py, script, addr.Addr().String(), strconv.Itoa(int(addr.Port())),
		strconv.Itoa(clients), strconv.Itoa(*size), strconv.Itoa(rounds), strconv.FormatFloat(timeout.Seconds(), 'f', -1, 64))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		fatal(fmt.Errorf("%s: %v: %s", script, err, errb.Bytes()))
	}
	var res struct {
		Elapsed, P50, P99 float64
		Counts            map[string]int
	}
	check(json.Unmarshal(out.Bytes(), &res))
	if res.Counts["ok"] != clients {
		fatal(fmt.Errorf("asyncio: %d of %d clients passed: %v", res.Counts["ok"], clients, res.Counts))
	}
	sec := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	return sec(res.Elapsed), sec(res.P50), sec(res.P99)
}

func row(clients, rounds int, g, p measure) {
	goTime := g.median()
	goLat := fmt.Sprintf("%s / %s", us(g.p50), us(g.p99))
	if len(p.elapsed) == 0 {
		fmt.Printf("| %d × %d | %s | skipped | | %s | |\n", clients, rounds, ms(goTime), goLat)
		return
	}
	pyTime := p.median()
	fmt.Printf("| %d × %d | %s | %s | %.2f× | %s | %s / %s |\n", clients, rounds, ms(goTime), ms(pyTime),
		float64(pyTime)/float64(goTime), goLat, us(p.p50), us(p.p99))
}

// launch starts the echo server on a free port of 127.0.0.1 and waits
// until it listens; stop ends it.
func launch(bin string) (addr netip.AddrPort, stop func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	addr = netip.MustParseAddrPort(ln.Addr().String())
	ln.Close()
	cmd := exec.Command(bin, "-addr", addr.String())
	cmd.Stderr = os.Stderr
	check(cmd.Start())
	stop = func() {
		cmd.Process.Kill()
		cmd.Wait()
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.Dial("tcp", addr.String())
		if err == nil {
			c.Close()
			return addr, stop
		}
		if time.Now().After(deadline) {
			stop()
			fatal(fmt.Errorf("%s does not listen on %v: %v", bin, addr, err))
		}
	}
}

// findPython returns the interpreter's own executable, not a version
// manager's shim.
func findPython(name string) (string, error) {
	if _, err := exec.LookPath(name); err != nil {
		return "", fmt.Errorf("%s not found", name)
	}
	out, err := exec.Command(name, "-c", "import sys; assert sys.version_info >= (3, 11); print(sys.executable)").Output()
	if err != nil {
		return "", fmt.Errorf("%s does not run, or is older than 3.11 (asyncio.timeout): %v", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// command is argv in the environment without Python's own variables, so
// that Python runs as it does by default.
func command(argv ...string) *exec.Cmd {
	cmd := exec.Command(argv[0], argv[1:]...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PYTHON") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	return cmd
}

func intList(s string) []int {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fatal(fmt.Errorf("bad list %q", s))
		}
		ns = append(ns, n)
	}
	return ns
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond)) }

func check(err error) {
	if err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench/clients:", err)
	os.Exit(1)
}
