#!/usr/bin/env bash
# Where produce's time goes: evctl and kcat producing the same 1M x 100 B records to the same
# embedded broker (`evctl dev broker`, a separate process), with the CPU seconds each side
# used: the client's (user+sys, from /usr/bin/time) and the broker process's (from
# /proc/PID/stat before and after). The broker's work is one thread per cluster (librdkafka's
# mock), so N / (its CPU seconds) is the fastest any client could produce to it: the ceiling.
# Runs on a cluster of 1 and of 2 brokers (2: the client's work splits over two of its broker
# threads; the mock's stays on one).
# Usage: demo/bench-produce.sh [N_MESSAGES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-3}
PARTS=24
E=target/release/evctl
OUT=demo/out
mkdir -p "$OUT"
command -v kcat >/dev/null || { echo "kcat is needed: scripts/install-test-deps.sh" >&2; exit 2; }
cargo build --release --quiet
TICK=$(getconf CLK_TCK)

python3 - "$N" > "$OUT/input.txt" <<'PY'
import sys
n = int(sys.argv[1]); pad = "x" * 100
w = sys.stdout.write
for i in range(n):
    s = str(i); w(s + pad[len(s):] + "\n")
PY

# CPU seconds (user+sys) a process has used so far
cpu_of() { awk -v t="$TICK" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
# one run: "wall client_cpu broker_cpu" of a command
one() {
  local pid=$1; shift
  local b0; b0=$(cpu_of "$pid")
  /usr/bin/time -f "%e %U %S" -o "$OUT/time.txt" "$@"
  local b1; b1=$(cpu_of "$pid")
  read -r wall u s < "$OUT/time.txt"
  python3 -c "print($wall, round($u + $s, 2), round($b1 - $b0, 2))"
}
# the median run of RUNS (by wall time); each run into a fresh topic (5 MiB per partition)
median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }
rate() { python3 -c "print(round($N / $1))"; }

printf '%s x 100 B records, %s partitions, median of %s runs (this machine: %s cores)\n' \
  "$N" "$PARTS" "$RUNS" "$(nproc)"
printf '%-8s %-6s %11s %9s %11s %11s %12s\n' brokers client "msg/s" "wall s" "client CPU" "broker CPU" "ceiling msg/s"
for B in 1 2; do
  TOPICS=""
  for r in $(seq "$RUNS"); do TOPICS="$TOPICS -t kcat-$r -t evctl-$r"; done
  $E dev broker --quiet --brokers "$B" -p $PARTS $TOPICS > "$OUT/bootstrap.txt" &
  DEV=$!
  trap 'kill $DEV 2>/dev/null; wait $DEV 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [ -s "$OUT/bootstrap.txt" ] && break; sleep 0.1; done
  BS=$(head -1 "$OUT/bootstrap.txt")
  SPREAD="-X sticky.partitioning.linger.ms=0"   # spread keyless records, the same for both
  k=(); e=()
  for r in $(seq "$RUNS"); do
    k+=("$(one $DEV kcat -P -b "$BS" -t kcat-$r $SPREAD -l "$OUT/input.txt")")
    e+=("$(one $DEV $E produce evctl-$r -b "$BS" $SPREAD -q -f "$OUT/input.txt")")
  done
  for r in $(seq "$RUNS"); do
    for t in kcat-$r evctl-$r; do
      got=$($E topics describe "$t" -b "$BS" -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["messages"])')
      [ "$got" = "$N" ] || { echo "topic $t holds $got of $N records" >&2; exit 1; }
    done
  done
  for who in kcat evctl; do
    if [ $who = kcat ]; then runs=("${k[@]}"); else runs=("${e[@]}"); fi
    read -r wall ccpu bcpu < <(printf '%s\n' "${runs[@]}" | median)
    printf '%-8s %-6s %11s %9s %11s %11s %12s\n' "$B" $who "$(rate "$wall")" "$wall" "$ccpu" "$bcpu" "$(rate "$bcpu")"
  done
  kill $DEV; wait $DEV 2>/dev/null || true
done
