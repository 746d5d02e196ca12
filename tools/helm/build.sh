#!/usr/bin/env bash
# Installs the Helm oracle (helm v4.3.2 built from its Go module) into the cache, once.
# The version ldflags match the release build, so .Capabilities.HelmVersion and
# `helm version` print what the published v4.3.2 binary prints.
set -euo pipefail
VERSION=v4.3.2
CACHE="${RUDDER_CACHE:-$HOME/.cache/rudder}"
DEST="$CACHE/helm-$VERSION"
if [ -x "$DEST/helm" ] && "$DEST/helm" version --short 2>/dev/null | grep -q "^$VERSION"; then
  echo "$DEST/helm"
  exit 0
fi
mkdir -p "$DEST"
PKG=helm.sh/helm/v4/internal/version
GOBIN="$DEST" GOFLAGS=-mod=mod CGO_ENABLED=0 go install \
  -ldflags "-s -w -X $PKG.version=$VERSION -X $PKG.gitTreeState=clean" \
  "helm.sh/helm/v4/cmd/helm@$VERSION" >&2
echo "$DEST/helm"
