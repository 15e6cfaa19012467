#!/usr/bin/env bash
# Every benchmark of docs/performance.md, in one run:
#   1. netinfo's Go benchmark of the system calls alone (the floor under the
#      session benchmark) and the shell's hot paths (parser, printer, a
#      whole command, a whole piped script);
#   2. sockshell against python3 (bench/vspython): start-up plus one
#      command, a 10,000-command session on loopback, peak memory;
#      skipped with a message where python3 is absent;
#   3. sockshell's `serve echo` against the minimal Go echo server and,
#      when installed, socat (bench/main.go);
#   4. the load generator behind `clients` (netinfo/loadgen) against a
#      Python asyncio client doing the same checks, both against the
#      minimal Go echo server (bench/clients); python3 optional;
#   5. sockshell's tls-echo peer (bench/tlspeer) against the minimal Go
#      crypto/tls echo server (bench/gotlsecho), clients verifying both
#      (bench/main.go -tls).
# Prints Markdown tables (docs/performance.md holds the last ones).
#
#   bench/run.sh [echo bench flags]     e.g. bench/run.sh -duration 5s
#
# Needs Go; python3 and socat are optional.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/sockshell" .
go build -o "$out/goecho" ./bench/goecho
go build -o "$out/bench" ./bench
go build -o "$out/vspython" ./bench/vspython
go build -o "$out/clients" ./bench/clients
go build -o "$out/tlspeer" ./bench/tlspeer
go build -o "$out/gotlsecho" ./bench/gotlsecho

echo "## Go benchmarks (go test -bench)"
echo
go test -run '^$' -bench . -benchtime 2s ./netinfo ./commands/syntax ./commands/value ./commands ./repl | tee "$out/gobench.txt" |
	grep -E '^Benchmark' | sed 's/^/    /'
echo
pair=$(awk '/^BenchmarkSyscallsAlone/ { print $3 }' "$out/gobench.txt")

"$out/vspython" -sockshell "$out/sockshell" -pair-ns "${pair:-0}"

echo "## Echo servers"
echo
"$out/bench" -sockshell "$out/sockshell" -goecho "$out/goecho" "$@"

"$out/clients" -goecho "$out/goecho"
echo
echo "## TLS echo servers"
echo
"$out/bench" -tls -tlspeer "$out/tlspeer" -gotlsecho "$out/gotlsecho" "$@"
