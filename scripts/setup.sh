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

# What the build needs (python3 too: CMake registers the HTTP API tests only where it finds it).
packages=(
  build-essential cmake ninja-build pkg-config
  libyaml-cpp-dev libfyaml-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  coinor-libclp-dev coinor-libcbc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev libsimdjson-dev
  libcpp-httplib-dev python3
)
# What only running the tests needs (the HTTP API tests' Python modules, Chromium and the CJK
# fonts for the dashboard and report tests, clang for the fuzz stage): the largest downloads,
# so they are installed in the background while the tree compiles (log in build/apt-test.log).
test_packages=(
  python3-jsonschema python3-yaml
  chromium fonts-noto-cjk
  clang libclang-rt-14-dev
)
# The dashboard is built with Node.js and npm. The machine image may bring its own Node.js
# (with npm inside); a bare Debian 12 gets Debian's nodejs and npm.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing_of() {
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      echo "$p"
    fi
  done
}
mapfile -t missing < <(missing_of "${packages[@]}")
mapfile -t missing_tests < <(missing_of "${test_packages[@]}")
sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
apt_install() {
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}
if ((${#missing[@]} + ${#missing_tests[@]})); then
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
fi
if ((${#missing[@]})); then
  echo "==> installing: ${missing[*]}"
  apt_install "${missing[@]}"
else
  echo "==> all packages for the build present"
fi
mkdir -p build
apt_pid=
if ((${#missing_tests[@]})); then
  echo "==> installing in the background: ${missing_tests[*]}"
  apt_install "${missing_tests[@]}" >build/apt-test.log 2>&1 &
  apt_pid=$!
fi

# The dashboard and the report template (web/): dependencies pinned by web/package-lock.json.
# Built in the background while the C++ tree compiles (neither needs the other; `npm ci` waits
# mostly on the network), its output kept in build/web-build.log and shown if it fails.
echo "==> building the dashboard (web/) in the background"
(
  cd web
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
  npm run build --silent
) >build/web-build.log 2>&1 &
web_pid=$!

echo "==> configuring and building (Release) in build/"
built=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHAINTWIN_WERROR=ON \
  -DCHAINTWIN_BUILD_BENCH="$bench" >/dev/null && cmake --build build -j "$(nproc)" || built=0
web_built=1
wait "$web_pid" || web_built=0
installed=1
if [[ -n "$apt_pid" ]]; then wait "$apt_pid" || installed=0; fi
if ((!built)); then exit 1; fi
echo "==> built build/chaintwin"
if ((!web_built)); then
  cat build/web-build.log >&2
  echo "setup.sh: building web/ failed (log above, in build/web-build.log)" >&2
  exit 1
fi
echo "==> built web/dist (dashboard) and web/dist-report/report.html (report template)"
if ((!installed)); then
  cat build/apt-test.log >&2
  echo "setup.sh: installing ${missing_tests[*]} failed (log above, in build/apt-test.log)" >&2
  exit 1
fi

if ((run_main)); then
  echo "==> chaintwin simulate   (the bundled graphite export-ban scenario)"
  ./build/chaintwin simulate
fi
