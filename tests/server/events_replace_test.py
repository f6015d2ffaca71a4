"""POST /v1/events?mode=replace|upsert: the semantics of `chaintwin ingest --mode` (docs/
EVENTS.md "Replace or upsert"). A replace batch is the whole picture of each (owner, kind) in
it: that owner's other current records of the kind, not newer than the batch, are withdrawn in
the same transaction; a refused replace batch withdraws nothing; replaying it withdraws
nothing more. The same sequence through `chaintwin ingest` gives the same state."""
import json
import os
import subprocess

from harness import BINARY, Server, check, finish

server = Server()
CELLS, ANODE, OTHER = "BPNL000000000KRC", "BPNL000000000CNA", "BPNL000000000JPA"
AS_OF = "2026-12-07T12:00:00Z"


def stock(key, supplier, qty, time):
    return {"key": key, "kind": "item_stock", "owner": CELLS, "customer": CELLS, "supplier": supplier,
            "time": time, "site": "kr_cells", "material": "anode_material", "direction": "inbound",
            "quantity": qty}


def kr(state):
    s = [x for x in state["slots"] if x["site"] == "kr_cells" and x["material"] == "anode_material"]
    return (s[0]["stock"], s[0]["stock_records"]) if s else (0.0, 0)


first = [stock("a1", ANODE, "1200 t", "2026-12-07T06:00:00Z"), stock("o1", OTHER, "300 t", "2026-12-07T06:00:00Z")]
whole = [stock("a2", ANODE, "1000 t", "2026-12-07T08:00:00Z")]
bad = [stock("a3", ANODE, "900 t", "2026-12-07T09:00:00Z"), stock("a4", ANODE, "12 GWh", "2026-12-07T09:00:00Z")]

r = server.post("/v1/events?mode=upsert", {"events": first})
check(r.status == 200 and r.json()["added"] == 2 and r.json()["withdrawn"] == 0, f"upsert: {r}")
check(kr(server.get(f"/v1/state?as_of={AS_OF}").json()) == (1500.0, 2), "two stock records summed")

# A refused replace batch withdraws nothing.
r = server.post("/v1/events?mode=replace", {"events": bad})
check(r.status == 400 and any(p["path"] == "events[1].quantity" for p in r.json()["error"]["problems"]),
      f"bad replace batch refused with its problem: {r}")
check(kr(server.get(f"/v1/state?as_of={AS_OF}").json()) == (1500.0, 2), "nothing withdrawn by a refused batch")

r = server.post("/v1/events?mode=replace", {"events": whole})
check(r.status == 200 and r.json()["added"] == 1 and r.json()["withdrawn"] == 1,
      f"replace: the record not named is withdrawn: {r}")
check(kr(server.get(f"/v1/state?as_of={AS_OF}").json()) == (1000.0, 1), "only the replacing record is left")
check(kr(server.get("/v1/state?as_of=2026-12-07T07:00:00Z").json()) == (1500.0, 2),
      "as of before the replace both records still hold")
r = server.post("/v1/events?mode=replace", {"events": whole})
check(r.status == 200 and r.json()["added"] == 0 and r.json()["withdrawn"] == 0, f"replayed: nothing more: {r}")

r = server.post("/v1/events?mode=overwrite", {"events": whole})
check(r.status == 400 and "query.mode" in r.error_message(), f"unknown mode refused: {r}")

# The same sequence through the CLI into another store: the same state.
d = server.dir
for name, events in (("first.jsonl", first), ("bad.jsonl", bad), ("whole.jsonl", whole)):
    with open(os.path.join(d, name), "w") as f:
        f.write("".join(json.dumps(e) + "\n" for e in events))
other = os.path.join(d, "cli.db")
for mode, name, rc in (("upsert", "first.jsonl", 0), ("replace", "bad.jsonl", 2), ("replace", "whole.jsonl", 0)):
    p = subprocess.run([BINARY, "ingest", "--store", other, "--no-alerts", "--mode", mode, os.path.join(d, name)],
                       capture_output=True, text=True)
    check(p.returncode == rc, f"cli ingest --mode {mode} {name}: exit {p.returncode} {p.stderr}")
p = subprocess.run([BINARY, "state", "--store", other, "--as-of", AS_OF, "--format", "json"],
                   capture_output=True, text=True)
check(p.returncode == 0 and json.loads(p.stdout)["slots"] == server.get(f"/v1/state?as_of={AS_OF}").json()["slots"],
      "the CLI's replace gives the same state")
server.stop()
finish()
