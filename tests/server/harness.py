"""Starts `chaintwin serve` on a free loopback port and talks HTTP to it (tests/server/*_test.py).

Each test script is run by CTest as `python3 SCRIPT CHAINTWIN_BINARY SOURCE_DIR`.
"""
import http.client
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time

BINARY = sys.argv[1] if len(sys.argv) > 1 else "build/chaintwin"
SOURCE = sys.argv[2] if len(sys.argv) > 2 else "."
FAILURES = []


def check(condition, what):
    """Records a failed expectation (the script exits 1 at the end) and prints it."""
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)
    return condition


def finish():
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        sys.exit(1)
    print("ok")
    sys.exit(0)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body)

    def error_message(self):
        try:
            e = self.json()["error"]
            return e["message"] + " | " + " | ".join(p["path"] + ": " + p["message"] for p in e["problems"])
        except Exception:  # noqa: BLE001 - not an error body
            return ""

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


class Server:
    def __init__(self, *args, store=True):
        self.dir = tempfile.mkdtemp(prefix="chaintwin_server_test_")
        self.log = os.path.join(self.dir, "access.log")
        self.store = os.path.join(self.dir, "twin.db")
        cmd = [BINARY, "serve", "--port", "0", "--access-log", self.log]
        if store:
            cmd += ["--store", self.store]
        cmd += list(args)
        self.start(cmd)

    def start(self, cmd):
        self.cmd = cmd
        self.stderr = open(os.path.join(self.dir, "stderr.txt"), "a")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        line = self.proc.stdout.readline() if ready else ""
        if "port " not in line:
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line!r} {open(self.stderr.name).read()}")
        self.port = int(line.rsplit("port ", 1)[1].rstrip(")\n"))

    def restart(self):
        self.start(self.cmd)

    def request(self, method, path, body=None, headers=None, timeout=60):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        hdrs = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode()
        if body is None and method in ("POST", "PUT", "PATCH"):
            body = b""
        conn.request(method, path, body=body, headers=hdrs)
        r = conn.getresponse()
        out = Response(r.status, r.getheaders(), r.read())
        conn.close()
        return out

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body=body, **kw)

    def raw(self, data, wait=5.0):
        """Sends raw bytes; returns the status code (0 when the server closed without one)."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=wait)
        try:
            s.sendall(data)
            chunks = b""
            while True:
                try:
                    c = s.recv(65536)
                except (socket.timeout, ConnectionResetError):
                    break
                if not c:
                    break
                chunks += c
                head, sep, body = chunks.partition(b"\r\n\r\n")
                if sep:
                    length = 0
                    for line in head.split(b"\r\n")[1:]:
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value.strip() or 0)
                    if len(body) >= length:
                        break  # one whole response; the connection may stay open
            return chunks
        finally:
            s.close()

    def healthy(self):
        try:
            return self.get("/v1/health", timeout=10).status == 200
        except OSError:
            return False

    def wait_job(self, job_id, states=("succeeded", "failed", "cancelled"), timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            r = self.get(f"/v1/jobs/{job_id}")
            if r.status != 200:
                return r
            if r.json()["state"] in states:
                return r
            time.sleep(0.1)
        return self.get(f"/v1/jobs/{job_id}")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Signals the server; returns (exit code, seconds it took) or (None, timeout)."""
        start = time.time()
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None, timeout
        return code, time.time() - start

    def stderr_text(self):
        self.stderr.flush()
        return open(self.stderr.name).read()


def run_cli(*args):
    r = subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout, r.stderr
