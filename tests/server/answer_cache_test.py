"""State and days of supply are cached per store version (server/answer_cache.hpp): the
cached answer equals a fresh computation, an ingest (through the server, or by `chaintwin
ingest` writing the same file from another process) is never answered from before it, and the
answer is the one the CLI prints for the same store and instant (one Document, one schema)."""
import json
import subprocess

from harness import BINARY, Server, check, finish

server = Server()
CELLS, ANODE = "BPNL000000000KRC", "BPNL000000000CNA"
AS_OF = "2026-12-07T12:00:00Z"


def stock(key, qty, time="2026-12-07T06:00:00Z"):
    return {"key": key, "kind": "item_stock", "owner": CELLS, "customer": CELLS, "supplier": ANODE,
            "time": time, "site": "kr_cells", "material": "anode_material", "direction": "inbound",
            "quantity": qty}


def cli(*args):
    p = subprocess.run([BINARY, *args, "--store", server.store, "--as-of", AS_OF, "--format", "json"],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"{args}: exit {p.returncode} {p.stderr}")
    return json.loads(p.stdout) if p.returncode == 0 else None


def kr_stock(doc):
    rows = [r for r in doc["results"] if r["site"] == "kr_cells" and r["material"] == "anode_material"]
    return rows[0]["stock"] if rows else None


demand = {"key": "kr-demand-1", "kind": "demand", "owner": CELLS, "customer": CELLS, "supplier": ANODE,
          "time": "2026-12-07T06:00:00Z", "site": "kr_cells", "material": "anode_material",
          "demands": [{"day": f"2026-12-{d:02d}", "quantity": "100 t"} for d in range(8, 28)]}
r = server.post("/v1/events", {"events": [stock("s1", "1200 t"), demand]})
check(r.status == 200, f"seeded: {r}")

DOS = f"/v1/days-of-supply?as_of={AS_OF}"
first = server.get(DOS)
again = server.get(DOS)
check(first.status == 200 and first.body == again.body, "the repeated answer is the same bytes")
check(kr_stock(first.json()) == 1200.0, f"1200 t reported: {first.body[:200]!r}")
check(first.json() == cli("days-of-supply"), "the (cached) answer equals the CLI's fresh computation")
check(server.get(f"/v1/state?as_of={AS_OF}").json() == cli("state"), "state equals the CLI's")

# An ingest through the server: the next answer is computed again, never the cached one.
r = server.post("/v1/events", {"events": [stock("s2", "900 t", "2026-12-07T09:00:00Z")]})
check(r.status == 200 and r.json()["added"] == 1, f"newer stock report stored: {r}")
after = server.get(DOS)
check(kr_stock(after.json()) == 900.0, f"the answer after the ingest shows it: {kr_stock(after.json())}")
check(after.json() == cli("days-of-supply"), "and equals a fresh computation")
state = server.get(f"/v1/state?as_of={AS_OF}").json()
check(state == cli("state"), "state after the ingest equals the CLI's")

# A batch refused whole changes nothing, and the cached answer stays right.
r = server.post("/v1/events", {"events": [stock("s3", "5 t", "2026-12-07T10:00:00Z"),
                                          dict(stock("s4", "1 t"), site="atlantis")]})
check(r.status == 400, f"bad batch refused: {r}")
check(server.get(DOS).body == after.body, "a refused batch leaves the answer as it was")

# Another process writes the same store file (chaintwin ingest): the server sees it at once.
events = server.dir + "/late.jsonl"
with open(events, "w") as f:
    f.write(json.dumps(stock("s5", "700 t", "2026-12-07T11:00:00Z")) + "\n")
p = subprocess.run([BINARY, "ingest", "--store", server.store, "--no-alerts", events],
                   capture_output=True, text=True)
check(p.returncode == 0, f"chaintwin ingest into the served store: {p.stderr}")
external = server.get(DOS).json()
check(kr_stock(external) == 700.0, f"an ingest by another process is not answered from the cache: {kr_stock(external)}")
check(external == cli("days-of-supply"), "and equals a fresh computation")
s = [x for x in server.get(f"/v1/state?as_of={AS_OF}").json()["slots"]
     if x["site"] == "kr_cells" and x["material"] == "anode_material"]
check(s and s[0]["stock"] == 700.0, f"state too: {s}")

# Other parameters are other answers.
one = server.get(f"{DOS}&site=kr_cells&material=anode_material&horizon_days=5").json()
check(len(one["results"]) == 1 and len(one["days"]) == 6,  # today and the 5 days after it
      f"a filtered query is its own answer: {len(one['days'])}")
earlier = server.get("/v1/days-of-supply?as_of=2026-12-07T07:00:00Z&site=kr_cells&material=anode_material").json()
check(kr_stock(earlier) == 1200.0, f"as of 07:00 the 06:00 report holds: {kr_stock(earlier)}")
server.stop()
finish()
