#!/usr/bin/env bash
# Builds the test tools that live outside the repo (Go oracles, helm, the test cluster),
# each only when its cached build is missing.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
export RUDDER_CACHE="${RUDDER_CACHE:-$HOME/.cache/rudder}"
export PATH="/usr/local/go/bin:$PATH"
for script in tools/*/build.sh; do
  echo "== $script"
  bash "$script"
done
