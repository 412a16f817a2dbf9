#!/usr/bin/env bash
# Avro throughput (issue #3 budgets): produce + encode vs raw JSON produce, and consume +
# decode vs raw consume of the same topic; 1,000,000 OrderCreated records on `evctl dev up`
# (embedded broker + registry). Best of 3 runs each. Usage: demo/bench-avro.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
PARTS=64   # the mock keeps at most 5 MiB per partition; 1M JSON orders are ~250 MB
E=$PWD/target/release/evctl
OUT=demo/out
mkdir -p "$OUT"
cargo build --release --quiet
python3 - "$N" > "$OUT/orders.jsonl" <<'PY'
import json, sys
n = int(sys.argv[1])
w = sys.stdout.write
for i in range(n):
    w(json.dumps({"eventId": f"e-{i}", "correlationId": f"o-{i}", "timestamp": 1795341600000 + i, "source": "gateway",
                  "orderId": f"o-{i}", "customerId": f"c-{i % 1000}",
                  "items": [{"productId": f"p-{i % 97}", "quantity": 1 + i % 5, "priceCents": 150}],
                  "totalCents": 150 * (1 + i % 5), "createdAt": 1795341600000 + i}, separators=(",", ":")) + "\n")
PY
$E dev up --quiet -o json -p $PARTS -t json-1 -t json-2 -t json-3 -t avro-1 -t avro-2 -t avro-3 > "$OUT/up.json" &
UP=$!
trap 'kill $UP 2>/dev/null; wait $UP 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$OUT/up.json" ] && break; sleep 0.1; done
export EVCTL_BROKERS=$(python3 -c "import json;print(json.load(open('$OUT/up.json'))['bootstrap_servers'])")
export EVCTL_SCHEMA_REGISTRY=$(python3 -c "import json;print(json.load(open('$OUT/up.json'))['schema_registry'])")
secs() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N); python3 -c "print(($t1 - $t0) / 1e9)"; }
best() { for _ in 1 2 3; do secs "$@"; done | sort -n | head -1; }
rate() { python3 -c "print(round($N / $1))"; }
# each run produces to its own topic, so every topic holds exactly N records
jp=$(for i in 1 2 3; do secs $E produce json-$i --input json -q -f "$OUT/orders.jsonl"; done | sort -n | head -1)
ap=$(for i in 1 2 3; do secs $E produce avro-$i --input json -q -f "$OUT/orders.jsonl" --value-format avro --value-schema schemas/order.created.avsc --register; done | sort -n | head -1)
rc=$(best sh -c "$E consume avro-1 -o raw -q > /dev/null")
dc=$(best sh -c "$E consume avro-1 -o jsonl -q > /dev/null")
n=$($E consume avro-1 -o jsonl -q | wc -l)
[ "$n" = "$N" ] || { echo "decoded $n of $N" >&2; exit 1; }
printf '\n%s OrderCreated records, embedded broker (%s partitions) + dev registry\n' "$N" "$PARTS"
printf '%-34s %12s\n' "operation" "msg/s"
printf '%-34s %12s\n' "produce JSON as is" "$(rate $jp)"
printf '%-34s %12s  (%.2fx)\n' "produce JSON -> Avro (encode)" "$(rate $ap)" "$(python3 -c "print($jp/$ap)")"
printf '%-34s %12s\n' "consume Avro raw bytes" "$(rate $rc)"
printf '%-34s %12s  (%.2fx)\n' "consume + Avro decode to JSONL" "$(rate $dc)" "$(python3 -c "print($rc/$dc)")"
