#!/usr/bin/env bash
# `make stack-test`: the production stack built and run for real with Debian's podman, then
# checked end to end and under faults (docs/deployment.md, "The stack test").
# As root on a fresh Debian 12 machine: installs podman & co., builds the local base and the
# images, starts the CI stack (docker-compose.yml + docker-compose.ci.yml), runs the
# deployment steps, then scripts/stack/checks.py. Containers and volumes are removed at the
# end (images and the pip wheel cache are kept, so a re-run is fast).
# STACK_KEEP=1 leaves the stack running; STACK_BENCH=1 also runs the capacity bench.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "stack-test needs root (podman, apt, sysctl)" >&2; exit 1; }
started=$SECONDS
step() { echo "== $* ($((SECONDS - started)) s)"; }

export PROJECT="${STACK_PROJECT:-eit-portal-ci}"
export STACK_HTTPS_PORT="${STACK_HTTPS_PORT:-8443}" STACK_SEARCH_PORT="${STACK_SEARCH_PORT:-9290}"
export STACK_ENV_FILE="var/stack/ci.env"
# docker-compose.yml interpolates these; the CI stack runs without Elasticsearch security.
export POSTGRES_PASSWORD="stack-ci-$(hostname | md5sum | cut -c1-8)"
export ELASTIC_PASSWORD=unused PORTAL_ES_PASSWORD=unused WEB_PORT="${STACK_WEB_PORT:-18000}"
compose() {  # podman-compose's chatter goes to var/stack/compose.log
  podman-compose -p "$PROJECT" -f docker-compose.yml -f docker-compose.ci.yml \
    -f var/stack/host-limits.yml "$@" \
    >>var/stack/compose.log 2>&1 || { tail -20 var/stack/compose.log >&2; return 1; }
}
manage() { podman exec "${PROJECT}_web_1" python manage.py "$@"; }
# The project's containers (killed: their volumes go too) and volumes (podman-compose names
# them <project>_<volume>, without a label), in three podman calls: `compose down -v` stops
# and removes them one at a time (25 calls, ~25 s).
remove_stack() {
  podman rm -f -t 0 --filter "label=io.podman.compose.project=$PROJECT" >/dev/null
  podman volume ls -q | { grep "^${PROJECT}_" || true; } | xargs -r podman volume rm -f >/dev/null
}

step "Host: podman, runc, podman-compose, debootstrap, containers.conf"
scripts/stack/host-setup.sh
step "Local Debian bookworm base (debootstrap)"
scripts/stack/base-image.sh
step "Images: Python, portal, PostgreSQL, Elasticsearch node, proxy"
scripts/stack/build-images.sh

mkdir -p var/stack
cat >"$STACK_ENV_FILE" <<ENV
SECRET_KEY=stack-ci-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
ALLOWED_HOSTS=localhost,127.0.0.1,web,web2
WAGTAILADMIN_BASE_URL=https://localhost:$STACK_HTTPS_PORT
TRUSTED_PROXY_COUNT=1
SEARCH_INDEX_PREFIX=eit
SEARCH_INDEX_REPLICAS=1
WEB_CONCURRENCY=${STACK_WEB_CONCURRENCY:-2}
EMAIL_URL=consolemail://
LOG_LEVEL=WARNING
# Three JVMs, two web containers and the load share two cores here: 1.5 s is too short.
SEARCH_VISITOR_TIMEOUT=5
ENV

# es01's memlock=-1 (docker-compose.yml) is above this host's hard limits, which a container
# may not raise, and with any ulimit given podman drops containers.conf's default_ulimits:
# a third, generated file sets the host's own (numbers: podman-compose will not merge a
# string over a number).
nofile="$(ulimit -Hn)"; [ "$nofile" = unlimited ] && nofile=1048576
nproc="$(ulimit -Hu)"; [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
memlock="$(ulimit -Hl)"; if [ "$memlock" = unlimited ]; then memlock=-1; else memlock=$((memlock * 1024)); fi
cat >var/stack/host-limits.yml <<LIMITS
services:
  es01:
    ulimits:
      memlock: {soft: $memlock, hard: $memlock}
      nofile: {soft: $nofile, hard: $nofile}
      nproc: {soft: $nproc, hard: $nproc}
LIMITS

# docker-compose.yml reads .env, and podman-compose 1.0.3 appends env files instead of
# replacing them: an empty one is made for the run if the clone has none (removed after).
made_env=0
[ -e .env ] || { : >.env; made_env=1; }

cleanup() {
  status=$?
  [ "$made_env" = 0 ] || rm -f .env
  if [ "${STACK_KEEP:-0}" = 1 ]; then
    echo "Stack left running (STACK_KEEP=1): https://localhost:$STACK_HTTPS_PORT/"
  else
    step "Removing the stack's containers and volumes"
    remove_stack || true
  fi
  echo "stack-test finished in $((SECONDS - started)) s with status $status"
}
trap cleanup EXIT

step "Starting PostgreSQL, three Elasticsearch nodes and the proxy"
remove_stack
podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true  # made again, with DNS
compose up -d --no-build db es01 es02 es03 proxy
for _ in $(seq 1 60); do
  podman exec "${PROJECT}_db_1" pg_isready -q -U portal -d portal 2>/dev/null && break
  sleep 1
done
for i in $(seq 1 300); do  # three JVMs starting at once on a busy machine: minutes
  curl -fsS "http://127.0.0.1:$STACK_SEARCH_PORT/_cluster/health?wait_for_nodes=3&timeout=1s" >/dev/null 2>&1 && break
  [ "$i" -lt 300 ] || { echo "The cluster did not form:"; podman logs --tail 20 "${PROJECT}_es01_1"; exit 1; }
  sleep 1
done
echo "Cluster of $(curl -fsS "http://127.0.0.1:$STACK_SEARCH_PORT/_cat/nodes?h=name" | sort | xargs) formed"

step "Web (two containers), worker, and the migrate service (migrate, createcachetable, setup_roles)"
compose up -d --no-build web web2 worker  # podman-compose starts the migrate job with them
[ "$(podman wait "${PROJECT}_migrate_1")" = 0 ] || { podman logs --tail 40 "${PROJECT}_migrate_1"; exit 1; }
# The worker may have started before the tables existed (conditions are ignored) and died.
podman restart "${PROJECT}_worker_1" >/dev/null

step "Deployment steps: seed_demo, search_index rebuild"
manage seed_demo
manage setup_roles  # again: the members' section exists now (setup_roles says so)
manage search_index rebuild

step "End-to-end checks and faults"
python3 scripts/stack/checks.py
if [ "${STACK_BENCH:-0}" = 1 ]; then
  step "Capacity (bench/load_stack.py)"
  .venv/bin/python bench/load_stack.py --stack "https://localhost:$STACK_HTTPS_PORT"
fi
step "All stack checks passed"
