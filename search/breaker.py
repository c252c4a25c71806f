"""A small circuit breaker: after an Elasticsearch failure, skip it for a while."""

import threading
import time

from django.conf import settings

_lock = threading.Lock()
_open_until = 0.0


def is_open() -> bool:
    return time.monotonic() < _open_until


def record_failure() -> None:
    global _open_until
    with _lock:
        _open_until = time.monotonic() + float(settings.SEARCH_BREAKER_COOLDOWN)


def reset() -> None:
    global _open_until
    with _lock:
        _open_until = 0.0
