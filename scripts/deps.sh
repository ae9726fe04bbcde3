#!/usr/bin/env bash
# Installs every build and test dependency from Debian 12 packages. Idempotent; runs as root
# (or through sudo when there is one). Daemons that packages would start are kept from starting.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config g++
  clang-14 llvm-14 libfuzzer-14-dev libclang-rt-14-dev
  libboost-dev libboost-filesystem-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev
  sip-tester
  python3 kamailio
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Packages that ship a daemon must not start it: tests start their own instances.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod +x "$policy"
  created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
echo "deps: ${#PACKAGES[@]} packages present"
