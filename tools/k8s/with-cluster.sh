#!/usr/bin/env bash
# Runs a command with a shared loopback cluster:
#   with-cluster.sh <api|full> -- <command> [args...]
# Starts the cluster in a temporary directory, exports RUDDER_TEST_KUBECONFIG,
# RUDDER_TEST_CLUSTER_DIR and RUDDER_TEST_CLUSTER_PROFILE for the command, stops the cluster and
# removes the directory afterwards (also on failure or Ctrl-C). Exits with the command's status.
# Binaries must have been built (bash tools/k8s/build.sh); set RUDDER_K8S_NO_BUILD=0 to build here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 3 ] && [ "$2" = "--" ] || { echo "usage: with-cluster.sh <api|full> -- <command> [args...]" >&2; exit 2; }
profile="$1"; shift 2

dir="$(mktemp -d "${TMPDIR:-/tmp}/rudder-cluster-XXXXXX")"
cleanup() {
  bash "$here/cluster.sh" stop "$dir" || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

RUDDER_K8S_NO_BUILD="${RUDDER_K8S_NO_BUILD:-1}" bash "$here/cluster.sh" start "$profile" "$dir" >/dev/null
set -a
# shellcheck disable=SC1091
. "$dir/env"
set +a
status=0
"$@" || status=$?
exit $status
