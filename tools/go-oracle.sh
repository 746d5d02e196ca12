#!/usr/bin/env bash
# Builds a one-file Go oracle (tools/NAME: main.go, go.mod, go.sum) once into the cache, rebuilt when
# those sources change, and prints the binary's path. Called by each oracle's build.sh.
#   go-oracle.sh NAME
set -euo pipefail
name="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/$name" && pwd)"
cache="${RUDDER_CACHE:-$HOME/.cache/rudder}/bin"
mkdir -p "$cache"
go_bin="$(command -v go || echo /usr/local/go/bin/go)"
stamp="$(cat "$here/main.go" "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-16)"
out="$cache/$name-$stamp"
if [[ ! -x "$out" ]]; then
  (cd "$here" && "$go_bin" build -trimpath -o "$out.tmp" . >&2)
  mv "$out.tmp" "$out"
fi
echo "$out"
