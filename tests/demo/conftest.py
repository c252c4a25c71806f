"""The tests that read the seeded demo through Django's test client share ONE seed: the
package runs in one transaction (rolled back at its end) in which `manage.py seed_demo` ran
once; `make test` hands the whole package to one worker (tests/conftest.py, PACKAGE_UNITS).
A module adding content of its own does it in `module_transaction`, a savepoint on top."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import rolled_back_transaction


@pytest.fixture(scope="package")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="package")
def seeded_demo(django_db_setup, django_db_blocker, demo_media):
    """`manage.py seed_demo` run once for the package; its output is the fixture's value."""
    with rolled_back_transaction(django_db_blocker):
        output = StringIO()
        with override_settings(MEDIA_ROOT=demo_media):
            call_command("seed_demo", stdout=output)
        yield output.getvalue()


@pytest.fixture
def demo(seeded_demo, demo_media, settings):
    """The seeded demo, for a test (media where the seed wrote them)."""
    settings.MEDIA_ROOT = demo_media
    return seeded_demo
