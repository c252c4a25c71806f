#!/usr/bin/env bash
# Builds the CI stack's images on the local base (scripts/stack/base-image.sh): Python,
# the portal (the project's Dockerfile with BASE_IMAGE), PostgreSQL, the Elasticsearch node
# (jars of tools/elasticsearch built on the host) and the proxy. Layers are cached by
# podman, so a re-run with nothing changed takes seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE="${BASE_IMAGE:-localhost/debian:bookworm-slim}"
build() {  # build TAG CONTEXT [ARGS...]
  local tag="$1" context="$2" started=$SECONDS
  shift 2
  podman build -q --layers --build-arg "BASE=$BASE" "$@" -t "$tag" "$context" >/dev/null
  echo "  $tag built in $((SECONDS - started)) s"
}

build localhost/eit-python:3.11 scripts/stack/python-base
build localhost/eit-portal:ci . --format docker --build-arg BASE_IMAGE=localhost/eit-python:3.11
build localhost/eit-postgres:ci scripts/stack/postgres
build localhost/eit-proxy:ci scripts/stack/proxy

context="var/stack/search-node"
mkdir -p "$context"
log="$PWD/var/stack/mvn.log"
(cd tools/elasticsearch && mvn -q -B package dependency:copy-dependencies -DskipTests >"$log" 2>&1) \
  || { tail -30 "$log"; exit 1; }
rsync -a --delete tools/elasticsearch/target/lib/ "$context/lib/" 2>/dev/null \
  || { rm -rf "$context/lib"; cp -r tools/elasticsearch/target/lib "$context/lib"; }
rm -rf "$context/classes" && cp -r tools/elasticsearch/target/classes "$context/classes"
cp scripts/stack/search-node/Containerfile "$context/Containerfile"
build localhost/eit-search-node:ci "$context"
