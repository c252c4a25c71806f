"""Elasticsearch on large match sets: the counts first, then the page of results without
an exact total, and the facets on a random sample above a threshold, said as such."""

import pytest

from search import service
from search.engines import elasticsearch as es
from search.engines.base import SearchQuery
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(build):
    for number in range(12):
        build.page(
            f"Déchets de chantier {number}",
            body="Des déchets du bâtiment.",
            themes=["Déchets" if number % 2 else "Énergie"],
            territories=["Grand Reims" if number < 4 else "Eurométropole de Metz"],
        )
    build.page("Chaufferie bois", body="Des déchets de bois brûlés.", themes=["Énergie"])
    refresh()
    return build


def counts(response, facet):
    return {value.value: value.count for value in response.facets[facet]}


def test_counts_are_exact_below_the_threshold(pages):
    response = service.search(SearchQuery(q="déchets"), None)
    assert response.engine == "elasticsearch"
    assert response.total == 13
    assert not response.estimated
    assert counts(response, "theme") == {"dechets": 6, "energie": 7}


def test_selections_keep_an_exact_total_and_disjunctive_counts(pages):
    query = SearchQuery(q="déchets", filters={"theme": ["dechets"], "territory": ["grand-reims"]})
    response = service.search(query, None)
    assert response.total == 2  # pages 1 and 3
    assert sorted(result.title for result in response.results) == [
        "Déchets de chantier 1",
        "Déchets de chantier 3",
    ]
    # Each facet counted under the other facet's selection only.
    assert counts(response, "theme") == {"dechets": 2, "energie": 2}
    assert counts(response, "territory") == {"grand-reims": 2, "eurometropole-de-metz": 4}


def test_counts_are_sampled_above_the_threshold_and_said_so(pages, monkeypatch, client):
    monkeypatch.setattr(es, "FACET_SAMPLE", 3)  # sampled above 6 matches
    response = service.search(SearchQuery(q="déchets"), None)
    assert response.total == 13  # the total stays exact
    assert response.estimated
    assert len(response.results) == 10
    sampler = es.facets_search(SearchQuery(q="déchets"), ["public"], 13).to_dict()
    assert sampler["aggs"]["sample"]["random_sampler"]["probability"] == pytest.approx(3 / 13)
    page = client.get("/recherche/", {"q": "déchets"}).content.decode()
    assert "environ 13 résultats pour" in page
    assert client.get("/api/search/", {"q": "déchets"}).json()["estimated"] is True


def test_the_sample_is_the_same_from_one_request_to_the_next(pages, monkeypatch):
    monkeypatch.setattr(es, "FACET_SAMPLE", 3)
    first = service.search(SearchQuery(q="déchets"), None)
    second = service.search(SearchQuery(q="déchets", page=2), None)
    assert counts(first, "theme") == counts(second, "theme")


def test_the_probability_keeps_every_match_up_to_twice_the_sample():
    assert es.sampling_probability(0) == 1
    assert es.sampling_probability(2 * es.FACET_SAMPLE) == 1
    probability = es.sampling_probability(9 * es.FACET_SAMPLE)
    assert probability == pytest.approx(1 / 9)
    assert 0 < es.sampling_probability(10**9) < 0.5


def test_a_search_without_match_still_suggests(pages):
    response = service.search(SearchQuery(q="déchetss chantiez"), None)
    assert response.total == 0
    assert response.suggestion
