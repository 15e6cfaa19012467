#!/usr/bin/env bash
# Regenerates default.pgo, the CPU profile that `go build`, `go install`
# and `go test` use for profile-guided optimization of sockshell (the
# compiler inlines and lays out the hot path by it): the piped session,
# repl's BenchmarkRunScript, which runs every stage of a command (read,
# parse, evaluate, system call, print). Rerun it after changing the
# per-command path; a stale profile still works, it only helps less.
# docs/performance.md says what it is worth.
#
#   bench/pgo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go test -run '^$' -bench '^BenchmarkRunScript$' -benchtime 10s \
	-cpuprofile "$out/session.pprof" -o "$out/repl.test" ./repl >/dev/null
go tool pprof -proto "$out/session.pprof" >default.pgo 2>/dev/null
echo "default.pgo: $(wc -c <default.pgo) bytes"
