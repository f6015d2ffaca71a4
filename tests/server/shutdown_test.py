"""SIGTERM stops the server gracefully: a request in flight gets its whole answer, a running
Monte Carlo job is cancelled (the process does not wait for its 100,000 runs), the exit code
is 0, and nothing listens afterwards."""
import json
import threading
import time

from harness import Server, check, finish

server = Server()
r = server.post("/v1/montecarlo", {"scenario": "graphite_ban_uncertain", "runs": 100000})
check(r.status == 202, f"a long job is queued: {r}")
job = r.json()["id"]
server.wait_job(job, states=("running",), timeout=10)

answers = []


def slow_request():
    # The allocation LP of the bundled ban takes a few seconds: long enough to be in flight.
    answers.append(server.post("/v1/plan", {"scenario": "graphite_ban", "period_days": 14}, timeout=120))
    answers.append(time.time())


t = threading.Thread(target=slow_request)
t.start()
time.sleep(0.5)
signalled_at = time.time()
code, seconds = server.stop()
t.join(120)
check(code == 0, f"exit code 0 after SIGTERM: {code}")
check(seconds < 30, f"stopped in {seconds:.1f} s, not after the job's 100,000 runs")
check(answers and answers[0].status == 200 and answers[0].json().get("status") == "optimal",
      f"the request in flight was answered in full: {answers[:1]}")
check(len(answers) == 2 and answers[1] > signalled_at,
      "the request was still in flight when SIGTERM was sent (else this test proves nothing)")
err = server.stderr_text()
check("SIGTERM received" in err and "stopped" in err, f"stop is logged: {err[-300:]}")
try:
    server.get("/v1/health", timeout=2)
    check(False, "nothing listens after the stop")
except OSError:
    pass
log = [json.loads(line) for line in open(server.log)]
check(any(l["route"] == "/v1/plan" and l["status"] == 200 for l in log), "the in-flight request is in the access log")
finish()
