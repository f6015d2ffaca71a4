"""Every endpoint of docs/openapi.yaml answers its documented example request with its
documented success status, and the answers agree with the CLI (a second path to the same
library): simulate, compare, Monte Carlo. Jobs are queued, reported, cancelled, refused when
the queue is full; metrics and the access log count what was served."""
import json
import math
import os
import time
import urllib.parse

import yaml

from harness import SOURCE, Server, check, finish, run_cli

spec = yaml.safe_load(open(os.path.join(SOURCE, "docs", "openapi.yaml")))
server = Server()


def example_query(op, path_params):
    query = {}
    for p in op.get("parameters", []) + path_params:
        if "$ref" in p:
            p = spec["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
        if p["in"] == "query" and "example" in p:
            query[p["name"]] = p["example"]
    return "?" + urllib.parse.urlencode(query) if query else ""


def success_status(op):
    return min(int(code) for code in op["responses"] if code.startswith("2"))


def new_job(runs=200):
    r = server.post("/v1/montecarlo", {"scenario": "graphite_ban_uncertain", "runs": runs, "seed": 7})
    check(r.status == 202, f"montecarlo answers 202: {r}")
    return r.json()["id"]


# 1. Every documented operation, with its example.
covered = 0
for path, item in spec["paths"].items():
    path_params = item.get("parameters", [])
    for method in ("get", "post", "delete", "put", "patch"):
        if method not in item:
            continue
        op = item[method]
        url = path
        if "{id}" in url:
            job_id = new_job(runs=100000 if method == "delete" else 50)
            if method == "get":
                server.wait_job(job_id)
            url = url.replace("{id}", job_id)
        url += example_query(op, path_params)
        body = None
        if "requestBody" in op:
            body = op["requestBody"]["content"]["application/json"]["example"]
        r = server.request(method.upper(), url, body=body)
        want = success_status(op)
        ok = check(r.status == want, f"{method.upper()} {url} answers {want}: {r}")
        media = next(iter(op["responses"][str(want)]["content"]))
        check(r.headers.get("content-type", "").startswith(media),
              f"{method.upper()} {path} is {media}: {r.headers.get('content-type')}")
        if ok and media == "application/json":
            doc = r.json()
            example = op["responses"][str(want)]["content"][media]["example"]
            # The documented example shows the real top-level fields (no invented ones).
            if isinstance(example, dict):
                missing = [k for k in example if k not in doc]
                check(not missing, f"{method.upper()} {path}: example fields {missing} not in the answer")
        covered += 1
check(covered >= 14, f"every operation was exercised ({covered})")

# 2. simulate agrees with `chaintwin simulate --format json`.
code, out, err = run_cli("simulate", os.path.join(SOURCE, "data/battery/scenarios/graphite_ban.yaml"), "--format", "json")
cli = json.loads(out)
r = server.post("/v1/simulate", {"scenario": "graphite_ban"})
api = r.json()
check(r.status == 200 and api["totals"] == cli["totals"], f"simulate totals match the CLI: {api.get('totals')} vs {cli['totals']}")
check(api["shortages"] == cli["shortages"], "simulate shortages match the CLI")
check("allocations" not in api, "allocations are left out unless asked for")
check(api["network"] == "network.yaml", f"no server path in the answer: {api['network']}")
check(math.isfinite(api["totals"]["unserved_demand_gwh"]) and api["totals"]["unserved_demand_gwh"] >= 0,
      "unserved GWh is a finite, non-negative figure")
check(len(api["shortages"]) > 0, "the graphite ban causes shortages")

# An uploaded scenario (the same file as JSON) gives the same answer as the named one.
document = yaml.safe_load(open(os.path.join(SOURCE, "data/battery/scenarios/graphite_ban.yaml")))
document = json.loads(json.dumps(document, default=str))  # YAML dates as text
r = server.post("/v1/simulate", {"document": document})
check(r.status == 200 and r.json()["totals"] == cli["totals"], f"uploaded scenario runs the same: {r}")
r = server.post("/v1/simulate", {"scenario": "graphite_ban", "include_allocations": True, "days": 30})
check(r.status == 200 and len(r.json().get("allocations", [])) > 0 and r.json()["days"] == 30,
      "include_allocations and days are honoured")

# 3. compare: the difference is the difference of two simulations.
r = server.post("/v1/compare", {"a": {"scenario": "graphite_ban"}, "b": {"scenario": "graphite_ban_joint_stockpile_60d"}})
b = server.post("/v1/simulate", {"scenario": "graphite_ban_joint_stockpile_60d"}).json()
d = r.json()
check(r.status == 200 and abs(d["unserved_demand_gwh_difference"] - (b["totals"]["unserved_demand_gwh"] - cli["totals"]["unserved_demand_gwh"])) < 1e-9,
      f"compare difference = b - a: {d.get('unserved_demand_gwh_difference')}")

# 4. Monte Carlo job agrees with `chaintwin montecarlo`.
job = new_job(200)
r = server.wait_job(job)
check(r.status == 200 and r.json()["state"] == "succeeded", f"job succeeds: {r}")
result = r.json().get("result", {})
code, out, err = run_cli("montecarlo", os.path.join(SOURCE, "data/battery/scenarios/graphite_ban_uncertain.yaml"),
                         "--runs", "200", "--seed", "7", "--format", "json", "--no-progress")
mc = json.loads(out)
check(abs(result.get("unserved_demand_gwh", {}).get("mean", -1) - mc["unserved_demand_gwh"]["mean"]) < 1e-9,
      f"job mean lost GWh = CLI's: {result.get('unserved_demand_gwh')} vs {mc['unserved_demand_gwh']['mean']}")
check(r.json()["progress"]["done"] == 200, f"progress reaches the total: {r.json()['progress']}")

# Cancelling a long job.
job = new_job(100000)
time.sleep(0.3)
r = server.request("DELETE", f"/v1/jobs/{job}")
check(r.status == 202, f"DELETE answers 202: {r}")
r = server.wait_job(job, timeout=30)
check(r.json()["state"] == "cancelled", f"the job ends cancelled: {r}")
check(server.get("/v1/jobs/mc-999-00000000").status == 404, "unknown job is 404")
check(server.request("DELETE", "/v1/jobs/nope").status == 404, "cancelling an unknown job is 404")

# 5. A full job queue refuses with 503 and Retry-After.
small = Server("--jobs", "2", "--job-workers", "1", store=False)
ids = []
for i in range(2):
    r = small.post("/v1/montecarlo", {"scenario": "graphite_ban_uncertain", "runs": 100000})
    check(r.status == 202, f"job {i} queued: {r}")
    ids.append(r.json()["id"])
r = small.post("/v1/montecarlo", {"scenario": "graphite_ban_uncertain", "runs": 10})
check(r.status == 503 and r.headers.get("retry-after", "").isdigit(), f"full queue: 503 + Retry-After: {r} {r.headers}")
check(small.healthy(), "the server still answers")
metrics = small.get("/v1/metrics").body.decode()
check('chaintwin_jobs_total{outcome="refused"} 1' in metrics, "refused jobs are counted")
code, seconds = small.stop()
check(code == 0 and seconds < 20, f"SIGTERM with running jobs: exit {code} after {seconds:.1f} s")

# 6. Analyses: sane values.
r = server.get("/v1/analyze/dependence?on=CN")
rows = r.json()["rows"]
check(rows and all(math.isfinite(x["share"]) and 0 <= x["share"] <= 1 + 1e-9 for x in rows), "dependence shares in [0, 1]")
r = server.get("/v1/analyze/concentration")
check(all(math.isfinite(m["hhi_country"]) and 0 <= m["hhi_country"] <= 10000 + 1e-6 for m in r.json()["materials"]), "HHI in [0, 10000]")
r = server.get("/v1/analyze/tts?top=3")
check(len(r.json()["sites"]) == 3, "tts top=3 gives three rows")
net = server.get("/v1/network").json()
sites = {s["id"] for s in net["sites"]}
check(all(l["supplier"] in sites and l["buyer"] in sites for l in net["lanes"]), "lanes join known sites")
check(sum(1 for s in net["sites"] if s["lat"] is not None) > len(sites) // 2, "most sites have coordinates")
check(all(-90 <= s["lat"] <= 90 and -180 <= s["lon"] <= 180 for s in net["sites"] if s["lat"] is not None), "coordinates in range")
# The names block (COMMON interface 1): every country, region, material and site has en and ja.
nm = net["names"]
check(set(nm) == {"countries", "regions", "materials", "sites"}, "names block has its four kinds")
check(set(nm["sites"]) == sites and all("en" in v and "ja" in v for v in nm["sites"].values()), "every site named in en and ja")
check(all("en" in v and "ja" in v and "ko" in v for k in ("countries", "regions", "materials") for v in nm[k].values()),
      "every country, region and material named in en, ja and ko")
check(nm["materials"]["anode_material"]["ja"] == "負極材" and nm["countries"]["CN"]["ko"] == "중국", "standard terms")
names = [s["name"] for s in server.get("/v1/scenarios").json()["scenarios"]]
check("graphite_ban" in names and all("error" not in s for s in server.get("/v1/scenarios").json()["scenarios"]), "bundled scenarios listed and valid")

# 7. Metrics and the access log count what was served.
health_before = server.get("/v1/metrics").body.decode()
server.get("/v1/health")
metrics = server.get("/v1/metrics").body.decode()


def count(text, needle):
    for line in text.splitlines():
        if line.startswith(needle):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


needle = 'chaintwin_http_requests_total{route="/v1/health",method="GET",status="200"}'
check(count(metrics, needle) == count(health_before, needle) + 1, "one health request counted once")
check('chaintwin_http_request_duration_seconds_bucket{route="/v1/simulate",le="+Inf"}' in metrics, "latency histogram per route")
code, seconds = server.stop()
check(code == 0, f"SIGTERM: exit {code}")
lines = [json.loads(l) for l in open(server.log)]
check(len(lines) > 20 and all({"time", "method", "path", "route", "status", "ms"} <= set(l) for l in lines),
      f"one JSON line per request in the access log ({len(lines)})")
check("stopped" in server.stderr_text(), "the server says it stopped")

# 8. Remote listening needs the explicit flag.
code, out, err = run_cli("serve", "--listen", "0.0.0.0", "--port", "0")
check(code == 2 and "--allow-remote" in err, f"non-loopback refused without --allow-remote: {code} {err}")
finish()
