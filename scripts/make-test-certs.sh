#!/usr/bin/env bash
# Makes a throwaway CA and a server certificate for 127.0.0.1/localhost in DIR (for the TLS
# test broker that .ci/run starts), plus a second CA that signed nothing (an untrusted one).
set -euo pipefail
DIR=${1:?usage: make-test-certs.sh DIR}
mkdir -p "$DIR"
cd "$DIR"
[ -s server.pem ] && exit 0
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=evctl test CA" \
  -keyout ca.key -out ca.pem 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=other CA" \
  -keyout other-ca.key -out other-ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
  -keyout server.key.rsa -out server.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > ext.cnf
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
  -extfile ext.cnf -out server.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in server.key.rsa -out server.key
