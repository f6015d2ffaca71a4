#!/usr/bin/env bash
# The live-twin verbs end to end: ingest (JSON Lines, CSV templates, a Catena-X payload),
# retried ingest, a bad file (exit 2, nothing stored), state, days-of-supply, and a what-if
# from the store that leaves the store's bytes unchanged.
set -euo pipefail
CT="$1"
ROOT="$2"
NET="$ROOT/data/examples/two_tier/network.yaml"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$DIR/ev.jsonl" <<'JSON'
{"key":"s1","kind":"item_stock","owner":"BPNL00000000CELL","customer":"BPNL00000000CELL","supplier":"BPNL0000000CNANO","site":"jp_cell","material":"anode_material","direction":"inbound","quantity":"1200 t","time":"2026-03-02T06:00:00+09:00"}
{"key":"d1","kind":"demand","owner":"BPNL00000000CELL","customer":"BPNL00000000CELL","supplier":"BPNL0000000CNANO","site":"jp_cell","material":"anode_material","demands":[{"day":"2026-03-03","quantity":"400 t"},{"day":"2026-03-04","quantity":"500 t"}],"time":"2026-03-02T07:00:00+09:00"}
JSON
for k in item_stock demand delivery production capacity_notice quality failure; do
  "$CT" ingest --template "$k" > "$DIR/$k.csv"
done
out=$("$CT" ingest --store "$DIR/t.db" --network "$NET" --no-alerts "$DIR/ev.jsonl" "$DIR"/*.csv)
echo "$out" | grep -q "stored 9 new events" || fail "first ingest: $out"
out=$("$CT" ingest --store "$DIR/t.db" --network "$NET" --no-alerts "$DIR/ev.jsonl")
echo "$out" | grep -q "0 added, 2 already stored" || fail "retried ingest: $out"

# A bad row: exit 2, its row and column named, nothing stored.
sed 's/"1200 t"/"1200 GWh"/; s/"key":"s1"/"key":"s9"/' "$DIR/ev.jsonl" > "$DIR/bad.jsonl"
set +e
err=$("$CT" ingest --store "$DIR/t.db" --network "$NET" --no-alerts "$DIR/ev.jsonl" "$DIR/bad.jsonl" 2>&1)
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "bad file exit $rc"
echo "$err" | grep -q "bad.jsonl:1: error: quantity: wrong unit" || fail "bad file message: $err"
# The same message from the plain JSON parser (flag and environment variable); an unknown
# parser name is bad input.
# And from the overlapped reader (--overlap: the files read while the store appends).
for how in "--json-parser plain" "--json-parser fast" "--overlap" "--overlap --json-parser plain"; do
  set +e
  err2=$("$CT" ingest --store "$DIR/t.db" --network "$NET" --no-alerts $how "$DIR/ev.jsonl" "$DIR/bad.jsonl" 2>&1)
  rc=$?
  set -e
  [[ $rc -eq 2 && "$err2" == "$err" ]] || fail "$how: exit $rc, $err2"
done
set +e
err2=$(CHAINTWIN_JSON_PARSER=plain "$CT" ingest --store "$DIR/t.db" --network "$NET" --no-alerts "$DIR/bad.jsonl" 2>&1)
rc=$?
[[ $rc -eq 2 && "$err2" == *"bad.jsonl:1: error: quantity: wrong unit"* ]] || fail "env plain: exit $rc, $err2"
err2=$("$CT" ingest --store "$DIR/t.db" --network "$NET" --no-alerts --json-parser simd "$DIR/ev.jsonl" 2>&1)
rc=$?
set -e
[[ $rc -eq 2 && "$err2" == *"expected plain or fast, found 'simd'"* ]] || fail "bad parser name: exit $rc, $err2"
n=$("$CT" state --store "$DIR/t.db" --network "$NET" --as-of 2026-03-02T12:00:00Z --format json | grep -c '"site"' || true)
[[ $n -ge 1 ]] || fail "state json"
"$CT" days-of-supply --store "$DIR/t.db" --network "$NET" --as-of 2026-03-02T12:00:00Z \
  --site BPNS00000000JPCL --material ANODE-SCG --catena-x | grep -q '"daysOfSupply"' || fail "DoS aspect"

before=$(md5sum < "$DIR/t.db")
out=$("$CT" simulate "$ROOT/data/examples/two_tier/scenario.yaml" --from-store "$DIR/t.db" \
  --as-of 2026-03-02T12:00:00Z)
echo "$out" | grep -q "replaces the assumed steady state" || fail "what-if names the assumption"
[[ "$(md5sum < "$DIR/t.db")" == "$before" ]] || fail "a what-if wrote to the store"
set +e
"$CT" simulate --from-store "$DIR/none.db" >/dev/null 2>&1
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "missing store exit $rc"
echo "ok"
