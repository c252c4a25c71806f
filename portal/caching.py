"""Page-fragment caching: the keys that change when content changes, and who may share them.

A fragment (`{% wagtailcache fragment_cache.timeout "name" ... fragment_cache.vary %}`)
varies on:

- the content generation: one token in the shared cache (the database cache in
  production, so every web process sees a bump at once), replaced whenever a page is
  published, unpublished, moved or deleted, a view restriction changes, or any model of
  the portal's apps, taxonomies, documents, images, tags or groups is saved or deleted;
- the audience: anonymous visitors share one version; a signed-in user, or a visitor who
  unlocked a password-protected page or collection, gets their own, so a fragment never
  shows one visitor what only another may see;
- the day (lists of upcoming events change at midnight);
- whatever else it says itself (`page.cache_key`, a territory's pk).

The work behind a fragment is wrapped in `on_cache_miss`, so a hit runs none of it.
"""

import functools
import logging
import uuid
from functools import partial
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from wagtail.models import CollectionViewRestriction, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

GENERATION_KEY = "portal:content-generation"

# Third-party apps whose saved or deleted rows may show in a cached fragment; every app of
# the project itself (an app whose code lives in the repository) is watched too, without
# being named here: the core names no app (`watched_apps`).
WATCHED_THIRD_PARTY_APPS = frozenset(
    {"wagtailcore", "wagtaildocs", "wagtailimages", "taggit", "auth"}
)


@functools.cache
def watched_apps() -> frozenset[str]:
    """The labels of the project's own apps (top-level packages of BASE_DIR, so not what a
    virtualenv inside the clone holds) and of the third-party apps above."""
    base = Path(settings.BASE_DIR).resolve()
    own = {
        config.label
        for config in django_apps.get_app_configs()
        if Path(config.path).resolve().parent == base
    }
    return frozenset(own | WATCHED_THIRD_PARTY_APPS)


PASSED_RESTRICTIONS_KEYS = (
    PageViewRestriction.passed_view_restrictions_session_key,
    CollectionViewRestriction.passed_view_restrictions_session_key,
)


def content_generation() -> str:
    """The current generation token (a new one if the cache lost it)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def _new_generation() -> None:
    """A write must never fail because of the cache (down, or its table not created yet
    while `migrate` runs): a savepoint keeps the caller's transaction usable."""
    try:
        with transaction.atomic():
            cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001
        logger.warning("Could not renew the content generation of the page-fragment cache")


def bump_content_generation() -> None:
    """Every cached fragment is stale from now on, and again when the transaction commits
    (another request rendering between the write and the commit cached the old content)."""
    _new_generation()
    connection = transaction.get_connection()
    pending = (callback for _savepoints, callback, _robust in connection.run_on_commit)
    if not any(callback is _new_generation for callback in pending):  # once per transaction
        transaction.on_commit(_new_generation, robust=True)


def audience(request) -> str:
    """Who may share a fragment rendered for this request."""
    user = getattr(request, "user", None)
    parts = [f"user-{user.pk}" if user is not None and user.is_authenticated else "public"]
    session = getattr(request, "session", None)
    for key in PASSED_RESTRICTIONS_KEYS:
        passed = session.get(key) if session is not None else None
        if passed:
            parts.append(key + "-" + ".".join(str(pk) for pk in sorted(passed)))
    return ":".join(parts)


class FragmentCache:
    """`fragment_cache` in templates: the timeout and the common part of every key, read
    once per request and only by a template that caches a fragment."""

    def __init__(self, request):
        self.request = request

    @property
    def timeout(self) -> int:
        return settings.PAGE_FRAGMENT_CACHE_SECONDS

    @cached_property
    def vary(self) -> str:
        """Generation, audience and day (lists of upcoming events change at midnight)."""
        today = timezone.localdate().isoformat()
        return f"{content_generation()}:{audience(self.request)}:{today}"


def on_cache_miss(function, *args):
    """A context value computed only when a template reads it (a cached fragment missed)."""
    return SimpleLazyObject(partial(function, *args))


def _bump(sender=None, **kwargs):
    bump_content_generation()


# Bookkeeping rows no fragment shows: writing them must not empty the cache (a search
# logs itself, a draft saves a revision and a log entry, a sign-in stamps last_login;
# search indexing bumps once it is done, publishing through page_published).
IGNORED_MODELS = {
    "search.searchquerylog",
    "search.pendingindexoperation",
    "search.searchdocument",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
}
IGNORED_UPDATES = {settings.AUTH_USER_MODEL.lower(): frozenset({"last_login"})}


def _bump_for_watched_model(sender, action="post_", update_fields=None, **kwargs):
    label = sender._meta.label_lower
    if sender._meta.app_label not in watched_apps() or not action.startswith("post_"):
        return
    if label in IGNORED_MODELS or (update_fields and update_fields == IGNORED_UPDATES.get(label)):
        return
    bump_content_generation()


def connect() -> None:
    page_published.connect(_bump, dispatch_uid="fragment_cache_published")
    page_unpublished.connect(_bump, dispatch_uid="fragment_cache_unpublished")
    post_page_move.connect(_bump, dispatch_uid="fragment_cache_moved")
    post_save.connect(_bump_for_watched_model, dispatch_uid="fragment_cache_saved")
    post_delete.connect(_bump_for_watched_model, dispatch_uid="fragment_cache_deleted")
    m2m_changed.connect(_bump_for_watched_model, dispatch_uid="fragment_cache_m2m")
