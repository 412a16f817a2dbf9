#!/usr/bin/env bash
# Regenerates completions/ from the binary (tests/cli/completions.rs fails when they drift).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
E=target/release/evctl
$E completions bash > completions/evctl.bash
$E completions zsh > completions/_evctl
$E completions fish > completions/evctl.fish
$E completions powershell > completions/_evctl.ps1
$E completions elvish > completions/evctl.elv
$E man > completions/evctl.1
