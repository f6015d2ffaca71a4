#!/usr/bin/env bash
# Benchmark of `chaintwin hedge evaluate` (issue 24): 20 hedges over 10 scenarios with 200 Monte
# Carlo runs each on 2 threads - (20 hedges + the baseline) x 10 scenarios x 200 runs = 42,000
# simulated years of the bundled battery network. The 20 hedges are the bundled ones plus
# variants of them at other sizes; the 10 scenarios are bundled disruptions given an uncertain
# (triangular) duration so that every one is run 200 times. Prints each repetition's wall and
# CPU time (/usr/bin/time) and the medians; results in docs/BENCHMARKS.md ("Hedges"). Usage:
#   bash bench/hedge_bench.sh build/chaintwin [REPETITIONS=3] [RUNS=200] [THREADS=2]
set -eu
cli="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
reps="${2:-3}"
runs="${3:-200}"
threads="${4:-2}"
src="$(cd "$(dirname "$0")/.." && pwd)"
data="$src/data/battery"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/hedges" "$tmp/scenarios"

# 20 hedges: the bundled ones, then variants (other ids, sizes, rates and costs) until 20.
cp "$data"/hedges/*.yaml "$tmp/hedges/"
n=$(ls "$tmp/hedges" | wc -l)
i=0
while [ "$n" -lt 20 ]; do
  for f in "$data"/hedges/*.yaml; do
    [ "$n" -ge 20 ] && break
    i=$((i + 1))
    id="$(basename "$f" .yaml)_v$i"
    # Variant: another id; stockpile quantities and release rates, capacities and volumes x1.5.
    python3 - "$f" "$tmp/hedges/$id.yaml" "$id" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"^id: .*$", "id: " + sys.argv[3], text, flags=re.M)
def scale(m):
    return f"{m.group(1)}{float(m.group(2)) * 1.5:g} {m.group(3)}"
text = re.sub(r"(\b(?:anode_material|spherical_graphite|nickel_sulfate|per_day|capacity|volume): )([0-9.]+) (t/d|t|kt/yr)", scale, text)
open(sys.argv[2], "w").write(text)
PY
    n=$((n + 1))
  done
done

# 10 scenarios, each with an uncertain duration of its first event.
names=(graphite_ban graphite_ban_uncertain cn_graphite_licensing_2023 cn_export_controls_oct2025
       cn_export_ban_us_dec2024 indonesia_nickel_ban drc_cobalt_halt_90d malacca_closed_60d
       japan_alliance_first graphite_ban_joint_stockpile_60d)
list=""
for s in "${names[@]}"; do
  python3 - "$data/scenarios/$s.yaml" "$tmp/scenarios/$s.yaml" "$data/network.yaml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"^network: .*$", "network: " + sys.argv[3], text, count=1, flags=re.M)
lines = text.split("\n")
out, done = [], "distribution:" in text  # already uncertain: keep it
for line in lines:
    if not done and re.match(r"^    duration: [0-9]+ d$", line):
        d = int(re.findall(r"[0-9]+", line)[0])
        line = f"    duration: {{distribution: triangular, min: {max(1, d // 3)} d, mode: {d} d, max: {min(365, 2 * d)} d}}"
        done = True
    out.append(line)
text = "\n".join(out)
if not done:  # an open-ended first event: give it a duration
    text = re.sub(r"(\n  - id: [^\n]+\n(?:    [^\n]+\n)*?    start: [^\n]+\n)",
                  r"\1    duration: {distribution: triangular, min: 60 d, mode: 180 d, max: 365 d}\n", text, count=1)
open(sys.argv[2], "w").write(text)
PY
  list="$list${list:+,}$tmp/scenarios/$s.yaml"
done

echo "hedges: $(ls "$tmp/hedges" | wc -l), scenarios: ${#names[@]}, runs: $runs, threads: $threads"
times=()
cpus=()
for r in $(seq 1 "$reps"); do
  /usr/bin/time -f "%e %U %S" -o "$tmp/time" \
    "$cli" hedge evaluate "$tmp/hedges" -s "$list" --runs "$runs" --threads "$threads" --no-progress \
    --format json >"$tmp/out.json"
  read -r wall user sys <"$tmp/time"
  cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
  sims=$(python3 -c "import json; d=json.load(open('$tmp/out.json')); print(sum(r['runs'] for r in d['by_scenario']) + sum(r['runs'] for r in d['baseline']))")
  echo "repetition $r: $wall s wall, $cpu s CPU for $sims simulated runs (load $(cut -d' ' -f1 /proc/loadavg))"
  times+=("$wall")
  cpus+=("$cpu")
done
python3 -c "import statistics,sys; n=len(sys.argv)//2; w=[float(x) for x in sys.argv[1:n+1]]; c=[float(x) for x in sys.argv[n+1:]]; print(f'median: {statistics.median(w):.2f} s wall, {statistics.median(c):.2f} s CPU')" "${times[@]}" "${cpus[@]}"
