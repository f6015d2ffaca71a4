"""Seeds a running `chaintwin serve` with the bundled dataset as live events: one stock report
per row of data/battery/inventory.csv and a 28-day demand series per row of demand.csv (the
dataset's own figures), so /v1/state and /v1/days-of-supply have something real to fold.
Usage: python3 seed_store.py PORT SOURCE_DIR"""
import csv
import http.client
import json
import re
import sys

port, source = int(sys.argv[1]), sys.argv[2]
events = []
for i, row in enumerate(csv.DictReader(open(f"{source}/data/battery/inventory.csv"))):
    events.append({"key": f"seed-stock-{i}", "kind": "item_stock", "owner": f"BPNLSEED{i:08d}",
                   "customer": f"BPNLSEED{i:08d}", "supplier": "BPNLSEEDSUPPLIER", "time": "2026-12-07T00:00:00Z",
                   "site": row["site"], "material": row["material"], "direction": "inbound",
                   "quantity": row["quantity"]})
for i, row in enumerate(csv.DictReader(open(f"{source}/data/battery/demand.csv"))):
    value, unit = re.match(r"([\d.]+)\s*(\S+)/yr", row["rate"]).groups()
    per_day = float(value) / 365.0
    events.append({"key": f"seed-demand-{i}", "kind": "demand", "owner": f"BPNLDEMAND{i:06d}",
                   "customer": f"BPNLDEMAND{i:06d}", "supplier": "BPNLSEEDSUPPLIER", "time": "2026-12-07T00:00:00Z",
                   "site": row["site"], "material": row["material"],
                   "demands": [{"day": f"2026-12-{d:02d}", "quantity": f"{per_day:.6g} {unit}"} for d in range(8, 32)]})
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
conn.request("POST", "/v1/events", body=json.dumps({"events": events, "source": "seed"}),
             headers={"Content-Type": "application/json"})
r = conn.getresponse()
body = r.read().decode()
if r.status != 200:
    sys.exit(f"seeding failed: {r.status} {body}")
print(f"seeded {len(events)} events: {json.loads(body)}")
