"""gunicorn's settings for every server of the portal (read from the working directory:
the image's command, scripts/smoke-production.py and the load benchmarks run from the
project's root). The command line still wins (--workers, --bind, --timeout…).

Workers restart after about MAX_REQUESTS requests, which bounds a slow leak. With a small
jitter they restart nearly together under an even load, and every request waits for a
fresh worker to import Django (p99 1.7 s measured on the stack, issue #26): the jitter
spreads the restarts over half the interval, so at most one worker restarts at a time.
"""

import os

max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 2
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
accesslog = "-"
errorlog = "-"
