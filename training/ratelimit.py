"""A small per-IP rate limit on survey posts, kept in the cache.

`TRAINING_RATE_LIMIT` = (posts, seconds), default (10, 60); set it to None (or 0 posts)
to switch the limit off, as the load bench does.
"""

from django.conf import settings

from portal.client_ip import client_ip
from portal.ratelimit import over_limit

__all__ = ["client_ip", "rate_limited"]

DEFAULT_RATE_LIMIT = (10, 60)


def rate_limited(ip):
    limit = getattr(settings, "TRAINING_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    if not limit or not limit[0]:
        return False
    posts, seconds = limit
    return over_limit(f"training:posts:{ip}", posts, seconds)
