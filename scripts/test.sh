#!/usr/bin/env bash
# The test command (README): installs system packages, then runs every test in release mode
# (one build shared with the benchmarks). The real-broker suite runs when EVCTL_TEST_BROKERS
# names a broker; `.ci/run` starts nisshi and sets it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
cargo test --release
