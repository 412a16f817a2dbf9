#!/usr/bin/env bash
# `evctl dlq replay` speed: N dead letters (evctl provenance headers) sent back to their topic,
# side by side with `kcat -C | kcat -P` (the peer to beat; it keeps no provenance, loses the
# headers and is not exactly once) on one embedded broker; then `--rate 500` (the pace held,
# from the replayed records' timestamps); then evctl alone on a real broker (kcat's librdkafka
# 2.0 cannot talk to nisshi). Usage: demo/bench-dlq.sh [N] [REAL_BROKER]  (N: 100,000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
REAL=${2:-${EVCTL_BENCH_REAL:-}}
E=target/release/evctl
OUT=demo/out
mkdir -p "$OUT"
cargo build --release --quiet
command -v kcat >/dev/null || { echo "kcat is needed: scripts/install-test-deps.sh" >&2; exit 2; }
gen() {  # N envelopes of dead letters for topic $1
  python3 - "$N" "$1" <<'PY'
import json, sys
n, dest = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    print(json.dumps({"key": f"o-{i}", "headers": {"eventId": f"e-{i}", "correlationId": f"o-{i}",
        "dlq.original.topic": dest, "dlq.error": "payment gateway timed out", "dlq.attempts": "4"},
        "value": {"orderId": f"o-{i}", "amountCents": 100 + i % 900, "pad": "x" * 40}}))
PY
}
gen dest > "$OUT/dlq.jsonl"
head -5000 "$OUT/dlq.jsonl" | sed 's/"dlq.original.topic": "dest"/"dlq.original.topic": "paced"/' > "$OUT/dlq-paced.jsonl"
$E dev broker --quiet -p 8 -t dest -t dest.dlq -t kdest -t paced -t paced.dlq > "$OUT/bootstrap.txt" &
DEV=$!
trap 'kill $DEV 2>/dev/null; wait $DEV 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$OUT/bootstrap.txt" ] && break; sleep 0.1; done
BS=$(head -1 "$OUT/bootstrap.txt")
$E produce dest.dlq -b "$BS" --input envelope -q -f "$OUT/dlq.jsonl"
$E produce paced.dlq -b "$BS" --input envelope -q -f "$OUT/dlq-paced.jsonl"

secs() { /usr/bin/time -f "%e" -o "$OUT/time.txt" sh -c "$1" > "$OUT/run.json"; cat "$OUT/time.txt"; }
k=$(secs "kcat -C -b $BS -t dest.dlq -e -q -o beginning -K'\t' | kcat -P -b $BS -t kdest -K'\t'")
e=$(secs "$E dlq replay dest.dlq -b $BS -o json -q")
phase=$(python3 -c "import json; print(json.load(open('$OUT/run.json'))['seconds'])")
got=$($E topics describe dest -b "$BS" -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["messages"])')
[ "$got" = "$N" ] || { echo "dest holds $got of $N" >&2; exit 1; }
again=$($E dlq replay dest.dlq -b "$BS" -o json -q | python3 -c 'import json,sys; print(json.load(sys.stdin)["replayed"])')
[ "$again" = 0 ] || { echo "a second replay sent $again" >&2; exit 1; }
$E dlq replay paced.dlq -b "$BS" --rate 500 -q > /dev/null
pace=$($E consume paced -b "$BS" -o jsonl -q | python3 -c '
import json, sys
ts = sorted(json.loads(l)["timestamp"] for l in sys.stdin)
print(f"{(len(ts) - 1) / ((ts[-1] - ts[0]) / 1000):.1f}")')

printf '\nreplaying %s dead letters on the embedded broker (8 partitions)\n' "$N"
printf '%-58s %10s %12s\n' "command" "seconds" "records/s"
row() { printf '%-58s %10s %12s\n' "$1" "$2" "$(python3 -c "print(f'{$N / $2:,.0f}')")"; }
row "kcat -C | kcat -P (no headers, no provenance, no resume)" "$k"
row "evctl dlq replay, whole command (plan, read-back, join)" "$e"
row "evctl dlq replay, the replay itself" "$phase"
printf 'evctl dlq replay --rate 500: %s records/s held (5,000 records)\n' "$pace"

if [ -n "$REAL" ]; then
  T=bench-dlq-$$
  $E topics create "$T" -p 8 -b "$REAL" -q
  $E topics create "$T.dlq" -p 8 -b "$REAL" -q
  gen "$T" > "$OUT/dlq-real.jsonl"
  $E produce "$T.dlq" -b "$REAL" --input envelope -q -f "$OUT/dlq-real.jsonl"
  r=$(secs "$E dlq replay $T.dlq -b $REAL -o json -q")
  rphase=$(python3 -c "import json; print(json.load(open('$OUT/run.json'))['seconds'])")
  printf '\nreal broker (%s), evctl only\n' "$REAL"
  row "evctl dlq replay, whole command" "$r"
  row "evctl dlq replay, the replay itself" "$rphase"
  $E topics delete "$T" "$T.dlq" -b "$REAL" -q || true
fi
