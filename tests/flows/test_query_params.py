"""Issue #25 (3): the query parameters of the flows pages and APIs are read by forms. A bad
value is a French 400 (a JSON `{"error"}` for the APIs) or the page unchanged, never a
server error: "²" passes `str.isdigit` but not `int`, and PostgreSQL refuses a NUL byte."""

import html

import pytest

from flows.filters import MatchQueryForm, PoolingQueryForm

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "²²²²", "99999999999999999999", "<script>", "\x00", "é" * 300, "20x5"]


def shown(value, length):
    """A bad value as the messages quote it: no control character, cut."""
    return value.replace("\x00", "")[:length]


def test_the_funnel_api_answers_a_french_400_to_a_bad_year(client):
    for value in HOSTILE:
        response = client.get("/api/flows/funnel/", {"annee": value})
        assert (response.status_code, response.json()) == (
            400,
            {"error": f"Année invalide : « {shown(value, 10)} » (une année de 1990 à 2100)."},
        ), value


def test_the_funnel_api_answers_a_french_400_to_a_bad_territory(client, network):
    for value in ["<script>", "\x00", "a b", "x" * 300, "inconnu"]:
        error = client.get("/api/flows/funnel/", {"territoire": value}).json()["error"]
        assert error == f"Territoire inconnu : « {shown(value, 60)} ».", value


def test_the_funnel_api_reads_the_last_of_repeated_parameters(client, network):
    response = client.get("/api/flows/funnel/?annee=2024&annee=abc")
    assert response.status_code == 400 and "« abc »" in response.json()["error"]
    data = client.get("/api/flows/funnel/?territoire=inconnu&territoire=ardennes-fictives").json()
    assert data["territory"] == "ardennes-fictives"
    assert client.get("/api/flows/funnel/?annee=&territoire=").json()["year"] is None


def test_open_data_answers_a_french_400_to_a_bad_year(client):
    for value in HOSTILE:
        message = f"Année « {shown(value, 10)} » invalide : attendu par exemple 2025."
        page = client.get("/donnees/", {"annee": value})
        assert page.status_code == 400 and html.escape(message) in page.content.decode()
        csv = client.get("/donnees/flux.csv", {"annee": value})
        assert (csv.status_code, csv.content.decode()) == (400, message)
        json = client.get("/donnees/flux.json", {"annee": value})
        assert (json.status_code, json.json()) == (400, {"error": message})
        assert message in json.content.decode()  # readable French, not \u00ab escapes


def test_the_map_and_the_sankey_answer_404_to_an_unknown_territory(client, network):
    client.force_login(network.animator)
    for path in ("/flux/carte/", "/flux/sankey/"):
        for value in ["<script>", "\x00", "ardennes fictives", "²", "inconnu"]:
            assert client.get(path, {"territoire": value}).status_code == 404, (path, value)
        assert client.get(path, {"territoire": ""}).status_code == 200
        page = client.get(path, {"territoire": " ardennes-fictives "}).content.decode()
        assert '<option value="ardennes-fictives" selected>' in page


def test_the_matches_api_keeps_its_french_messages(client, network, register):
    client.force_login(network.facilitator)
    url = f"/api/flows/{register['pallets_offer'].pk}/matches/"
    expected = {
        "radius=abc": "Le rayon doit être un nombre de kilomètres.",
        "radius=NaN": "Le rayon doit être un nombre de kilomètres.",
        "radius=%00": "Le rayon doit être un nombre de kilomètres.",
        "radius=0": "Le rayon doit être compris entre 0 et 500 km.",
        "radius=-3": "Le rayon doit être compris entre 0 et 500 km.",
        "radius=1e9": "Le rayon doit être compris entre 0 et 500 km.",
        "radius=99999999999999999999": "Le rayon doit être compris entre 0 et 500 km.",
        "radius=5&radius=501": "Le rayon doit être compris entre 0 et 500 km.",
        "mode=autre": "Le mode doit être « echange » ou « mutualisation ».",
        "mode=%3Cscript%3E": "Le mode doit être « echange » ou « mutualisation ».",
    }
    for query, message in expected.items():
        response = client.get(f"{url}?{query}")
        assert (response.status_code, response.json()) == (400, {"error": message}), query
    data = client.get(url, {"radius": "12,5", "mode": "mutualisation"}).json()
    assert data["radius_km"] == 12.5


def test_the_match_form_defaults(settings):
    form = MatchQueryForm({})
    assert form.is_valid()
    assert form.cleaned_data["mode"] == "echange" and form.cleaned_data["radius"] > 0


def test_the_pooling_page_and_api_answer_a_french_400_to_a_bad_code(client, network):
    client.force_login(network.facilitator)
    for value in ["²", "<script>", "\x00", "é" * 300]:
        page = client.get("/flux/mutualisation/", {"code": value})
        assert page.status_code == 400 and "Par territoire" in page.content.decode()
        api = client.get("/api/flows/pooling/", {"code": value})
        assert api.status_code == 400 and api.json()["error"], value


def test_the_pooling_code_comes_before_the_category_as_before(network):
    form = PoolingQueryForm({"code": " 15.01.03 ", "categorie": "inconnue"})
    assert form.is_valid() and form.cleaned_data["scope"].waste_code.code == "15 01 03"
    form = PoolingQueryForm({"categorie": "<script>"})
    assert not form.is_valid()
    assert form.first_error() == (
        "Catégorie inconnue : attendu matieres, energie, eau, dechets ou services."
    )


def test_the_pooling_api_keeps_its_french_messages(client, network):
    assert client.get("/api/flows/pooling/").json() == {
        "error": "Indiquez un code déchet (code=15 01 03) ou une catégorie (categorie=)."
    }
    error = client.get("/api/flows/pooling/", {"code": "99 99 99"}).json()["error"]
    assert error.startswith("Code déchet « 99 99 99 » inconnu")
    assert client.get("/api/flows/pooling/?categorie=x&categorie=eau").status_code == 200


def test_opening_a_pooling_opportunity_with_a_bad_code_says_why(client, network):
    client.force_login(network.animator)
    response = client.post(
        "/flux/mutualisation/ouvrir/", {"code": "99 99 99", "title": "x"}, follow=True
    )
    assert "Code déchet « 99 99 99 » inconnu" in response.content.decode()
