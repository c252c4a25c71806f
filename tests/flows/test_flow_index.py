"""The flows' index on the REAL Elasticsearch: same answers as the database path on the
demo, kept in sync (save, archive, delete, import), rebuilt by `search_index rebuild`,
and falling back to the database when Elasticsearch is down."""

import os
from io import StringIO
from uuid import uuid4

import pytest
from django.core.management import call_command
from elasticsearch import Elasticsearch

from flows import flow_index
from flows.demo import seed_flows
from flows.importing import import_flows
from flows.matching import database_matches, find_matches, flow_facts, indexed_matches
from flows.models import Flow
from flows.pooling import (
    PoolingScope,
    database_regional_totals,
    database_territory_totals,
    parse_scope,
)
from search import breaker
from tests.flows.conftest import make_flow
from tests.flows.test_demo import DEMO_FILE, demo_territories  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

ES_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
PREFIX = f"{os.environ.get('SEARCH_INDEX_PREFIX', 'test')}-flows-{uuid4().hex[:6]}"


@pytest.fixture
def engine(settings):
    """The real Elasticsearch, never skipped: a run without it fails here."""
    client = Elasticsearch(ES_URL, request_timeout=10)
    assert client.cluster.health(wait_for_status="yellow", timeout="10s")["status"] in (
        "green",
        "yellow",
    )
    settings.ELASTICSEARCH_URL = ES_URL
    settings.SEARCH_INDEX_PREFIX = PREFIX
    breaker.reset()
    yield client
    breaker.reset()
    client.indices.delete(index=f"{PREFIX}-*", ignore_unavailable=True, allow_no_indices=True)


def indexed_ids(client):
    client.indices.refresh(index=flow_index.alias_name())
    hits = client.search(index=flow_index.alias_name(), size=1000, _source=False)
    return {int(hit["_id"]) for hit in hits["hits"]["hits"]}


def test_demo_matches_are_the_same_on_both_paths(engine, demo_territories):  # noqa: F811
    seed_flows()
    assert import_flows(DEMO_FILE.name, DEMO_FILE.read_bytes()).ok
    flow_index.rebuild()
    flows = list(Flow.objects.active())
    shared = total = 0
    for flow in flows:
        source = flow_facts(flow)
        for pooling in (False, True):
            database = database_matches(source, 50.0, pooling, 10)
            indexed = indexed_matches(source, 50.0, pooling, 10)
            total += len(database)
            shared += len({m.pk for m in database} & {m.pk for m in indexed})
            by_pk = {m.pk: m for m in indexed}
            for match in database:
                if match.pk in by_pk:  # the same reasons, word for word
                    assert by_pk[match.pk].reasons == match.reasons
    assert total > 100, "the demo holds enough matches to compare"
    assert shared / total >= 0.9
    # through the public entry point, the index answers
    assert find_matches(flows[0]) == indexed_matches(flow_facts(flows[0]), 50.0, False, 20)


def sorted_rows(rows):
    """The database collation may order accented names otherwise: compare as sets."""
    return sorted(rows, key=lambda row: (row["slug"], row["direction"], row["unit"]))


def test_pooling_aggregations_equal_the_database_sums(engine, demo_territories):  # noqa: F811
    seed_flows()
    flow_index.rebuild()
    for scope in (parse_scope(), parse_scope(code="15 01 03"), parse_scope(category="energie")):
        assert flow_index.regional_totals(scope) == database_regional_totals(scope)
        assert sorted_rows(flow_index.territory_totals(scope)) == sorted_rows(
            database_territory_totals(scope)
        )


def test_index_follows_saves_archives_deletions_and_imports(
    engine,
    register,
    django_capture_on_commit_callbacks,
    demo_territories,  # noqa: F811
):
    flow_index.rebuild()
    assert indexed_ids(engine) == set(Flow.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        new = make_flow(register["sawmill"], "A-7", "besoin", "Sciures", code="03 01 05")
    assert new.pk in indexed_ids(engine)
    with django_capture_on_commit_callbacks(execute=True):
        new.status = "archive"
        new.save()
    assert new.pk not in indexed_ids(engine)
    pallets = register["pallets_need"]
    with django_capture_on_commit_callbacks(execute=True):
        pallets.delete()
    assert pallets.pk not in indexed_ids(engine)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_flows(DEMO_FILE.name, DEMO_FILE.read_bytes())
    assert report.created == 8
    assert set(report.flow_ids) <= indexed_ids(engine)


@pytest.mark.parametrize("action", ["rebuild", "reindex"])
def test_search_index_rebuilds_the_flows_index_through_the_hook(engine, register, action):
    out = StringIO()
    call_command("search_index", action, stdout=out)
    assert "Index des flux" in out.getvalue()
    assert indexed_ids(engine) == set(Flow.objects.active().values_list("pk", flat=True))


def test_elasticsearch_down_falls_back_to_the_database(settings, register, client, network):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.SEARCH_INDEX_PREFIX = PREFIX
    breaker.reset()
    try:
        found = find_matches(register["pallets_offer"])
        assert [m.pk for m in found] == [register["pallets_need"].pk]
        assert breaker.is_open()
        client.force_login(network.animator)
        response = client.get(f"/api/flows/{register['pallets_offer'].pk}/matches/")
        assert response.status_code == 200 and response.json()["matches"]
        assert client.get("/api/flows/pooling/?code=15 01 03").status_code == 200
        assert client.get("/flux/mutualisation/?code=15 01 03").status_code == 200
        with_scope = PoolingScope()
        assert flow_index.with_fallback(
            flow_index.regional_totals, database_regional_totals, with_scope
        ) == database_regional_totals(with_scope)
    finally:
        breaker.reset()


def test_an_index_not_built_yet_answers_from_the_database_and_keeps_the_breaker_closed(
    engine, register
):
    found = find_matches(register["pallets_offer"])
    assert [m.pk for m in found] == [register["pallets_need"].pk]
    assert not breaker.is_open()
