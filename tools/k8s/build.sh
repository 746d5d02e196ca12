#!/usr/bin/env bash
# Builds the binaries of the loopback test cluster and caches them by version:
#   kube-apiserver, kube-controller-manager, kube-scheduler (k8s.io/kubernetes, see go.mod),
#   etcd (go.etcd.io/etcd/server/v3 at the version Kubernetes pins) and kwok (v0.8.0),
# plus kwok's stage definitions (stages.yaml).
#
# Output: ${RUDDER_CACHE:-$HOME/.cache/rudder}/k8s-<version>/{bin/,stages.yaml}
# Idempotent: a binary that already exists (and reports the right version) is not rebuilt.
# Prints the bin directory on stdout as its last line.
#
# `build.sh --check` builds nothing: it prints the bin directory when everything is there, else fails.
# Environment: RUDDER_CACHE, GO (go command), RUDDER_BUILD_JOBS (go build -p, default 2).
set -euo pipefail
check_only=0
[ "${1:-}" = --check ] && check_only=1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"

K8S_VERSION="$(awk '{ for (i = 1; i < NF; i++) if ($i == "k8s.io/kubernetes" && $(i+1) ~ /^v1\./) { print $(i+1); exit } }' "$here/go.mod")"
[ -n "$K8S_VERSION" ] || { echo "build.sh: cannot read the k8s.io/kubernetes version from $here/go.mod" >&2; exit 1; }
KWOK_VERSION=v0.8.0
minor="$(echo "$K8S_VERSION" | cut -d. -f2)"

cache="${RUDDER_CACHE:-$HOME/.cache/rudder}"
out="$cache/k8s-$K8S_VERSION"
bin="$out/bin"
mkdir -p "$bin"

have_all() {
  [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] && [ -x "$bin/kube-scheduler" ] &&
    [ -x "$bin/etcd" ] && [ -x "$bin/kwok" ] && [ -s "$out/stages.yaml" ] &&
    "$bin/kube-apiserver" --version 2>/dev/null | grep -qx "Kubernetes $K8S_VERSION"
}

if have_all; then echo "$bin"; exit 0; fi
if [ $check_only -eq 1 ]; then
  echo "build.sh: the test-cluster binaries are missing in $bin; run: bash tools/k8s/build.sh" >&2
  exit 1
fi

[ -x "$GO" ] || { echo "build.sh: no Go toolchain found (set GO=/path/to/go; Go >= 1.24 needed)" >&2; exit 1; }

# One builder at a time (test processes may call this concurrently).
exec 9>"$out/.lock"
flock 9
if have_all; then echo "$bin"; exit 0; fi

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-trimpath -mod=readonly"
jobs="${RUDDER_BUILD_JOBS:-2}"
start=$(date +%s)

VP=k8s.io/component-base/version
CP=k8s.io/client-go/pkg/version
LDF="-s -w -X $VP.gitVersion=$K8S_VERSION -X $VP.gitMajor=1 -X $VP.gitMinor=$minor -X $VP.gitTreeState=clean"
LDF="$LDF -X $VP.buildDate=2000-01-01T00:00:00Z -X $VP.gitCommit=0000000000000000000000000000000000000000"
LDF="$LDF -X $CP.gitVersion=$K8S_VERSION -X $CP.gitMajor=1 -X $CP.gitMinor=$minor -X $CP.gitTreeState=clean"

build() { # name package [ldflags]
  local name="$1" pkg="$2" ldf="${3:--s -w}"
  if [ -x "$bin/$name" ]; then
    if [ "$name" != kube-apiserver ] || "$bin/$name" --version 2>/dev/null | grep -qx "Kubernetes $K8S_VERSION"; then
      return 0
    fi
  fi
  echo "build.sh: building $name ($pkg)" >&2
  local t0=$(date +%s)
  (cd "$here" && nice -n 10 "$GO" build -p "$jobs" -pgo=off -ldflags "$ldf" -o "$bin/.$name.tmp" "$pkg")
  mv -f "$bin/.$name.tmp" "$bin/$name"
  echo "build.sh: $name built in $(( $(date +%s) - t0 ))s, $(du -h "$bin/$name" | cut -f1)" >&2
}

build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$LDF"
build kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$LDF"
build kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler "$LDF"
build etcd go.etcd.io/etcd/server/v3

if [ ! -x "$bin/kwok" ]; then
  echo "build.sh: installing kwok $KWOK_VERSION" >&2
  t0=$(date +%s)
  tmpbin="$(mktemp -d "$out/.kwok.XXXXXX")"
  (cd / && GOFLAGS=-trimpath GOBIN="$tmpbin" nice -n 10 "$GO" install -p "$jobs" -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION")
  mv -f "$tmpbin/kwok" "$bin/kwok"
  rmdir "$tmpbin"
  echo "build.sh: kwok built in $(( $(date +%s) - t0 ))s" >&2
fi

if [ ! -s "$out/stages.yaml" ]; then
  modcache="$("$GO" env GOMODCACHE)"
  stagedir="$modcache/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage"
  if [ ! -d "$stagedir" ]; then
    (cd / && GOFLAGS= "$GO" mod download "sigs.k8s.io/kwok@$KWOK_VERSION") >&2
  fi
  tmp="$out/.stages.yaml.tmp"
  : >"$tmp"
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
           pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    [ -f "$stagedir/$f" ] || { echo "build.sh: kwok stage $stagedir/$f not found" >&2; exit 1; }
    printf -- '---\n' >>"$tmp"
    cat "$stagedir/$f" >>"$tmp"
    printf '\n' >>"$tmp"
  done
  mv -f "$tmp" "$out/stages.yaml"
fi

have_all || { echo "build.sh: binaries incomplete in $bin" >&2; exit 1; }
echo "build.sh: done in $(( $(date +%s) - start ))s" >&2
echo "$bin"
