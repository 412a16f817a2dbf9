#!/usr/bin/env bash
# Installs nisshi, the real Kafka-compatible broker the CI suite runs against (DESIGN §3).
# Takes 12-20 minutes on 2 cores the first time; reuses ~/.cargo/bin/nisshi afterwards.
set -euo pipefail
NISSHI="${CARGO_HOME:-$HOME/.cargo}/bin/nisshi"
if [ -x "$NISSHI" ]; then
  exit 0
fi
cargo install nisshi --version 0.8.1 --locked --ignore-rust-version \
  --no-default-features --features dynostore,libsql
