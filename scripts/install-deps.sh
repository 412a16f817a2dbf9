#!/usr/bin/env bash
# Installs the system packages evctl needs to build (static librdkafka via cmake) and test
# (kcat for interop, tmux for the terminal test of `top`). Skips apt entirely when everything is already there.
set -euo pipefail
PKGS=(cmake pkg-config libssl-dev libsasl2-dev zlib1g-dev libcurl4-openssl-dev kcat python3 tmux)
missing=()
for p in "${PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Confluent's Python client, for the Avro/registry interop tests
if ! python3 -c "import confluent_kafka.schema_registry.avro" 2>/dev/null; then
  echo "installing: confluent-kafka[avro,schemaregistry] (pip)" >&2
  python3 -m pip install --quiet "confluent-kafka[avro,schemaregistry]" 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages "confluent-kafka[avro,schemaregistry]"
fi
