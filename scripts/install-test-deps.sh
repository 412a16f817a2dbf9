#!/usr/bin/env bash
# Installs what the tests need beside the build packages (scripts/install-deps.sh): kcat (the
# interop peer), tmux (terminal tests of `top`), util-linux's `script` (README's examples run
# on a terminal), python3 with Confluent's Python client (the Avro/registry interop peer).
# Skips apt and pip entirely when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh kcat python3 tmux bsdutils

# Confluent's Python client, for the Avro/registry interop tests
if ! python3 -c "import confluent_kafka.schema_registry.avro" 2>/dev/null; then
  echo "installing: confluent-kafka[avro,schemaregistry] (pip)" >&2
  python3 -m pip install --quiet "confluent-kafka[avro,schemaregistry]" 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages "confluent-kafka[avro,schemaregistry]"
fi
