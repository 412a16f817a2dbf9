#!/usr/bin/env bash
# `evctl lag --serve` over G groups x P partitions on a real broker (nisshi), the issue's figures:
#  - a collection cycle: evctl_lag_collect_duration_seconds, the first cycle (every
#    first-unconsumed timestamp read) and the steady ones (remembered), beside the peer
#    (demo/lag-peer.py: Python confluent-kafka reading the same offsets and ends, no seconds);
#  - a scrape: 300 GETs of /metrics from curl --compressed (gzip, as Prometheus asks) against an
#    exporter collecting every 1 s (so many land while a collection runs), p50/p99/max of curl's time_total, and the exposition's size;
#  - resident memory (peak, VmHWM) and CPU (utime+stime over 60 s) at the default 15 s interval.
# Usage: demo/bench-exporter.sh [BROKER] [GROUPS] [PARTITIONS]   (127.0.0.1:19092, 100, 100)
set -euo pipefail
cd "$(dirname "$0")/.."
. demo/groups-lib.sh
bench_groups bench-exporter "$@"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; drop_groups "$E" "$B" "$T" "$G"' EXIT
# serve ARGS...: starts an exporter, sets URL and PID (it announces after its first collection)
serve() {
  local info="$OUT/exporter-$RANDOM.json"
  "$E" lag -b "$B" --serve 127.0.0.1:0 -o json -q "$@" > "$info" &
  PID=$!
  PIDS+=("$PID")
  until [ -s "$info" ]; do sleep 0.1; done
  URL=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["metrics"])' "$info")
  rm -f "$info"
}
metric() { curl -s "$URL" | awk -v m="$1" '$1 ~ "^"m"({|$)" {print $2; exit}'; }

serve --interval 1s
first=$(metric evctl_lag_collect_duration_seconds)
series=$(curl -s "$URL" | grep -vc '^#')
bytes=$(curl -s "$URL" | wc -c)
sleep 5
steady=$(metric evctl_lag_collect_duration_seconds)
for _ in $(seq 300); do
  curl -s --compressed -o /dev/null -w '%{time_total}\n' "$URL"
  sleep 0.02
done | sort -n > "$OUT/scrapes.txt"
pct() { awk -v q="$1" '{a[NR]=$1} END {i=int(NR*q); if (i<1) i=1; printf "%.1f", a[i]*1000}' "$OUT/scrapes.txt"; }
echo "scrape ($series series, $((bytes / 1024)) KiB of text, gzipped on the wire, collecting every 1 s): p50 $(pct 0.5) ms, p99 $(pct 0.99) ms, max $(pct 1.0) ms over 300 GETs"
peer=()
for _ in 1 2 3; do
  /usr/bin/time -f "%e" -o "$OUT/time.txt" python3 demo/lag-peer.py "$B" > /dev/null
  peer+=("$(cat "$OUT/time.txt")")
done
pm=$(printf '%s\n' "${peer[@]}" | sort -n | sed -n 2p)
echo "collection cycle ($G groups x $P partitions): first ${first} s (every timestamp read), steady ${steady} s; python confluent-kafka, same offsets and ends without seconds: ${pm} s (median of 3)"
kill "$PID"

serve
tick() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
c0=$(tick); sleep 60; c1=$(tick)
hz=$(getconf CLK_TCK)
rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$PID/status")
cpu=$(python3 -c "print(round(($c1 - $c0) / $hz / 60 * 100, 2))")
echo "at the default 15 s interval: ${cpu}% of one core over 60 s, peak RSS ${rss} MB"
rm -f "$OUT/scrapes.txt" "$OUT/time.txt"
