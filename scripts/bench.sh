#!/usr/bin/env bash
# Benchmarks (DESIGN.md §11; results go to docs/BENCHMARKS.md):
#   1. builds Release in build-bench (tests off);
#   2. runs every bench/*_bench program, 5 repetitions, medians reported (the optimizer's
#      whole-network cases once);
#   3. times the whole command `chaintwin simulate DIR/scenario.yaml` on a generated
#      100,000-site network (generation excluded, loading included) with hyperfine when it is
#      installed (or installable), and /usr/bin/time -v for the peak resident memory.
# Usage: scripts/bench.sh [SITES]   (default 100000; the folder is build-bench/gen<SITES>)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-bench"
sites="${1:-100000}"
data="$build/gen$sites"

echo "== machine"
lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket)' || true
grep MemTotal /proc/meminfo || true
uptime

echo "== build (Release)"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHAINTWIN_BUILD_TESTS=OFF
cmake --build "$build"

echo "== bench programs (medians of 5)"
for program in "$build"/bench/*_bench; do
  [ -x "$program" ] || continue
  [ "$(basename "$program")" = opt_bench ] && continue
  echo "-- $(basename "$program")"
  "$program" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
done
# The optimizer: the small cases 5 times; every site of the generated networks once (the
# 10,000-site case takes minutes); the 10,000-site rebuild (over an hour) only on purpose:
#   "$build/bench/opt_bench" --benchmark_filter='Sample/sites:10000/rebuild:1'
echo "-- opt_bench"
"$build/bench/opt_bench" --benchmark_filter='Bundled|Sample/sites:1000/|PlanBundled' \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
"$build/bench/opt_bench" --benchmark_filter='AllSites|Sample/sites:10000/rebuild:0'

echo "== chaintwin simulate on $sites generated sites"
"$build/chaintwin" generate --sites "$sites" --seed 42 --out "$data"
cmd="$build/chaintwin simulate $data/scenario.yaml"
if ! command -v hyperfine > /dev/null 2>&1 && command -v apt-get > /dev/null 2>&1; then
  apt-get install -y hyperfine > /dev/null 2>&1 || true
fi
if command -v hyperfine > /dev/null 2>&1; then
  hyperfine --warmup 1 --runs 5 --export-markdown "$build/simulate_hyperfine.md" "$cmd > /dev/null"
else
  echo "(hyperfine not available: 5 runs with /usr/bin/time)"
  for run in 1 2 3 4 5; do
    /usr/bin/time -f "run $run: %e s elapsed, %M KiB peak RSS" $cmd > /dev/null
  done
fi
echo "-- peak memory"
/usr/bin/time -v $cmd > /dev/null 2> "$build/simulate_time.txt" || true
grep -E 'Elapsed|Maximum resident' "$build/simulate_time.txt"
