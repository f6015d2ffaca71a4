#!/usr/bin/env bash
# Builds the loader fuzz target with clang (libFuzzer + ASan + UBSan) in build-fuzz/ and runs it
# for N seconds (default 60). New inputs go to build-fuzz/corpus; the seeds in tests/fuzz/corpus
# and the examples are read, not written. A crash leaves crash-* in build-fuzz/ and exits != 0.
#   scripts/fuzz.sh        # 60 s
#   scripts/fuzz.sh 30     # 30 s
#   scripts/fuzz.sh 60 events_fuzz   # the JSON Lines event reader, both JSON parsers compared
set -euo pipefail
seconds="${1:-60}"
target="${2:-loader_fuzz}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-fuzz"
# Line tables only (-gline-tables-only): what the sanitizers' stack traces need, at less build
# time than full debug information. The Debug type's own "-g" is emptied, or it would win.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -gline-tables-only -O1"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS_DEBUG= -DCMAKE_CXX_FLAGS_DEBUG= \
  -DCHAINTWIN_FUZZ=ON -DCHAINTWIN_BUILD_BENCH=OFF \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" --target "$target"
mkdir -p "$build/corpus"
cd "$build"
if [ "$target" = events_fuzz ]; then
  mkdir -p corpus_events
  LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0" \
    exec ./tests/fuzz/events_fuzz -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=4096 -print_final_stats=1 corpus_events "$root/tests/fuzz/corpus_events"
fi
LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0" \
  ./tests/fuzz/loader_fuzz -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
  -print_final_stats=1 corpus "$root/tests/fuzz/corpus" "$root/data/examples/two_tier"
