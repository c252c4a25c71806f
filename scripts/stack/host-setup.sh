#!/usr/bin/env bash
# Installs podman and friends and the machine-level podman settings this kind of CI
# machine needs (crun cannot set RLIMIT_NOFILE here and cgroups are hybrid). Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need=()
# dnsname: container names resolve on the stack network (podman 4.3 with CNI, Debian 12)
for pkg in podman runc podman-compose debootstrap golang-github-containernetworking-plugin-dnsname \
  openssl curl maven openjdk-17-jdk-headless wrk; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

nofile="$(ulimit -Hn)"
[ "$nofile" = unlimited ] && nofile=1048576
conf=/etc/containers/containers.conf
want="[containers]
default_ulimits = [\"nofile=${nofile}:${nofile}\", \"nproc=32768:32768\"]

[engine]
runtime = \"runc\"
cgroup_manager = \"cgroupfs\""
if [ ! -f "$conf" ] || ! grep -q "runtime = \"runc\"" "$conf" || ! grep -q "nofile=${nofile}:" "$conf"; then
  mkdir -p /etc/containers
  [ -f "$conf" ] && cp "$conf" "$conf.before-portal"
  printf '%s\n' "$want" >"$conf"
  echo "Wrote $conf (runc, cgroupfs, nofile=$nofile)"
fi
# Elasticsearch needs it; harmless elsewhere.
[ "$(sysctl -n vm.max_map_count)" -ge 262144 ] || sysctl -qw vm.max_map_count=262144
