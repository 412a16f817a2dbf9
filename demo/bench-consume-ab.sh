#!/usr/bin/env bash
# Consume throughput of two evctl binaries on the same embedded broker and the same data,
# interleaved run by run (so machine noise hits both alike): the check that a refactor left
# `consume` as fast as it was. Usage: demo/bench-consume-ab.sh OLD_BIN [NEW_BIN] [N] [RUNS]
#   NEW_BIN defaults to target/release/evctl; N to 1,000,000 records of 100 B; RUNS to 5.
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?usage: demo/bench-consume-ab.sh OLD_BIN [NEW_BIN] [N] [RUNS]}
NEW=${2:-target/release/evctl}
N=${3:-1000000}
RUNS=${4:-5}
PARTS=24
OUT=demo/out
mkdir -p "$OUT"
python3 - "$N" > "$OUT/input.txt" <<'PY'
import sys
n = int(sys.argv[1]); pad = "x" * 100
w = sys.stdout.write
for i in range(n):
    s = str(i); w(s + pad[len(s):] + "\n")
PY
$NEW dev broker --quiet -p $PARTS -t ab > "$OUT/bootstrap.txt" &
DEV=$!
trap 'kill $DEV 2>/dev/null; wait $DEV 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$OUT/bootstrap.txt" ] && break; sleep 0.1; done
BS=$(head -1 "$OUT/bootstrap.txt")
$NEW produce ab -b "$BS" -X sticky.partitioning.linger.ms=0 -q -f "$OUT/input.txt"
secs() { /usr/bin/time -f "%e" -o "$OUT/time.txt" sh -c "$1 consume ab -b $BS -o $2 -q > /dev/null"; cat "$OUT/time.txt"; }
for fmt in raw jsonl; do
  old=(); new=()
  for _ in $(seq "$RUNS"); do old+=("$(secs "$OLD" $fmt)"); new+=("$(secs "$NEW" $fmt)"); done
  python3 - "$N" "$fmt" "${old[*]}" "${new[*]}" <<'PY'
import sys, statistics as st
n, fmt = int(sys.argv[1]), sys.argv[2]
old = [float(x) for x in sys.argv[3].split()]; new = [float(x) for x in sys.argv[4].split()]
mo, mn = st.median(old), st.median(new)
print(f"consume -o {fmt:5}  before {n/mo:>10,.0f} msg/s (median of {len(old)}: {mo:.2f}s, best {min(old):.2f}s)"
      f"  after {n/mn:>10,.0f} msg/s ({mn:.2f}s, best {min(new):.2f}s)  after/before {mo/mn:.3f}")
PY
done
