#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian 12 machine: installs and builds (scripts/setup.sh),
# runs every test (unit, golden, malformed, property, end-to-end) on the Release build, then once
# more under AddressSanitizer + UndefinedBehaviorSanitizer, then a short fuzz run of the loaders.
#
#   bash scripts/test.sh              everything
#   QUICK=1 bash scripts/test.sh      the Release run only (inner loop)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

# The benchmarks are not tests (docs/BENCHMARKS.md runs them): left out to save build time.
bash scripts/setup.sh --no-run --no-bench

echo "==> tests (Release)"
ctest --test-dir build --output-on-failure -j "$jobs"

if [[ "${QUICK:-0}" == "1" ]]; then exit 0; fi

echo "==> tests under AddressSanitizer + UndefinedBehaviorSanitizer"
# The library as a unity build here (batches of one directory's files): a third less compile
# time for it; the Release tree above compiles every file alone (docs/TESTING.md).
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithAssert -DCHAINTWIN_SANITIZE=ON \
  -DCHAINTWIN_BUILD_BENCH=OFF -DCHAINTWIN_WERROR=ON -DCHAINTWIN_LIB_UNITY=ON >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

# The fuzz stage must run: a missing script or compiler is a failure, not a skip.
echo "==> fuzzing the loaders, CSV tables, Compile and a short simulation (short run)"
if [[ ! -f scripts/fuzz.sh ]]; then
  echo "test.sh: scripts/fuzz.sh is missing: the fuzz stage cannot run" >&2
  exit 1
fi
if ! command -v clang++ >/dev/null; then
  echo "test.sh: clang++ is missing (scripts/setup.sh installs it): the fuzz stage cannot run" >&2
  exit 1
fi
# The loaders (YAML readers compared with each other) most of the time, then the JSON Lines event
# reader (simdjson compared with nlohmann); the second build reuses the first one's library.
bash scripts/fuzz.sh "${FUZZ_SECONDS:-45}"
bash scripts/fuzz.sh "${FUZZ_EVENTS_SECONDS:-20}" events_fuzz
echo "==> all tests passed"
