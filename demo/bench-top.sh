#!/usr/bin/env bash
# `evctl lag` and `evctl top` over G groups x P partitions on a real broker (nisshi: the
# embedded broker cannot list groups). Each group has committed offsets on every partition of
# one topic, at different positions (so the seconds-behind lookups need many rounds), with
# records still to read.
#  - lag: the whole process (connect, list groups, offsets, ends, first-unconsumed timestamps),
#    median of 5, beside the peer: a Python confluent-kafka script doing the same per group
#    (list_consumer_group_offsets + get_watermark_offsets per partition; no seconds).
#  - top: evctl top in a tmux pane at 1 refresh/s for 30 s: CPU (utime+stime over the last
#    20 s, from /proc) and peak RSS.
# Usage: demo/bench-top.sh [BROKER] [GROUPS] [PARTITIONS]   (127.0.0.1:19092, 100, 100)
set -euo pipefail
cd "$(dirname "$0")/.."
. demo/groups-lib.sh
bench_groups bench-top "$@"
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { /usr/bin/time -f "%e %M" -o "$OUT/time.txt" sh -c "$1" > /dev/null; cat "$OUT/time.txt"; }
for _ in 1 2 3 4 5; do secs "$E lag -b $B -o json" >> "$OUT/lag-evctl.txt"; done
for _ in 1 2 3 4 5; do secs "python3 demo/lag-peer.py $B" >> "$OUT/lag-peer.txt"; done
rows=$($E lag -b "$B" -o json | python3 -c 'import json,sys; print(sum(len(g["partitions"]) for g in json.load(sys.stdin)))')
le=$(cut -d' ' -f1 "$OUT/lag-evctl.txt" | med); lr=$(cut -d' ' -f2 "$OUT/lag-evctl.txt" | med)
pe=$(cut -d' ' -f1 "$OUT/lag-peer.txt" | med)
rm -f "$OUT/lag-evctl.txt" "$OUT/lag-peer.txt"
echo "lag: $rows rows ($G groups x $P partitions and any others): evctl $le s (RSS $((lr / 1024)) MB), python confluent-kafka $pe s (no seconds-behind); evctl/peer time $(python3 -c "print(round($le / $pe, 2))")x"

S="bench-top-$$"
tmux -L "$S" new-session -d -s "$S" -x 160 -y 48 "$E top -b $B --interval 1s"
trap 'tmux -L "$S" kill-server 2>/dev/null || true' EXIT
sleep 2
PID=$(pgrep -P "$(tmux -L "$S" display -p -t "$S" '#{pane_pid}')" || tmux -L "$S" display -p -t "$S" '#{pane_pid}')
tick() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
sleep 8
c0=$(tick); sleep 20; c1=$(tick)
hz=$(getconf CLK_TCK)
rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$PID/status")
cpu=$(python3 -c "print(round(($c1 - $c0) / $hz / 20 * 100, 1))")
tmux -L "$S" capture-pane -p -t "$S" | head -8
echo "top: $G groups x $P partitions at 1 refresh/s: ${cpu}% of one core over 20 s, peak RSS ${rss} MB"
drop_groups "$E" "$B" "$T" "$G"
