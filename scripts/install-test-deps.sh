#!/usr/bin/env bash
# Installs what the tests need beside the build packages (scripts/install-deps.sh): kcat (the
# interop peer), tmux (terminal tests of `top`), util-linux's `script` (README's examples run
# on a terminal), prometheus (the real scraper of `lag --serve`, and promtool), python3 with
# Confluent's Python client (the Avro, Protobuf, JSON Schema and registry interop peer) and
# opentelemetry-proto (parses `tail --export otlp`).
# Skips apt and pip entirely when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh kcat python3 tmux bsdutils prometheus

# Confluent's Python client, for the Avro, Protobuf, JSON Schema and registry interop tests
PY_CLIENT="confluent-kafka[avro,protobuf,json,schemaregistry]"
if ! python3 -c "import confluent_kafka.schema_registry.avro, confluent_kafka.schema_registry.protobuf, confluent_kafka.schema_registry.json_schema" 2>/dev/null; then
  echo "installing: $PY_CLIENT (pip)" >&2
  python3 -m pip install --quiet "$PY_CLIENT" 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages "$PY_CLIENT"
fi

# OpenTelemetry's own protobuf classes, to parse `tail --export otlp` as an ExportTraceServiceRequest
if ! python3 -c "import opentelemetry.proto.collector.trace.v1.trace_service_pb2" 2>/dev/null; then
  echo "installing: opentelemetry-proto (pip)" >&2
  python3 -m pip install --quiet opentelemetry-proto 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages opentelemetry-proto
fi
