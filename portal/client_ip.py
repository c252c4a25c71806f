"""The visitor's IP address, as every rate limiter and django-axes must see it.

Behind a reverse proxy, REMOTE_ADDR is the proxy. `TRUSTED_PROXY_COUNT` (default 0: no
proxy) says how many proxies we run in front of the portal; each appends the address it
received the request from to `TRUSTED_PROXY_HEADER` (X-Forwarded-For). The client is the
entry that many places from the right: anything further left was written by the client
and is never trusted.
"""

import ipaddress

from django.conf import settings

UNKNOWN = "inconnu"


def client_ip(request) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "") or UNKNOWN
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote_addr
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "HTTP_X_FORWARDED_FOR")
    hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
    if len(hops) < proxies:
        # The request did not come through all our proxies: only the peer is known.
        return remote_addr
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def axes_client_ip(request) -> str | None:
    """django-axes stores the address in a GenericIPAddressField: None when unknown (a
    request built by hand, such as the test client's `force_login`, has no REMOTE_ADDR)."""
    address = client_ip(request)
    return None if address == UNKNOWN else address
