#!/usr/bin/env bash
# Builds the storage codec oracle (helm's release record codec) once into the cache and prints its path.
exec bash "$(dirname "${BASH_SOURCE[0]}")/../go-oracle.sh" storageoracle
