"""Shared fixtures: a site tree (home and one section per axis) built with the factories."""

from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page, Site

from portal.axes import Axis
from portal.factories import (
    AudienceFactory,
    HomePageFactory,
    SectionPageFactory,
    TerritoryFactory,
    ThemeFactory,
)
from tests.support.servers import FeedServer, smtp_server_fixture
from tests.support.wagtail_data import wagtail_base_data

# The real Elasticsearch's fixtures (`elasticsearch_session`, `engine_url`), for whichever
# test asks for them.
pytest_plugins = ["tests.support.search_engine"]


@dataclass
class SiteTree:
    home: object
    sections: dict = field(default_factory=dict)

    def section(self, axis):
        return self.sections[Axis(axis)]


def build_site_tree():
    wagtail_base_data()  # after a transactional test's flush
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    sections = {axis: SectionPageFactory(parent=home, axis=axis) for axis in Axis}
    return SiteTree(home=home, sections=sections)


@pytest.fixture
def site_tree(db):
    """The home page (root of the default site) and its six section pages."""
    return build_site_tree()


@pytest.fixture
def taxonomy(db):
    return {
        "territory": TerritoryFactory(name="Vallée de démonstration", slug="vallee-demo"),
        "theme": ThemeFactory(name="Énergie", slug="energie"),
        "audience": AudienceFactory(name="Entreprises", slug="entreprises"),
    }


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}
# Packages whose files share one package-scoped fixture (each seeds the demo once for all its
# files): one unit of work for pytest-xdist each, handed out first, as the longest.
PACKAGE_UNITS = ("tests/browser/seen", "tests/demo")


def work_unit(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    return next((package for package in PACKAGE_UNITS if path.startswith(package + "/")), path)


def pytest_xdist_make_scheduler(config, log):
    """`make test` (`--dist loadfile`): a worker takes a whole test file, or a whole package
    of PACKAGE_UNITS, so that module- and package-scoped fixtures are built once."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class UnitScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return work_unit(nodeid)

    return UnitScheduling(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """PACKAGE_UNITS first (with `--no-loadscope-reorder`, xdist hands out the units in this
    order), so that no worker is left alone with the longest unit at the end. Last of the
    hooks: pytest-django sorts the items by kind of database test before."""
    items.sort(key=lambda item: work_unit(item.nodeid) not in PACKAGE_UNITS)


@pytest.fixture(autouse=True)
def _wagtail_base_data(request, _django_db_marker):
    """Wagtail's root page, root collection and default locale, which its migrations create
    and the flush after a transactional test removes. Spread over workers (xdist), a test
    may follow another file's transactional test in the same worker: every test that uses
    the database finds them."""
    if "tests/browser/seen/" in str(request.node.path):
        return  # that package keeps the demo committed and manages its database itself
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not names & DATABASE_FIXTURES:
        return
    if marker is None:
        transactional = names & {"transactional_db", "live_server"}
        request.getfixturevalue("transactional_db" if transactional else "db")
    wagtail_base_data()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached page fragments (portal.caching) and
    rate-limit counters of an earlier test, whose database was rolled back, never leak."""
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded documents go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def feed_server():
    """A real HTTP server on 127.0.0.1 serving `server.routes`."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd), with Django's SMTP backend pointed at it."""
    yield from smtp_server_fixture(settings)


@contextmanager
def rolled_back_transaction(django_db_blocker):
    """A transaction rolled back at the end, for fixtures wider than a test: what they write
    inside it is built once and shared by their tests, each of which still runs in its own
    savepoint (what a test writes is undone)."""
    with django_db_blocker.unblock(), transaction.atomic():
        wagtail_base_data()  # another file's transactional test may have flushed it
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """One transaction for a whole test module (`rolled_back_transaction`). The module's
    tests run in one process (`make test` hands a worker whole files)."""
    with rolled_back_transaction(django_db_blocker):
        yield
