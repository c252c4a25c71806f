"""The real Elasticsearch of the test run (ELASTICSEARCH_URL; `make test` starts the
development node) and this process's own index prefix: a plugin of the suite
(tests/conftest.py), for the search tests and the demo package's Elasticsearch sweep."""

import os
from uuid import uuid4

import pytest
from elasticsearch import Elasticsearch

ES_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
PREFIX = f"test-{uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def elasticsearch_session():
    client = Elasticsearch(ES_URL, request_timeout=10)
    health = client.cluster.health(wait_for_status="yellow", timeout="10s")
    assert health["status"] in ("green", "yellow"), f"Elasticsearch is not healthy at {ES_URL}"
    yield client
    delete_test_indexes(client)


def delete_test_indexes(client):
    client.indices.delete(index=f"{PREFIX}-*", ignore_unavailable=True, allow_no_indices=True)


@pytest.fixture
def engine_url(settings):
    """The setting is re-applied per test so that `settings` changes are undone."""
    settings.ELASTICSEARCH_URL = ES_URL
    settings.SEARCH_INDEX_PREFIX = PREFIX
    return ES_URL
