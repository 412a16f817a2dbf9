#!/usr/bin/env bash
# `--max-in-flight` (issue #28): the marketplace offered twice what it can take. First the
# pipeline's burst rate B (`--orders ORDERS` as fast as it goes), then --rate 2B for DURATION
# twice on the embedded broker: without back-pressure (orders queue in the topics, every
# order's latency grows with the queue) and with --max-in-flight N (the gateway holds new
# orders while N are unfinished). Each run: throughput, p50/p99/max, the p99 of every 5 s of
# orders, and how long the gateway held.
# Usage: demo/bench-backpressure.sh [N] [DURATION] [ORDERS]   defaults: 2000 15s 200000
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
DURATION=${2:-15s}
ORDERS=${3:-200000}
E=$PWD/target/release/evctl
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cargo build --release --quiet

show() {  # report file, label
  python3 demo/sim-report.py "$1" "$2"
}

$E simulate marketplace -q -o json --orders "$ORDERS" > "$OUT/burst.json"
show "$OUT/burst.json" "burst ($ORDERS orders)"
B=$(python3 -c "import json; print(int(json.load(open('$OUT/burst.json'))['orders_per_sec']))")
RATE=$((2 * B))
echo
echo "== --rate $RATE (twice the burst rate) for $DURATION, embedded broker (ms)"
$E simulate marketplace -q -o json --rate "$RATE" --duration "$DURATION" --timeout 5m > "$OUT/free.json"
show "$OUT/free.json" "without back-pressure"
$E simulate marketplace -q -o json --rate "$RATE" --duration "$DURATION" --timeout 5m \
  --max-in-flight "$N" > "$OUT/held.json"
show "$OUT/held.json" "--max-in-flight $N"
