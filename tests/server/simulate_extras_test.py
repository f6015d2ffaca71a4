"""POST /v1/simulate with "include": the timeline, site status and flows parts (docs/openapi.yaml)
equal the CLI's `simulate --include ... --by week` (a second path to the same library), and a
bad include word, timeline_by or timeline site is a 400 naming its JSON path."""
from harness import Server, check, finish, run_cli

server = Server(store=False)
body = {"scenario": "graphite_ban", "include": ["timeline", "site_status", "flows"], "timeline_by": "week"}
r = server.post("/v1/simulate", body)
check(r.status == 200, f"simulate with include: {r.status} {r.body[:300]}")
api = r.json()
import json
code, out, err = run_cli("simulate", "graphite_ban", "--include", "timeline,site_status,flows", "--by", "week",
                         "--format", "json")
check(code == 0, f"CLI: {err}")
cli = json.loads(out)
for part in ("timeline", "site_status", "flows"):
    check(part in api, f"no {part} in the answer")
    check(api.get(part) == cli.get(part), f"{part} differs from the CLI's")
check(api["timeline"]["by"] == "week", "timeline_by ignored")

plain = server.post("/v1/simulate", {"scenario": "graphite_ban"}).json()
check(not any(p in plain for p in ("timeline", "site_status", "flows")), "extras without include")

r = server.post("/v1/simulate", {"scenario": "graphite_ban", "include": ["timeline"], "timeline_sites": ["kr_cells"]})
check(r.status == 200 and {s["site"] for s in r.json()["timeline"]["series"]} == {"kr_cells"}, "timeline_sites")

for bad, path in [({"include": ["timeline", "flow"]}, "include[1]"),
                  ({"include": "timeline"}, "include"),
                  ({"include": ["timeline"], "timeline_by": "month"}, "timeline_by"),
                  ({"timeline_by": "week"}, "timeline_by"),
                  ({"include": ["timeline"], "timeline_sites": ["nowhere"]}, "timeline_sites[0]")]:
    r = server.post("/v1/simulate", {"scenario": "graphite_ban", **bad})
    check(r.status == 400, f"{bad}: {r.status}")
    paths = [p["path"] for p in r.json()["error"].get("problems", [])] if r.status == 400 else []
    check(path in paths, f"{bad}: problems {paths}, expected {path}")
server.stop()
finish()
