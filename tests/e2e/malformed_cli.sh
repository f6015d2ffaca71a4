#!/usr/bin/env bash
# `chaintwin validate` on every tests/malformed case: exit code 2, the file named on stderr
# with the promised message, and no crash (exit >= 128) or sanitizer report.
# Under the sanitizers (CT_SANITIZED=1, set by tests/CMakeLists.txt) every third case: a
# sanitized process takes about 0.3 s to start, and the in-process test Malformed.* (tests/
# malformed/malformed_test.cpp) checks every case's message there; the Release run checks all.
# Usage: bash malformed_cli.sh <path-to-chaintwin> <source-dir>
set -u
cli="$1"
dir="$2/tests/malformed"
failures=0
count=0
seen=0
step=1
[ "${CT_SANITIZED:-0}" = 1 ] && step=3
for expected_file in "$dir"/*.expected; do
  name="$(basename "$expected_file" .expected)"
  input=""
  for ext in yaml yml json; do
    [ -f "$dir/$name.$ext" ] && input="$dir/$name.$ext"
  done
  [ -z "$input" ] && [ -d "$dir/$name" ] && input="$dir/$name"
  if [ -z "$input" ]; then
    echo "FAIL $name: no input for $name.expected"
    failures=$((failures + 1))
    continue
  fi
  seen=$((seen + 1))
  [ $(((seen - 1) % step)) -eq 0 ] || continue
  count=$((count + 1))
  stderr="$("$cli" validate "$input" 2>&1 >/dev/null)"
  rc=$?
  expected="$(head -n 1 "$expected_file")"
  problem=""
  if [ "$rc" -ge 128 ]; then
    problem="crashed (exit $rc)"
  elif [ "$rc" -ne 2 ]; then
    problem="exit $rc, expected 2"
  elif [ -z "$stderr" ]; then
    problem="nothing on stderr"
  elif ! grep -qF "$name" <<<"$stderr"; then
    problem="stderr does not name the file"
  elif ! grep -qF -- "$expected" <<<"$stderr"; then
    problem="stderr lacks the expected message: $expected"
  elif grep -qE 'Sanitizer|runtime error:' <<<"$stderr"; then
    problem="sanitizer report"
  fi
  if [ -n "$problem" ]; then
    echo "FAIL $name: $problem"
    printf '%s\n' "$stderr" | head -n 5 | sed 's/^/    /'
    failures=$((failures + 1))
  fi
done
echo "$count of $seen malformed cases checked, $failures failures"
[ "$seen" -ge 45 ] || { echo "FAIL: expected at least 45 cases"; exit 1; }
[ "$count" -ge $((seen / step)) ] || { echo "FAIL: only $count of $seen cases checked"; exit 1; }
[ "$failures" -eq 0 ]
