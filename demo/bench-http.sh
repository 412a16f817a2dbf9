#!/usr/bin/env bash
# `simulate marketplace --http`: orders posted at a steady rate by a local client (Python,
# keep-alive connections, paced), on the embedded broker; the run ends on Ctrl-C and its
# report gives the latency from each POST (the order.created timestamp is taken when the POST
# is accepted) to the order's final event; the client gives the POSTs' own answer times.
# Usage: demo/bench-http.sh [RATE] [SECONDS] [PORT]   (default 2000/s for 20 s on 18089)
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-2000}
SECS=${2:-20}
PORT=${3:-18089}
E=target/release/evctl
OUT=demo/out
mkdir -p "$OUT"
cargo build --release --quiet

$E simulate marketplace --orders 0 --http "127.0.0.1:$PORT" -o json > "$OUT/http-report.json" 2> "$OUT/http-stderr.txt" &
SIM=$!
trap 'kill $SIM 2>/dev/null; wait $SIM 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q "orders over HTTP" "$OUT/http-stderr.txt" && break; sleep 0.1; done
grep -q "orders over HTTP" "$OUT/http-stderr.txt" || { cat "$OUT/http-stderr.txt" >&2; exit 1; }

python3 - "$PORT" "$RATE" "$SECS" <<'PY'
import http.client, json, sys, threading, time
port, rate, secs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
threads = 4
total = int(rate * secs)
lat, codes, lock = [], {}, threading.Lock()
start = time.monotonic() + 0.2

def client(k):
    c = http.client.HTTPConnection("127.0.0.1", port)
    mine = []
    for i in range(k, total, threads):
        due = start + i / rate
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
        body = json.dumps({"customerId": f"c-{i % 500}",
                           "items": [{"productId": f"p-{1 + i % 40:02d}", "quantity": 1 + i % 2}]})
        t = time.monotonic()
        c.request("POST", "/orders", body, {"Content-Type": "application/json"})
        r = c.getresponse(); r.read()
        mine.append((time.monotonic() - t) * 1000)
        with lock:
            codes[r.status] = codes.get(r.status, 0) + 1
    with lock:
        lat.extend(mine)

ts = [threading.Thread(target=client, args=(k,)) for k in range(threads)]
[t.start() for t in ts]; [t.join() for t in ts]
took = time.monotonic() - start
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print(f"client: {total} POSTs in {took:.1f} s = {total / took:,.0f}/s (asked {rate:,.0f}/s); "
      f"answers {codes}; POST answered p50 {q(.5):.1f} ms, p99 {q(.99):.1f} ms, max {lat[-1]:.1f} ms")
PY
kill -INT $SIM
wait $SIM || true
python3 - "$OUT/http-report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
l = r["latency"]
print(f"evctl: {r['orders']} orders ({r['http']['accepted']} posted, {r['http']['refused']} refused); "
      f"POST to final event p50 {l['p50_ms']} ms, p99 {l['p99_ms']} ms, max {l['max_ms']} ms; "
      f"invariants hold: {all(i['holds'] for i in r['invariants'])}")
print("p99 per 5 s of orders (ms): " + " ".join(str(w["p99_ms"]) for w in r.get("latency_windows", [])))
PY
