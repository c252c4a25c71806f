"""The portal as people see it: the demo network seeded ONCE for every test of this package,
served by one live server, visited in Chromium by each role at 1280 px and 375 px.

pytest-django's `live_server` makes every test transactional (the database is flushed after
each test), which would throw the demo away after the first page. The tests of this package
use their own server thread instead, on the committed demo; the package's teardown flushes
the database as a transactional test does, so the tests that follow start from the same
state as after any other browser test."""

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.browser.journeys.content import PASSWORD
from tests.support.wagtail_data import wagtail_base_data

PACKAGE = Path(__file__).parent
WIDTHS = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 812}}


@dataclass(frozen=True)
class Role:
    """A kind of person: `username` is the demo account (None: an anonymous visitor)."""

    name: str
    username: str | None
    territory: str | None = None


ROLES = {
    "anonyme": Role("anonyme", None),
    "membre": Role("membre", "lea.morel", "ecopole-seine-auboise"),
    "membre-autre-territoire": Role("membre-autre-territoire", "thomas.muller", "moselle-est"),
    "animation": Role("animation", "animation.regionale"),
}


@dataclass
class Demo:
    url: str
    media_root: str


def pytest_collection_modifyitems(items):
    """pytest-django sets up the test database for the tests marked `django_db` only.

    A test of this package asking for a fixture that opens a transaction (`db`, and through
    it `django_user_model`, `admin_user`…) would hide from the live server what it writes,
    such as the session `visit` signs in with: the visit would be anonymous. Refused here.
    """
    for item in items:
        if item.path.is_relative_to(PACKAGE):
            if {"db", "transactional_db"} & set(item.fixturenames):
                raise pytest.UsageError(
                    f"{item.nodeid}: the demo is committed for the package; use "
                    "get_user_model() rather than a fixture that asks for `db`."
                )
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def _django_db_marker():
    """Overrides pytest-django's own: the `django_db` mark above only asks for the test
    database; no per-test transaction or flush, the demo stays committed for the package."""


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo network (`manage.py seed_demo`), seeded once, and a live server on it."""
    from pytest_django.live_server_helper import LiveServer

    media_root = tmp_path_factory.mktemp("seen-media")
    with django_db_blocker.unblock():
        wagtail_base_data()  # a previous transactional test flushed Wagtail's root
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(django_settings, "MEDIA_ROOT", media_root)
            call_command("seed_demo", stdout=io.StringIO())
        for user in get_user_model().objects.filter(
            username__in=[role.username for role in ROLES.values() if role.username]
        ):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        server = LiveServer("127.0.0.1")
        server._live_server_modified_settings.enable()
        try:
            yield Demo(url=server.url, media_root=str(media_root))
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _demo_database(demo, django_db_blocker, settings):
    """The test and the server thread read the committed demo; its media files are served."""
    settings.MEDIA_ROOT = demo.media_root
    with django_db_blocker.unblock():
        yield


def session_cookie(base_url, username):
    """The session cookie of `username`, signed in without going through a form."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": base_url}


@pytest.fixture
def visit(browser, demo):
    """visit(role, width) → a Playwright page of a new context for that person and width."""
    contexts = []

    def open_page(role="anonyme", width="1280"):
        role = ROLES[role] if isinstance(role, str) else role
        context = browser.new_context(
            base_url=demo.url,
            locale="fr-FR",
            viewport=WIDTHS[width],
            is_mobile=width == "375",
            has_touch=width == "375",
        )
        context.set_default_timeout(15_000)
        if role.username:
            context.add_cookies([session_cookie(demo.url, role.username)])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
