import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY", default="test-only-not-secret")  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="eit-test")
SEARCH_LOG_FLUSH_SECONDS = 0  # tests read the query log right after a search
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True
# Tests use the database engine unless they opt in: tests/search/conftest.py points the
# settings at the real Elasticsearch given by the ELASTICSEARCH_URL environment variable.
ELASTICSEARCH_URL = ""
# The tests' feed server listens on 127.0.0.1 (tests/support/servers.py).
VEILLE_ALLOW_PRIVATE_SOURCES = env.bool("VEILLE_ALLOW_PRIVATE_SOURCES", default=True)
# On SQLite the tests use a file, as the demo does (WAL, concurrent connections), not the
# in-memory database that threads cannot share; one file per test process.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _test_db = Path(tempfile.gettempdir()) / f"portal-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_test_db)}  # noqa: F405
