#!/usr/bin/env bash
# Simulation throughput and latency (issue #5 budget: >= 20,000 orders/s sustained for 60 s
# with p99 end-to-end < 250 ms, on the embedded broker of this 2-core machine).
# Runs steady loads at the given rates (orders/s) for DURATION, then one burst of ORDERS
# orders sent as fast as possible, and prints what was reached.
# Usage: demo/bench-simulate.sh [DURATION] [BURST_ORDERS] [RATE...]
# SIM_FLAGS adds flags to every run, e.g. SIM_FLAGS=--exactly-once to measure transactions.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-60s}
BURST=${2:-100000}
shift 2 2>/dev/null || true
RATES=${*:-1000 2000 4000}
E=$PWD/target/release/evctl
cargo build --release --quiet
report() {  # label, then the JSON report on stdin
  python3 -c '
import json, sys
r = json.load(sys.stdin)
l = r["latency"]
ok = "yes" if all(i["holds"] for i in r["invariants"]) else "NO"
row = (sys.argv[1], r["orders"], r["seconds"], r["orders_per_sec"], r["events_per_sec"], l["p50_ms"], l["p99_ms"], l["max_ms"], ok)
print("%-22s %8d %8.1f %9.0f %9.0f %7d %7d %7d  %s" % row)
' "$1"
}
printf '%-22s %8s %8s %9s %9s %7s %7s %7s  %s\n' load orders seconds orders/s events/s p50_ms p99_ms max_ms invariants
for r in $RATES; do
  /usr/bin/time -f "  (cpu: %U s user, %S s sys, %M KB max RSS)" \
    $E simulate marketplace -q -o json ${SIM_FLAGS:-} --rate "$r" --duration "$DURATION" | report "$r/s for $DURATION"
done
/usr/bin/time -f "  (cpu: %U s user, %S s sys, %M KB max RSS)" \
  $E simulate marketplace -q -o json ${SIM_FLAGS:-} --orders "$BURST" | report "burst of $BURST"
