#!/usr/bin/env bash
# Builds the printers oracle once into the cache (rebuilt when its sources change) and
# prints the binary's path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${RUDDER_CACHE:-$HOME/.cache/rudder}/bin"
mkdir -p "$cache"
go_bin="$(command -v go || echo /usr/local/go/bin/go)"
stamp="$(cat "$here/main.go" "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-16)"
out="$cache/printoracle-$stamp"
if [[ ! -x "$out" ]]; then
  (cd "$here" && "$go_bin" build -trimpath -o "$out.tmp" . >&2)
  mv "$out.tmp" "$out"
fi
echo "$out"
