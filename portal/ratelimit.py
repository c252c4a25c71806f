"""The one rate-limit counter of the portal's public forms, kept in the shared cache.

A signed-in member is counted as one person wherever they post from (a seminar room or an
office network shares one address); an anonymous visitor is counted by address.
"""

from django.core.cache import cache

from portal.client_ip import client_ip


def over_limit(key: str, limit: int, seconds: int) -> bool:
    """Count one attempt on `key`: True once more than `limit` fell within `seconds`."""
    if cache.add(key, 1, timeout=seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=seconds)
        return False
    return count > limit


def requester_key(request) -> str:
    """Who is counted: the signed-in member, else the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"member:{user.pk}"
    return f"ip:{client_ip(request)}"


def request_over_limit(request, scope: str, limit: int, seconds: int) -> bool:
    """Count one attempt of this requester on `scope` (see `over_limit`)."""
    return over_limit(f"{scope}:{requester_key(request)}", limit, seconds)
