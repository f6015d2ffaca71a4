"""POST /v1/events read by both JSON parsers (`serve --json-parser fast`, the default, and
`plain`): the same sequence of bodies, good and bad, gets the same status and the same answer
from each, word for word, and leaves the same state."""
import json

from harness import Server, check, finish

CELLS, ANODE = "BPNL000000000KRC", "BPNL000000000CNA"
J = {"Content-Type": "application/json"}


def stock(key, qty, **extra):
    e = {"key": key, "kind": "item_stock", "owner": CELLS, "customer": CELLS, "supplier": ANODE,
         "time": "2026-12-07T06:00:00Z", "site": "kr_cells", "material": "anode_material",
         "direction": "inbound", "quantity": qty}
    e.update(extra)
    return e


GOOD = json.dumps({"events": [stock("p-1", "1200 t"), stock("p-2", "5 kt", site="kr_cells")],
                   "source": "both parsers"})
BODIES = [
    GOOD,
    GOOD,  # a retry counts once
    json.dumps({"events": [stock("p-3", "1200 GWh"), stock("p-4", "-1 t"), 5, stock("p-5", {"value": 1e300, "unit": "unit:kilogram"})]}),
    json.dumps({"events": [stock("p-1", "1300 t")]}),  # the key stored with other content
    json.dumps({"events": [stock("p-6", "7 t", warehouse="W1", site="kr_cell")]}),
    json.dumps({"events": [stock("p-7", "1 t\u00e9")], "source": "caf\u00e9"}),
    '{"events": [{"key": "p-8", "key": "p-9", "kind": "item_stock"}]}',  # a key twice
    '{"events": [' + json.dumps(stock("p-10", "3 t"))[:-1] + ', "quantity": "4 t"}]}',
    '{"events": [' + json.dumps(stock("p-11", "3 t")).replace('"3 t"', '{"value": 123456789012345678901234567890, "unit": "unit:gram"}') + ']}',
    '{"events": [' + json.dumps(stock("p-12", "3 t")).replace('"3 t"', '{"value": 1e400, "unit": "unit:gram"}') + ']}',
    '{"events": []}',
    '{"events": {}}',
    '{"source": "x"}',
    '{"events": [' + json.dumps(stock("p-13", "3 t")) + '], "source": 5}',
    '{"events": [' + json.dumps(stock("p-14", "3 t")) + '], "extra": 1}',
    '{"events": [' + json.dumps(stock("p-15", "3 t")) + ']',
    '\ufeff{"events": [' + json.dumps(stock("p-16", "3 t")) + ']}',
    '[1, 2]',
    '',
    json.dumps({"events": [stock(f"p-many-{i}", f"{i} t") for i in range(50)]}),
]


def run(*args):
    server = Server(*args)
    answers = []
    for body in BODIES:
        r = server.request("POST", "/v1/events", body=body.encode(), headers=J)
        answers.append((r.status, r.body))
    answers.append((0, server.get("/v1/state?as_of=2026-12-08T00:00:00Z").body))
    server.stop()
    return answers


fast = run()
plain = run("--json-parser", "plain")
for body, (fs, fb), (ps, pb) in zip(BODIES + ["state"], fast, plain):
    check(fs == ps and fb == pb, f"same answer for {body[:80]!r}: fast {fs} {fb[:300]!r}, plain {ps} {pb[:300]!r}")
check(fast[0][0] == 200 and fast[2][0] == 400 and fast[-2][0] == 200, f"the good bodies stored, the bad refused: {[a[0] for a in fast]}")
finish()
