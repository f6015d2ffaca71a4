#!/usr/bin/env bash
# `chaintwin hedge evaluate|optimize`: bad hedge files exit 2 naming file, line and field; the
# JSON of both verbs holds what docs/HEDGING.md promises; the portfolio stays within budget.
# Usage: bash hedge_cli.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
src="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# name, text, expected "file:line:col: error: field" prefix
bad() {
  local name="$1" text="$2" expected="$3"
  mkdir -p "$tmp/$name"
  printf '%s' "$text" >"$tmp/$name/$name.yaml"
  local err rc
  err="$("$cli" hedge evaluate "$tmp/$name" --no-progress 2>&1 >/dev/null)"
  rc=$?
  [ "$rc" -eq 2 ] || fail "$name: exit $rc, expected 2 ($err)"
  grep -qF -- "$name.yaml:$expected" <<<"$err" || fail "$name: stderr lacks '$name.yaml:$expected': $err"
}
bad unknown_kind $'kind: hedge\nid: x\ntype: insurance\ncost: {}\n' "3:7: error: type:"
bad negative_cost $'kind: hedge\nid: x\ntype: recycling\nrecycling: {sites: [us_redwood], capacity_factor: 2}\ncost:\n  capex_usd: -5\n' "6:14: error: cost.capex_usd:"
bad unknown_site $'kind: hedge\nid: x\ntype: offtake\nofftake:\n  supplier: nowhere\n  buyers: [pl_lges_wroclaw]\n  material: anode_material\n  volume: 5 kt/yr\n  term: 4 yr\ncost: {}\n' "5:13: error: offtake.supplier:"
"$cli" hedge evaluate "$tmp/missing" --no-progress >/dev/null 2>&1
[ $? -eq 2 ] || fail "a missing hedge folder must exit 2"
"$cli" hedge optimize --budget -1 --no-progress >/dev/null 2>&1
[ $? -eq 2 ] || fail "a negative budget must exit 2"

h="$src/data/battery/hedges"
# A hedge the scenario already applies (its `hedges:`) is refused, not applied twice: exit 2
# naming the scenario file, its `hedges` field and the hedge.
err="$("$cli" hedge evaluate "$h/recycling_doubled.yaml" --scenario graphite_ban_recycling_doubled --no-progress 2>&1 >/dev/null)"
rc=$?
[ "$rc" -eq 2 ] || fail "a hedge the scenario already applies: exit $rc, expected 2 ($err)"
grep -qF "graphite_ban_recycling_doubled.yaml: error: hedges: scenario 'graphite_ban_recycling_doubled' already applies hedge 'recycling_doubled'" <<<"$err" \
  || fail "applied twice: $err"
# --combos FILE: an unknown id names the file and line; a good file adds its combination.
printf 'joint_stockpile_60d + kr_jp_stockpile_30d\n# a comment\njoint_stockpile_60d+nosuch\n' >"$tmp/combos_bad.txt"
err="$("$cli" hedge evaluate "$h" --combos "$tmp/combos_bad.txt" --no-progress 2>&1 >/dev/null)"
rc=$?
[ "$rc" -eq 2 ] || fail "combos with an unknown id: exit $rc, expected 2"
grep -qF "combos_bad.txt:3: error: --combos: unknown hedge \`nosuch\`" <<<"$err" || fail "combos: $err"
printf 'kr_jp_stockpile_30d+localize_posco_artificial\n' >"$tmp/combos.txt"
n="$("$cli" hedge evaluate "$h" --combos "$tmp/combos.txt" --no-progress --format csv | grep -c '^kr_jp_stockpile_30d+localize_posco_artificial,')"
[ "$n" -eq 1 ] || fail "combos file: the combination is not evaluated once ($n)"
out="$("$cli" hedge evaluate "$h/joint_stockpile_60d.yaml" "$h/localize_posco_artificial.yaml" --combos pairs --format json --no-progress)" \
  || fail "hedge evaluate exited $?"
python3 - "$out" <<'PY' || failures=$((failures + 1))
import json, math, sys
d = json.loads(sys.argv[1])
assert d["verb"] == "hedge evaluate", d["verb"]
ids = [r["candidate"] for r in d["hedges"]]
assert ids == ["joint_stockpile_60d", "localize_posco_artificial",
               "joint_stockpile_60d+localize_posco_artificial"], ids
for r in d["hedges"]:
    assert math.isfinite(r["cost_usd_per_year"]) and r["cost_usd_per_year"] > 0, r
    assert math.isfinite(r["loss_avoided_gwh"]) and r["loss_avoided_gwh"] >= -1e-9, r
    assert abs(r["loss_avoided_gwh"] - r["unserved_avoided_gwh"] - r["lost_output_avoided_gwh"]) < 1e-9
costs = {}
for p in d["costs"]:
    costs[p["hedge"]] = costs.get(p["hedge"], 0) + p["usd_per_year"]
for r in d["hedges"][:2]:
    assert abs(costs[r["candidate"]] - r["cost_usd_per_year"]) < 1e-6 * r["cost_usd_per_year"]
PY

out="$("$cli" hedge optimize "$h" --budget 30e6 --format json --no-progress)" || fail "hedge optimize exited $?"
python3 - "$out" <<'PY' || failures=$((failures + 1))
import json, math, sys
d = json.loads(sys.argv[1])
assert d["verb"] == "hedge optimize"
assert d["cost_usd_per_year"] <= 30e6 * (1 + 1e-9), d["cost_usd_per_year"]
assert sorted(r["hedge"] for r in d["portfolio"]) == sorted(d["chosen"])
assert d["optimal"] is True
assert math.isfinite(d["simulated_loss_avoided_gwh"])
# No evaluated single that fits the budget alone beats the chosen portfolio's estimate.
for r in d["candidates"]:
    if len(r["hedges"]) == 1 and r["cost_usd_per_year"] <= 30e6:
        assert r["loss_avoided_gwh"] <= d["estimated_loss_avoided_gwh"] + 1e-9, r
PY

# analyze dependence --hedge: the recycling hedge doubles Sumitomo Japan's share of nickel from
# Redwood (5 % to 10 %), so Japan's nickel sulfate traces less to Indonesia (30.0 % to 28.4 %);
# without --hedge the comparison columns are null.
dep="$("$cli" analyze dependence --on ID --country JP --material nickel_sulfate --hedge "$h/recycling_doubled.yaml" --format json)" \
  || fail "analyze dependence --hedge exited $?"
plain="$("$cli" analyze dependence --on ID --country JP --material nickel_sulfate --format json)" \
  || fail "analyze dependence exited $?"
python3 - "$dep" "$plain" <<'PY' || failures=$((failures + 1))
import json, sys
d, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert d["hedges"] == ["recycling_doubled"], d["hedges"]
row = [r for r in d["rows"] if r["upstream"] == "nickel_sulfate"][0]
assert abs(row["share_without_hedges"] - 0.300) < 5e-4, row
assert abs(row["share"] - 0.2842) < 5e-4, row
assert abs(row["change"] - (row["share"] - row["share_without_hedges"])) < 1e-12, row
assert p["hedges"] == [] and all(r["share_without_hedges"] is None for r in p["rows"]), p
plain_row = [r for r in p["rows"] if r["upstream"] == "nickel_sulfate"][0]
assert abs(plain_row["share"] - row["share_without_hedges"]) < 1e-12
PY
"$cli" analyze dependence --hedge "$tmp/unknown_site" >/dev/null 2>&1
[ $? -eq 2 ] || fail "analyze dependence with a bad hedge must exit 2"

# A scenario's `hedges:` is applied at load; a missing file names the scenario's line and field.
printf 'kind: scenario\nid: s\nnetwork: %s\nstart: 2026-01-01\nevents: []\nhedges: [nowhere.yaml]\n' \
  "$src/data/battery/network.yaml" >"$tmp/scen_bad_hedge.yaml"
err="$("$cli" simulate "$tmp/scen_bad_hedge.yaml" 2>&1 >/dev/null)"
rc=$?
[ "$rc" -eq 2 ] || fail "scenario with a missing hedge file: exit $rc, expected 2"
grep -qF "scen_bad_hedge.yaml:6:" <<<"$err" && grep -qF "hedges[0]" <<<"$err" || fail "scenario hedges: $err"
# Force majeure kinds are checked.
bad bad_force_majeure $'kind: hedge\nid: x\ntype: offtake\nofftake:\n  supplier: us_syrah_vidalia\n  buyers: [pl_lges_wroclaw]\n  material: anode_material\n  volume: 5 kt/yr\n  term: 4 yr\n  sla: {otif: 0.9, force_majeure: [strike]}\ncost: {}\n' "10:"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "hedge CLI: all checks passed"
