#!/usr/bin/env bash
# End-to-end: `chaintwin analyze sensitivity` on the bundled graphite_ban - the JSON is ranked by
# swing with --top rows, the anode stock is among the top five, the CSV and table forms print,
# and a bad --inputs class exits 2 naming the flag.
# Usage: bash sensitivity_cli.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
src="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$cli" analyze sensitivity "$src/data/battery/scenarios/graphite_ban.yaml" --top 5 --threads 2 --format json \
  >"$tmp/s.json" 2>"$tmp/s.err" || fail "sensitivity --format json exited $?: $(tail -3 "$tmp/s.err")"
python3 - "$tmp/s.json" <<'PY' || failures=$((failures + 1))
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
rows = d["rows"]
if len(rows) != 5:
    bad.append(f"--top 5 gave {len(rows)} rows")
if d["groups"] < 50 or d["runs"] != 1 + 2 * d["groups"]:
    bad.append(f"groups {d['groups']}, runs {d['runs']}")
swings = [r["swing_gwh"] for r in rows]
if swings != sorted(swings, reverse=True):
    bad.append("rows not ranked by swing")
if not any(r["input"] == "stock_days" and r["material"] == "anode_material" for r in rows[:5]):
    bad.append("anode stock not among the top five: " + ", ".join(r["label"] for r in rows[:5]))
for r in rows:
    lo, hi = min(r["unserved_demand_gwh_low"], r["unserved_demand_gwh_high"], d["base"]), max(r["unserved_demand_gwh_low"], r["unserved_demand_gwh_high"], d["base"])
    if abs(r["swing_gwh"] - (hi - lo)) > 1e-9:
        bad.append(f"{r['label']}: swing {r['swing_gwh']} != {hi - lo}")
for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY

"$cli" analyze sensitivity --inputs transit,demand --top 3 --format csv >"$tmp/s.csv" 2>"$tmp/c.err" \
  || fail "sensitivity --format csv exited $?"
[ "$(wc -l <"$tmp/s.csv")" -eq 4 ] || fail "csv: expected a header and 3 rows, got $(wc -l <"$tmp/s.csv") lines"
grep -q "^rank,input,label" "$tmp/s.csv" || fail "csv header: $(head -1 "$tmp/s.csv")"
grep -Eq "stock_days|qualification|capacity" "$tmp/s.csv" && fail "csv: --inputs transit,demand shows other classes"

"$cli" analyze sensitivity --inputs qualification --no-progress >"$tmp/s.txt" 2>&1 || fail "table exited $?"
grep -q "largest swing first" "$tmp/s.txt" || fail "table title missing: $(head -2 "$tmp/s.txt")"

"$cli" analyze sensitivity --inputs bogus >"$tmp/bad.txt" 2>&1; rc=$?
[ $rc -eq 2 ] || fail "--inputs bogus exited $rc, expected 2"
grep -q -- "--inputs" "$tmp/bad.txt" || fail "--inputs bogus: message does not name the flag: $(cat "$tmp/bad.txt")"

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "sensitivity cli: ok"
