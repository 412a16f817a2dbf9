#!/usr/bin/env bash
# Simulation speed on the embedded broker (issue #15), in three parts:
#   1. idle start: RUNS default runs (`simulate marketplace`, 10,000 orders), whole-process
#      wall time against the run time the report gives (budget: wall <= run + 0.5 s, every run);
#   2. steady rates: RATE orders/s for DURATION each (budget at 5000/s for 20 s: p99 < 250 ms);
#   3. a burst of BURST orders sent as fast as the pipeline takes them (budget: >= 20,000
#      orders/s with every invariant holding);
# then one --chaos and one --exactly-once run, which must stay green.
# Usage: demo/bench-simulate.sh [RUNS] [DURATION] [BURST_ORDERS] [RATE...]
#   defaults: 10 20s 100000 5000.  SIM_FLAGS adds flags to every run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
DURATION=${2:-20s}
BURST=${3:-100000}
shift 3 2>/dev/null || shift $# || true
RATES=${*:-5000}
E=$PWD/target/release/evctl
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cargo build --release --quiet

report() {  # label, then the JSON report on stdin
  python3 -c '
import json, sys
r = json.load(sys.stdin)
l = r["latency"]
ok = "yes" if all(i["holds"] for i in r["invariants"]) else "NO"
row = (sys.argv[1], r["orders"], r["seconds"], r["orders_per_sec"], r["events_per_sec"], l["p50_ms"], l["p99_ms"], l["max_ms"], ok)
print("%-22s %8d %8.2f %9.0f %9.0f %7d %7d %7d  %s" % row)
' "$1"
}

echo "== idle start: $RUNS default runs (wall = whole process, run = the report's run time)"
for i in $(seq "$RUNS"); do
  s=$(date +%s.%N)
  $E simulate marketplace -q -o json ${SIM_FLAGS:-} > "$OUT/run.json"
  e=$(date +%s.%N)
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); wall = float(sys.argv[3]) - float(sys.argv[2])
ok = all(i["holds"] for i in r["invariants"])
print("%.3f %.3f %.3f %s" % (wall, r["seconds"], r["ready_seconds"], "ok" if ok else "NO"))
' "$OUT/run.json" "$s" "$e"
done > "$OUT/idle.txt"
python3 - "$OUT/idle.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
over = sorted(float(w) - float(r) for w, r, _, _ in rows)
ready = sorted(float(x[2]) for x in rows)
bad = sum(1 for x in rows if x[3] != "ok")
within = sum(1 for o in over if o <= 0.5)
print("wall - run: min %.3f s, median %.3f s, max %.3f s; ready: min %.3f s, median %.3f s, max %.3f s"
      % (over[0], statistics.median(over), over[-1], ready[0], statistics.median(ready), ready[-1]))
print("within run + 0.5 s: %d of %d runs; invariants failed in %d" % (within, len(rows), bad))
PY

echo
printf '%-22s %8s %8s %9s %9s %7s %7s %7s  %s\n' load orders seconds orders/s events/s p50_ms p99_ms max_ms invariants
for r in $RATES; do
  /usr/bin/time -f "  (cpu: %U s user, %S s sys, %M KB max RSS)" \
    $E simulate marketplace -q -o json ${SIM_FLAGS:-} --rate "$r" --duration "$DURATION" | report "$r/s for $DURATION"
done
/usr/bin/time -f "  (cpu: %U s user, %S s sys, %M KB max RSS)" \
  $E simulate marketplace -q -o json ${SIM_FLAGS:-} --orders "$BURST" | report "burst of $BURST"
for f in --chaos --exactly-once; do
  $E simulate marketplace -q -o json ${SIM_FLAGS:-} $f | report "default $f"
done
