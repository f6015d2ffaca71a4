#!/usr/bin/env bash
# End-to-end: the command line helps and every failure is loud. Misspelled verbs and flags get
# the nearest name; bundled scenarios run by name; every failed write (/dev/full under
# --timeline, --out, stdout) exits 3 and leaves no partial file; unusable destinations, out of
# range values and bad side files exit 2 with a message, never an abort (134); the README's
# quick-start figures hold.
# Usage: bash failures_cli.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
src="$2"
tmp="$(mktemp -d)"
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ex="$src/data/examples/two_tier/scenario.yaml"

# expect RC WORDS ARGS...: exit code RC and stderr containing WORDS.
expect() {
  local want="$1" words="$2"
  shift 2
  "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ $rc -eq "$want" ] || fail "chaintwin $*: exit $rc, expected $want: $(head -c 300 "$tmp/err")"
  grep -q -- "$words" "$tmp/err" || fail "chaintwin $*: stderr lacks '$words': $(head -c 300 "$tmp/err")"
}

# Typos, names, empty names.
expect 2 "did you mean 'simulate'" simulat
expect 2 "unknown verb 'frobnicate'" frobnicate
expect 2 "did you mean --sort" simulate "$ex" --sortt lost
expect 2 "did you mean --runs" montecarlo --run 3
expect 2 "empty scenario name" simulate ""
expect 2 "did you mean graphite_ban" simulate graphite_bam
"$cli" scenarios >"$tmp/list" || fail "scenarios failed"
grep -q "^graphite_ban$" "$tmp/list" || fail "scenarios does not list graphite_ban"
"$cli" simulate malacca_closed_60d --format json >"$tmp/m.json" || fail "simulate by bundled name failed"
grep -q '"scenario": "malacca_closed_60d"' "$tmp/m.json" || fail "bundled name ran another scenario"
expect 2 "expected lost, first_day" simulate "$ex" --sort nonsense

# Failed writes: exit 3, nothing left under the name asked for.
expect 3 "cannot write timeline '/dev/full'" simulate "$ex" --timeline /dev/full
"$cli" simulate "$ex" >/dev/full 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] || fail "simulate >/dev/full: exit $rc, expected 3"
"$cli" simulate "$ex" --format json >/dev/full 2>/dev/null; rc=$?
[ $rc -eq 3 ] || fail "simulate --format json >/dev/full: exit $rc, expected 3"
"$cli" data sources >/dev/full 2>/dev/null; rc=$?
[ $rc -eq 3 ] || fail "data sources >/dev/full: exit $rc, expected 3"
expect 3 "cannot write '/dev/full'" analyze spof --out /dev/full
expect 3 "cannot write '/dev/full'" montecarlo "$ex" --runs 2 --out /dev/full --no-progress
ls "$tmp" | grep -q partial && fail "a .partial file was left: $(ls "$tmp")"

# Destinations that cannot be used: exit 2 before the run.
touch "$tmp/afile"
expect 2 "is a file; give a folder" simulate "$ex" --out "$tmp/afile"
expect 2 "is a file" simulate "$ex" --out "$tmp/afile/sub"
expect 2 "is a folder" analyze spof --out "$tmp"
expect 2 "does not exist" analyze spof --out "$tmp/missing/x.json"
if [ "$(id -u)" -ne 0 ]; then  # root may write anywhere
  mkdir "$tmp/ro" && chmod a-w "$tmp/ro"
  expect 2 "not writable" analyze spof --out "$tmp/ro/x.json"
fi
cp "$ex" "$tmp/scenario.yaml"
cp "$src/data/examples/two_tier/network.yaml" "$tmp/network.yaml"
before="$(cksum <"$tmp/scenario.yaml")"
expect 2 "choose another" simulate "$tmp/scenario.yaml" --timeline "$tmp/scenario.yaml"
expect 2 "choose another" simulate "$tmp/scenario.yaml" --timeline "$tmp/network.yaml"
echo "id,name" >"$tmp/table.csv"
expect 2 "not a timeline CSV" simulate "$tmp/scenario.yaml" --timeline "$tmp/table.csv"
[ "$(cksum <"$tmp/scenario.yaml")" = "$before" ] || fail "--timeline overwrote the scenario"
"$cli" simulate "$ex" --timeline - >"$tmp/tl.csv" 2>"$tmp/report.txt" || fail "--timeline - failed"
head -1 "$tmp/tl.csv" | grep -q '^day,date,site,material' || fail "--timeline - header: $(head -1 "$tmp/tl.csv")"
grep -q "Totals" "$tmp/tl.csv" && fail "--timeline - mixed the report into the CSV"
grep -q "Totals" "$tmp/report.txt" || fail "--timeline -: the report is not on stderr"
"$cli" simulate "$ex" --timeline "$tmp/w.csv" --by week >/dev/null || fail "--by week failed"
head -1 "$tmp/w.csv" | grep -q '^period_start_day,period_start_date,period_end_day,period_end_date,site' ||
  fail "--by week header: $(head -1 "$tmp/w.csv")"
"$cli" simulate "$ex" --timeline "$tmp/d.csv" >/dev/null
python3 - "$tmp/d.csv" "$tmp/w.csv" <<'PY' || fail "weekly roll-up does not sum the daily timeline"
import csv, collections, sys
daily = list(csv.DictReader(open(sys.argv[1])))
weekly = list(csv.DictReader(open(sys.argv[2])))
prod = collections.defaultdict(float)
for r in daily:
    prod[(int(r["day"]) // 7, r["site"], r["material"])] += float(r["produced"])
for r in weekly:
    k = (int(r["period_start_day"]) // 7, r["site"], r["material"])
    assert abs(prod[k] - float(r["produced"])) <= 1e-6 * (1 + abs(prod[k])), (k, prod[k], r)
assert len(weekly) == len({(k[0], k[1], k[2]) for k in prod}), "row count"
PY

# Bounds.
expect 2 "--runs" montecarlo "$ex" --runs 100000000
expect 2 "--days" montecarlo "$ex" --days 100000000
expect 2 "--days" montecarlo "$ex" --days 0
expect 2 "--days" simulate "$ex" --days 0
expect 2 "expected a whole number" montecarlo "$ex" --seed -1
expect 2 "expected a whole number" simulate "$ex" --seed 18446744073709551616
expect 2 "--top" analyze tts "$ex" --top -1
expect 2 "--top" plan "$ex" --top -1
expect 2 "--top" montecarlo "$ex" --top -1

# Side files go through the loaders' checks.
expect 2 "not a regular file" plan "$ex" --weights /dev/zero
expect 2 "is a folder" plan "$ex" --weights "$tmp"
echo '{"cell": 1e400}' >"$tmp/w.json"
expect 2 "not valid JSON" plan "$ex" --weights "$tmp/w.json"
expect 2 "not a regular file" analyze supply-risk --indicators /dev/zero
expect 2 "is a folder" analyze supply-risk --material-factors "$tmp"

# validate --format csv is CSV.
"$cli" validate "$src/tests/malformed/negative_capacity.yaml" --format csv >"$tmp/v.csv" 2>/dev/null
head -1 "$tmp/v.csv" | grep -q '^severity,file,line,column,path,message$' || fail "validate --format csv: $(head -2 "$tmp/v.csv")"

# docs/CLI.md quotes validate's line for the bundled data.
quoted="$(grep -o '^`ok: 1 network[^`]*`' "$src/docs/CLI.md" | tr -d '`')"
actual="$("$cli" validate "$src/data/battery")"
[ "$quoted" = "$actual" ] || fail "docs/CLI.md quotes '$quoted', validate prints '$actual'"

# validate: the fixes of issue 19 §6.
mkdir -p "$tmp/empty" "$tmp/v"
expect 2 "folder holds no" validate "$tmp/empty"
cp -r "$src/data/examples/two_tier" "$tmp/v/"
{ cat "$tmp/v/two_tier/network.yaml"; echo "---"; echo "kind: network"; } >"$tmp/v/two_docs.yaml"
expect 2 "a second YAML document" validate "$tmp/v/two_docs.yaml"
printf '\xEF\xBB\xBF' >"$tmp/v/two_tier/csv/bom.csv"
cat "$tmp/v/two_tier/csv/sites.csv" >>"$tmp/v/two_tier/csv/bom.csv"
mv "$tmp/v/two_tier/csv/bom.csv" "$tmp/v/two_tier/csv/sites.csv"
"$cli" validate "$tmp/v/two_tier/network_csv.yaml" >/dev/null 2>"$tmp/err" ||
  fail "a CSV with a UTF-8 byte order mark is refused: $(head -3 "$tmp/err")"
sed 's|^network:.*|network: .|' "$ex" >"$tmp/v/dot.yaml"
expect 2 "is a folder without network.yaml" validate "$tmp/v/dot.yaml"
sed 's|^network:.*|network: /dev/zero|' "$ex" >"$tmp/v/zero.yaml"
expect 2 "a device or pipe" validate "$tmp/v/zero.yaml"
sed -i '1s/country/countyr/' "$tmp/v/two_tier/csv/sites.csv"
"$cli" validate "$tmp/v/two_tier/network_csv.yaml" >/dev/null 2>"$tmp/err"
grep -q "unknown column .countyr. (did you mean .country.?)" "$tmp/err" || fail "header typo not named: $(head -2 "$tmp/err")"
[ "$(grep -c 'lanes.csv' "$tmp/err")" -le 21 ] || fail "a header typo floods: $(grep -c 'lanes.csv' "$tmp/err") lines for lanes.csv"

# A recipe input nobody makes, holds or ships: a warning, exit 0.
sed 's|        inputs: {lithium_hydroxide: 0.45 t/t}|        inputs: {lithium_hydroxide: 0.45 t/t, spodumene: 0.1 t/t}|' \
  "$src/data/examples/two_tier/network.yaml" >"$tmp/v/two_tier/unsupplied.yaml"
grep -q "spodumene: 0.1 t/t" "$tmp/v/two_tier/unsupplied.yaml" || fail "test setup: the recipe edit did not apply"
"$cli" validate "$tmp/v/two_tier/unsupplied.yaml" >"$tmp/out" 2>"$tmp/err" || fail "validate with an unsupplied input exited $?"
grep -q "warning: sites\[kr_cathode\].*input .spodumene. is not made at .kr_cathode." "$tmp/err" ||
  fail "no warning for the unsupplied input: $(cat "$tmp/err")"
grep -q "1 warning" "$tmp/out" || fail "summary does not count the warning: $(cat "$tmp/out")"
"$cli" validate "$src/data/battery" 2>"$tmp/err" >/dev/null
[ -s "$tmp/err" ] && fail "the bundled data has warnings: $(head -3 "$tmp/err")"

# The README's quick-start figures (README.md "graphite_ban" sample) hold.
"$cli" simulate --format json >"$tmp/ban.json" || fail "simulate (default) failed"
python3 - "$tmp/ban.json" <<'PY' || fail "README quick-start figures drifted: update README.md and this test together"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["totals"]
assert d["headline"] == "unserved_demand_gwh"
assert round(t["demand_gwh"], 1) == 1136.0, t
assert round(t["served_gwh"], 1) == 1136.0, t
assert round(t["unserved_demand_gwh"], 2) == 0.0, t
assert round(t["lost_cell_output_gwh"], 2) == 27.49, t
by = {r["country"]: r for r in d["by_country"]}
assert round(by["US"]["unserved_demand_gwh"], 2) == 0.0, by["US"]
assert round(by["US"]["lost_cell_output_gwh"], 2) == 9.21, by["US"]
assert round(by["PL"]["lost_cell_output_gwh"], 2) == 6.53, by["PL"]
assert "DE" not in by or by["DE"]["demand_gwh"] == 0, by.get("DE")  # EU demand is the EU's, not Germany's
assert round(by["EU"]["demand_gwh"], 1) == 123.5, by["EU"]
reg = {r["region"]: r for r in d["by_region"]}
assert round(reg["eu"]["demand_gwh"], 1) == 123.5 and round(reg["eu"]["lost_cell_output_gwh"], 2) == 13.28, reg["eu"]
assert abs(sum(r["lost_cell_output_gwh"] for r in d["by_region"]) - t["lost_cell_output_gwh"]) < 1e-6, reg
first = {}
for s in d["shortages"]:  # rows by shortfall: a site's first episode is its earliest first_day
    key = (s["site"], s["material"])
    first[key] = min(first.get(key, s["first_day"]), s["first_day"])
assert first[("jp_anode", "spherical_graphite")] == 26, first
assert first[("kr_posco_anode_natural", "spherical_graphite")] == 24, first
assert first[("in_cells", "anode_material")] == 42, first
assert d["shortages"][0]["shortfall_gwh"] == max(s["shortfall_gwh"] or 0 for s in d["shortages"])
PY

# docs/OPTIMIZATION.md quotes the served GWh of `simulate --protocol plan` on the bundled ban.
"$cli" simulate --protocol plan --format json >"$tmp/plan.json" || fail "simulate --protocol plan failed"
python3 - "$tmp/plan.json" "$src/docs/OPTIMIZATION.md" <<'PY' || fail "docs/OPTIMIZATION.md's --protocol plan figure drifted"
import json, re, sys
served = json.load(open(sys.argv[1]))["totals"]["served_gwh"]
quoted = re.search(r"([\d,]+\.\d) GWh under `--protocol plan`", open(sys.argv[2]).read()).group(1)
assert f"{served:,.1f}" == quoted, (served, quoted)
PY

if [ $failures -gt 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "failures_cli: all checks passed"
