#!/usr/bin/env bash
# The main job: install dependencies, build the release preset, and run the proxy in the
# foreground with the default configuration (cfg/pinhole.toml; Ctrl-C or SIGTERM stops it).
# Extra arguments go to pinhole, e.g. `-l udp:127.0.0.1:5070` to listen elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec ./build/release/bin/pinhole -c cfg/pinhole.toml "$@"
