#!/usr/bin/env bash
# The bundled examples validate, the summary line is printed, and the command's basic flags
# behave: --help, --version and validate --help exit 0; an unknown flag exits 2 with a hint.
# Usage: bash validate_examples.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
src="$2"
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

out="$("$cli" validate "$src/data/examples" 2>/tmp/ct_validate_err.$$)"
rc=$?
[ "$rc" -eq 0 ] || { fail "validate data/examples exited $rc"; cat /tmp/ct_validate_err.$$; }
grep -qE '^ok: [0-9]+ networks?, [0-9]+ scenarios?: [0-9]+ materials?, [0-9]+ sites?, [0-9]+ lanes?, [0-9]+ contracts?, [0-9]+ events?' <<<"$out" ||
  fail "unexpected summary: $out"
grep -qE '^ok: 2 networks, 2 scenarios: 14 materials, 18 sites, 20 lanes, 2 contracts, 5 events' \
  <<<"$("$cli" validate "$src/data/examples/two_tier")" || fail "two_tier summary differs"
rm -f /tmp/ct_validate_err.$$

json="$("$cli" validate --format json "$src/data/examples/two_tier/scenario.yaml")"
[ $? -eq 0 ] || fail "validate --format json exited non-zero"
grep -q '"ok": true' <<<"$json" || fail "JSON report lacks \"ok\": true: $json"
grep -q '"events": 2' <<<"$json" || fail "JSON report lacks \"events\": 2"

bad_json="$("$cli" validate --format json "$src/tests/malformed/negative_capacity.yaml")"
[ $? -eq 2 ] || fail "validate --format json of a bad file should exit 2"
grep -q '"message": "must not be negative' <<<"$bad_json" || fail "JSON report lacks the diagnostic"

"$cli" --help >/dev/null || fail "--help exited $?"
"$cli" --version | grep -q '^chaintwin ' || fail "--version does not print the version"
"$cli" validate --help | grep -q 'validate' || fail "validate --help"

err="$("$cli" validate --no-such-flag "$src/data/examples" 2>&1 >/dev/null)"
rc=$?
[ "$rc" -eq 2 ] || fail "unknown flag exited $rc, expected 2"
grep -q "chaintwin --help" <<<"$err" || fail "unknown flag gives no hint: $err"

"$cli" validate 2>/dev/null
[ $? -eq 2 ] || fail "validate without a path should exit 2"

[ "$failures" -eq 0 ] && echo "ok"
[ "$failures" -eq 0 ]
