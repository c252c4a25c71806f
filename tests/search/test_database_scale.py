"""The database engine on large match sets: a bounded set of candidates ranked on the full
vector, facet counts on a sample above a threshold, said as such ("environ …")."""

import pytest

from search import service
from search.engines import database
from search.engines.base import SearchQuery, about

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(build, settings):
    settings.ELASTICSEARCH_URL = ""
    for number in range(12):
        build.page(
            f"Déchets de chantier {number}",
            body="Des déchets du bâtiment.",
            themes=["Déchets" if number % 2 else "Énergie"],
        )
    build.page("Chaufferie bois", body="Des déchets de bois brûlés.", themes=["Énergie"])
    return build


def test_counts_are_exact_below_the_threshold(pages):
    response = service.search(SearchQuery(q="déchets"), None)
    assert response.total == 13
    assert not response.estimated
    counts = {value.value: value.count for value in response.facets["theme"]}
    assert counts == {"dechets": 6, "energie": 7}


def test_counts_are_estimated_above_the_threshold_and_said_so(pages, monkeypatch, client):
    monkeypatch.setattr(database, "FACET_SAMPLE", 4)
    response = service.search(SearchQuery(q="déchets"), None)
    assert response.total == 13  # the total stays exact
    assert response.estimated
    counts = {value.value: value.count for value in response.facets["theme"]}
    assert sum(counts.values()) in range(8, 20)  # every 4th page id, times 4
    assert all(count % 4 == 0 for count in counts.values())
    page = client.get("/recherche/", {"q": "déchets"}).content.decode()
    assert "environ 13 résultats pour" in page
    assert client.get("/api/search/", {"q": "déchets"}).json()["estimated"] is True


def test_ranking_reads_a_bounded_candidate_set(pages, monkeypatch):
    """With two candidates, the best title still comes first, and a later page of results
    still has its results (the candidate set grows to cover it)."""
    monkeypatch.setattr(database, "RANKED_CANDIDATES", 2)
    response = service.search(SearchQuery(q="chaufferie bois"), None)
    assert [r.title for r in response.results] == ["Chaufferie bois"]
    second = service.search(SearchQuery(q="déchets", page=2, page_size=5), None)
    assert len(second.results) == 5
    first = service.search(SearchQuery(q="déchets", page=1, page_size=5), None)
    assert not {r.title for r in first.results} & {r.title for r in second.results}


def test_about_rounds_to_two_significant_digits():
    assert [about(n) for n in (7, 99, 123, 12_345, 98_765)] == [7, 99, 120, 12_000, 99_000]


def test_a_search_takes_no_write_lock_on_sqlite(pages):
    """The portal's SQLite transactions take the write lock when they start (IMMEDIATE):
    a search inside one made 8 concurrent searches fail with "database is locked" in the
    benchmark. On SQLite the search opens no transaction (nor savepoint) of its own; on
    PostgreSQL it does, to turn sequential scans off for itself only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        service.search(SearchQuery(q="déchets"), None)
    statements = [query["sql"].split()[0].upper() for query in queries]
    if connection.vendor == "sqlite":
        assert not {"BEGIN", "SAVEPOINT"} & set(statements)
    else:
        assert "SET" in statements and "SAVEPOINT" in statements
