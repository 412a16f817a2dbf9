#!/usr/bin/env bash
# Produce/consume throughput of evctl side by side with kcat on the same embedded broker
# (`evctl dev broker`), then evctl alone on a real broker (nisshi; kcat's librdkafka 2.0
# cannot talk to it). Usage: demo/bench-core.sh [N_MESSAGES] [REAL_BROKER_ADDR]
#   N defaults to 1,000,000 records of 100 bytes; the real broker part runs when
#   EVCTL_BENCH_REAL (or the 2nd argument) names one, e.g. 127.0.0.1:19092.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
REAL=${2:-${EVCTL_BENCH_REAL:-}}
PARTS=24
E=target/release/evctl
OUT=demo/out
mkdir -p "$OUT"
command -v kcat >/dev/null || { echo "kcat is needed: scripts/install-test-deps.sh" >&2; exit 2; }
cargo build --release --quiet

# 100-byte values: a counter padded with letters
python3 - "$N" > "$OUT/input.txt" <<'PY'
import sys
n = int(sys.argv[1]); pad = "x" * 100
w = sys.stdout.write
for i in range(n):
    s = str(i); w(s + pad[len(s):] + "\n")
PY

TOPICS=""
for r in 1 2 3; do TOPICS="$TOPICS -t kcat-p$r -t evctl-p$r"; done
$E dev broker --quiet -p $PARTS $TOPICS > "$OUT/bootstrap.txt" &
DEV=$!
trap 'kill $DEV 2>/dev/null; wait $DEV 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$OUT/bootstrap.txt" ] && break; sleep 0.1; done
BS=$(head -1 "$OUT/bootstrap.txt")
SPREAD="-X sticky.partitioning.linger.ms=0"   # spread keyless records (DESIGN §3), same for both

# seconds and peak RSS (MB) of a command
measure() { /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@"; read -r secs kb < "$OUT/time.txt"; echo "$secs $((kb / 1024))"; }
# best of 3 (this machine shares 2 cores between broker and client: single runs vary ±20%)
best() { for _ in 1 2 3; do measure "$@"; done | sort -n | head -1; }
total() { $E topics describe "$1" -b "$2" -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["messages"])'; }
rate() { python3 -c "print(round($1 / $2))"; }

# produce: three runs each, into fresh topics (the mock keeps at most 5 MiB per partition)
kp=(); ep=()
for r in 1 2 3; do
  kp+=("$(measure kcat -P -b "$BS" -t kcat-p$r $SPREAD -l "$OUT/input.txt")")
  ep+=("$(measure $E produce evctl-p$r -b "$BS" $SPREAD -q -f "$OUT/input.txt")")
done
read -r kp_s kp_m < <(printf '%s\n' "${kp[@]}" | sort -n | head -1)
read -r ep_s ep_m < <(printf '%s\n' "${ep[@]}" | sort -n | head -1)
for t in kcat-p1 evctl-p1 evctl-p2 evctl-p3; do
  got=$(total $t "$BS"); [ "$got" = "$N" ] || { echo "topic $t holds $got of $N records (mock log bound?)" >&2; exit 1; }
done
# consume the same topic with both (what kcat wrote), to /dev/null
read -r kc_s kc_m < <(best sh -c "kcat -C -b $BS -t kcat-p1 -e -q -o beginning > /dev/null")
read -r ec_s ec_m < <(best sh -c "$E consume kcat-p1 -b $BS -o raw -q > /dev/null")
read -r kj_s kj_m < <(best sh -c "kcat -C -b $BS -t kcat-p1 -e -q -J -o beginning > /dev/null")
read -r ej_s ej_m < <(best sh -c "$E consume kcat-p1 -b $BS -o jsonl -q > /dev/null")
n_raw=$($E consume kcat-p1 -b "$BS" -o raw -q | wc -l)
[ "$n_raw" = "$N" ] || { echo "evctl consumed $n_raw of $N" >&2; exit 1; }

printf '\nembedded broker (librdkafka mock, %s partitions), %s x 100 B records, best of 3\n' "$PARTS" "$N"
printf '%-28s %12s %12s %8s %10s\n' "operation" "kcat msg/s" "evctl msg/s" "ratio" "evctl RSS"
row() { printf '%-28s %12s %12s %7.2fx %8s MB\n' "$1" "$(rate $N $2)" "$(rate $N $3)" "$(python3 -c "print($2/$3)")" "$4"; }
row "produce (-P / produce)" "$kp_s" "$ep_s" "$ep_m"
row "consume raw (-C / -o raw)" "$kc_s" "$ec_s" "$ec_m"
row "consume json (-J / jsonl)" "$kj_s" "$ej_s" "$ej_m"

if [ -n "$REAL" ]; then
  T=bench-$$
  $E topics create "$T" -p $PARTS -b "$REAL" -q
  read -r rp_s rp_m < <(measure $E produce "$T" -b "$REAL" $SPREAD -q -f "$OUT/input.txt")
  read -r rc_s rc_m < <(best sh -c "$E consume $T -b $REAL -o raw -q > /dev/null")
  got=$($E consume "$T" -b "$REAL" -o raw -q | wc -l)
  [ "$got" = "$N" ] || { echo "real broker: consumed $got of $N" >&2; exit 1; }
  $E topics delete "$T" -b "$REAL" -q || true
  printf '\nreal broker (%s), evctl only\n' "$REAL"
  printf '%-28s %12s %10s\n' "operation" "evctl msg/s" "RSS"
  printf '%-28s %12s %8s MB\n' "produce" "$(rate $N $rp_s)" "$rp_m"
  printf '%-28s %12s %8s MB\n' "consume raw" "$(rate $N $rc_s)" "$rc_m"
fi
