#!/usr/bin/env bash
# End-to-end: the optimizer and risk-analysis verbs on the bundled battery dataset, each in its
# three output forms (table, JSON, CSV), checked for what a user relies on:
#   - plan: an optimal LP whose served GWh lies between 0 and the demand, with binding
#     constraints in words; `simulate --protocol plan` runs it in the simulator;
#   - analyze tts / concentration / dependence / spof: valid JSON with the documented fields,
#     CSV with a header and rows, a table on stdout and nothing on stderr when piped (no
#     progress bar unless stderr is a terminal); a network folder works as `--network`;
#   - analyze supply-risk: the bundled material-factor file has no rows, so without
#     --material-factors it stops with exit 2 naming that file; with a factors file it scores;
#   - montecarlo: the same seed gives the same result on 1 and 2 threads; the table's histogram
#     of lost GWh holds every run.
# Usage: bash analysis_cli.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
src="$2"
data="$src/data/battery"
ban="$data/scenarios/graphite_ban.yaml"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run NAME ARGS...: runs the command, keeps stdout/stderr as $tmp/NAME.{out,err}, expects exit 0
# and an empty stderr (nothing drawn when stderr is not a terminal).
run() {
  local name="$1"
  shift
  "$cli" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local rc=$?
  if [ $rc -ne 0 ]; then
    fail "$name: chaintwin $* exited $rc: $(tail -3 "$tmp/$name.err")"
  elif [ -s "$tmp/$name.err" ]; then
    fail "$name: unexpected stderr when piped: $(head -c 200 "$tmp/$name.err")"
  fi
}

# Under the sanitizers (CT_SANITIZED=1, set by tests/CMakeLists.txt) the plan is solved once, in
# JSON: its linear program, solved by `plan` in three formats and by `simulate --protocol plan`,
# is about 90 % of this script's CPU in Release; the Release run checks its table and CSV too.
plan_formats="table json csv"
[ "${CT_SANITIZED:-0}" = 1 ] && plan_formats=json
for fmt in $plan_formats; do
  run "plan.$fmt" plan "$ban" --format "$fmt"
done
for fmt in table json csv; do
  run "tts.$fmt" analyze tts "$ban" --format "$fmt"
  run "concentration.$fmt" analyze concentration --network "$data" --format "$fmt"
  run "dependence.$fmt" analyze dependence --on CN --format "$fmt"
  run "spof.$fmt" analyze spof --format "$fmt"
done
run "sim_plan.json" simulate "$ban" --protocol plan --format json
run "tts_network.json" analyze tts "$data" --format json
# Issue 19 §5: --tmax below a TTR does not make a site exposed; production totals are not per
# day; montecarlo on a scenario with nothing uncertain runs once and says so.
run "tts_tmax60.json" analyze tts "$data" --tmax 60d --format json
run "conc_production.json" analyze concentration --basis production --material natural_graphite --format json
run "conc_production.table" analyze concentration --basis production --material natural_graphite
"$cli" montecarlo "$ban" --runs 30 >"$tmp/mc_fixed.table" 2>&1 ||
  fail "montecarlo on a fixed scenario exited $?"
grep -q "Nothing in scenario graphite_ban is uncertain" "$tmp/mc_fixed.table" ||
  fail "montecarlo on a fixed scenario does not say nothing is uncertain"

# supply-risk: the bundled materials.csv holds no rows yet.
"$cli" analyze supply-risk >"$tmp/sr_default.out" 2>"$tmp/sr_default.err"
rc=$?
if [ $rc -ne 2 ]; then
  fail "supply-risk without --material-factors: exit $rc, expected 2"
elif ! grep -q "indicators/materials.csv" "$tmp/sr_default.err" ||
     ! grep -q "no material rows" "$tmp/sr_default.err"; then
  fail "supply-risk without --material-factors: stderr does not name the empty file: $(cat "$tmp/sr_default.err")"
fi
# Factors invented for this test only (not data): they exercise the formula end to end.
cat >"$tmp/factors.csv" <<'EOF'
material,ir,eol_rir,si_sr,eu_sourcing,source,estimate
natural_graphite,0.9,0.05,0.95,CN:0.5;MZ:0.3;BR:0.2,test fixture,true
EOF
for fmt in table json csv; do
  run "sr.$fmt" analyze supply-risk --material-factors "$tmp/factors.csv" --format "$fmt"
done

# montecarlo: same seed, 1 and 2 threads.
mc="$data/scenarios/graphite_ban_uncertain.yaml"
run "mc1.json" montecarlo "$mc" --runs 40 --seed 7 --threads 1 --format json
run "mc2.json" montecarlo "$mc" --runs 40 --seed 7 --threads 2 --format json
run "mc.csv" montecarlo "$mc" --runs 20 --format csv
run "mc.table" montecarlo "$mc" --runs 20

python3 - "$tmp" <<'EOF' || failures=$((failures + 1))
import csv, io, json, os, re, sys

tmp = sys.argv[1]
bad = []


def text(name):
    path = os.path.join(tmp, name)
    return open(path).read() if os.path.exists(path) else ""


def js(name):
    try:
        return json.loads(text(name + ".out"))
    except Exception as e:
        bad.append(f"{name}: stdout is not JSON ({e})")
        return None


def csv_rows(name):
    rows = list(csv.reader(io.StringIO(text(name + ".out"))))
    if len(rows) < 2:
        bad.append(f"{name}: CSV has {len(rows)} lines, expected a header and rows")
    elif any(len(r) != len(rows[0]) for r in rows[1:]):
        bad.append(f"{name}: CSV rows differ in width from the header")
    return rows


def table(name, words):
    t = text(name + ".out")
    for w in words:
        if w not in t:
            bad.append(f"{name}: table lacks '{w}'")


plan = js("plan.json")
if plan is not None:
    if plan.get("status") != "optimal":
        bad.append(f"plan: status {plan.get('status')}, expected optimal")
    if not (0 <= plan["served_gwh"] <= plan["demand_gwh"] * (1 + 1e-9)):
        bad.append(f"plan: served {plan['served_gwh']} GWh outside [0, {plan['demand_gwh']}]")
    if plan["period_days"] != 7 or plan["periods"] * 7 < plan["horizon_days"]:
        bad.append("plan: default period is not one week covering the horizon")
    if not plan["flows"]:
        bad.append("plan: no shipments in the plan")
if os.environ.get("CT_SANITIZED") != "1":
    csv_rows("plan.csv")
    table("plan.table", ["What limits the output", "served"])

sim = js("sim_plan.json")
if sim is not None and plan is not None:
    served = sim["totals"]["demand_gwh"] - sim["totals"]["unserved_demand_gwh"]
    if served > plan["served_gwh"] * (1 + 1e-6) + 1e-6:
        bad.append(f"simulate --protocol plan serves {served} GWh, more than the plan's bound {plan['served_gwh']}")

for name in ("tts.json", "tts_network.json"):
    tts = js(name)
    if tts is not None:
        sites = tts["sites"]
        if len(sites) != 140:
            bad.append(f"{name}: {len(sites)} sites, expected the dataset's 140")
        pis = [s["pi"] for s in sites if "pi" in s]
        if pis != sorted(pis, reverse=True):
            bad.append(f"{name}: sites not ranked by performance impact")
csv_rows("tts.csv")
tts60 = js("tts_tmax60.json")
tts365 = js("tts_network.json")
if tts60 is not None and tts365 is not None and tts60["exposed"] != tts365["exposed"]:
    bad.append(f"--tmax 60d flags {tts60['exposed']} sites exposed, 365d {tts365['exposed']}")
cp = js("conc_production.json")
if cp is not None and (cp["materials"][0]["total_over_run"] is None or cp["materials"][0]["total_per_day"] is not None):
    bad.append("concentration --basis production: totals over the run are not labelled so")
table("conc_production.table", ["total over 365 d"])

conc = js("concentration.json")
if conc is not None:
    for m in conc["materials"]:
        if not (0 <= m["hhi_country"] <= 10000 + 1e-6):
            bad.append(f"concentration: {m['material']} HHI {m['hhi_country']} outside 0..10,000")
csv_rows("concentration.csv")

dep = js("dependence.json")
if dep is not None:
    if dep["origin"] != "CN" or not dep["rows"]:
        bad.append("dependence --on CN: wrong origin or no rows")
    for r in dep["rows"]:
        if not (-1e-9 <= r["share"] <= 1 + 1e-9):
            bad.append(f"dependence: share {r['share']} outside 0..1")
            break
csv_rows("dependence.csv")

spof = js("spof.json")
if spof is not None and not spof["points"]:
    bad.append("spof: no single point of failure found in the bundled network")
csv_rows("spof.csv")

sr = js("sr.json")
if sr is not None:
    sr = sr["materials"]
    if len(sr) != 1 or sr[0]["material"] != "natural_graphite":
        bad.append(f"supply-risk: expected one row for natural_graphite, got {len(sr)}")
    else:
        r = sr[0]
        want = (r["hhi_wgi_global"] * r["import_reliance"] / 2
                + r["hhi_wgi_eu"] * (1 - r["import_reliance"] / 2)) * (1 - r["eol_rir"]) * r["si_sr"]
        if abs(want - r["supply_risk"]) > 1e-9 * max(1, want) or r["supply_risk"] <= 0:
            bad.append(f"supply-risk: score {r['supply_risk']} does not follow from its inputs ({want})")
csv_rows("sr.csv")

mc1, mc2 = js("mc1.json"), js("mc2.json")
if mc1 is not None and mc2 is not None:
    for k in ("seconds", "threads"):
        mc1.pop(k, None)
        mc2.pop(k, None)
    if mc1 != mc2:
        bad.append("montecarlo: 1 and 2 threads give different results for the same seed")
    if mc1["runs"] != 40:
        bad.append(f"montecarlo: {mc1['runs']} runs, expected 40")
csv_rows("mc.csv")
table("mc.table", ["lost", "Distribution of lost GWh over 20 runs"])
bins = re.findall(r"^\s+-?[\d.]+ -\s+-?[\d.]+\s+(\d+)", text("mc.table.out"), re.M)
if not bins and re.search(r"^\s+every run: -?[\d.,]+ GWh", text("mc.table.out"), re.M):
    bins = ["20"]  # every run lost the same: one line, no bins
if sum(int(n) for n in bins) != 20:
    bad.append(f"montecarlo: the histogram's bins hold {sum(int(n) for n in bins)} runs, expected 20")

for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
EOF

if [ $failures -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "ok: plan, analyze and montecarlo on the bundled dataset in table, JSON and CSV"
