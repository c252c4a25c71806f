"""Issue #25 (3): the archive's and the feeds' query parameters are read by a form. An
unknown theme matches nothing, a year without a digest is ignored, as before; a value that
`str.isdigit` accepts but `int` refuses ("²"), or a NUL byte PostgreSQL refuses, is no
longer a server error."""

import pytest

from tests.veille.test_feeds import content, parse  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "²²²²", "99999999999999999999", "<script>", "\x00", "é" * 300]


def test_the_archive_ignores_a_bad_year_and_shows_nothing_for_a_bad_theme(client, content):  # noqa: F811
    for value in HOSTILE:
        page = client.get("/veille/archives/", {"annee": value})
        assert page.status_code == 200 and "Veille publique de mars" in page.content.decode()
        page = client.get("/veille/archives/", {"theme": value})
        assert page.status_code == 200
        assert "Aucune lettre ne correspond" in page.content.decode(), value


def test_the_archive_reads_the_last_of_repeated_parameters(client, content):  # noqa: F811
    year = content["public"].period_start.year
    html = client.get(f"/veille/archives/?theme=inconnue&theme=eau&annee={year}").content
    assert "Veille publique de mars" in html.decode()
    html = client.get(f"/veille/archives/?theme=eau&theme=energie&annee={year}").content
    assert "Aucune lettre ne correspond" in html.decode()
    html = client.get(f"/veille/archives/?annee={year}&annee={year - 30}").content.decode()
    assert "Veille publique de mars" in html  # a year without a digest: every year


def test_a_feed_with_a_bad_theme_is_empty_and_valid(client, content):  # noqa: F811
    for value in HOSTILE:
        for path in ("/veille/rss/", "/veille/atom/"):
            response = client.get(path, {"theme": value})
            assert response.status_code == 200, (path, value)
    _, parsed = parse(client, "/veille/rss/?theme=%00")
    assert parsed.entries == []
    _, parsed = parse(client, "/veille/rss/?theme=%20energie%20")
    assert [entry.title for entry in parsed.entries] == ["Décret chaleur fatale"]
