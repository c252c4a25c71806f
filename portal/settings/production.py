from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, CSP_POLICIES_BY_PATH, STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Load balancers and container health checks probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Persistent database connections: opening one per request halved the survey bench's
# throughput on PostgreSQL (bench/survey_load.py). DATABASE_URL may still override them.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))  # noqa: F405
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)  # noqa: F405

# One cache shared by every gunicorn worker and host, so the rate limits count each visitor
# once and a publish invalidates every cached page fragment (portal/caching.py): a table in
# PostgreSQL by default (`manage.py createcachetable` after migrate), room for the fragments
# of every page, or any CACHE_URL django-environ understands.
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://portal_cache?MAX_ENTRIES=20000")}

# Media: the local filesystem (MEDIA_ROOT, shared by every web and worker process) or an
# S3-compatible bucket. Documents are always streamed by Django (WAGTAILDOCS_SERVE_METHOD),
# so collection privacy holds either way; images are read from the bucket's own URL.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            # Unset: boto3's own chain (AWS_ACCESS_KEY_ID..., instance role).
            "access_key": env("AWS_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_S3_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "location": env("AWS_LOCATION", default="media"),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "default_acl": None,  # objects follow the bucket's policy
            "file_overwrite": False,
        },
    }
    _options = STORAGES["default"]["OPTIONS"]
    if _options["custom_domain"]:
        MEDIA_ORIGIN = f"https://{_options['custom_domain']}"
    elif _options["endpoint_url"]:
        _endpoint = urlsplit(_options["endpoint_url"])
        MEDIA_ORIGIN = f"{_endpoint.scheme}://{_endpoint.netloc}"
    else:
        MEDIA_ORIGIN = "https://*.amazonaws.com"
    for _policy in (CONTENT_SECURITY_POLICY["DIRECTIVES"], CSP_POLICIES_BY_PATH["/admin/"]):
        _policy["img-src"] = [*_policy["img-src"], MEDIA_ORIGIN]
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}")

# One JSON object per log line on stderr (portal/logging.py), for the log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.logging.JSONFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal": {"level": env("LOG_LEVEL", default="INFO")},
        "search": {"level": env("LOG_LEVEL", default="INFO")},
    },
}
