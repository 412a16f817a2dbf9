#!/usr/bin/env bash
# `--canary SERVICE` (issue #28): what a shadow of one service costs the marketplace. On the
# embedded broker, each run twice, without and with `--canary payment`: a steady --rate RATE
# for DURATION (p50/p99 at a rate the pipeline holds) and a burst of ORDERS (throughput). With
# the canary: decisions compared, agreement, and whether every decision found its pair.
# Usage: demo/bench-canary.sh [RATE] [DURATION] [ORDERS]   defaults: 2000 20s 100000
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-2000}
DURATION=${2:-20s}
ORDERS=${3:-100000}
E=$PWD/target/release/evctl
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cargo build --release --quiet

show() {  # report file, label
  python3 demo/sim-report.py "$1" "$2"
}

echo "== --rate $RATE for $DURATION, embedded broker (ms)"
$E simulate marketplace -q -o json --rate "$RATE" --duration "$DURATION" > "$OUT/steady.json"
show "$OUT/steady.json" "without a canary"
$E simulate marketplace -q -o json --rate "$RATE" --duration "$DURATION" --canary payment > "$OUT/steady-c.json"
show "$OUT/steady-c.json" "--canary payment"
echo
echo "== burst of $ORDERS orders, embedded broker"
$E simulate marketplace -q -o json --orders "$ORDERS" > "$OUT/burst.json"
show "$OUT/burst.json" "without a canary"
$E simulate marketplace -q -o json --orders "$ORDERS" --canary payment > "$OUT/burst-c.json"
show "$OUT/burst-c.json" "--canary payment"
