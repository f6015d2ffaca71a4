#!/usr/bin/env bash
# End-to-end: `chaintwin simulate` and `compare` on the example and the bundled dataset:
# exit codes, the three formats, the timeline's columns and mass balance, --out, determinism.
# Usage: bash simulate_cli.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
src="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
scenario="$src/data/examples/two_tier/scenario.yaml"

out="$("$cli" simulate "$scenario")"; rc=$?
[ $rc -eq 0 ] || fail "simulate exited $rc"
grep -q "Which material runs short" <<<"$out" || fail "no shortage table: $out"
grep -q "Losses by country" <<<"$out" || fail "no country table"
grep -q "^Totals: end-use demand" <<<"$out" || fail "no totals line"

json="$("$cli" simulate "$scenario" --format json)" || fail "simulate --format json failed"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["shortages"] and "totals" in d' <<<"$json" ||
  fail "JSON output does not parse or lacks shortages"

# Issue 19 §4: every shortage carries its cause: a kind, root events and a sentence.
python3 -c '
import json, sys
d = json.load(sys.stdin)
for s in d["shortages"]:
    assert s["cause_kind"] != "unexplained" and s["cause_events"] and s["cause"], s
' <<<"$json" || fail "a JSON shortage lacks its cause"
grep -q "Why is it short" <<<"$out" || fail "no cause sentences under the shortage table"
csv="$("$cli" simulate "$scenario" --format csv)" || fail "simulate --format csv failed"
head -1 <<<"$csv" | grep -q '^material,site,country,country_name,kind,first_day,first_date,last_day' || fail "CSV header: $(head -1 <<<"$csv")"
head -1 <<<"$csv" | grep -q ',cause_kind,cause_events,cause_blocked_lanes,cause_closed_sites,cause_rationing_suppliers,cause_shifted_buyers,cause_shifted_to,cause_bridged_days,upstream_site,upstream_material,upstream_first_day,cause$' ||
  fail "CSV lacks the cause columns: $(head -1 <<<"$csv")"

"$cli" simulate "$scenario" --timeline "$tmp/t1.csv" >/dev/null || fail "--timeline failed"
[ "$(head -1 "$tmp/t1.csv")" = "day,date,site,material,opening,received,produced,consumed,shipped,closing,unmet" ] ||
  fail "timeline header: $(head -1 "$tmp/t1.csv")"
# Mass balance on every row: opening + received + produced - consumed - shipped = closing.
awk -F, 'NR > 1 { d = $5 + $6 + $7 - $8 - $9 - $10; s = ($5 > $10 ? $5 : $10) + $6 + $7 + 1;
  if (d > 1e-6 * s || -d > 1e-6 * s) { print "unbalanced: " $0; bad = 1 } } END { exit bad }' "$tmp/t1.csv" ||
  fail "timeline rows do not balance"
"$cli" simulate "$scenario" --timeline "$tmp/t2.csv" >/dev/null
cmp -s "$tmp/t1.csv" "$tmp/t2.csv" || fail "two runs gave different timelines"

# --time-limit: a limit too short for the allocation LP ends with exit code 4 and says so.
err="$("$cli" plan --time-limit 0.000001 --no-progress 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 4 ] || fail "plan --time-limit exited $rc, expected 4"
grep -q "stopped by --time-limit" <<<"$err" || fail "plan --time-limit message: $err"
err="$("$cli" simulate "$scenario" --protocol plan --time-limit 0.000001 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 4 ] || fail "simulate --protocol plan --time-limit exited $rc, expected 4"

timings="$("$cli" simulate "$scenario" --timings 2>&1 >/dev/null)" || fail "--timings failed"
grep -Eq '^timings: load [0-9.]+ s, compile [0-9.]+ s, simulate [0-9.]+ s, causes [0-9.]+ s, report [0-9.]+ s, total [0-9.]+ s$' <<<"$timings" ||
  fail "--timings line: $timings"

"$cli" simulate "$scenario" --out "$tmp/out" >/dev/null || fail "--out failed"
for f in summary.txt results.json shortages.csv resourced_by_country.csv by_country.csv by_region.csv sites.csv allocations.csv timeline.csv; do
  [ -s "$tmp/out/$f" ] || fail "--out did not write $f"
done

"$cli" simulate "$scenario" --fail-on-shortage >/dev/null; rc=$?
[ $rc -eq 1 ] || fail "--fail-on-shortage with shortages should exit 1, got $rc"

"$cli" simulate "$scenario" --protocol nonsense >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "unknown protocol should exit 2, got $rc"
grep -q "unknown protocol 'nonsense'" "$tmp/err" || fail "unknown protocol message: $(cat "$tmp/err")"

"$cli" simulate "$tmp/missing.yaml" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "missing scenario should exit 2, got $rc"
grep -q "missing.yaml" "$tmp/err" || fail "missing file not named: $(cat "$tmp/err")"

for p in pro_rata priority contract_first alliance_first; do
  "$cli" simulate "$scenario" --protocol $p --format json >/dev/null || fail "protocol $p failed"
done

# The bundled default: the graphite export ban.
out="$("$cli" simulate)"; rc=$?
[ $rc -eq 0 ] || fail "simulate (default scenario) exited $rc"
grep -q "Scenario graphite_ban" <<<"$out" || fail "default scenario is not graphite_ban: $(head -2 <<<"$out")"

# compare: the example without and with its events removed is not possible from files alone, so
# compare the example with itself (no changes) and the ban with a mitigation of the dataset.
out="$("$cli" compare "$scenario" "$scenario")" || fail "compare failed"
grep -q "difference 0.00 GWh" <<<"$out" || fail "self-compare should show no difference: $out"
mit="$src/data/battery/scenarios/graphite_ban_joint_stockpile_60d.yaml"
if [ -f "$mit" ]; then
  out="$("$cli" compare "$src/data/battery/scenarios/graphite_ban.yaml" "$mit" --format json)" || fail "compare ban/mitigation failed"
  python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["b"]["unserved_demand_gwh"] <= d["a"]["unserved_demand_gwh"] + 1e-9, d' <<<"$out" ||
    fail "the joint stockpile should not make the graphite ban worse"
fi

# --threads 2: the day loop on two threads gives one thread's output byte for byte (the
# bundled graphite ban, JSON with the timeline); a third thread is refused with exit code 2.
ban="$src/data/battery/scenarios/graphite_ban.yaml"
"$cli" simulate "$ban" --format json --include timeline >"$tmp/th1.json" || fail "simulate --threads 1"
"$cli" simulate "$ban" --format json --include timeline --threads 2 >"$tmp/th2.json" || fail "simulate --threads 2"
cmp -s "$tmp/th1.json" "$tmp/th2.json" || fail "--threads 2 output differs from one thread's"
"$cli" simulate "$ban" --threads 3 >/dev/null 2>"$tmp/th3.err"; rc=$?
[ $rc -eq 2 ] || fail "--threads 3 exited $rc, want 2"
grep -q -- "--threads" "$tmp/th3.err" || fail "--threads 3 error does not name the flag: $(cat "$tmp/th3.err")"

"$cli" simulate --help >/dev/null || fail "simulate --help"
"$cli" compare --help >/dev/null || fail "compare --help"

if [ $failures -gt 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "simulate_cli: all checks passed"
