"""GET and POST /v1/report answer the self-contained HTML report as a download: the data inside
is the report data (kind report) of the scenario asked for, an uploaded scenario is reported
on the served network, and bad input is a 400 naming its path. Without a built template
(web/dist-report/report.html) the answer is 503 saying how to build it."""
import json
import os
import re

import yaml

from harness import SOURCE, Server, check, finish

server = Server(store=False)
built = os.path.exists(os.path.join(SOURCE, "web", "dist-report", "report.html"))


def data_of(html):
    m = re.search(r'<script id="chaintwin-report" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(m.group(1)) if m else None


r = server.get("/v1/report?scenario=graphite_ban&sensitivity=false")
if not built:
    check(r.status == 503 and "npm run build" in r.error_message(), f"no template: {r.status}")
else:
    check(r.status == 200, f"GET /v1/report: {r.status} {r.body[:200]}")
    check(r.headers.get("content-type", "").startswith("text/html"), r.headers.get("content-type"))
    check('filename="chaintwin-report-graphite_ban.html"' in r.headers.get("content-disposition", ""),
          r.headers.get("content-disposition"))
    d = data_of(r.body if isinstance(r.body, str) else r.body.decode())
    check(d is not None and d["kind"] == "report" and d["scenario"]["id"] == "graphite_ban", "data inside")
    check(d["sensitivity"] is None and d["simulate"]["timeline"]["by"] == "week", "sensitivity=false, weekly timeline")
    sim = server.post("/v1/simulate", {"scenario": "graphite_ban"}).json()
    check(d["simulate"]["shortages"] == sim["shortages"], "report shortages are /v1/simulate's")

    doc = json.loads(json.dumps(yaml.safe_load(open(os.path.join(SOURCE, "data", "battery", "scenarios", "graphite_ban.yaml"))), default=str))
    doc["id"] = "uploaded_ban"
    doc["events"][0]["duration"] = "30 d"
    r = server.post("/v1/report", {"document": doc, "sensitivity": False})
    check(r.status == 200, f"POST /v1/report: {r.status} {r.body[:300]}")
    d = data_of(r.body if isinstance(r.body, str) else r.body.decode()) if r.status == 200 else None
    check(d is not None and d["scenario"]["id"] == "uploaded_ban" and d["scenario"]["events"][0]["duration_days"] == 30,
          "uploaded scenario reported")

for method, url, body, path in [("GET", "/v1/report?scenario=../etc", None, "query.scenario"),
                                ("GET", "/v1/report?scenario=graphite_ban&sensitivity=maybe", None, "query.sensitivity"),
                                ("POST", "/v1/report", {"scenario": "graphite_ban", "sensitivity": "no"}, "sensitivity"),
                                ("POST", "/v1/report", {"scenario": "graphite_ban", "pages": 3}, "pages")]:
    r = server.request(method, url, body=body)
    check(r.status == 400, f"{method} {url} {body}: {r.status}")
    paths = [p["path"] for p in r.json()["error"].get("problems", [])] if r.status == 400 else []
    check(path in paths, f"{method} {url} {body}: problems {paths}, expected {path}")
server.stop()
finish()
