"""The live twin over HTTP: a batch is stored whole or not at all (one bad event refuses it
with the index and field of every problem), a retried batch counts once, a Catena-X payload
is read as sent, and state and days of supply show what was stored. Days of supply are
checked against a case worked by hand (CX-0145)."""
import json

from harness import Server, check, finish

server = Server()
CELLS, ANODE = "BPNL000000000KRC", "BPNL000000000CNA"


def stock(key, qty, time="2026-12-07T06:00:00Z"):
    return {"key": key, "kind": "item_stock", "owner": CELLS, "customer": CELLS, "supplier": ANODE,
            "time": time, "site": "kr_cells", "material": "anode_material", "direction": "inbound",
            "quantity": qty}


# Hand-worked days of supply: 1,200 t of anode material at kr_cells at the end of 7 Dec, and
# demand of 100 t on each of the 20 days 8-27 Dec. CX-0145: DoS_0 = k + r / Out_{k+1} where
# k is the most days whose demand the stock covers: 1200 - 12 x 100 = 0 >= 0 and 1200 - 13 x
# 100 < 0, so k = 12, r = 0, DoS_0 = 12. On 8 Dec (P_1 = 1100) it is 11; on 19 Dec (P_12 = 0)
# it is 0, and on 20 Dec P_13 = -100 is the first stock-out.
demand = {"key": "kr-demand-1", "kind": "demand", "owner": CELLS, "customer": CELLS, "supplier": ANODE,
          "time": "2026-12-07T06:00:00Z", "site": "kr_cells", "material": "anode_material",
          "demands": [{"day": f"2026-12-{d:02d}", "quantity": "100 t"} for d in range(8, 28)]}
r = server.post("/v1/events", {"events": [stock("kr-stock-1", "1200 t"), demand], "source": "test"})
check(r.status == 200 and r.json()["added"] == 2, f"two events stored: {r}")
AS_OF = "2026-12-07T12:00:00Z"
dos = server.get(f"/v1/days-of-supply?as_of={AS_OF}&site=kr_cells&material=anode_material").json()
days = dos["days"]  # the one result's window, day by day
check(abs(days[0]["days_of_supply"] - 12.0) < 1e-9, f"DoS on 7 Dec = 12 (hand-worked): {days[0]}")
check(abs(days[1]["days_of_supply"] - 11.0) < 1e-9, f"DoS on 8 Dec = 11: {days[1]}")
check(abs(days[12]["days_of_supply"]) < 1e-9, f"DoS on 19 Dec = 0: {days[12]}")
check(dos["results"][0]["first_stockout"] == "2026-12-20", f"first stock-out 20 Dec: {dos['results'][0]['first_stockout']}")
state = server.get(f"/v1/state?as_of={AS_OF}").json()
slot = [s for s in state["slots"] if s["site"] == "kr_cells" and s["material"] == "anode_material"]
check(slot and slot[0]["stock"] == 1200.0, f"state shows 1200 t: {slot}")
before = server.get(f"/v1/state?as_of=2026-12-07T05:00:00Z").json()
check(not [s for s in before["slots"] if s["stock_records"] > 0], "nothing is on stock before the report's time")

# Retrying the same batch counts once.
r = server.post("/v1/events", {"events": [stock("kr-stock-1", "1200 t"), demand]})
check(r.status == 200 and r.json()["added"] == 0 and r.json()["duplicates"] == 2, f"retry counts once: {r}")

# All or nothing: two good events and two bad ones -> 400, every problem by index and field.
batch = [stock("kr-stock-2", "900 t", "2026-12-07T09:00:00Z"),
         stock("kr-stock-3", "-5 kg/d", "2026-12-07T09:00:00Z"),
         dict(stock("kr-stock-4", "10 t"), site="atlantis"),
         stock("kr-stock-5", "1e400 t")]
r = server.post("/v1/events", {"events": batch})
paths = [p["path"] for p in r.json()["error"]["problems"]] if r.status == 400 else []
check(r.status == 400, f"a batch with bad events is refused: {r}")
check("events[1].quantity" in paths and "events[2].site" in paths and "events[3].quantity" in paths,
      f"every problem named by index and field: {paths}")
check(not any(p.startswith("events[0]") for p in paths), "the good event has no problem")
state = server.get("/v1/state").json()
slot = [s for s in state["slots"] if s["site"] == "kr_cells" and s["material"] == "anode_material"]
check(slot and slot[0]["stock"] == 1200.0, f"nothing of the refused batch was stored: {slot}")

# The same key with other content is refused, and the batch with it is not stored.
r = server.post("/v1/events", {"events": [stock("kr-stock-9", "5 t", "2026-12-07T10:00:00Z"), stock("kr-stock-1", "1300 t")]})
check(r.status == 400 and "kr-stock-1" in r.body.decode(), f"a key reused with other content is refused: {r}")
state = server.get("/v1/state").json()
slot = [s for s in state["slots"] if s["site"] == "kr_cells" and s["material"] == "anode_material"]
check(slot[0]["stock"] == 1200.0, "the conflicting batch left nothing behind")

for name, body, status, words in [
    ("no events", {}, 400, "events"),
    ("events not a list", {"events": {"a": 1}}, 400, "non-empty array"),
    ("empty events", {"events": []}, 400, "non-empty array"),
    ("event not an object", {"events": [5]}, 400, "events[0]"),
    ("unknown kind", {"events": [dict(stock("k1", "1 t"), kind="rumour")]}, 400, "events[0].kind"),
    ("time without zone", {"events": [dict(stock("k2", "1 t"), time="2026-12-07T06:00:00")]}, 400, "events[0].time"),
    ("unknown material", {"events": [dict(stock("k3", "1 t"), material="kryptonite")]}, 400, "events[0].material"),
    ("unknown field", {"events": [stock("k4", "1 t")], "mode": "replace"}, 400, "mode: unknown field"),
]:
    r = server.post("/v1/events", body)
    check(r.status == status and words in r.error_message(), f"{name}: {status} naming {words!r}: {r}")

# A Catena-X ItemStock payload, as a partner sends it.
payload = {"materialGlobalAssetId": "anode_material", "direction": "INBOUND",
           "positions": [{"allocatedStocks": [{"stockLocationBPNS": "jp_cells",
                                               "quantityOnAllocatedStock": {"value": 800, "unit": "unit:tonneMetricTon"},
                                               "isBlocked": False,
                                               "lastUpdatedOnDateTime": "2026-12-07T07:00:00+09:00"}]}]}
r = server.post("/v1/events/catena-x?owner=BPNL000000000JPC&partner=BPNL000000000CNA", payload)
check(r.status == 200 and r.json()["added"] == 1, f"Catena-X ItemStock stored: {r}")
state = server.get("/v1/state").json()
slot = [s for s in state["slots"] if s["site"] == "jp_cells" and s["material"] == "anode_material"]
check(slot and slot[0]["stock"] == 800.0, f"the payload's stock is in the state: {slot}")
bad = json.loads(json.dumps(payload))
bad["positions"][0]["allocatedStocks"][0]["quantityOnAllocatedStock"]["unit"] = "unit:furlong"
r = server.post("/v1/events/catena-x?owner=BPNL000000000JPC&partner=BPNL000000000CNA", bad)
check(r.status == 400 and "furlong" in r.body.decode(), f"a unit with no counterpart is refused: {r}")

# Feeds and alerts.
feeds = server.get("/v1/feeds").json()["feeds"]
check(any(f["owner"] == CELLS and f["kind"] == "item_stock" and f["count"] == 1 for f in feeds), f"feed counted: {feeds}")
alerts = server.get("/v1/alerts?as_of=2026-12-07T12:00:00Z&horizon_days=30").json()
check(isinstance(alerts["projected_shortages"], list), "alerts list projected shortages")
r = server.post("/v1/simulate", {"scenario": "graphite_ban", "from_store": True, "as_of": AS_OF})
check(r.status == 200, f"simulate from the store's state: {r}")
r = server.post("/v1/simulate", {"scenario": "graphite_ban", "as_of": AS_OF})
check(r.status == 400 and "from_store" in r.body.decode(), "as_of needs from_store")

metrics = server.get("/v1/metrics").body.decode()
check("chaintwin_ingest_events_total 3" in metrics, "ingested events counted (2 + 1 Catena-X)")
check('chaintwin_ingest_batches_total{outcome="rejected"}' in metrics, "rejected batches counted")
server.stop()

# Without a store, the twin routes say so.
bare = Server(store=False)
r = bare.get("/v1/state")
check(r.status == 404 and "--store" in r.error_message(), f"no store: 404 naming --store: {r}")
bare.stop()
finish()
