#!/usr/bin/env bash
# Builds the test tools that live outside the repo (Go oracles, helm, the test cluster),
# each only when its cached build is missing. The builds are independent: they run side by side
# (RUDDER_SETUP_JOBS at once, default 3) so a cold machine overlaps module downloads with
# compiling; each build's output is printed in order once all have finished.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
export RUDDER_CACHE="${RUDDER_CACHE:-$HOME/.cache/rudder}"
export PATH="/usr/local/go/bin:$PATH"
max="${RUDDER_SETUP_JOBS:-3}"
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
scripts=(tools/*/build.sh)
for i in "${!scripts[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$max" ]; do wait -n || true; done
  (
    rc=0
    bash "${scripts[$i]}" >"$logs/$i.log" 2>&1 || rc=$?
    echo "$rc" >"$logs/$i.rc"
  ) &
done
wait
failed=0
for i in "${!scripts[@]}"; do
  echo "== ${scripts[$i]}"
  cat "$logs/$i.log"
  rc="$(cat "$logs/$i.rc" 2>/dev/null || echo 1)"
  if [ "$rc" != 0 ]; then
    echo "setup: ${scripts[$i]} failed (exit $rc)" >&2
    failed=1
  fi
done
exit "$failed"
