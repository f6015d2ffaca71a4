#!/usr/bin/env bash
# End-to-end: `chaintwin simulate --include timeline,site_status,flows` on the bundled
# graphite_ban: the parts are there with the documented shapes, the flows of the disruption
# window balance what the timeline says left every site in it (a second path through the
# engine's per-slot figures), the site status agrees with the shortage table, and bad words
# are refused with exit 2 naming the flag.
# Usage: bash simulate_extras_cli.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$cli" simulate graphite_ban --include timeline,site_status,flows --format json >"$tmp/day.json" ||
  fail "simulate --include failed"
"$cli" simulate graphite_ban --format json >"$tmp/plain.json" || fail "simulate failed"
python3 - "$tmp/day.json" "$tmp/plain.json" <<'PY' || fail "extras check"
import json, math, sys
d = json.load(open(sys.argv[1]))
plain = json.load(open(sys.argv[2]))
for part in ("timeline", "site_status", "flows"):
    assert part not in plain, f"{part} without --include"
# The rest of the result is the same with and without the extras.
for k in plain:
    assert d[k] == plain[k], f"{k} differs with --include"
t = d["timeline"]
assert t["by"] == "day" and len(t["period_start_days"]) == d["days"] == 365
# Disruption window: day 0 (the ban starts at once) to 180.
dis = [f for f in d["flows"] if f["period"] == "disruption"]
base = [f for f in d["flows"] if f["period"] == "baseline"]
assert dis and base
assert all(f["days"] == 180 and f["basis"] == "simulated" for f in dis), dis[:2]
# No day before the ban: the baseline is the same 180 days run without the ban.
assert all(f["basis"] == "undisrupted_run" and f["days"] == 180 for f in base), base[:2]
flows_total = sum(f["quantity_per_day"] * f["days"] for f in dis)
timeline_total = sum(sum(s["shipped"][:180]) for s in t["series"])
assert math.isfinite(flows_total) and flows_total > 0
assert abs(flows_total - timeline_total) <= 1e-6 * timeline_total, (flows_total, timeline_total)
# Per material as well.
for m in {f["material"] for f in dis}:
    a = sum(f["quantity_per_day"] * 180 for f in dis if f["material"] == m)
    b = sum(sum(s["shipped"][:180]) for s in t["series"] if s["material"] == m)
    assert abs(a - b) <= 1e-6 * max(b, 1e-9), (m, a, b)
# China's graphite exports stop in the ban: no CN->elsewhere anode_material in the window.
assert not [f for f in dis if f["from_country"] == "CN" and f["to_country"] != "CN"
            and f["material"] == "anode_material"]
cn_out = sum(f["quantity_per_day"] for f in base if f["from_country"] == "CN" and f["to_country"] != "CN"
             and f["material"] == "anode_material")
assert cn_out > 0, cn_out
# Site status: a site is short or stopped exactly on the days of its shortage rows.
st = d["site_status"]
assert st["days"] == 365 and st["codes"] == {"0": "normal", "1": "short", "2": "stopped"}
days = {s["site"]: set() for s in st["sites"]}
for s in d["shortages"]:
    days[s["site"]].update(range(s["first_day"], s["last_day"] + 1))
for s in st["sites"]:
    off = {i for i, c in enumerate(s["status"]) if c != 0}
    assert off == days[s["site"]], s["site"]
assert any(2 in s["status"] for s in st["sites"])  # POSCO's natural-graphite line stops
PY

# --by week and --timeline-sites; CSV of a nested table.
"$cli" simulate graphite_ban --include timeline --by week --timeline-sites kr_cells,in_cells \
  --format json >"$tmp/week.json" || fail "weekly timeline failed"
python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["timeline"]
assert t["by"] == "week" and t["period_start_days"][:3] == [0, 7, 14], t["period_start_days"][:3]
assert {s["site"] for s in t["series"]} == {"kr_cells", "in_cells"}
assert all(len(s["closing"]) == len(t["period_start_days"]) for s in t["series"])
' "$tmp/week.json" || fail "weekly timeline shape"
rows="$("$cli" simulate graphite_ban --include timeline --timeline-sites kr_cells --format csv \
  --table timeline.series | wc -l)"
[ "$rows" -ge 2 ] || fail "timeline.series CSV has $rows lines"

# Bad words: exit 2, the flag named.
err="$("$cli" simulate graphite_ban --include timeline,flow 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 2 ] || fail "--include flow exited $rc"
grep -q -- "--include" <<<"$err" && grep -q "flow" <<<"$err" || fail "--include error: $err"
err="$("$cli" simulate graphite_ban --include timeline --timeline-sites nowhere 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 2 ] || fail "--timeline-sites nowhere exited $rc"
grep -q "nowhere" <<<"$err" || fail "--timeline-sites error: $err"
err="$("$cli" simulate graphite_ban --timeline-sites kr_cells 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 2 ] || fail "--timeline-sites without the timeline exited $rc"

[ $failures -eq 0 ] && echo ok
exit $((failures > 0))
