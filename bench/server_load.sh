#!/usr/bin/env bash
# Load benchmark of `chaintwin serve` (loopback only, bounded in time; docs/BENCHMARKS.md
# "HTTP API"). Starts the server on a free loopback port with a fresh store, seeds it with the
# bundled dataset as events (bench/server/seed_store.py), then runs wrk (Debian package `wrk`,
# installed here when missing):
#   1. GET /v1/days-of-supply and GET /v1/state paced: 10 connections, each waiting 10 ms
#      after a reply (bench/server/paced.lua; just under 1,000 requests/s offered), latency
#      distribution;
#   2. the same routes closed-loop (each connection sends as soon as it has its answer) at 1,
#      2, 4 and 8 connections: the highest rate held and its p99; then one site's series
#      (?site=kr_cells&material=anode_material), paced and closed-loop;
#   3. POST /v1/events, 100 and 1,000 new events per request, closed-loop at 1 and 2
#      connections: the sustained ingest rate (each request is one durable SQLite transaction;
#      with two connections one request is read and checked while the other is stored).
# Every run lasts DURATION seconds (default 5). Usage:
#   bench/server_load.sh [CHAINTWIN_BINARY] [DURATION]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${1:-$root/build/chaintwin}"
duration="${2:-5}"
if ! command -v wrk >/dev/null; then
  sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk
fi
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$binary" serve --port 0 --store "$work/twin.db" --threads 16 --access-log "$work/access.log" \
  >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do grep -q 'port ' "$work/out" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/out")"
[[ -n "$port" ]] || { cat "$work/err"; exit 1; }
base="http://127.0.0.1:$port"
python3 "$root/bench/server/seed_store.py" "$port" "$root"

echo "== machine"; nproc; uptime
for route in "/v1/days-of-supply" "/v1/state"; do
  echo "== $route paced (10 connections, 10 ms after each reply)"
  INTERVAL_MS=10 wrk -t2 -c10 -d"${duration}s" --latency -s "$root/bench/server/paced.lua" "$base$route"
  for c in 1 2 4 8; do
    echo "== $route closed-loop, $c connection(s)"
    wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${duration}s" --latency "$base$route"
  done
done
one="/v1/days-of-supply?site=kr_cells&material=anode_material"
echo "== $one (one series) paced (10 connections, 10 ms after each reply)"
INTERVAL_MS=10 wrk -t2 -c10 -d"${duration}s" --latency -s "$root/bench/server/paced.lua" "$base$one"
echo "== $one closed-loop, 2 connections"
wrk -t2 -c2 -d"${duration}s" --latency "$base$one"
for batch in 100 1000; do
  for c in 1 2; do
    echo "== POST /v1/events, $batch events per request, closed-loop, $c connection(s)"
    BATCH=$batch RUN="$batch-$c-$$" wrk -t"$c" -c"$c" -d"${duration}s" --latency \
      -s "$root/bench/server/post_events.lua" "$base/v1/events"
  done
done
echo "== server metrics (ingest)"
curl -s "$base/v1/metrics" | grep -E '^chaintwin_ingest' || true
