#!/usr/bin/env bash
# `tail --key` / `--id-is-key` speed: finding one order in N records over 5 topics x 12
# partitions keyed by orderId (= the correlation id, as the marketplace writes them), reading
# only the partitions the key hashes to, side by side with the same tail reading every partition
# (`--all-partitions`), on one embedded broker. Median of 5 runs, interleaved.
# Usage: demo/bench-tail-key.sh [N]   (default 1,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
PARTS=12
E=target/release/evctl
OUT=demo/out
mkdir -p "$OUT"
cargo build --release --quiet
PER=$((N / 5))
# the wanted order: a key whose murmur2 and crc32 partitions differ (2 of 12 read, the usual case)
WANTED=$(python3 - "$PARTS" <<'PY'
import sys, zlib
def murmur2(d):
    m, h = 0x5bd1e995, (0x9747b28c ^ len(d)) & 0xffffffff
    for i in range(0, len(d) // 4 * 4, 4):
        k = (int.from_bytes(d[i:i + 4], "little") * m) & 0xffffffff
        k = ((k ^ (k >> 24)) * m) & 0xffffffff
        h = ((h * m) & 0xffffffff) ^ k
    rest = d[len(d) // 4 * 4:]
    for i, b in enumerate(rest):
        h ^= b << (8 * i)
    if rest:
        h = (h * m) & 0xffffffff
    h = ((h ^ (h >> 13)) * m) & 0xffffffff
    return h ^ (h >> 15)
p = int(sys.argv[1])
for n in range(1, 100):
    k = f"wanted-{n}".encode()
    if (murmur2(k) & 0x7fffffff) % p != zlib.crc32(k) % p:
        print(k.decode()); break
PY
)
python3 - "$PER" "$WANTED" > "$OUT/keyed.jsonl" <<'PY'
import sys, json
n = int(sys.argv[1])
for i in range(n):
    oid = sys.argv[2] if i == n // 2 else f"o-{i:08d}"
    print(json.dumps({"eventId": f"e-{i}", "correlationId": oid, "orderId": oid,
        "source": "bench", "customerId": f"c-{i % 97}", "totalCents": 100}, separators=(",", ":")))
PY
TOPICS=""
for k in 1 2 3 4 5; do TOPICS="$TOPICS -t k$k"; done
$E dev up --quiet -p $PARTS $TOPICS > "$OUT/devup.txt" &
DEV=$!
trap 'kill $DEV 2>/dev/null; wait $DEV 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ "$(wc -l < "$OUT/devup.txt")" -ge 2 ] && break; sleep 0.1; done
BS=$(sed -n 's/^EVCTL_BROKERS=//p' "$OUT/devup.txt")
for k in 1 2 3 4 5; do
  $E produce k$k -b "$BS" -q --input json --key-field orderId -f "$OUT/keyed.jsonl"
done
T="k1,k2,k3,k4,k5"
ROUTED="$E tail -b $BS --topics $T --since start --correlation-id $WANTED --id-is-key -o jsonl"
FULL="$E tail -b $BS --topics $T --since start --correlation-id $WANTED -o jsonl"
for cmd in "$ROUTED" "$FULL"; do
  found=$($cmd -q | wc -l)
  [ "$found" = 5 ] || { echo "found $found of 5 records: $cmd" >&2; exit 1; }
done
$ROUTED 2>&1 >/dev/null | grep 'reading partitions' || { echo "tail did not route" >&2; exit 1; }

secs() { /usr/bin/time -f "%e" -o "$OUT/time.txt" sh -c "$1" > /dev/null; cat "$OUT/time.txt"; }
r=() f=()
for _ in 1 2 3 4 5; do r+=("$(secs "$ROUTED -q")"); f+=("$(secs "$FULL -q")"); done
routed=$(printf '%s\n' "${r[@]}" | sort -n | sed -n 3p)
full=$(printf '%s\n' "${f[@]}" | sort -n | sed -n 3p)
rate() { python3 -c "print(f'{$N / max($1, 0.01):,.0f}')"; }
printf '\nfinding one order in %s records (5 topics x %s partitions, keyed by orderId), median of 5\n' "$N" "$PARTS"
printf '%-58s %8s %14s\n' "command" "seconds" "records/s"
printf '%-58s %8s %14s\n' "evctl tail --correlation-id --all-partitions (full scan)" "$full" "$(rate "$full")"
printf '%-58s %8s %14s\n' "evctl tail --correlation-id --id-is-key" "$routed" "$(rate "$routed")"
python3 -c "print(f'ratio: {$full / max($routed, 0.01):.1f}x')"
