"""Settings shared by every environment; each value comes from the environment."""

import datetime
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
REFERENCE_DATA_DIR = BASE_DIR / "data" / "reference"

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    ELASTICSEARCH_URL=(str, ""),
    SEARCH_INDEX_PREFIX=(str, "eit"),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Réseau EIT Grand Est <ne-pas-repondre@eit-grandest.example>"),
    WAGTAILADMIN_BASE_URL=(str, "http://127.0.0.1:8000"),
)
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")

ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "portal",
    "capitalisation",
    "veille",
    "training",
    "communication_kits",
    "flows",
    "questions",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.csp.PathCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.navigation",
                "portal.context_processors.fragment_cache",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a small network at once: readers never wait for the
    # writer (WAL), a writer waits its turn (busy timeout, seconds) instead of failing, and
    # a transaction takes the write lock when it starts (IMMEDIATE), so two transactions
    # never deadlock upgrading a read lock ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
WAGTAILIMAGES_IMAGE_MODEL = "portal.PortalImage"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# Members sign in on the public site; Wagtail's privacy redirects there too.
LOGIN_REDIRECT_URL = "members:home"  # the members area, after a login without "next"
WAGTAIL_FRONTEND_LOGIN_URL = "/membres/connexion/"
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "portal/members/login.html"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link is valid one day

# Brute-force protection (django-axes): 5 failures for one username from one address lock
# that pair for 15 minutes. Behind a reverse proxy the address comes from
# AXES_CLIENT_IP_CALLABLE (TRUSTED_PROXY_COUNT, below), never from the proxy itself.
# Every authenticate() call must pass `request` (Django's and Wagtail's login views do;
# tests use client.force_login or a real login form).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/members/lockout.html"
AXES_COOLOFF_MESSAGE = "Trop de tentatives de connexion : réessayez dans 15 minutes."

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_SITE_NAME = "Réseau EIT Grand Est"
# Renaming or moving a page leaves a redirect from its old URL, but only for a page the
# public may have seen (live): a draft never had a public URL. This is Wagtail 8.1's
# default (8.0 also redirected drafts; "always" would restore that), decided here so
# that the move to 8.1 changes nothing (tests/portal/test_redirects.py).
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Every other type is served as an attachment, and /documents/ is sandboxed by portal/csp.py
# (instead of Wagtail's own "default-src 'none'", which would break Chromium's PDF viewer).
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = False
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # never SVG: it can carry script
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party request from the admin...
WAGTAIL_ENABLE_UPDATE_CHECK = False  # ...not even to releases.wagtail.org
# Documents always go through Django, so collection privacy is checked on every download
# (a redirect to remote storage would hand out the file's own URL).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The portal's own search (search/): Elasticsearch when ELASTICSEARCH_URL is set, else the
# database engine. Wagtail's admin search stays on Wagtail's database backend.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX")
# A secured cluster: credentials in the URL (https://user:password@host:9200) or an API key,
# and the cluster's CA certificate when it is not signed by a public authority.
ELASTICSEARCH_CA_CERTS = env("ELASTICSEARCH_CA_CERTS", default="")
ELASTICSEARCH_API_KEY = env("ELASTICSEARCH_API_KEY", default="")
# Unset: 0 replicas on one node, 1 as soon as a second node joins (auto_expand_replicas).
_replicas = env("SEARCH_INDEX_REPLICAS", default="")  # empty in a copied .env.example
SEARCH_INDEX_REPLICAS = int(_replicas) if _replicas else None
SEARCH_VISITOR_TIMEOUT = env.float("SEARCH_VISITOR_TIMEOUT", default=1.5)
SEARCH_BREAKER_COOLDOWN = env.float("SEARCH_BREAKER_COOLDOWN", default=30.0)
# The query log is counted in memory and written every this many seconds by a background
# thread (search.querylog): no write on a visitor's request. 0 writes at once.
SEARCH_LOG_FLUSH_SECONDS = env.float("SEARCH_LOG_FLUSH_SECONDS", default=5.0)

# The visitor's address behind our reverse proxies (portal/client_ip.py), for every rate
# limit and for django-axes: how many proxies append to X-Forwarded-For (0: none, use the peer).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Seconds a cached page fragment lives at most (portal/caching.py): publishing, or any
# change to what a fragment shows, replaces it at once; 0 turns fragment caching off.
PAGE_FRAGMENT_CACHE_SECONDS = env.int("PAGE_FRAGMENT_CACHE_SECONDS", default=600)

# Flows (flows/): the matching radius and the largest spreadsheet an import accepts.
FLOWS_MATCH_RADIUS_KM = env.float("FLOWS_MATCH_RADIUS_KM", default=50.0)
FLOWS_IMPORT_MAX_BYTES = env.int("FLOWS_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.axes_client_ip"

# Monitoring feeds are fetched from public addresses only; allow loopback, private and
# link-local ones (an intranet feed, the tests' local server) explicitly.
VEILLE_ALLOW_PRIVATE_SOURCES = env.bool("VEILLE_ALLOW_PRIVATE_SOURCES", default=False)

# Content-Security-Policy (django-csp, portal/csp.py), the same in every environment.
# Public pages: no inline script at all; inline <style> only with the request's nonce
# (pygal charts, see portal/templatetags/csp_tags.py); style attributes only by hash.
PYGAL_TOOLTIP_STYLE_HASH = "'sha256-hcUjSVUy038f+0X6P07svdIrF4humQP+99vTrfpW7yw='"  # opacity: 0
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_HASHES, PYGAL_TOOLTIP_STYLE_HASH],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
CSP_POLICIES_BY_PATH = {
    # Wagtail 8's admin still has inline scripts and styles; it is for signed-in editors only.
    "/admin/": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],  # the live preview frames the admin's own preview view
    },
    "/documents/": {"default-src": [NONE], "sandbox": True},
}
CSP_EXEMPT_CONTENT_TYPES = ("application/pdf",)

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal": {"level": env("LOG_LEVEL", default="INFO")},
        "search": {"level": env("LOG_LEVEL", default="INFO")},
    },
}
