#!/usr/bin/env python3
"""One line per `simulate marketplace -o json` report, for the demo scripts: throughput,
p50/p99/max and whether every invariant held; then, where the report has them, the p99 of
every 5 s of orders, how the gateway held back (--max-in-flight) and the canary's comparison.
Usage: sim-report.py REPORT.json LABEL"""
import json
import sys

r = json.load(open(sys.argv[1]))
l = r["latency"]
ok = "yes" if all(i["holds"] for i in r["invariants"]) else "NO"
print("%-28s %7d orders in %6.1f s = %6.0f orders/s  p50 %5d  p99 %5d  max %5d ms  invariants %s"
      % (sys.argv[2], r["orders"], r["seconds"], r["orders_per_sec"], l["p50_ms"], l["p99_ms"],
         l["max_ms"], ok))
windows = r.get("latency_windows", [])
if len(windows) > 1:
    print("  p99 per 5 s:", " ".join(str(w["p99_ms"]) for w in windows))
b = r.get("back_pressure")
if b:
    print("  held %d times, %.1f s in all; peak %d in flight (limit %d)"
          % (b["holds"], b["held_ms"] / 1000, b["peak_in_flight"], b["max_in_flight"]))
c = r.get("canary")
if c:
    print("  canary %s: %d of %d decisions the same (%.1f%%), %d inputs read, unpaired %d/%d"
          % (c["service"], c["agreed"], c["compared"], 100.0 * c["agreed"] / max(c["compared"], 1),
             c["inputs_read"], c["canary_only"], c["production_only"]))
