#!/usr/bin/env python3
"""Every verb's JSON against its committed JSON Schema (docs/schema/), and every CSV table
loaded with Python's csv module and checked column by column against the same schema.

    check_schemas.py CHAINTWIN SOURCE_DIR            check (the e2e test schemas_cli.sh)
    check_schemas.py CHAINTWIN SOURCE_DIR --update   rewrite docs/schema/*.schema.json

Checks, per verb:
  - the JSON output validates against docs/schema/<verb>.schema.json (jsonschema, Debian's
    python3-jsonschema), and `--format schema` prints exactly the committed file, so the
    schema cannot drift from the code;
  - for every section (array of rows) of the JSON, `--format csv --table SECTION` has the
    schema's columns in order and the same number of rows as the JSON, and every cell parses
    as its column's type: integer, number, true/false, an ISO 8601 date; an empty cell only
    where the schema allows null. Display strings ("30.0*", "93%", "-1" for none) fail.
"""
import csv
import datetime
import io
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

cli, src = sys.argv[1], sys.argv[2]
update = "--update" in sys.argv[3:]
data = os.path.join(src, "data", "battery")
tmp = tempfile.mkdtemp()
factors = os.path.join(tmp, "factors.csv")
with open(factors, "w") as f:
    # Invented for this test only (not data): exercises the formula's output shape.
    f.write("material,ir,eol_rir,si_sr,eu_sourcing,source,estimate\n"
            "natural_graphite,0.9,0.05,0.95,CN:0.5;MZ:0.3;BR:0.2,test fixture,true\n")

# A twin store for `state` and `days-of-supply`: stock, a demand series and a shipment in
# transit on the bundled network, so every section has rows.
store = os.path.join(tmp, "twin.db")
events = os.path.join(tmp, "events.jsonl")
KRC, CNA = "BPNL000000000KRC", "BPNL000000000CNA"
with open(events, "w") as f:
    for e in [
        {"key": "s1", "kind": "item_stock", "owner": KRC, "customer": KRC, "supplier": CNA,
         "time": "2026-12-07T06:00:00Z", "site": "kr_cells", "material": "anode_material",
         "direction": "inbound", "quantity": "1200 t"},
        {"key": "d1", "kind": "demand", "owner": KRC, "customer": KRC, "supplier": CNA,
         "time": "2026-12-07T06:00:00Z", "site": "kr_cells", "material": "anode_material",
         "demands": [{"day": f"2026-12-{d:02d}", "quantity": "100 t"} for d in range(8, 28)]},
        {"key": "v1", "kind": "delivery", "owner": CNA, "customer": KRC, "supplier": CNA,
         "origin": "cn_anode", "destination": "kr_cells", "material": "anode_material",
         "quantity": "300 t", "incoterm": "CIF", "tracking": "MSKU1", "time": "2026-12-07T05:00:00Z",
         "departure": "2026-12-07T04:00:00Z", "estimated_arrival": "2026-12-09T04:00:00Z"}]:
        f.write(json.dumps(e) + "\n")
subprocess.run([cli, "ingest", "--store", store, "--no-alerts", events], check=True,
               capture_output=True)
AS_OF = ["--store", store, "--as-of", "2026-12-07T12:00:00Z"]

# verb -> arguments (before --format). Small and fast runs that still fill every section.
VERBS = {
    "simulate": ["simulate", "graphite_ban"],
    "compare": ["compare", "graphite_ban", "graphite_ban_joint_stockpile_60d"],
    "plan": ["plan", "graphite_ban", "--period", "30d"],
    "analyze tts": ["analyze", "tts", "graphite_ban", "--top", "40"],
    "analyze concentration": ["analyze", "concentration"],
    "analyze dependence": ["analyze", "dependence", "--on", "CN", "--hedge",
                           os.path.join(data, "hedges", "recycling_doubled.yaml")],
    "analyze supply-risk": ["analyze", "supply-risk", "--material-factors", factors],
    "analyze spof": ["analyze", "spof"],
    "analyze footprint": ["analyze", "footprint"],
    "analyze compliance": ["analyze", "compliance"],
    "passport": ["passport", "--site", "hu_samsung_god"],
    "analyze sensitivity": ["analyze", "sensitivity", "--inputs", "demand",
                            "--threads", "2"],
    "montecarlo": ["montecarlo", "graphite_ban_uncertain", "--runs", "12", "--seed", "3"],
    "hedge evaluate": ["hedge", "evaluate", "--combos", "pairs", "--no-progress"],
    "hedge optimize": ["hedge", "optimize", "--budget", "30e6", "--no-progress"],
    "validate": ["validate", data],
    "data sources": ["data", "sources"],
    "state": ["state"] + AS_OF,
    "days-of-supply": ["days-of-supply"] + AS_OF,
    "alerts": ["alerts", "--horizon", "30"] + AS_OF,
    "feeds": ["feeds", "--store", store],
}

# More runs checked against a verb's schema: (verb, arguments), for optional parts.
EXTRA = [
    ("simulate", ["simulate", "graphite_ban", "--include", "timeline,site_status,flows",
                  "--by", "week"]),
]

bad = []


def run(args):
    p = subprocess.run([cli] + args, capture_output=True, text=True)
    if p.returncode != 0:
        bad.append(f"chaintwin {' '.join(args)}: exit {p.returncode}: {p.stderr[-300:]}")
    return p.stdout


def nullable(prop):
    t = prop.get("type")
    return isinstance(t, list) and "null" in t


def base_type(prop):
    t = prop.get("type")
    if isinstance(t, list):
        t = [x for x in t if x != "null"][0]
    if t == "string" and "pattern" in prop:
        return "date"
    return t


def check_cell(where, kind, cell):
    try:
        if kind == "integer":
            int(cell)
        elif kind == "number":
            float(cell)
        elif kind == "boolean":
            assert cell in ("true", "false")
        elif kind == "date":
            datetime.date.fromisoformat(cell)
        return True
    except (ValueError, AssertionError):
        bad.append(f"{where}: '{cell}' is not a {kind}")
        return False


# Under the sanitizers (CT_SANITIZED=1, set by tests/CMakeLists.txt for the sanitized tree) the
# CSV tables of every third verb only: a sanitized process takes about 0.3 s to start and the
# tables share one writer; the Release run checks every table of every verb.
csv_every = 3 if os.environ.get("CT_SANITIZED") == "1" else 1

for n_verb, (verb, args) in enumerate(VERBS.items()):
    path = os.path.join(src, "docs", "schema", verb.replace(" ", "_") + ".schema.json")
    schema_text = run(args + ["--format", "schema"])
    if update:
        with open(path, "w") as f:
            f.write(schema_text)
        print(f"wrote {path}")
        continue
    try:
        committed = open(path).read()
    except OSError:
        bad.append(f"{verb}: no schema file {path} (run check_schemas.py with --update)")
        continue
    if committed != schema_text:
        bad.append(f"{verb}: `--format schema` differs from {path}: a field changed; update the "
                   "schema (and schema_version when a field was renamed or removed)")
    schema = json.loads(committed)
    try:
        doc = json.loads(run(args + ["--format", "json"]))
    except json.JSONDecodeError as e:
        bad.append(f"{verb}: JSON does not parse: {e}")
        continue
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
    for e in errors[:5]:
        bad.append(f"{verb}: JSON {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    sections = [k for k, v in schema["properties"].items()
                if v.get("type") == "array" and v.get("items", {}).get("type") == "object"]
    if not sections:
        bad.append(f"{verb}: no table in the schema")
    for section in (sections if n_verb % csv_every == 0 else []):
        if section not in doc and section not in schema.get("required", []):
            continue  # an optional part this run does not have (checked in EXTRA)
        props = schema["properties"][section]["items"]["properties"]
        rows = list(csv.reader(io.StringIO(run(args + ["--format", "csv", "--table", section]))))
        where = f"{verb} --table {section}"
        if not rows or rows[0] != list(props):
            bad.append(f"{where}: CSV header {rows[:1]} is not the schema's {list(props)}")
            continue
        if len(rows) - 1 != len(doc.get(section, [])):
            bad.append(f"{where}: CSV has {len(rows) - 1} rows, JSON {len(doc.get(section, []))}")
        kinds = [base_type(props[c]) for c in rows[0]]
        for n, row in enumerate(rows[1:], start=2):
            if len(row) != len(kinds):
                bad.append(f"{where}: line {n} has {len(row)} cells for {len(kinds)} columns")
                break
            ok = True
            for col, kind, cell in zip(rows[0], kinds, row):
                if cell == "":
                    if not nullable(props[col]) and kind not in ("string", "array"):
                        bad.append(f"{where}: line {n}: empty {col} in a column that is never none")
                        ok = False
                    continue
                if kind in ("integer", "number", "boolean", "date"):
                    ok = check_cell(f"{where}: line {n}: {col}", kind, cell) and ok
            if not ok:
                break

for verb, args in ([] if update else EXTRA):
    schema = json.load(open(os.path.join(src, "docs", "schema", verb.replace(" ", "_") + ".schema.json")))
    doc = json.loads(run(args + ["--format", "json"]))
    for e in list(jsonschema.Draft202012Validator(schema).iter_errors(doc))[:5]:
        bad.append(f"{' '.join(args)}: JSON {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    for part in ("timeline", "site_status", "flows"):
        if part not in doc:
            bad.append(f"{' '.join(args)}: no {part}")
    for table in ("flows", "timeline.series", "site_status.sites"):
        rows = list(csv.reader(io.StringIO(run(args + ["--format", "csv", "--table", table]))))
        n = len(doc["flows"]) if table == "flows" else len(doc[table.split(".")[0]][table.split(".")[1]])
        if len(rows) - 1 != n:
            bad.append(f"{' '.join(args)} --table {table}: CSV has {len(rows) - 1} rows, JSON {n}")

for b in bad:
    print("FAIL:", b)
if not update:
    print(f"{len(VERBS)} verbs checked" if not bad else f"{len(bad)} failure(s)")
sys.exit(1 if bad else 0)
