"""At least 40 malformed requests each get the right 4xx and a clear message, and the server
keeps serving other clients meanwhile (a health check after each, and while a slow client
holds a connection)."""
import json
import socket
import threading
import time

from harness import Server, check, finish

server = Server("--max-body", "1M", "--timeout", "2", "--threads", "4")
J = {"Content-Type": "application/json"}

# (name, method, path, headers, body, status, words the message must contain)
CASES = [
    ("bad json", "POST", "/v1/simulate", J, '{"scenario": ', 400, "not valid JSON"),
    ("truncated json", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban"', 400, "not valid JSON"),
    ("trailing garbage", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban"} xx', 400, "not valid JSON"),
    ("empty body", "POST", "/v1/simulate", J, "", 400, "body is empty"),
    ("json array", "POST", "/v1/simulate", J, "[1,2]", 400, "must be a JSON object"),
    ("json string", "POST", "/v1/simulate", J, '"graphite_ban"', 400, "must be a JSON object"),
    ("json null", "POST", "/v1/simulate", J, "null", 400, "must be a JSON object"),
    ("no content type", "POST", "/v1/simulate", {}, '{"scenario": "graphite_ban"}', 415, "application/json"),
    ("text/plain", "POST", "/v1/simulate", {"Content-Type": "text/plain"}, '{"scenario": "graphite_ban"}', 415, "text/plain"),
    ("form", "POST", "/v1/plan", {"Content-Type": "application/x-www-form-urlencoded"}, "scenario=graphite_ban", 415, "application/json"),
    ("xml", "POST", "/v1/montecarlo", {"Content-Type": "application/xml"}, "<a/>", 415, "application/xml"),
    ("missing scenario", "POST", "/v1/simulate", J, "{}", 400, "scenario: required"),
    ("unknown scenario", "POST", "/v1/simulate", J, '{"scenario": "no_such"}', 400, "no bundled scenario 'no_such'"),
    ("traversal ../", "POST", "/v1/simulate", J, '{"scenario": "../../etc/passwd"}', 400, "no paths"),
    ("traversal absolute", "POST", "/v1/simulate", J, '{"scenario": "/etc/passwd"}', 400, "no paths"),
    ("traversal encoded", "POST", "/v1/simulate", J, '{"scenario": "..%2F..%2Fetc%2Fpasswd"}', 400, "no paths"),
    ("traversal backslash", "POST", "/v1/simulate", J, '{"scenario": "..\\\\..\\\\x"}', 400, "no paths"),
    ("nul in name", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban\\u0000.yaml"}', 400, "no paths"),
    ("name with extension", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban.yaml"}', 400, "no paths"),
    ("overlong name", "POST", "/v1/simulate", J, json.dumps({"scenario": "a" * 65}), 400, "no paths"),
    ("traversal in compare", "POST", "/v1/compare", J, '{"a": {"scenario": "../x"}, "b": {"scenario": "graphite_ban"}}', 400, "a.scenario"),
    ("both scenario and document", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "document": {}}', 400, "not both"),
    ("scenario not a string", "POST", "/v1/simulate", J, '{"scenario": 5}', 400, "expected a string"),
    ("document not an object", "POST", "/v1/simulate", J, '{"document": "kind: scenario"}', 400, "expected an object"),
    ("unknown field", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "dayz": 3}', 400, "dayz: unknown field"),
    ("days zero", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "days": 0}', 400, "days: 0 is out of range"),
    ("days negative", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "days": -5}', 400, "out of range"),
    ("days fractional", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "days": 1.5}', 400, "whole number"),
    ("days as text", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "days": "30"}', 400, "whole number"),
    ("huge number", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "days": 1e400}', 400, "number overflow"),
    ("huge integer", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "days": 99999999999999999999}', 400, "expected a whole number, got 1e+20"),
    ("seed negative", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "seed": -1}', 400, "seed"),
    ("bad protocol", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "protocol": "fastest"}', 400, "unknown protocol 'fastest'"),
    ("allocations not bool", "POST", "/v1/simulate", J, '{"scenario": "graphite_ban", "include_allocations": "yes"}', 400, "true or false"),
    ("runs zero", "POST", "/v1/montecarlo", J, '{"scenario": "graphite_ban_uncertain", "runs": 0}', 400, "runs"),
    ("runs too many", "POST", "/v1/montecarlo", J, '{"scenario": "graphite_ban_uncertain", "runs": 100000000}', 400, "runs"),
    ("level out of range", "POST", "/v1/montecarlo", J, '{"scenario": "graphite_ban_uncertain", "level": 1.5}', 400, "level"),
    ("level NaN-ish", "POST", "/v1/montecarlo", J, '{"scenario": "graphite_ban_uncertain", "level": NaN}', 400, "not valid JSON"),
    ("period zero", "POST", "/v1/plan", J, '{"scenario": "graphite_ban", "period_days": 0}', 400, "period_days"),
    ("compare missing b", "POST", "/v1/compare", J, '{"a": {"scenario": "graphite_ban"}}', 400, "b: required"),
    ("uploaded: unknown site", "POST", "/v1/simulate", J,
     json.dumps({"document": {"kind": "scenario", "id": "x", "start": "2026-01-01", "horizon": "30d",
                              "events": [{"id": "e", "kind": "site_outage", "site": "atlantis", "start": "2026-01-02", "duration": "10d"}]}}),
     400, "atlantis"),
    ("uploaded: wrong units", "POST", "/v1/simulate", J,
     json.dumps({"document": {"kind": "scenario", "id": "x", "start": "2026-01-01", "horizon": "30 kg",
                              "events": []}}),
     400, "document.horizon"),
    ("uploaded: not a scenario", "POST", "/v1/simulate", J, json.dumps({"document": {"kind": "network", "id": "x"}}), 400, "document"),
    ("wrong method on health", "POST", "/v1/health", J, "{}", 405, "allowed: GET"),
    ("wrong method on simulate", "GET", "/v1/simulate", {}, None, 405, "allowed: POST"),
    ("PUT on network", "PUT", "/v1/network", J, "{}", 405, "allowed: GET"),
    ("PATCH on jobs", "PATCH", "/v1/jobs/x", J, "{}", 405, "DELETE, GET"),
    ("DELETE on scenarios", "DELETE", "/v1/scenarios", {}, None, 405, "allowed: GET"),
    ("unknown path", "GET", "/v1/nothing", {}, None, 404, "no route GET /v1/nothing"),
    ("path traversal in URL", "GET", "/v1/../../etc/passwd", {}, None, 404, "no route"),
    ("encoded traversal in URL", "GET", "/v1/jobs/..%2F..%2Fetc%2Fpasswd", {}, None, 404, "no route"),
    ("job id that is not one", "GET", "/v1/jobs/%2E%2E", {}, None, 404, "no job '..'"),
    ("unknown job", "GET", "/v1/jobs/mc-1-deadbeef", {}, None, 404, "no job 'mc-1-deadbeef'"),
    ("unknown query parameter", "GET", "/v1/analyze/tts?topp=3", {}, None, 400, "query.topp: unknown parameter"),
    ("query not a number", "GET", "/v1/analyze/tts?top=three", {}, None, 400, "'three' is not a whole number"),
    ("query out of range", "GET", "/v1/analyze/tts?tmax_days=0", {}, None, 400, "out of range"),
    ("query inf", "GET", "/v1/analyze/dependence?min_share=inf", {}, None, 400, "not a finite number"),
    ("query unknown material", "GET", "/v1/analyze/concentration?material=unobtainium", {}, None, 400, "no material 'unobtainium'"),
    ("unknown origin", "GET", "/v1/analyze/dependence?on=XX", {}, None, 404, "XX"),
    ("query on health", "GET", "/v1/health?verbose=1", {}, None, 400, "takes no query parameters"),
    ("sensitivity traversal", "GET", "/v1/analyze/sensitivity?scenario=../../etc/passwd", {}, None, 400, "no paths"),
    ("sensitivity unknown input", "GET", "/v1/analyze/sensitivity?inputs=luck", {}, None, 400, "unknown input class 'luck'"),
    ("query given twice", "GET", "/v1/analyze/tts?top=1&top=2", {}, None, 400, "more than once"),
    ("body over max-body", "POST", "/v1/simulate", J, '{"scenario": "' + "x" * (1 << 20) + '"}', 413, "larger than this server accepts"),
]

passed = 0
for name, method, path, headers, body, status, words in CASES:
    try:
        r = server.request(method, path, body=body, headers=headers, timeout=30)
    except OSError as e:
        check(False, f"{name}: connection failed: {e}")
        continue
    message = r.error_message()
    ok = check(r.status == status, f"{name}: status {r.status}, expected {status}: {r}")
    ok = check(words in message, f"{name}: message {message!r} lacks {words!r}") and ok
    ok = check(r.headers.get("content-type", "").startswith("application/json"), f"{name}: JSON error body") and ok
    if status == 405:
        ok = check("allow" in r.headers, f"{name}: Allow header") and ok
    ok = check(server.healthy(), f"{name}: server still serves") and ok
    passed += ok
print(f"{passed} of {len(CASES)} malformed requests answered as promised")

# Raw-socket cases: what a client library would not send.


def status_of(raw):
    line = raw.split(b"\r\n", 1)[0]
    parts = line.split(b" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


# 10 MB body announced and sent: refused with 413 before it is read whole.
big = b"x" * (10 << 20)
head = (f"POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(big)}\r\n\r\n").encode()
try:
    s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    s.sendall(head)
    try:
        s.sendall(big)
    except OSError:
        pass  # the server may close before taking it all
    reply = b""
    while b"}" not in reply:
        chunk = s.recv(4096)
        if not chunk:
            break
        reply += chunk
    s.close()
except OSError as e:
    reply = b""
check(status_of(reply) == 413 and b"larger than this server accepts" in reply, f"10 MB body: 413: {reply[:200]!r}")
check(server.healthy(), "after the 10 MB body")

# Truncated body: Content-Length larger than what is sent, then silence -> 400 after --timeout.
start = time.time()
reply = server.raw(b"POST /v1/simulate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   b"Content-Length: 100\r\n\r\n{\"scen", wait=10)
check(status_of(reply) in (400, 408) or reply == b"", f"truncated body refused: {reply[:200]!r}")
check(time.time() - start < 8, f"truncated body released within the timeout ({time.time() - start:.1f} s)")

# Garbage request line and an oversized header.
reply = server.raw(b"HELLO\r\n\r\n", wait=5)
check(status_of(reply) == 400, f"garbage request line: 400: {reply[:100]!r}")
reply = server.raw(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n", wait=5)
check(status_of(reply) in (400, 431) or reply == b"", f"oversized header refused: {reply[:100]!r}")
reply = server.raw(b"GET /v1/" + b"a" * 10000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", wait=5)
check(status_of(reply) in (400, 414), f"overlong URI refused: {reply[:100]!r}")
reply = server.raw(b"BREW /v1/health HTTP/1.1\r\nHost: x\r\n\r\n", wait=5)
check(status_of(reply) in (400, 405, 501), f"unknown method refused: {reply[:100]!r}")

# Slow clients: three connections trickle a body one byte a second; meanwhile others are
# served, and the slow ones are cut off by the read timeout (2 s), not held forever.
slow_results = []


def slow_client():
    try:
        s = socket.create_connection(("127.0.0.1", server.port), timeout=15)
        s.sendall(b"POST /v1/simulate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n")
        for i in range(3):
            s.sendall(b"{")
            time.sleep(1.0 if i < 1 else 3.0)
        slow_results.append(s.recv(4096))
    except OSError as e:
        slow_results.append(repr(e).encode())


threads = [threading.Thread(target=slow_client) for _ in range(3)]
for t in threads:
    t.start()
time.sleep(0.5)
served = 0
t0 = time.time()
while time.time() - t0 < 3:
    served += server.healthy()
check(served >= 10, f"other clients served while 3 slow clients hold connections ({served} in 3 s)")
for t in threads:
    t.join(30)
check(not any(t.is_alive() for t in threads), "slow clients were let go")
check(server.healthy(), "after slow clients")

code, seconds = server.stop()
check(code == 0, f"clean exit after the malformed requests: {code}")
check(len(CASES) >= 40, f"at least 40 malformed request cases ({len(CASES)} + raw ones)")
finish()
