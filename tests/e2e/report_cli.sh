#!/usr/bin/env bash
# End-to-end: `chaintwin report`: the data it injects validates against
# docs/schema/report.schema.json (with the verb schemas it embeds) and agrees with `simulate`;
# a scenario description holding "</script>" cannot break out of the data element; a bad
# scenario is exit 2 with file and line; a missing --template is exit 2, a template not built
# beside the executable exit 3, each saying what to do.
# Usage: bash report_cli.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
src="$(cd "$2" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
scenarios="$src/data/battery/scenarios"

# A stand-in template (the built one needs npm): the same placeholder element.
tpl="$tmp/template.html"
printf '<!doctype html><html><body><script id="chaintwin-report" type="application/json">__CHAINTWIN_REPORT_DATA__</script></body></html>\n' >"$tpl"

"$cli" report graphite_ban --out "$tmp/r.html" --template "$tpl" --data-out "$tmp/data.json" --threads 2 \
  >"$tmp/out.txt" 2>"$tmp/err.txt" || fail "report failed: $(cat "$tmp/err.txt")"
grep -q "Wrote $tmp/r.html" "$tmp/out.txt" || fail "no 'Wrote' line: $(cat "$tmp/out.txt")"
"$cli" simulate graphite_ban --format json >"$tmp/sim.json" || fail "simulate failed"
python3 - "$src" "$tmp/data.json" "$tmp/r.html" "$tmp/sim.json" <<'PY' || fail "report data check"
import json, os, re, sys
import jsonschema
from referencing import Registry, Resource
src, data_path, html_path, sim_path = sys.argv[1:]
schemas = os.path.join(src, "docs", "schema")
registry = Registry().with_resources(
    (f"chaintwin/{name}", Resource.from_contents(json.load(open(os.path.join(schemas, name)))))
    for name in os.listdir(schemas) if name.endswith(".schema.json"))
schema = json.load(open(os.path.join(schemas, "report.schema.json")))
data = json.load(open(data_path))
errors = list(jsonschema.Draft202012Validator(schema, registry=registry).iter_errors(data))
for e in errors[:5]:
    print("schema:", "/".join(map(str, e.absolute_path)), e.message[:200])
assert not errors
# The HTML holds exactly the data.
html = open(html_path).read()
m = re.search(r'<script id="chaintwin-report" type="application/json">(.*?)</script>', html, re.S)
assert m and json.loads(m.group(1)) == data
# The run is simulate's, plus the extras (timeline by week).
sim = json.load(open(sim_path))
for k in ("shortages", "totals", "by_country"):
    assert data["simulate"][k] == sim[k], k
assert data["simulate"]["timeline"]["by"] == "week"
assert data["simulate"]["flows"] and data["simulate"]["site_status"]["sites"]
# Assumptions ranked by swing, the sensitivity's largest swing first.
swings = [a["swing_gwh"] for a in data["assumptions"] if a["swing_gwh"] is not None]
assert swings == sorted(swings, reverse=True), swings
top = max(r["swing_gwh"] for r in data["sensitivity"]["rows"])
assert data["assumptions"][0]["swing_gwh"] >= top - 1e-12
assert {"stock_days", "reorder_after", "baseline"} <= {a["id"] for a in data["assumptions"]}
assert data["assumptions"][-1]["id"] == "baseline" and not data["assumptions"][-1]["varied"]
# Every source has its title, year and URL fields.
assert data["sources"]["sources"] and all("title" in s and "url" in s and "year" in s for s in data["sources"]["sources"])
PY

# A description that tries to close the script element.
sed -e 's|^description: >|description: >\n  </script><script>alert(1)</script><!-- |' "$scenarios/graphite_ban.yaml" |
  sed -e "s|^network: ../network.yaml|network: $src/data/battery/network.yaml|" >"$tmp/evil.yaml"
"$cli" report "$tmp/evil.yaml" --out "$tmp/evil.html" --template "$tpl" --no-sensitivity --no-progress >/dev/null 2>"$tmp/err.txt" ||
  fail "report of the evil scenario failed: $(cat "$tmp/err.txt")"
python3 - "$tmp/evil.html" <<'PY' || fail "</script> in a description broke out of the data element"
import json, re, sys
html = open(sys.argv[1]).read()
assert html.count("</script>") == 1, html.count("</script>")  # only the data element's own
assert "<!--" not in html  # would open the script data escaped state
m = re.search(r'<script id="chaintwin-report" type="application/json">(.*?)</script>', html, re.S)
d = json.loads(m.group(1))
assert d["scenario"]["description"].startswith("</script><script>alert(1)</script><!--"), d["scenario"]["description"][:60]
assert d["sensitivity"] is None
PY

# A bad scenario: exit 2, file and line.
printf 'kind: scenario\nid: bad\nnetwork: %s\nstart: 2026-01-01\nhorizon: 30 d\nevents:\n  - id: x\n    kind: export_ban\n    start: 2026-01-01\n    duration: forever\n    origin: CN\n' \
  "$src/data/battery/network.yaml" >"$tmp/bad.yaml"
err="$("$cli" report "$tmp/bad.yaml" --out "$tmp/bad.html" --template "$tpl" 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 2 ] || fail "bad scenario exited $rc"
grep -q "bad.yaml:[0-9]" <<<"$err" || fail "bad scenario error names no file and line: $err"
[ ! -e "$tmp/bad.html" ] || fail "a report was written for a bad scenario"

# --template that does not exist: exit 2 naming the flag; no --out: exit 2.
err="$("$cli" report graphite_ban --out "$tmp/x.html" --template "$tmp/nowhere.html" 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 2 ] && grep -q -- "--template" <<<"$err" || fail "missing --template: exit $rc: $err"
err="$("$cli" report graphite_ban 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 2 ] && grep -q -- "--out" <<<"$err" || fail "no --out: exit $rc: $err"
# No built template beside the executable: exit 3 saying how to build it, before any work.
mkdir -p "$tmp/bin"
cp "$cli" "$tmp/bin/chaintwin"
err="$("$tmp/bin/chaintwin" report "$scenarios/graphite_ban.yaml" --out "$tmp/y.html" 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 3 ] && grep -q "npm run build" <<<"$err" || fail "no template: exit $rc: $err"
[ ! -e "$tmp/y.html" ] || fail "a report was written without a template"

[ $failures -eq 0 ] && echo ok
exit $((failures > 0))
