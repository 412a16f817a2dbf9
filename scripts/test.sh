#!/usr/bin/env bash
# The test command (README): installs the test peers (kcat, the Python client, tmux), then
# runs every test in release mode (one build shared with the benchmarks). Arguments go to
# the test binaries: `.ci/run` starts the real brokers and passes `--include-ignored`, which
# runs the tests marked `#[ignore = "needs …"]` too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
cargo test --release -- "$@"
