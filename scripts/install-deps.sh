#!/usr/bin/env bash
# Installs the Debian packages lockstep's build and tests need: only those missing,
# non-interactively, and idempotently (a second run installs nothing and exits 0).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-context-dev libboost-dev
  libyaml-cpp-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  chromium  # the test suite opens the HTML reports in a headless browser
  wrk       # bench/http_load.sh: loopback load on lockstep serve
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
