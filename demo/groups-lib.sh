# Sourced by demo/bench-top.sh, demo/bench-groups.sh and demo/bench-exporter.sh: the same G groups x P partitions.
# bench_groups NAME [BROKER] [GROUPS] [PARTITIONS]: the benchmarks' common start: sets B (the
# broker, 127.0.0.1:19092), G and P (100 x 100), E (the release binary, built), OUT (demo/out)
# and T (a topic unique to this run), then makes the groups.
bench_groups() {
  local name=$1
  B=${2:-127.0.0.1:19092}
  G=${3:-100}
  P=${4:-100}
  E=$PWD/target/release/evctl
  OUT=demo/out
  mkdir -p "$OUT"
  cargo build --release --quiet
  T="$name-$$"
  make_groups "$E" "$B" "$T" "$G" "$P"
}

# make_groups EVCTL BROKER TOPIC GROUPS PARTITIONS: a topic of P partitions holding 20 records
# each (keys spread them), and G groups TOPIC-g0.. with committed offsets on every partition
# at 10 different positions (so the seconds-behind lookups need many rounds).
make_groups() {
  local e=$1 b=$2 t=$3 g=$4 p=$5
  "$e" topics create "$t" -p "$p" -b "$b" -q
  python3 -c "
import json
for i in range($p * 20): print(json.dumps({'key': f'k{i}', 'value': f'v{i}'}))" |
    "$e" produce "$t" -b "$b" --input envelope -q
  python3 - "$b" "$t" "$g" "$p" <<'PY'
import sys
from confluent_kafka import Consumer, TopicPartition
b, t, g, p = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
for i in range(g):
    c = Consumer({"bootstrap.servers": b, "group.id": f"{t}-g{i}", "enable.auto.commit": False})
    c.commit(offsets=[TopicPartition(t, q, i % 10) for q in range(p)], asynchronous=False)
    c.close()
PY
}

# drop_groups EVCTL BROKER TOPIC GROUPS: leave the broker as it was (the groups and the topic go).
drop_groups() {
  local e=$1 b=$2 t=$3 g=$4
  python3 - "$b" "$t" "$g" <<'PY'
import sys
from confluent_kafka.admin import AdminClient
b, t, g = sys.argv[1], sys.argv[2], int(sys.argv[3])
a = AdminClient({"bootstrap.servers": b})
for f in a.delete_consumer_groups([f"{t}-g{i}" for i in range(g)]).values():
    try:
        f.result()
    except Exception:
        pass
PY
  "$e" topics delete "$t" -b "$b" -q --yes 2>/dev/null || "$e" topics delete "$t" -b "$b" -q
}
