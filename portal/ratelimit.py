"""The one rate-limit counter of the portal's public forms, kept in the shared cache."""

from django.core.cache import cache


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
