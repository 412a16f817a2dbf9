#!/usr/bin/env bash
# evctl's main job on the embedded default, end to end: build, start the embedded broker,
# produce three orders keyed by orderId, read them back, stop the broker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo build --release --quiet
E=target/release/evctl
BOOT=$(mktemp)
$E dev broker --topic orders.order.created --partitions 3 > "$BOOT" &
DEV=$!
trap 'kill $DEV 2>/dev/null; wait $DEV 2>/dev/null; rm -f "$BOOT"' EXIT
for _ in $(seq 50); do [ -s "$BOOT" ] && break; sleep 0.1; done
export EVCTL_BROKERS=$(head -1 "$BOOT")
printf '%s\n' \
  '{"orderId":"o-1","customerId":"c-7","totalCents":4200}' \
  '{"orderId":"o-2","customerId":"c-9","totalCents":1999}' \
  '{"orderId":"o-3","customerId":"c-7","totalCents":650}' |
  $E produce orders.order.created --input json --key-field orderId -H source=quickstart
$E consume orders.order.created -o text
