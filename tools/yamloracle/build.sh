#!/usr/bin/env bash
# Builds the YAML/JSON oracle once into the cache and prints its path.
exec bash "$(dirname "${BASH_SOURCE[0]}")/../go-oracle.sh" yamloracle
