#!/usr/bin/env bash
# `evctl group describe` of G groups x P partitions, and `group reset --execute` of R
# partitions, on a real broker (nisshi; the embedded broker cannot describe groups).
#  - describe: the whole process (connect, ListGroups/DescribeGroups, every group's offsets in
#    flight at once, the ends, the first unconsumed record of each lagging partition), median
#    of 5, beside the peer: Python confluent-kafka's AdminClient describing the same groups and
#    listing their offsets, plus the watermarks (no seconds-behind).
#  - reset: one group on a topic of R partitions, `--to earliest --execute`: the whole process,
#    and how many OffsetCommit requests librdkafka sent (its debug log).
# Usage: demo/bench-groups.sh [BROKER] [GROUPS] [PARTITIONS] [RESET_PARTITIONS]
#        (127.0.0.1:19092, 100, 100, 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
R=${4:-1000}
. demo/groups-lib.sh
bench_groups bench-groups "${@:1:3}"
GROUPS_LIST=$(python3 -c "print(' '.join(f'$T-g{i}' for i in range($G)))")
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { /usr/bin/time -f "%e" -o "$OUT/time.txt" sh -c "$1" > /dev/null; cat "$OUT/time.txt"; }
: > "$OUT/describe-evctl.txt"; : > "$OUT/describe-peer.txt"
cat > "$OUT/describe-peer.py" <<'PY'
import sys
from confluent_kafka import Consumer, TopicPartition, ConsumerGroupTopicPartitions
from confluent_kafka.admin import AdminClient
b, groups = sys.argv[1], sys.argv[2:]
a = AdminClient({"bootstrap.servers": b})
described = {g: f.result() for g, f in a.describe_consumer_groups(groups).items()}
c = Consumer({"bootstrap.servers": b, "group.id": "bench-groups-peer"})
marks = {}
for g in groups:
    res = a.list_consumer_group_offsets([ConsumerGroupTopicPartitions(g)])
    for _, f in res.items():
        for tp in f.result().topic_partitions:
            k = (tp.topic, tp.partition)
            if k not in marks:
                marks[k] = c.get_watermark_offsets(TopicPartition(*k), timeout=10)
            lag = marks[k][1] - tp.offset
print(len(described))
PY
for _ in 1 2 3 4 5; do
  secs "$E group describe $GROUPS_LIST -b $B -o json" >> "$OUT/describe-evctl.txt"
  secs "python3 $OUT/describe-peer.py $B $GROUPS_LIST" >> "$OUT/describe-peer.txt"
done
de=$(med < "$OUT/describe-evctl.txt"); dp=$(med < "$OUT/describe-peer.txt")
rows=$($E group describe $GROUPS_LIST -b "$B" -o json | python3 -c 'import json,sys; print(sum(len(g["partitions"]) for g in json.load(sys.stdin)))')
echo "group describe: $rows rows ($G groups x $P partitions): evctl $de s, python confluent-kafka $dp s (no seconds-behind); evctl/peer time $(python3 -c "print(round($de / $dp, 2))")x"
# reset of R partitions
RT="bench-reset-$$"
$E topics create "$RT" -p "$R" -b "$B" -q
start=$(date +%s.%N)
$E group reset "$RT-g" --topic "$RT" --to earliest --execute --backup "$OUT/reset-backup.json" -b "$B" -v -X debug=cgrp > /dev/null 2> "$OUT/reset-debug.txt"
end=$(date +%s.%N)
commits=$(grep -c "Committing offsets for" "$OUT/reset-debug.txt" || true)
parts=$(grep -o "Committing offsets for [0-9]* partition" "$OUT/reset-debug.txt" | head -1 | grep -o "[0-9]*")
echo "group reset --execute: $R partitions in $(python3 -c "print(round($end - $start, 2))") s, $commits OffsetCommit request(s) ($parts partitions in it)"
$E topics delete "$T" "$RT" -b "$B" -q
python3 - "$B" "$T" "$G" "$RT" <<'PY'
import sys
from confluent_kafka.admin import AdminClient
b, t, g, rt = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
a = AdminClient({"bootstrap.servers": b})
for f in a.delete_consumer_groups([f"{t}-g{i}" for i in range(g)] + [f"{rt}-g"]).values():
    try:
        f.result()
    except Exception:
        pass
PY
