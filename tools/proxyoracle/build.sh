#!/usr/bin/env bash
# Builds the proxy oracle (net/http's ProxyFromEnvironment, standard library only) once into the cache and prints its path.
exec bash "$(dirname "${BASH_SOURCE[0]}")/../go-oracle.sh" proxyoracle
