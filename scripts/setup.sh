#!/usr/bin/env bash
# Installs what chaintwin needs on Debian 12, builds it (Release, in build/), and runs the main
# job: the bundled graphite export-ban scenario. Idempotent and non-interactive; as root it
# installs directly, otherwise through sudo.
#
#   bash scripts/setup.sh            install, build, run `build/chaintwin simulate`
#   bash scripts/setup.sh --no-run   install and build only
#   bash scripts/setup.sh --no-run --no-bench   ... without the benchmarks (used by scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

run_main=1
bench=ON
for arg in "$@"; do
  case "$arg" in
    --no-run) run_main=0 ;;
    --no-bench) bench=OFF ;;
    *) echo "setup.sh: unknown argument '$arg' (expected --no-run or --no-bench)" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config
  libyaml-cpp-dev libfyaml-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  coinor-libclp-dev coinor-libcbc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev libsimdjson-dev
  clang libclang-rt-14-dev
  libcpp-httplib-dev python3 python3-jsonschema python3-yaml
  chromium fonts-noto-cjk
)
# The dashboard is built with Node.js and npm. The machine image may bring its own Node.js
# (with npm inside); a bare Debian 12 gets Debian's nodejs and npm.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  echo "==> installing: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "==> all packages present"
fi

# The dashboard and the report template (web/): dependencies pinned by web/package-lock.json.
# Built in the background while the C++ tree compiles (neither needs the other; `npm ci` waits
# mostly on the network), its output kept in build/web-build.log and shown if it fails.
echo "==> building the dashboard (web/) in the background"
mkdir -p build
(
  cd web
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
  npm run build --silent
) >build/web-build.log 2>&1 &
web_pid=$!

echo "==> configuring and building (Release) in build/"
if ! cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHAINTWIN_WERROR=ON \
       -DCHAINTWIN_BUILD_BENCH="$bench" >/dev/null ||
   ! cmake --build build -j "$(nproc)"; then
  wait "$web_pid" || true
  exit 1
fi
if ! wait "$web_pid"; then
  cat build/web-build.log >&2
  echo "setup.sh: building web/ failed (log above, in build/web-build.log)" >&2
  exit 1
fi
echo "==> built web/dist (dashboard) and web/dist-report/report.html (report template)"
echo "==> built build/chaintwin"


if ((run_main)); then
  echo "==> chaintwin simulate   (the bundled graphite export-ban scenario)"
  ./build/chaintwin simulate
fi
