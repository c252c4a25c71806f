"""Who sees what, in every output of the flows app."""

import io

import pytest
from openpyxl import load_workbook

from flows.visibility import anonymous_label, quantity_band

pytestmark = pytest.mark.django_db

IDENTITY = ("Fonderie Ardennaise", "73282932000074", "paul@fonderie.example")


def assert_hidden(text):
    for secret in IDENTITY:
        assert secret not in text


def test_quantity_bands_and_anonymous_label(register):
    assert quantity_band(75, "t") == "50–100 t/an"
    assert quantity_band(0.5, "t") == "moins de 1 t/an"
    assert quantity_band(250000, "t") == "plus de 100\u202f000 t/an"
    assert anonymous_label(register["pallets_offer"]) == (
        "une entreprise de la métallurgie, Ardennes fictives, 50–100 t/an"
    )


def test_anonymous_visitors_see_regional_aggregates_only(client, register):
    page = client.get("/flux/").content.decode()
    assert "Totaux régionaux" in page
    assert_hidden(page)
    assert "Palettes bois" not in page  # no flow list either
    detail = client.get(f"/flux/{register['pallets_offer'].pk}/")
    assert detail.status_code == 302 and "/membres/connexion/" in detail["Location"]
    api = client.get(f"/api/flows/{register['pallets_offer'].pk}/matches/")
    assert api.status_code == 403 and "error" in api.json()
    assert client.get("/flux/export.csv").status_code == 302
    pooling = client.get("/flux/mutualisation/?code=150103").content.decode()
    assert "flows-map" not in pooling and "Par territoire" not in pooling
    assert_hidden(pooling)
    body = client.get("/api/flows/pooling/?code=15 01 03").json()
    assert "territories" not in body
    assert_hidden(str(body))
    # the other public outputs answer (an error page would hide nothing) and name no company
    for url, marker in (
        ("/sitemap.xml", "<urlset"),
        ("/veille/rss/", "<rss"),
        ("/api/v2/pages/", '"items"'),
    ):
        response = client.get(url)
        text = response.content.decode()
        assert response.status_code == 200 and marker in text, url
        assert_hidden(text)


def test_members_of_another_territory_see_flows_anonymised(client, network, register):
    client.force_login(network.other_facilitator)  # Moselle
    page = client.get("/flux/").content.decode()
    assert "une entreprise de la métallurgie, Ardennes fictives, 50–100 t/an" in page
    assert "Usine Mosellane" in page  # their own territory
    assert_hidden(page)
    detail = client.get(f"/flux/{register['pallets_offer'].pk}/").content.decode()
    assert_hidden(detail)
    assert "80 t par an" not in detail and "50–100 t/an" in detail
    data = client.get(f"/api/flows/{register['cardboard_offer'].pk}/matches/?radius=200").json()
    assert data["flow"]["company"] == "Usine Mosellane"
    assert len(data["matches"]) == 2  # the printer's cardboard, the sawmill's pallets
    for match in data["matches"]:
        assert match["company"] is None and match["annual_quantity"] is None
    assert_hidden(str(data))
    export = client.get("/flux/export.csv").content.decode("utf-8-sig")
    assert "Usine Mosellane" in export
    assert_hidden(export)
    assert "Scierie du Val" not in export


def test_members_of_the_territory_and_the_animator_see_identities(client, network, register):
    for user in (network.facilitator, network.animator):
        client.force_login(user)
        detail = client.get(f"/flux/{register['pallets_offer'].pk}/").content.decode()
        for secret in IDENTITY:
            assert secret in detail
        data = client.get(f"/api/flows/{register['pallets_offer'].pk}/matches/").json()
        assert data["matches"][0]["company"] == "Scierie du Val"
        assert data["matches"][0]["annual_quantity"] == 100.0
    sheet = load_workbook(io.BytesIO(client.get("/flux/export.xlsx").content)).active
    names = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {
        "Fonderie Ardennaise",
        "Scierie du Val",
        "Usine Mosellane",
        "Imprimerie Sedanaise",
    }


def test_the_matches_api_shape_and_bad_input(client, network, register):
    client.force_login(network.facilitator)
    data = client.get(f"/api/flows/{register['pallets_offer'].pk}/matches/").json()
    assert set(data) >= {"flow", "matches"}
    assert set(data["matches"][0]) >= {
        "flow_id",
        "reference",
        "territory",
        "company",
        "direction",
        "waste_code",
        "designation",
        "distance_km",
        "annual_quantity",
        "unit",
        "score",
        "reasons",
    }
    assert data["matches"][0]["reasons"][0] == "même code déchet 15 01 03"
    for query in ("radius=abc", "radius=-3", "radius=1e9", "mode=autre"):
        response = client.get(f"/api/flows/{register['pallets_offer'].pk}/matches/?{query}")
        assert response.status_code == 400 and response.json()["error"]
    assert client.get("/api/flows/999999/matches/").status_code == 404
    for query in ("", "code=99 99 99", "code=<script>", "categorie=x"):
        response = client.get(f"/api/flows/pooling/?{query}")
        assert response.status_code == 400 and response.json()["error"]


def test_introduction_request_mails_the_facilitator(client, network, register, smtp_server):
    network.ardennes.facilitator_email = "animation@ardennes.example"
    network.ardennes.save()
    client.force_login(network.other_facilitator)
    url = f"/flux/{register['pallets_offer'].pk}/mise-en-relation/"
    response = client.post(url, {"message": "Nous cherchons des palettes.", "depuis": "1"})
    assert response.status_code == 302
    ((recipients, message),) = smtp_server.messages
    assert recipients == ["animation@ardennes.example"]
    body = message.get_content()
    assert "Nous cherchons des palettes." in body and "Thomas" in body
    # the requester learns nothing: the answer page still hides the company
    assert_hidden(client.get(response["Location"], follow=True).content.decode())


def test_introduction_needs_csrf(network, register):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(network.other_facilitator)
    response = client.post(
        f"/flux/{register['pallets_offer'].pk}/mise-en-relation/", {"message": "x"}
    )
    assert response.status_code == 403
