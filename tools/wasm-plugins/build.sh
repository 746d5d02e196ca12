#!/usr/bin/env bash
# Builds the WebAssembly test plugins (Go, wasip1 reactors with Extism's Go PDK) once into the
# cache, rebuilt when their sources change, and prints the directory holding NAME.wasm files.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${RUDDER_CACHE:-$HOME/.cache/rudder}"
go_bin="$(command -v go || echo /usr/local/go/bin/go)"
plugins=(echo label getter cli loop alloc readfile)
stamp="$(cd "$here" && cat go.mod go.sum build.sh */main.go | sha256sum | cut -c1-16)"
out="$cache/wasm-plugins-$stamp"
if [[ ! -f "$out/.done" ]]; then
  mkdir -p "$out"
  for p in "${plugins[@]}"; do
    (cd "$here" && GOOS=wasip1 GOARCH=wasm "$go_bin" build -buildmode=c-shared -trimpath -o "$out/$p.wasm.$$" "./$p" >&2)
    mv "$out/$p.wasm.$$" "$out/$p.wasm"
  done
  touch "$out/.done"
fi
echo "$out"
