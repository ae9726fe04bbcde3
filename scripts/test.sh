#!/usr/bin/env bash
# The whole test suite: install dependencies, then two builds, each run through CTest:
#   asan  (GCC, ASan+UBSan): unit, conformance (RFC 4475), robustness (PROTOS, regressions)
#   fuzz  (clang-14, libFuzzer+ASan+UBSan): each fuzz target for PINHOLE_FUZZ_SECONDS (60)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh

status=0
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan || status=1

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target pinhole-fuzz-message pinhole-fuzz-sdp pinhole-fuzz-framer
ctest --preset fuzz || status=1

if [ "$status" -ne 0 ]; then echo "test suite: FAILED"; else echo "test suite: all passed"; fi
exit "$status"
