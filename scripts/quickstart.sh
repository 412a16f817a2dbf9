#!/usr/bin/env bash
# evctl's main job on the embedded default: build, then run the whole simulated marketplace
# (embedded broker + in-process schema registry, no Docker) and print its report.
# Extra arguments go to `evctl simulate marketplace` (e.g. --orders 100000 --chaos).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo build --release --quiet
exec target/release/evctl simulate marketplace "$@"
