"""The privacy sweep's search part on the real Elasticsearch: the seeded demo plus our own
restricted content (see test_privacy_sweep.py), index rebuilt from the database.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from search import breaker
from search.engines import elasticsearch as es
from tests.demo.test_privacy_sweep import (
    add_restricted_content,
    check_search_as_anonymous,
    check_search_as_member,
)


@pytest.fixture(scope="module")
def seeded(seeded_demo, module_transaction, demo_media):
    return add_restricted_content(demo_media)


@pytest.fixture
def data(seeded, engine_url, settings, demo_media):
    """The seeded data, indexed afresh in this test's Elasticsearch index."""
    settings.MEDIA_ROOT = demo_media
    breaker.reset()
    output = StringIO()
    call_command("search_index", "rebuild", stdout=output)
    es.refresh()
    assert es.indexed_versions(), output.getvalue()
    return seeded


@pytest.mark.django_db
def test_anonymous_search_on_elasticsearch_shows_no_restricted_page(data):
    figures = check_search_as_anonymous(Client(), data, "elasticsearch")
    print(  # noqa: T201 - the figures this test reports
        f"\n[privacy/elasticsearch] {figures['outputs']} search outputs checked, "
        f"{figures['facet values']} facet values compared with "
        f"{figures['visible results']} visible results"
    )


@pytest.mark.django_db
def test_member_search_on_elasticsearch_finds_members_only_pages(data):
    client = Client()
    client.force_login(data["member"])
    check_search_as_member(client, data, "elasticsearch")
