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
  python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); l = r["latency"]
ok = "yes" if all(i["holds"] for i in r["invariants"]) else "NO"
print("%-28s %7d orders in %6.1f s = %6.0f orders/s  p50 %5d  p99 %5d  max %5d ms  invariants %s"
      % (sys.argv[2], r["orders"], r["seconds"], r["orders_per_sec"], l["p50_ms"], l["p99_ms"],
         l["max_ms"], ok))
c = r.get("canary")
if c:
    print("  canary %s: %d of %d decisions the same (%.1f%%), %d inputs read, unpaired %d/%d"
          % (c["service"], c["agreed"], c["compared"], 100.0 * c["agreed"] / max(c["compared"], 1),
             c["inputs_read"], c["canary_only"], c["production_only"]))
PY
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
