#!/usr/bin/env bash
# Checks that a running proxy answers: one OPTIONS with SIPp, exit 0 when it gets 200.
# Usage: bash scripts/probe.sh [host:port]   (default 127.0.0.1:5060)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-127.0.0.1:5060}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if (cd "$dir" && sipp -sf "$OLDPWD/tools/probe/options.xml" "$target" -m 1 -nostdin \
      -timeout 5s -timeout_error >/dev/null 2>&1); then
  echo "$target answered OPTIONS with 200"
else
  echo "$target did not answer OPTIONS with 200" >&2
  exit 1
fi
