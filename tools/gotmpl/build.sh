#!/usr/bin/env bash
# Builds Rudder's Go template oracle (tools/gotmpl) once per source hash and prints its path.
#   ${RUDDER_CACHE:-$HOME/.cache/rudder}/bin/gotmpl-<sha256 of the sources, 16 hex>
# test/support/oracle.ts computes the same name; RUDDER_GOTMPL overrides it on the TS side.
# Needs Go ≥ 1.26 (PATH, or /usr/local/go/bin) and the Go module proxy on first build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v go >/dev/null 2>&1; then export PATH="/usr/local/go/bin:$PATH"; fi
command -v go >/dev/null 2>&1 || { echo "build.sh: Go toolchain not found (install Go ≥ 1.26)" >&2; exit 1; }
cd "$here"
# The hash covers go.mod, go.sum and every .go file (sorted by name): each name, a newline, its bytes.
hash="$( { for f in $(ls go.mod go.sum *.go | LC_ALL=C sort); do printf '%s\n' "$f"; cat "$f"; done; } | sha256sum | cut -c1-16)"
bin_dir="${RUDDER_CACHE:-$HOME/.cache/rudder}/bin"
out="$bin_dir/gotmpl-$hash"
if [ ! -x "$out" ]; then
  mkdir -p "$bin_dir"
  tmp="$out.tmp.$$"
  trap 'rm -f "$tmp"' EXIT
  go build -trimpath -o "$tmp" . >&2
  mv -f "$tmp" "$out"
fi
printf '%s\n' "$out"
