#!/usr/bin/env bash
# Builds the local Debian bookworm base (debootstrap, no registry) as
# localhost/debian:bookworm-slim, with the host's CA bundle and pip configuration so that
# builds work behind this network's TLS re-signing (CI only: real builds need neither).
# Skipped when the image exists and the host's CA bundle and pip.conf are unchanged.
set -euo pipefail
IMAGE="${BASE_IMAGE:-localhost/debian:bookworm-slim}"

mirror() {
  local uri
  uri="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)"
  [ -n "$uri" ] || uri="$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v security | head -1 || true)"
  echo "${uri:-http://deb.debian.org/debian}"
}

host_files=(/etc/ssl/certs/ca-certificates.crt /etc/pip.conf)
stamp="$(cat "${host_files[@]}" /usr/local/share/ca-certificates/* 2>/dev/null | sha256sum | cut -c1-16)"
if [ "$(podman image inspect --format '{{ index .Labels "host-stamp" }}' "$IMAGE" 2>/dev/null)" = "$stamp" ]; then
  echo "Base image $IMAGE is up to date."
  exit 0
fi

work="$(mktemp -d /var/tmp/portal-base.XXXXXX)"
trap 'rm -rf "$work"' EXIT
echo "debootstrap bookworm from $(mirror) (about a minute)..."
debootstrap --variant=minbase bookworm "$work/root" "$(mirror)" >"$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log"; exit 1; }
echo "deb $(mirror) bookworm main" >"$work/root/etc/apt/sources.list"
rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*
tar -C "$work/root" -c . | podman import -q - "$IMAGE.raw" >/dev/null

# The host's trust and pip index, for the CI's builds only.
mkdir -p "$work/ctx/local-ca"
cp /etc/ssl/certs/ca-certificates.crt "$work/ctx/ca-certificates.crt"
cp /usr/local/share/ca-certificates/* "$work/ctx/local-ca/" 2>/dev/null || true
if [ -f /etc/pip.conf ]; then cp /etc/pip.conf "$work/ctx/pip.conf"; else : >"$work/ctx/pip.conf"; fi
cat >"$work/ctx/Containerfile" <<CONTAINERFILE
FROM $IMAGE.raw
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY local-ca/ /usr/local/share/ca-certificates/
COPY pip.conf /etc/pip.conf
ENV REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
LABEL host-stamp=$stamp
CMD ["bash"]
CONTAINERFILE
podman build -q -t "$IMAGE" "$work/ctx" >/dev/null
podman rmi -f "$IMAGE.raw" >/dev/null 2>&1 || true
echo "Built $IMAGE ($(podman image inspect --format '{{.Size}}' "$IMAGE" | numfmt --to=si))."
