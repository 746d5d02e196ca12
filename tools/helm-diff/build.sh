#!/usr/bin/env bash
# Builds the real helm-diff plugin (github.com/databus23/helm-diff/v3 v3.13.2, from the Go module
# proxy) once into the cache and prints a plugin directory (plugin.yaml + bin/diff) that
# `rudder plugin install <dir>` and `helm plugin install <dir>` accept.
set -euo pipefail
version=v3.13.2
cache="${RUDDER_CACHE:-$HOME/.cache/rudder}"
go_bin="$(command -v go || echo /usr/local/go/bin/go)"
out="$cache/helm-diff-$version"
if [[ ! -f "$out/.done" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  export GOFLAGS=-mod=mod GOTOOLCHAIN=local
  src="$(cd "$work" && "$go_bin" mod download -json "github.com/databus23/helm-diff/v3@$version" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  mkdir -p "$out/diff/bin"
  (cd "$src" && CGO_ENABLED=0 "$go_bin" build -trimpath -ldflags "-X github.com/databus23/helm-diff/v3/cmd.Version=${version#v}" -o "$out/diff/bin/diff.$$" . >&2)
  mv "$out/diff/bin/diff.$$" "$out/diff/bin/diff"
  # The module's plugin.yaml (legacy Helm 3 schema), with its install hook dropped: the binary is
  # already in bin/, the hook would download a release from GitHub.
  sed -e '/^platformHooks:/,$d' "$src/plugin.yaml" > "$out/diff/plugin.yaml"
  touch "$out/.done"
fi
echo "$out/diff"
