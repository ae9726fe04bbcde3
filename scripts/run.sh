#!/usr/bin/env bash
# The main job: install dependencies, build the release preset, and run it.
# For now the main job is pinhole-sipdump on a sample message (the proxy daemon comes next).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
./build/release/tools/sipdump/pinhole-sipdump --pretty "${@:-tools/sipdump/samples/invite.sip}"
