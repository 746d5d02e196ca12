#!/usr/bin/env bash
# Builds the printers oracle (gosuri/uitable, label selectors, kubectl's table printer) once into the cache and prints its path.
exec bash "$(dirname "${BASH_SOURCE[0]}")/../go-oracle.sh" printoracle
