"""A small per-IP rate limit on survey posts, kept in the cache.

`TRAINING_RATE_LIMIT` = (posts, seconds), default (10, 60); set it to None (or 0 posts)
to switch the limit off, as the load bench does.
"""

from django.conf import settings
from django.core.cache import cache

from portal.client_ip import client_ip

__all__ = ["client_ip", "rate_limited"]

DEFAULT_RATE_LIMIT = (10, 60)


def rate_limited(ip):
    limit = getattr(settings, "TRAINING_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    if not limit or not limit[0]:
        return False
    posts, seconds = limit
    key = f"training:posts:{ip}"
    if cache.add(key, 1, timeout=seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=seconds)
        return False
    return count > posts
