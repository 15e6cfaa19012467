#!/usr/bin/env bash
# Benchmarks sockshell's `serve echo` against the minimal Go echo server
# and, when installed, socat (TCP-LISTEN:...,fork EXEC:cat), in one run.
# Prints a Markdown table (docs/performance.md holds the last one).
#
#   bench/run.sh [bench flags]     e.g. bench/run.sh -duration 5s
#
# Needs Go; socat is optional (apt-get install socat).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/sockshell" .
go build -o "$out/goecho" ./bench/goecho
go build -o "$out/bench" ./bench
"$out/bench" -sockshell "$out/sockshell" -goecho "$out/goecho" "$@"
