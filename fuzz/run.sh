#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after another, on one core.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); the stable toolchain is enough with
# RUSTC_BOOTSTRAP=1. New corpus entries land in fuzz/corpus/<target>/ (minimise before
# committing: `cargo fuzz cmin <target>`); a crash lands in fuzz/artifacts/<target>/ and
# becomes a regression input in fuzz/regressions/<target>/ once fixed.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
export RUSTC_BOOTSTRAP=1
TARGETS=(confluent_framing avro_decode envelope offsets dlq_headers schema)
cargo fuzz build -O -s none
for t in "${TARGETS[@]}"; do
  echo "== $t: ${SECONDS_EACH}s" >&2
  cargo fuzz run -O -s none "$t" -- -max_total_time="$SECONDS_EACH" -max_len=4096 \
    -print_final_stats=1 2>&1 | grep -E "^(#|Done|stat::|==|SUMMARY|.*panicked)" | tail -12
done
