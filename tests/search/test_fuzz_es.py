"""The /api/search/ fuzz of tests/portal/test_fuzz.py, against the real Elasticsearch."""

import pytest
from hypothesis import given

from search.engines import elasticsearch as es
from tests.portal.test_fuzz import (
    Statuses,
    check_search_api,
    check_search_api_raw,
    fuzz_settings,
    fuzz_text,
    raw_query_strings,
    search_params,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(build):
    build.page("Cartographier les flux", territories=["Troyes"], themes=["Énergie"], tags=["flux"])
    build.page(
        "Mutualiser les déchets", territories=["Reims"], themes=["Déchets"], kind="experience"
    )
    build.page("Réseau de chaleur", territories=["Metz"], themes=["Énergie"], tags=["chaleur"])
    es.refresh()


def test_search_api_never_fails_on_elasticsearch(client, indexed):
    statuses = Statuses()

    @fuzz_settings(60)
    @given(params=search_params)
    def run(params):
        check_search_api(client, params, statuses, "elasticsearch")

    run()

    @fuzz_settings(20)
    @given(raw=raw_query_strings)
    def run_raw(raw):
        check_search_api_raw(client, raw, statuses, "elasticsearch")

    run_raw()
    statuses.report("/api/search/ (Elasticsearch)")
    assert statuses[200] and statuses[400]


def test_suggest_api_never_fails_on_elasticsearch(client, indexed):
    statuses = Statuses()

    @fuzz_settings(60)
    @given(q=fuzz_text)
    def run(q):
        response = client.get("/api/search/suggest/", {"q": q})
        statuses[response.status_code] += 1
        assert response.status_code == 200, (q, response.status_code)
        assert isinstance(response.json()["suggestions"], list)

    run()
    statuses.report("/api/search/suggest/ (Elasticsearch)")
