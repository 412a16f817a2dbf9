#!/usr/bin/env bash
# Runs fuzz targets (all, or those named after SECONDS) for SECONDS each (default 600), one
# after another, on one core; JOBS=2 runs two at a time.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); the stable toolchain is enough with
# RUSTC_BOOTSTRAP=1. New corpus entries land in fuzz/corpus/<target>/ (minimise before
# committing: `cargo fuzz cmin <target>`); a crash lands in fuzz/artifacts/<target>/ and
# becomes a regression input in fuzz/regressions/<target>/ once fixed.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
shift || true
export RUSTC_BOOTSTRAP=1
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(confluent_framing avro_decode envelope offsets dlq_headers schema protobuf)
cargo fuzz build -O -s none
one() {
  cargo fuzz run -O -s none "$1" -- -max_total_time="$SECONDS_EACH" -max_len=4096 \
    -print_final_stats=1 > "artifacts/$1.log" 2>&1 || echo "== $1: FOUND A CRASH (artifacts/$1/)"
  echo "== $1: $(grep -E '^Done' "artifacts/$1.log" || echo 'did not finish')"
}
mkdir -p artifacts
running=0
for t in "${TARGETS[@]}"; do
  one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "${JOBS:-1}" ]; then wait -n; running=$((running - 1)); fi
done
wait
