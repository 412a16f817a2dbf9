#!/usr/bin/env bash
# The main job's latency at a steady rate (issue #27): RUNS runs of `simulate marketplace
# --rate RATE --duration DURATION` on the embedded broker, each with its end-to-end p50/p99/max,
# the p99 of every 5 s of orders (a stall shows as a spike, not averaged away) and the p99 of
# each hop; then one run per SWEEP rate, to find the highest that holds p99 < 250 ms.
# Usage: demo/bench-steady.sh [RUNS] [RATE] [DURATION] [SWEEP...]
#   defaults: 5 5000 60s 6000 7000 8000.  SIM_FLAGS adds flags to every run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
RATE=${2:-5000}
DURATION=${3:-60s}
shift 3 2>/dev/null || shift $# || true
SWEEP=${*:-6000 7000 8000}
E=$PWD/target/release/evctl
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cargo build --release --quiet

run() {  # rate, label
  $E simulate marketplace -q -o json ${SIM_FLAGS:-} --rate "$1" --duration "$DURATION" > "$OUT/run.json"
  python3 - "$OUT/run.json" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); l = r["latency"]
ok = "yes" if all(i["holds"] for i in r["invariants"]) else "NO"
held = "held" if l["p99_ms"] < 250 else "OVER"
print("%-16s %7.0f orders/s  p50 %4d  p99 %5d  max %5d ms  invariants %s  p99<250: %s"
      % (sys.argv[2], r["orders_per_sec"], l["p50_ms"], l["p99_ms"], l["max_ms"], ok, held))
print("  p99 per 5 s:", " ".join(str(w["p99_ms"]) for w in r.get("latency_windows", [])))
print("  hop p99:", ", ".join("%s %d" % (s["from"] + "→" + s["to"], s["p99_ms"]) for s in r.get("stages", [])))
PY
}

echo "== $RUNS runs at $RATE orders/s for $DURATION (embedded broker; ms)"
for i in $(seq "$RUNS"); do run "$RATE" "run $i"; done
echo
echo "== one run per rate, for $DURATION"
for r in $SWEEP; do run "$r" "$r/s"; done
