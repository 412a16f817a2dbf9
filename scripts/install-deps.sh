#!/usr/bin/env bash
# Installs the system packages evctl needs to build (the static librdkafka via cmake, linked
# against the system's OpenSSL, SASL and zlib), and any packages named as arguments
# (scripts/install-test-deps.sh names what only the tests need). Skips apt entirely when
# everything is already there.
set -euo pipefail
PKGS=(cmake pkg-config libssl-dev libsasl2-dev zlib1g-dev libcurl4-openssl-dev "$@")
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
