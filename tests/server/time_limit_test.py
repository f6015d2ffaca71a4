"""The per-request compute limit (serve --request-time-limit): a simulate, compare, plan or
analyze request that needs more stops at the limit with 504 and the JSON error body, in about
the limit's time rather than the whole computation's, and the server keeps serving. With the
default limit the same requests succeed (tests/server/api_test.py)."""
import time

from harness import Server, check, finish

server = Server("--request-time-limit", "0.001")


def limited(method, path, body=None, within=10.0):
    t0 = time.monotonic()
    r = server.post(path, body) if method == "POST" else server.get(path)
    took = time.monotonic() - t0
    check(r.status == 504, f"{method} {path}: 504 at the limit: {r}")
    if r.status == 504:
        e = r.json()["error"]
        check(e["code"] == "time_limit" and "request-time-limit" in e["message"], f"clear message: {e}")
    check(took < within, f"{method} {path} answered in {took:.1f} s (the limit, not the whole run)")


limited("POST", "/v1/simulate", {"scenario": "graphite_ban"})
limited("POST", "/v1/compare", {"a": {"scenario": "graphite_ban"}, "b": {"scenario": "graphite_ban_joint_stockpile_60d"}})
limited("POST", "/v1/plan", {"scenario": "graphite_ban", "period_days": 30})
# The whole sensitivity analysis is hundreds of runs (tens of seconds on one thread): stopped
# before its second run.
limited("GET", "/v1/analyze/sensitivity?scenario=graphite_ban", within=5.0)
limited("GET", "/v1/analyze/tts")
check(server.healthy(), "the server keeps serving")
check(server.get("/v1/network").status == 200, "requests that compute nothing are not limited")

# A limit of 0 is no limit.
plain = Server("--request-time-limit", "0", store=False)
check(plain.post("/v1/simulate", {"scenario": "graphite_ban", "days": 30}).status == 200, "no limit: 200")
plain.stop()
server.stop()
finish()
