"""SIGKILL through HTTP (the store's kill test, repeated over the API): clients post batches
while the server is killed with SIGKILL; after a restart on the same store every batch that
got a 2xx is there exactly once. Each client has its own owner, so the feed of an owner
counts its stored events: acknowledged batches x 10, plus at most the one batch whose answer
the kill cut off. Re-sending every acknowledged batch then stores nothing new."""
import signal
import threading
import time

from harness import Server, check, finish

PER_BATCH, CLIENTS = 10, 4
server = Server()
acked = {c: [] for c in range(CLIENTS)}
sent = {c: 0 for c in range(CLIENTS)}
stop = threading.Event()


def batch(client, n):
    owner = f"BPNL0000000KILL{client}"
    events = []
    for i in range(PER_BATCH):
        minute = n * PER_BATCH + i
        events.append({"key": f"kill-{client}-{n}-{i}", "kind": "item_stock", "owner": owner,
                       "customer": owner, "supplier": "BPNL000000000CNA",
                       "time": f"2026-12-0{1 + minute // 1440}T{minute % 1440 // 60:02d}:{minute % 60:02d}:00Z",
                       "site": "kr_cells", "material": "anode_material", "direction": "inbound",
                       "quantity": f"{minute + 1} t"})
    return {"events": events}


def client(c):
    n = 0
    while not stop.is_set() and n < 400:
        body = batch(c, n)
        sent[c] = n + 1
        try:
            r = server.post("/v1/events", body, timeout=10)
        except OSError:
            return  # the server is gone
        if 200 <= r.status < 300:
            acked[c].append(n)
        n += 1


threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
for t in threads:
    t.start()
time.sleep(1.5)
server.proc.send_signal(signal.SIGKILL)
server.proc.wait()
stop.set()
for t in threads:
    t.join(30)
total_acked = sum(len(v) for v in acked.values())
check(total_acked > 0, f"some batches were acknowledged before the kill ({total_acked})")

server.restart()
feeds = {f["owner"]: f["count"] for f in server.get("/v1/feeds").json()["feeds"]}
for c in range(CLIENTS):
    owner = f"BPNL0000000KILL{c}"
    count = feeds.get(owner, 0)
    lo, hi = len(acked[c]) * PER_BATCH, sent[c] * PER_BATCH
    check(lo <= count <= hi and count % PER_BATCH == 0 and count <= lo + PER_BATCH,
          f"client {c}: {count} events stored for {len(acked[c])} acknowledged batches of {PER_BATCH} "
          f"({sent[c]} sent): whole batches, every acknowledged one")
    for n in acked[c]:
        r = server.post("/v1/events", batch(c, n))
        if not check(r.status == 200 and r.json()["added"] == 0 and r.json()["duplicates"] == PER_BATCH,
                     f"acknowledged batch {c}/{n} is stored exactly once: {r}"):
            break
feeds = {f["owner"]: f["count"] for f in server.get("/v1/feeds").json()["feeds"]}
check(all(feeds.get(f"BPNL0000000KILL{c}", 0) >= len(acked[c]) * PER_BATCH for c in range(CLIENTS)),
      "re-sending added nothing twice")
code, _ = server.stop()
check(code == 0, "clean stop after the restart")
print(f"{total_acked} batches acknowledged before SIGKILL, all present once after restart")
finish()
