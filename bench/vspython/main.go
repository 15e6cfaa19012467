// Command vspython compares sockshell with what a student would otherwise
// type, Python's socket module, in the same run:
//
//  1. start-up plus one command: `sockshell -c 'getservbyname ssh'` against
//     `python3 -c 'import socket; print(socket.getservbyname("ssh"))'`;
//  2. a 10,000-command session on loopback (a server and a client in one
//     session, then 5,000 × sendall and recv) piped into sockshell, against
//     the same calls as a straight-line Python script;
//  3. peak memory: sockshell idle, and after sessions of 10,000, 100,000
//     and 1,000,000 commands (it must not grow with the session's length;
//     the median of three runs).
//
// Each timing is the median of several runs, the two programs taking turns
// so that drift falls on both. It prints Markdown tables. Where python3 is
// not installed it says so and measures sockshell alone.
//
// It is run by bench/run.sh, which builds sockshell and measures the system
// calls alone with netinfo's Go benchmark first:
//
//	go run ./bench/vspython -sockshell BIN [-pair-ns NS] [-runs 7]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"sockshell/bench/internal/proc"
)

var (
	sockshell = flag.String("sockshell", "", "the sockshell binary")
	python    = flag.String("python", "python3", "the Python interpreter; skipped when not found")
	runs      = flag.Int("runs", 7, "runs per timing; the median is reported")
	pairs     = flag.Int("pairs", 5000, "sendall/recv pairs in the session (twice as many commands)")
	pairNS    = flag.Float64("pair-ns", 0, "ns of one sendto+recvfrom pair alone (netinfo's BenchmarkSyscallsAlone); 0: not reported")
)

func main() {
	flag.Parse()
	if *sockshell == "" {
		fmt.Fprintln(os.Stderr, "usage: vspython -sockshell BIN [flags] (bench/run.sh builds it)")
		os.Exit(2)
	}
	py, err := findPython(*python)
	if err != nil {
		fmt.Printf("python3 skipped: %v; sockshell is measured alone.\n\n", err)
	}
	dir, err := os.MkdirTemp("", "vspython")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(dir)

	fmt.Printf("## sockshell against Python (median of %d runs)\n\n", *runs)
	fmt.Println("| case | sockshell | python3 | ratio | target |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: |")

	// 1. Start-up plus one command.
	start := compare(
		[]string{*sockshell, "-c", "getservbyname ssh"},
		pyArgs(py, "-c", `import socket; print(socket.getservbyname("ssh"))`), "")
	row("start-up + `getservbyname ssh`", start, 0.15)

	// 2. The session.
	ssScript := filepath.Join(dir, "session.ss")
	pyScript := filepath.Join(dir, "session.py")
	write(ssScript, shellSession(*pairs))
	write(pyScript, pythonSession(*pairs))
	sess := compare([]string{*sockshell}, pyArgs(py, pyScript), ssScript)
	row(fmt.Sprintf("%d-command session (piped)", 2**pairs), sess, 0.33)
	fmt.Println()

	if *pairNS > 0 {
		calls := time.Duration(float64(*pairs) * *pairNS)
		n := float64(2 * *pairs)
		fmt.Printf("The %d sendto+recvfrom pairs alone take %s (%.2f µs a pair, netinfo's BenchmarkSyscallsAlone).\n", *pairs, ms(calls), *pairNS/1000)
		fmt.Printf("Per command, beyond the system calls and start-up: sockshell %.2f µs", us(sess.a-start.a-calls)/n)
		if sess.b > 0 {
			fmt.Printf(", python3 %.2f µs", us(sess.b-start.b-calls)/n)
		}
		fmt.Print(".\n\n")
	}

	// 3. Memory.
	fmt.Println("## Peak memory (resident set)")
	fmt.Println()
	fmt.Println("| what | sockshell | python3 |")
	fmt.Println("| --- | ---: | ---: |")
	idle, err := idleRSS(*sockshell)
	check(err)
	pyIdle := int64(0)
	if py != "" {
		pyIdle, err = idleRSS(py, "-i", "-q", "-c", "import socket")
		check(err)
	}
	fmt.Printf("| idle (waiting for input on a pipe) | %s | %s |\n", mib(idle), mib(pyIdle))
	// Three lengths, a hundredfold apart: the first may end before the
	// collector's first cycle, so the last two show whether memory grows
	// with the session once the collector runs.
	for _, n := range []int{*pairs, 10 * *pairs, 100 * *pairs} {
		// The session ends with a recv that waits (and so flushes the
		// output): the process is then measured from /proc while it
		// waits, after everything has run. ru_maxrss from wait4 would be
		// wrong here: Go starts a child sharing this process's memory
		// until exec, and the kernel counts that as the child's peak.
		wait := "recv conn 1\n"
		var peaks []int64
		for range 3 { // the median of three: the peak depends on when the collector runs
			p, err := sessionPeak([]string{*sockshell}, shellSession(n)+wait, n)
			check(err)
			peaks = append(peaks, p)
		}
		slices.Sort(peaks)
		pyPeak := int64(0)
		if py != "" && n == *pairs {
			pyPeak, err = sessionPeak(pyArgs(py, "-u", "-"), pythonSession(n)+"conn.recv(1)\n", n)
			check(err)
		}
		fmt.Printf("| after a %d-command session | %s | %s |\n", 2*n, mib(peaks[1]), mib(pyPeak))
	}
	fmt.Println()
}

// shellSession is the benchmark session in sockshell's syntax.
func shellSession(pairs int) string {
	var b strings.Builder
	b.WriteString("server = socket\nbind server 127.0.0.1 0\nlisten server\naddress = getsockname server\n")
	b.WriteString("client = socket\nconnect client $address\nconn, addr = accept server\n")
	for i := range pairs {
		fmt.Fprintf(&b, "sendall client b'message %d'\nrecv conn 4096\n", i)
	}
	return b.String()
}

// pythonSession is the same session as a straight-line Python script. It
// prints what recv returns, as the shell does, so that both do the same
// work and their outputs can be compared.
func pythonSession(pairs int) string {
	var b strings.Builder
	b.WriteString("import socket\nserver = socket.socket()\nserver.bind(('127.0.0.1', 0))\nserver.listen()\naddress = server.getsockname()\n")
	b.WriteString("client = socket.socket()\nclient.connect(address)\nconn, addr = server.accept()\n")
	for i := range pairs {
		fmt.Fprintf(&b, "client.sendall(b'message %d')\nprint(conn.recv(4096))\n", i)
	}
	return b.String()
}

// timing is one case's medians (b is 0 when Python was skipped).
type timing struct{ a, b time.Duration }

// compare runs a and b in turns, *runs times each, with stdin from the
// file in (or nothing), and returns their median wall times. The two must
// print the same thing.
func compare(a, b []string, in string) timing {
	var ta, tb []time.Duration
	for range *runs {
		d, outA, err := timed(a, in)
		check(err)
		ta = append(ta, d)
		if b != nil {
			d, outB, err := timed(b, in)
			check(err)
			tb = append(tb, d)
			if !bytes.Equal(outA, outB) {
				fatal(fmt.Errorf("%s and %s print different things (%d and %d bytes)", a[0], b[0], len(outA), len(outB)))
			}
		}
	}
	t := timing{a: median(ta)}
	if b != nil {
		t.b = median(tb)
	}
	return t
}

func row(name string, t timing, target float64) {
	if t.b == 0 {
		fmt.Printf("| %s | %s | skipped | | ≤ %.2f× |\n", name, ms(t.a), target)
		return
	}
	fmt.Printf("| %s | %s | %s | %.2f× | ≤ %.2f× |\n", name, ms(t.a), ms(t.b), float64(t.a)/float64(t.b), target)
}

// command is argv to run, in the environment without Python's own
// variables: a machine's PYTHONUNBUFFERED=1 (this one sets it) makes Python
// write every print with two system calls, which would flatter sockshell;
// the comparison is with Python as it runs by default.
func command(argv []string) *exec.Cmd {
	cmd := exec.Command(argv[0], argv[1:]...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PYTHON") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	return cmd
}

// timed runs argv once and returns its wall time and output.
func timed(argv []string, in string) (time.Duration, []byte, error) {
	cmd := command(argv)
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			return 0, nil, err
		}
		defer f.Close()
		cmd.Stdin = f
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %v: %s", strings.Join(argv, " "), err, errb.Bytes())
	}
	return d, out.Bytes(), nil
}

// sessionPeak feeds script to argv on a pipe, waits until it has printed
// lines lines (the script's last line must then keep it waiting), and
// returns its peak resident set (VmHWM), then ends it.
func sessionPeak(argv []string, script string, lines int) (int64, error) {
	cmd := command(argv)
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(out)
	for n := 0; n < lines; n++ {
		if !sc.Scan() {
			return 0, fmt.Errorf("%s printed %d lines of %d", argv[0], n, lines)
		}
	}
	return proc.Status(cmd.Process.Pid, "VmHWM:")
}

// idleRSS starts argv reading from a pipe that stays open, lets it settle,
// and returns its resident set as /proc shows it.
func idleRSS(argv ...string) (int64, error) {
	cmd := command(argv)
	w, err := cmd.StdinPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { w.Close(); cmd.Wait() }()
	time.Sleep(500 * time.Millisecond)
	return proc.Status(cmd.Process.Pid, "VmRSS:")
}

// findPython returns the interpreter's own executable: a version manager's
// shim (pyenv's python3 is a shell script) would add its own start-up to
// every run and flatter sockshell.
func findPython(name string) (string, error) {
	if _, err := exec.LookPath(name); err != nil {
		return "", fmt.Errorf("%s not found", name)
	}
	out, err := exec.Command(name, "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		return "", fmt.Errorf("%s does not run: %v", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// pyArgs is Python's command line, or nil when Python is skipped.
func pyArgs(py string, args ...string) []string {
	if py == "" {
		return nil
	}
	return append([]string{py}, args...)
}

func median(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

func write(name, data string) {
	check(os.WriteFile(name, []byte(data), 0o600))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

func mib(n int64) string {
	if n == 0 {
		return "skipped"
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

func check(err error) {
	if err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "vspython:", err)
	os.Exit(1)
}
