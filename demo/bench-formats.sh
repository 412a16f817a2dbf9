#!/usr/bin/env bash
# Protobuf and JSON Schema figures (issue #24), side by side on one `evctl dev up` (embedded
# broker + dev registry), best of 3 each:
#   - decoding N Protobuf OrderCreated values to JSON lines: `evctl consume` against Confluent's
#     Python client (ProtobufDeserializer + MessageToJson) on the same records;
#   - produce JSON -> Protobuf and JSON -> JSON Schema (validated) against producing the JSON as is;
#   - `tail --correlation-id` over the Protobuf topic against `consume -o raw` of it;
#   - `schema check` of one .proto pair, whole process.
# Usage: demo/bench-formats.sh [N]   (default 200000; needs scripts/install-test-deps.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
PARTS=16
E=$PWD/target/release/evctl
OUT=demo/out
mkdir -p "$OUT"
cargo build --release --quiet
python3 - "$N" > "$OUT/orders-fmt.jsonl" <<'PY'
import json, sys
n = int(sys.argv[1])
w = sys.stdout.write
for i in range(n):
    w(json.dumps({"eventId": f"e-{i}", "correlationId": f"o-{i}", "timestamp": 1795341600000 + i, "source": "gateway",
                  "orderId": f"o-{i}", "customerId": f"c-{i % 1000}",
                  "items": [{"productId": f"p-{i % 97}", "quantity": 1 + i % 5, "priceCents": 150}],
                  "totalCents": 150 * (1 + i % 5), "createdAt": 1795341600000 + i}, separators=(",", ":")) + "\n")
PY
topics=""
for i in 1 2 3; do topics="$topics -t raw-$i -t pb-$i -t js-$i"; done
# shellcheck disable=SC2086
$E dev up --quiet -o json -p $PARTS $topics > "$OUT/up-fmt.json" &
UP=$!
trap 'kill $UP 2>/dev/null; wait $UP 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$OUT/up-fmt.json" ] && break; sleep 0.1; done
export EVCTL_BROKERS=$(python3 -c "import json;print(json.load(open('$OUT/up-fmt.json'))['bootstrap_servers'])")
export EVCTL_SCHEMA_REGISTRY=$(python3 -c "import json;print(json.load(open('$OUT/up-fmt.json'))['schema_registry'])")
secs() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N); python3 -c "print(($t1 - $t0) / 1e9)"; }
best() { for _ in 1 2 3; do secs "$@"; done | sort -n | head -1; }
rate() { python3 -c "print(round($N / $1))"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
# each produce run writes its own topic, so every topic holds exactly N records
rp=$(for i in 1 2 3; do secs $E produce raw-$i --input json -q -f "$OUT/orders-fmt.jsonl"; done | sort -n | head -1)
pp=$(for i in 1 2 3; do secs $E produce pb-$i --input json -q -f "$OUT/orders-fmt.jsonl" --value-format protobuf --value-schema schemas/order.created.proto --register; done | sort -n | head -1)
jp=$(for i in 1 2 3; do secs $E produce js-$i --input json -q -f "$OUT/orders-fmt.jsonl" --value-format json-schema --value-schema schemas/order.created.json --register; done | sort -n | head -1)
dc=$(best sh -c "$E consume pb-1 -o jsonl -q > /dev/null")
n=$($E consume pb-1 -o jsonl -q | wc -l)
[ "$n" = "$N" ] || { echo "decoded $n of $N" >&2; exit 1; }
# the Python client on the same records: ProtobufDeserializer, then MessageToJson per record
cat > "$OUT/py-decode.py" <<'PY'
import base64, json, sys, urllib.request, uuid
from confluent_kafka import Consumer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
brokers, registry, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
latest = json.load(urllib.request.urlopen(f"{registry}/subjects/pb-1-value/versions/latest"))
fdp = descriptor_pb2.FileDescriptorProto()
fdp.ParseFromString(base64.b64decode(json.load(urllib.request.urlopen(
    f"{registry}/schemas/ids/{latest['id']}?format=serialized"))["schema"]))
fdp.name = "order.created.proto"
pool = descriptor_pool.DescriptorPool()
pool.Add(fdp)
cls = message_factory.GetMessageClass(pool.FindMessageTypeByName("com.example.events.order.OrderCreated"))
des = ProtobufDeserializer(cls, {"use.deprecated.format": False})
c = Consumer({"bootstrap.servers": brokers, "group.id": f"bench-{uuid.uuid4()}", "auto.offset.reset": "earliest",
              "enable.auto.commit": False})
c.subscribe(["pb-1"])
ctx = SerializationContext("pb-1", MessageField.VALUE)
out, got = sys.stdout, 0
while got < n:
    for m in c.consume(1000, 1.0):
        if m.error():
            continue
        out.write(json_format.MessageToJson(des(m.value(), ctx), indent=None) + "\n")
        got += 1
c.close()
PY
py=$(best python3 "$OUT/py-decode.py" "$EVCTL_BROKERS" "$EVCTL_SCHEMA_REGISTRY" "$N")
tc=$(best sh -c "$E tail --correlation-id o-$((N / 2)) --topics pb-1 -o jsonl -q > /dev/null")
# raw: without the registry, so nothing is decoded
rc=$(best env -u EVCTL_SCHEMA_REGISTRY sh -c "$E consume pb-1 -o raw -q > /dev/null")
printf 'syntax = "proto3";\npackage shop;\nmessage Order { string id = 1; int32 qty = 2; }\n' > "$OUT/old.proto"
sed 's/int32 qty/string qty/' "$OUT/old.proto" > "$OUT/new.proto"
sc=$(for _ in 1 2 3 4 5; do secs sh -c "$E schema check $OUT/new.proto --against $OUT/old.proto > /dev/null || true"; done | sort -n | head -1)
printf '\n%s OrderCreated records, embedded broker (%s partitions) + dev registry\n' "$N" "$PARTS"
printf '%-46s %12s\n' "operation" "msg/s"
printf '%-46s %12s\n' "produce JSON as is" "$(rate $rp)"
printf '%-46s %12s  (%sx raw)\n' "produce JSON -> Protobuf" "$(rate $pp)" "$(ratio $rp $pp)"
printf '%-46s %12s  (%sx raw)\n' "produce JSON -> JSON Schema (validated)" "$(rate $jp)" "$(ratio $rp $jp)"
printf '%-46s %12s\n' "evctl consume + Protobuf decode to JSONL" "$(rate $dc)"
printf '%-46s %12s  (evctl %sx Python)\n' "Python ProtobufDeserializer + MessageToJson" "$(rate $py)" "$(ratio $py $dc)"
printf '%-46s %12s\n' "consume -o raw (Protobuf topic)" "$(rate $rc)"
printf '%-46s %12s  (%sx consume raw)\n' "tail --correlation-id over Protobuf" "$(rate $tc)" "$(ratio $rc $tc)"
printf '%-46s %9.1f ms\n' "schema check, one .proto pair (whole process)" "$(python3 -c "print($sc * 1000)")"
