#!/usr/bin/env bash
# `evctl schema check` timings (issue #4 budgets): one pair, whole process (< 15 ms), and a
# directory of 1,000 schemas against a git ref (< 2 s). Best of 5 runs each.
# Usage: demo/bench-schema.sh [N_SCHEMAS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
cargo build --release --quiet
E=$PWD/target/release/evctl
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 - "$W" "$N" <<'PY'
import json, os, sys
root, n = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{root}/schemas", exist_ok=True)
for i in range(n):
    fields = [{"name": "eventId", "type": "string"},
              {"name": "correlationId", "type": ["null", "string"], "default": None},
              {"name": "orderId", "type": "string"},
              {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": f"Item{i}", "fields": [
                  {"name": "productId", "type": "string"}, {"name": "quantity", "type": "int"}]}}},
              {"name": "status", "type": {"type": "enum", "name": f"Status{i}", "symbols": ["NEW", "PAID", "SHIPPED"]}},
              {"name": "totalCents", "type": "int"},
              {"name": "createdAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}]
    s = {"type": "record", "name": f"Event{i}", "namespace": "com.example.events.bench", "fields": fields}
    with open(f"{root}/schemas/event{i:04}.avsc", "w") as f:
        json.dump(s, f, indent=2)
PY
cd "$W"
git init -q . && git add -A && git -c user.email=b@b -c user.name=b commit -qm base
# evolve every tenth schema compatibly (a field with a default)
for f in schemas/event*0.avsc; do
  python3 - "$f" <<'PY'
import json, sys
p = sys.argv[1]; s = json.load(open(p))
s["fields"].append({"name": "channel", "type": "string", "default": "web"})
json.dump(s, open(p, "w"), indent=2)
PY
done
# milliseconds of a whole run, best of 5
best() {
  for _ in 1 2 3 4 5; do
    t0=$(date +%s%N); "$@" > /dev/null || true; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 ))
  done | sort -n | head -1 | awk '{ printf "%.1f ms", $1 / 1000 }'
}
cp schemas/event0000.avsc new.avsc; git show HEAD:schemas/event0000.avsc > old.avsc
pair=$(best "$E" schema check new.avsc --against old.avsc)
dir=$(best "$E" schema check schemas --against-git HEAD)
"$E" schema check schemas --against-git HEAD > /dev/null   # must pass (exit 0)
printf 'schema check, best of 5 (whole process)\n'
printf '  one pair:                   %s\n' "$pair"
printf '  %s schemas vs git HEAD:    %s\n' "$N" "$dir"
