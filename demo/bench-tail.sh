#!/usr/bin/env bash
# `evctl tail` speed: finding one correlation id in N records spread over 5 topics, side by side
# with `evctl consume` reading the same topics to /dev/null and with kcat | grep (topic by topic,
# what people do today), on one embedded broker; JSON values, then Avro values (registry).
# Then follow mode: how long after it is produced a matching record is printed.
# Usage: demo/bench-tail.sh [N]   (default 1,000,000; 5 topics x 12 partitions)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
PARTS=12
E=target/release/evctl
OUT=demo/out
mkdir -p "$OUT"
cargo build --release --quiet
PER=$((N / 5))
# one line per record: JSON orders, each with its own correlationId; the wanted id once per topic
python3 - "$PER" > "$OUT/orders.jsonl" <<'PY'
import sys, json
n = int(sys.argv[1])
for i in range(n):
    cid = "wanted-1" if i == n // 2 else f"o-{i:08d}"
    print(json.dumps({"eventId": f"e-{i}", "correlationId": cid, "timestamp": 1795312637898 + i,
        "source": "bench", "orderId": f"o-{i}", "customerId": f"c-{i % 97}",
        "items": [{"productId": f"p-{i % 13}", "quantity": 1, "priceCents": 100}],
        "totalCents": 100, "createdAt": 1795312637898}, separators=(",", ":")))
PY
TOPICS=""
for k in 1 2 3 4 5; do TOPICS="$TOPICS -t json$k -t avro$k"; done
$E dev up --quiet -p $PARTS $TOPICS > "$OUT/devup.txt" &
DEV=$!
trap 'kill $DEV 2>/dev/null; wait $DEV 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ "$(wc -l < "$OUT/devup.txt")" -ge 2 ] && break; sleep 0.1; done
BS=$(sed -n 's/^EVCTL_BROKERS=//p' "$OUT/devup.txt")
REG=$(sed -n 's/^EVCTL_SCHEMA_REGISTRY=//p' "$OUT/devup.txt")
SPREAD="-X sticky.partitioning.linger.ms=0"
for k in 1 2 3 4 5; do
  $E produce json$k -b "$BS" $SPREAD -q --input json -f "$OUT/orders.jsonl"
  $E produce avro$k -b "$BS" $SPREAD -q --input json -f "$OUT/orders.jsonl" \
    --value-format avro --value-schema schemas/order.created.avsc --register --schema-registry "$REG"
done

secs() { /usr/bin/time -f "%e" -o "$OUT/time.txt" sh -c "$1" > /dev/null; cat "$OUT/time.txt"; }
# the median of 5 runs, each command's runs interleaved with its baseline's (this machine's
# 2 cores are shared by broker and client: single runs vary by +-15%)
pair() {
  local a=() b=()
  for _ in 1 2 3 4 5; do a+=("$(secs "$1")"); b+=("$(secs "$2")"); done
  printf '%s\n' "${a[@]}" | sort -n | sed -n 3p
  printf '%s\n' "${b[@]}" | sort -n | sed -n 3p
}
rate() { python3 -c "print(f'{$N / $1:,.0f}')"; }
ratio() { python3 -c "print(f'{$2 / $1:.2f}x')"; }
J="json1,json2,json3,json4,json5"
A="avro1,avro2,avro3,avro4,avro5"
found=$($E tail -b "$BS" --topics "$J" --since start --correlation-id wanted-1 -o jsonl | wc -l)
[ "$found" = 5 ] || { echo "tail found $found of 5 JSON records" >&2; exit 1; }
found=$($E tail -b "$BS" --topics "$A" --since start --correlation-id wanted-1 --schema-registry "$REG" -o jsonl | wc -l)
[ "$found" = 5 ] || { echo "tail found $found of 5 Avro records" >&2; exit 1; }

{ read -r c_json; read -r t_json; } < <(pair "$E consume json1 json2 json3 json4 json5 -b $BS -o raw -q" \
  "$E tail -b $BS --topics $J --since start --correlation-id wanted-1 -o jsonl -q")
k_json=$(secs "for t in json1 json2 json3 json4 json5; do kcat -C -b $BS -t \$t -e -q -o beginning | grep -F wanted-1; done")
{ read -r c_avro; read -r t_avro; } < <(pair "$E consume avro1 avro2 avro3 avro4 avro5 -b $BS -o raw -q" \
  "$E tail -b $BS --topics $A --since start --correlation-id wanted-1 --schema-registry $REG -o jsonl -q")
d_avro=$(secs "$E consume avro1 avro2 avro3 avro4 avro5 -b $BS --schema-registry $REG -o jsonl -q")

printf '\nfinding one correlation id in %s records (5 topics x %s partitions), median of 5 interleaved runs\n' "$N" "$PARTS"
printf '%-52s %12s %8s\n' "command" "msg/s" "vs consume"
printf '%-52s %12s %8s\n' "JSON: evctl consume -o raw > /dev/null" "$(rate "$c_json")" "1.00x"
printf '%-52s %12s %8s\n' "JSON: evctl tail --correlation-id" "$(rate "$t_json")" "$(ratio "$t_json" "$c_json")"
printf '%-52s %12s %8s\n' "JSON: kcat -C | grep, topic by topic" "$(rate "$k_json")" "$(ratio "$k_json" "$c_json")"
printf '%-52s %12s %8s\n' "Avro: evctl consume -o raw > /dev/null" "$(rate "$c_avro")" "1.00x"
printf '%-52s %12s %8s\n' "Avro: evctl tail --correlation-id (registry)" "$(rate "$t_avro")" "$(ratio "$t_avro" "$c_avro")"
printf '%-52s %12s %8s\n' "Avro: evctl consume decoding every value" "$(rate "$d_avro")" "$(ratio "$d_avro" "$c_avro")"

# follow mode: produce a matching record every 300 ms; latency = printed at - record timestamp
python3 - "$E" "$BS" <<'PY'
import json, subprocess, sys, time, threading
e, bs = sys.argv[1], sys.argv[2]
tail = subprocess.Popen([e, "tail", "-b", bs, "--topics", "json1", "--since", "@-1s", "-f",
    "--correlation-id", "live-1", "-o", "jsonl", "-q"], stdout=subprocess.PIPE, text=True)
time.sleep(2.0)
lat = []
def read():
    for line in tail.stdout:
        lat.append(time.time() * 1000 - json.loads(line)["timestamp"])
threading.Thread(target=read, daemon=True).start()
prod = subprocess.Popen([e, "produce", "json1", "-b", bs, "--input", "json", "-q", "-X", "linger.ms=0"],
    stdin=subprocess.PIPE, text=True)
for i in range(20):
    prod.stdin.write(json.dumps({"correlationId": "live-1", "n": i}) + "\n"); prod.stdin.flush()
    time.sleep(0.3)
prod.stdin.close(); prod.wait(); time.sleep(1.0); tail.terminate(); tail.wait()
lat.sort()
if len(lat) < 20:
    sys.exit(f"follow: saw {len(lat)} of 20 records")
print(f"\nfollow mode, 20 records: produced → printed p50 {lat[10]:.0f} ms, max {lat[-1]:.0f} ms")
PY
