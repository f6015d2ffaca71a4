#!/usr/bin/env bash
# End-to-end: the qualitative claims that the bundled battery scenarios' descriptions make
# (data/battery/scenarios/*.yaml), checked on the current engine. The descriptions quote only
# rounded figures; these checks hold the shape of the result, not its exact numbers:
#   - the dataset validates;
#   - graphite_ban leaves end-use demand unserved, and its first shortage outside China comes
#     after day 14 (cargo at sea and plant stocks cover the first weeks);
#   - each mitigation (POSCO at 16 kt, NMG at full capacity, a 60-day joint stockpile) leaves no
#     more demand unserved than the plain ban;
#   - japan_alliance_first hurts Korea's cell plants at least as much as the plain ban;
#   - graphite_ban_recycling_doubled changes nothing for graphite (recyclers return no anode);
#   - the real export-control measures: the 2023 licensing (front-loading and a 45-day wait) and
#     the Dec 2024 US measure lose nothing; the Oct 2025 round loses some cell output but serves
#     all demand; all three lose less than the 180-day ban;
#   - capping every process at its 2024 output (graphite_ban_output_baseline) leaves more demand
#     unserved than the ban on nameplate.
# Usage: bash dataset_scenarios.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
src="$2"
data="$src/data/battery"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$cli" validate "$data" >"$tmp/validate.txt" 2>&1; rc=$?
[ $rc -eq 0 ] || fail "chaintwin validate data/battery exited $rc: $(tail -5 "$tmp/validate.txt")"

for s in graphite_ban graphite_ban_posco_16kt graphite_ban_nmg_full graphite_ban_joint_stockpile_60d \
         japan_alliance_first graphite_ban_recycling_doubled cn_graphite_licensing_2023 cn_export_ban_us_dec2024 \
         cn_export_controls_oct2025 graphite_ban_output_baseline; do
  "$cli" simulate "$data/scenarios/$s.yaml" --format json >"$tmp/$s.json" 2>"$tmp/$s.err"; rc=$?
  [ $rc -eq 0 ] || fail "simulate $s exited $rc: $(tail -3 "$tmp/$s.err")"
done

python3 - "$tmp" <<'EOF' || failures=$((failures + 1))
import json, os, sys

tmp = sys.argv[1]
bad = []


def load(name):
    path = os.path.join(tmp, name + ".json")
    try:
        with open(path) as f:
            return json.load(f)
    except Exception as e:  # the run failed above; report here too
        bad.append(f"{name}: no JSON result ({e})")
        return None


def unserved(d):
    return d["totals"]["unserved_demand_gwh"]


def lost_production(d, country):
    return sum(r["lost_cell_output_gwh"] for r in d["by_country"] if r["country"] == country)


ban = load("graphite_ban")
if ban is not None:
    # Buyers re-source (docs/SIMULATION.md, "Re-sourcing"): end-use demand outside China may be
    # served with Chinese cells, but cell plants outside China lose output for want of anode.
    lost_outside = sum(r["lost_cell_output_gwh"] for r in ban["by_country"] if r["country"] != "CN")
    if not lost_outside > 0:
        bad.append(f"graphite_ban: expected lost cell output outside China > 0, got {lost_outside:.3f} GWh")
    outside = [s["first_day"] for s in ban["shortages"] if s["country"] != "CN"]
    if not outside:
        bad.append("graphite_ban: expected a shortage outside China, found none")
    elif min(outside) <= 14:
        bad.append(f"graphite_ban: first shortage outside China on day {min(outside)}, expected after day 14")
    if any(s["country"] == "CN" and s["kind"] == "demand" for s in ban["shortages"]):
        bad.append("graphite_ban: Chinese end-use demand went unserved (the ban only stops exports)")

    for m in ["graphite_ban_posco_16kt", "graphite_ban_nmg_full", "graphite_ban_joint_stockpile_60d"]:
        d = load(m)
        if d is not None and unserved(d) > unserved(ban) + 1e-6:
            bad.append(f"{m}: unserved {unserved(d):.2f} GWh exceeds the plain ban's {unserved(ban):.2f} GWh")

    jp = load("japan_alliance_first")
    if jp is not None and lost_production(jp, "KR") + 1e-6 < lost_production(ban, "KR"):
        bad.append(f"japan_alliance_first: Korea loses {lost_production(jp, 'KR'):.2f} GWh of cells, "
                   f"less than under the plain ban ({lost_production(ban, 'KR'):.2f})")

    rec = load("graphite_ban_recycling_doubled")
    if rec is not None and abs(unserved(rec) - unserved(ban)) > 0.01 * max(1.0, unserved(ban)):
        bad.append(f"graphite_ban_recycling_doubled: unserved {unserved(rec):.2f} GWh differs from the plain ban's "
                   f"{unserved(ban):.2f} (recycling returns no graphite)")

    for m in ["cn_graphite_licensing_2023", "cn_export_ban_us_dec2024"]:
        d = load(m)
        if d is not None and (unserved(d) > 1e-6 or d["totals"]["lost_cell_output_gwh"] > 1e-6):
            bad.append(f"{m}: expected no loss, got {unserved(d):.2f} GWh unserved, "
                       f"{d['totals']['lost_cell_output_gwh']:.2f} GWh of cells lost")
    lic = load("cn_graphite_licensing_2023")
    if lic is not None and not any(x["site"] == "jp_anode" and "licensing_throughput" in x["cause_events"]
                                   for x in lic["shortages"]):
        bad.append("cn_graphite_licensing_2023: expected Japan's natural-graphite anode line short under the "
                   "2024 throughput cut (lane_throughput)")
    oct25 = load("cn_export_controls_oct2025")
    if oct25 is not None:
        if unserved(oct25) > 1e-6:
            bad.append(f"cn_export_controls_oct2025: expected all demand served, {unserved(oct25):.2f} GWh unserved")
        if not 0 < oct25["totals"]["lost_cell_output_gwh"] < ban["totals"]["lost_cell_output_gwh"]:
            bad.append(f"cn_export_controls_oct2025: lost cell output {oct25['totals']['lost_cell_output_gwh']:.2f} GWh, "
                       f"expected some but less than the ban's")
    out = load("graphite_ban_output_baseline")
    if out is not None and not unserved(out) > unserved(ban):
        bad.append(f"graphite_ban_output_baseline: unserved {unserved(out):.2f} GWh, expected more than on nameplate "
                   f"({unserved(ban):.2f})")

for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
EOF

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "dataset scenarios: all claims hold"
