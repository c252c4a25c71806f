"""The JSON API and the HTML page: contract shape, bad input never 500."""

import json

import pytest

from search.engines import elasticsearch as es

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {"query", "engine", "total", "page", "pages", "results", "facets", "suggestion"}
RESULT_KEYS = {
    "title", "url", "content_type", "axis", "summary", "highlight", "date", "territories",
    "themes", "tags",
}  # fmt: skip


@pytest.fixture(scope="module")
def pages(module_build):
    """Made once for the module: its tests only read them."""
    build = module_build
    for number in range(12):
        build.page(
            f"Fiche déchets {number}",
            body="Les déchets de bois sont triés.",
            territories=["Troyes"],
            themes=["Déchets"],
            tags=["bois"],
        )
    es.refresh()
    return build


def test_contract_shape(client, pages):
    response = client.get("/api/search/", {"q": "déchets", "territory": "troyes"})
    assert response.status_code == 200
    data = response.json()
    assert CONTRACT_KEYS <= set(data)
    assert data["engine"] == "elasticsearch"
    assert data["total"] == 12
    assert data["pages"] == 2
    assert set(data["results"][0]) >= RESULT_KEYS
    assert data["results"][0]["territories"] == [{"slug": "troyes", "name": "Troyes"}]
    assert set(data["facets"]) == {
        "axis", "content_type", "territory", "theme", "tag", "audience", "year", "status",
    }  # fmt: skip
    assert data["facets"]["territory"] == [
        {"value": "troyes", "label": "Troyes", "count": 12, "selected": True}
    ]
    second = client.get("/api/search/", {"q": "déchets", "page": 2}).json()
    assert second["page"] == 2
    assert len(second["results"]) == 2


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "\\",
        "*",
        "[]{}()",
        "déchets 🌱",
        '{"a":1}',
        "' OR 1=1 --",
        "a" * 5000,
        "title:(x OR y) AND ~2 ^3 /regex/",
        "\x00\x01",
    ],
)
@pytest.mark.parametrize("engine_name", ["elasticsearch", "database"])
def test_odd_queries_never_fail(client, pages, settings, q, engine_name):
    if engine_name == "database":
        settings.ELASTICSEARCH_URL = ""
    response = client.get("/api/search/", {"q": q})
    assert response.status_code == 200
    assert len(response.json()["query"]) <= 200
    assert client.get("/recherche/", {"q": q}).status_code == 200
    assert client.get("/api/search/suggest/", {"q": q}).status_code == 200


def test_control_characters_in_facet_values_are_dropped(client, pages):
    """PostgreSQL cannot store NUL: the query log would fail on it (found by fuzzing)."""
    response = client.get("/api/search/", {"q": "déchets", "theme": "\x00dechets\x01"})
    assert response.status_code == 200
    assert [v["value"] for v in response.json()["facets"]["theme"] if v["selected"]] == ["dechets"]


def test_bad_parameters(client, pages):
    response = client.get("/api/search/", {"page": "abc"})
    assert response.status_code == 400
    assert "page" in response.json()["error"]
    assert client.get("/api/search/", {"sort": "bogus"}).status_code == 400
    clamped = client.get("/api/search/", {"q": "déchets", "page": 999999})
    assert clamped.status_code == 200
    assert clamped.json()["page"] == 2
    unknown = client.get("/api/search/", {"theme": "inconnue"})
    assert unknown.status_code == 200
    assert unknown.json()["total"] == 0
    # The HTML page falls back to defaults instead of failing.
    assert client.get("/recherche/", {"page": "abc", "sort": "bogus"}).status_code == 200


def test_suggest_api(client, pages):
    data = client.get("/api/search/suggest/", {"q": "fiche d"}).json()
    assert len(data["suggestions"]) == 8
    assert set(data["suggestions"][0]) == {"title", "url"}


def test_html_page(client, pages):
    response = client.get("/recherche/", {"q": "déchets", "territory": "troyes", "sort": "date"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in html
    assert "12 résultats" in html
    assert "<mark>" in html
    assert 'name="territory" value="troyes" checked' in html
    assert "Territoire : Troyes" in html  # the removable chip
    assert "?q=d%C3%A9chets&amp;sort=date" in html  # chip link keeps q and sort
    assert "page=2" in html
    assert "mode simplifié" not in html


def test_api_is_json_utf8(client, pages):
    response = client.get("/api/search/", {"q": "déchets"})
    assert json.loads(response.content)["query"] == "déchets"
