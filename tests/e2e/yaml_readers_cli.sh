#!/usr/bin/env bash
# The three YAML readers (chaintwin's block reader, libfyaml, yaml-cpp; CHAINTWIN_YAML_READER,
# docs/FORMATS.md) give the same command output, byte for byte:
#   - `simulate` on a generated network rewritten as one YAML file (bench/tables_to_yaml.py),
#     which also gives the results of the same network in CSV tables;
#   - `validate` on every bundled data file and on every tests/malformed case (the same
#     messages, lines and columns, and exit 2 for the malformed ones).
# Usage: bash yaml_readers_cli.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

# Runs the command with each reader; the outputs (stdout, stderr, exit code) must be the same.
same_with_every_reader() {
  local name="$1"
  shift
  local reader
  for reader in block libfyaml yaml-cpp; do
    local env_value="$reader"
    [ "$reader" = block ] && env_value=""
    CHAINTWIN_YAML_READER="$env_value" "$@" >"$work/$name.$reader.out" 2>"$work/$name.$reader.err"
    echo "$?" >"$work/$name.$reader.rc"
    if [ "$(cat "$work/$name.$reader.rc")" -ge 128 ]; then
      fail "$name: crashed with the $reader reader"
    fi
  done
  for reader in libfyaml yaml-cpp; do
    for part in out err rc; do
      if ! cmp -s "$work/$name.block.$part" "$work/$name.$reader.$part"; then
        fail "$name: the block reader and $reader differ ($part)"
        diff "$work/$name.block.$part" "$work/$name.$reader.$part" | head -5
      fi
    done
  done
}

# A generated network as one YAML file.
"$cli" generate --sites 1500 --seed 3 --out "$work/g" >/dev/null || fail "generate"
python3 "$src/bench/tables_to_yaml.py" "$work/g" "$work/g/net_yaml.yaml" || fail "tables_to_yaml.py"
sed 's#^network: .*#network: net_yaml.yaml#' "$work/g/scenario.yaml" >"$work/g/scenario_yaml.yaml"
same_with_every_reader generated "$cli" simulate "$work/g/scenario_yaml.yaml" --format json
[ "$(cat "$work/generated.block.rc")" = 0 ] || fail "generated: simulate failed"
# The same network in CSV tables gives the same results (only the network's file differs).
"$cli" simulate "$work/g/scenario.yaml" --format json >"$work/csv.json" 2>/dev/null
if ! diff <(grep -v '"network":' "$work/generated.block.out") <(grep -v '"network":' "$work/csv.json") >/dev/null; then
  fail "generated: the YAML network's results differ from the CSV network's"
fi

# Every bundled file.
same_with_every_reader data "$cli" validate "$src/data"
[ "$(cat "$work/data.block.rc")" = 0 ] || fail "data: validate failed: $(head -3 "$work/data.block.err")"

# Every malformed case. Under the sanitizers (CT_SANITIZED=1, set by tests/CMakeLists.txt) every
# fourth: a sanitized process takes about 0.3 s to start, three per file, and the in-process
# test ParseYaml (tests/unit/io/doc_test.cpp) compares the readers' trees on every file there.
count=0
seen=0
step=1
[ "${CT_SANITIZED:-0}" = 1 ] && step=4
for input in "$src"/tests/malformed/*.yaml "$src"/tests/malformed/*.json; do
  [ -f "$input" ] || continue
  seen=$((seen + 1))
  [ $(((seen - 1) % step)) -eq 0 ] || continue
  name="malformed_$(basename "$input")"
  same_with_every_reader "$name" "$cli" validate "$input"
  [ "$(cat "$work/$name.block.rc")" = 2 ] || fail "$name: exit $(cat "$work/$name.block.rc"), expected 2"
  count=$((count + 1))
done
[ "$count" -gt 20 ] || fail "only $count malformed cases found"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "OK: the three YAML readers agree on a generated network, the bundled data and $count of $seen malformed files"
