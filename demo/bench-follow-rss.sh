#!/usr/bin/env bash
# Memory of a follow read on a busy topic: `evctl consume T -f -o raw` runs while N records
# (default 10 million) are produced into T; its RSS is sampled from /proc every 0.5 s until it
# has written every record. The budget (issue #14): RSS after 10M records <= 100 MB, and flat
# (the last sample no higher than the peak of the first quarter by more than a few MB).
# The peer is a Python confluent-kafka follower (Debian's kcat cannot talk to nisshi:
# "ApiVersionRequest failed: Read underflow"), reading the same topic afterwards, measured the
# same way. Every record is checked: a reader that misses one never reaches N lines.
# Usage: demo/bench-follow-rss.sh [BROKER] [N]   (127.0.0.1:19092, 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-127.0.0.1:19092}
N=${2:-10000000}
E=$PWD/target/release/evctl
OUT=demo/out
mkdir -p "$OUT"
cargo build --release --quiet
T="bench-follow-$$"
$E topics create "$T" -p 4 -b "$B" -q

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# follow with CMD... writing to FILE until FILE has N lines; prints "peak_kb last_kb first_q_peak_kb secs"
follow() {
  local file=$1; shift
  : > "$file"
  "$@" > "$file" 2>/dev/null &
  local pid=$! peak=0 firstq=0 last=0 lines=0 t0 prev=-1 still=0
  t0=$(date +%s.%N)
  sleep 1
  if [ "$PRODUCED" = no ]; then
    seq 1 "$N" | $E produce "$T" -b "$B" -q &
    PRODUCER=$!
  fi
  while :; do
    last=$(rss_kb "$pid")
    [ "$last" -gt "$peak" ] && peak=$last
    lines=$(wc -l < "$file")
    [ "$lines" -lt $((N / 4)) ] && [ "$last" -gt "$firstq" ] && firstq=$last
    [ "$lines" -ge "$N" ] && break
    if [ "$lines" -eq "$prev" ]; then still=$((still + 1)); else still=0; prev=$lines; fi
    # 30 s without a new line: a record never came
    if [ "$still" -ge 60 ]; then echo "$* stalled at $lines of $N lines" >&2; break; fi
    kill -0 "$pid" 2>/dev/null || { echo "the reader died after $lines lines" >&2; exit 1; }
    sleep 0.5
  done
  local secs
  secs=$(echo "$(date +%s.%N) - $t0" | bc)
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  # (this runs in a subshell: the producer it started is its child to wait for)
  if [ -n "${PRODUCER:-}" ]; then wait "$PRODUCER"; fi
  echo "$peak $last $firstq $secs $lines"
}

PRODUCED=no
read -r e_peak e_last e_firstq e_secs e_lines < <(follow "$OUT/follow-evctl.out" $E consume "$T" -b "$B" -f -o raw)
PRODUCED=yes
PEER='
import sys
from confluent_kafka import Consumer, TopicPartition
c = Consumer({"bootstrap.servers": sys.argv[1], "group.id": "bench-follow-peer", "enable.auto.commit": False})
c.assign([TopicPartition(sys.argv[2], p, -2) for p in range(4)])
out = sys.stdout.buffer
while True:
    for m in c.consume(10000, 0.5):
        if not m.error():
            out.write(m.value() + b"\n")
    out.flush()
'
read -r k_peak k_last k_firstq k_secs k_lines < <(follow "$OUT/follow-peer.out" python3 -c "$PEER" "$B" "$T")
k_row=$(printf "python peer       %8d %8d %10d %8.1f %8d" $((k_peak / 1024)) $((k_last / 1024)) $((k_firstq / 1024)) "$k_secs" "$k_lines")
printf "follow read of %d records (%s, 4 partitions)\n" "$N" "$B"
printf "reader           peak MB  last MB  1st-qtr MB   secs    lines\n"
printf "evctl consume -f  %8d %8d %10d %8.1f %8d\n" $((e_peak / 1024)) $((e_last / 1024)) $((e_firstq / 1024)) "$e_secs" "$e_lines"
echo "$k_row"
$E topics delete "$T" -b "$B" -q >/dev/null 2>&1 || true
rm -f "$OUT/follow-evctl.out" "$OUT/follow-peer.out"
