#!/usr/bin/env bash
# Installs what lockstep's build and tests need, only what is missing, non-interactively and
# idempotently (a second run installs nothing and exits 0): Debian's packages, Node.js (Debian's
# nodejs and npm when no node is on the PATH), and the npm packages of the Apps Script runtime
# (package.json, pinned by the committed package-lock.json, into ./node_modules with `npm ci`).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  clang libclang-rt-dev  # the sanitizer builds (debug, tsan) compile with clang and its runtimes
  libboost-context-dev libboost-dev
  libyaml-cpp-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  chromium  # the test suite opens the HTML reports in a headless browser
  wrk       # bench/http_load.sh: loopback load on lockstep serve
  python3 python3-requests curl  # the black-box examples run by lockstep exec (examples/black-box/)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The Apps Script runtime runs projects in Node.js (18 or later); a machine that has one keeps it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "install-deps: done"
fi

# npm packages: acorn and acorn-walk (lockstep gas surface), @types/google-apps-script and
# typescript (the platform's declarations). Installed again only when the lock file changed.
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ ! -f "$root/node_modules/.package-lock.json" || "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
  echo "install-deps: npm ci (the Apps Script runtime's packages)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "install-deps: npm packages present"
fi
