#!/usr/bin/env bash
# Try Rudder on a real (loopback) Kubernetes cluster:
#   builds the cluster's binaries when missing (tools/k8s/build.sh, cached by version), starts the
#   loopback cluster (kube-apiserver, controllers, scheduler, kwok fake nodes) in a fixed directory —
#   or reuses it when it is already running there — installs examples/hello with ./bin/rudder
#   (upgrade --install, so running the demo again upgrades it), waits for it, and shows
#   `rudder status hello` and `rudder list`.
#
#   bash tools/k8s/demo.sh           run the demo
#   bash tools/k8s/demo.sh stop      stop the demo cluster (its files stay in the directory)
#
# Directory: $RUDDER_DEMO_DIR, default ${RUDDER_CACHE:-~/.cache/rudder}/demo-cluster.
# Everything listens on 127.0.0.1 only.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${RUDDER_CACHE:-$HOME/.cache/rudder}"
dir="${RUDDER_DEMO_DIR:-$cache/demo-cluster}"

if [ "${1:-}" = stop ]; then
  bash "$here/cluster.sh" stop "$dir"
  echo "demo cluster in $dir stopped"
  exit 0
fi
[ $# -eq 0 ] || { echo "usage: demo.sh [stop]" >&2; exit 2; }

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

cd "$root"
if [ ! -d node_modules ]; then
  say "npm ci (first run)"
  npm ci --no-audit --no-fund
fi

say "cluster binaries (tools/k8s/build.sh; cached)"
bash "$here/build.sh" | tail -n1

mkdir -p "$dir"
if bash "$here/cluster.sh" status "$dir" >/dev/null 2>&1; then
  say "reusing the cluster running in $dir"
else
  say "starting a loopback cluster in $dir"
  bash "$here/cluster.sh" start full "$dir" >/dev/null
fi
export KUBECONFIG="$dir/kubeconfig"

say "./bin/rudder upgrade --install hello examples/hello --wait"
./bin/rudder upgrade --install hello examples/hello --wait --timeout 2m

say "./bin/rudder status hello"
./bin/rudder status hello

say "./bin/rudder list"
./bin/rudder list

cat <<MSG

The cluster keeps running. Use it with:
  export KUBECONFIG=$dir/kubeconfig
  ./bin/rudder list            # or helm, or kubectl: any client reads this kubeconfig
  ./bin/rudder uninstall hello
Stop it with:
  bash tools/k8s/demo.sh stop  # (= bash tools/k8s/cluster.sh stop $dir)
MSG
