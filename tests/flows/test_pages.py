"""The upload page, the template, the pooling pages and the admin of the register."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from flows.models import Flow, PoolingOpportunity
from flows.spreadsheet import HEADERS
from tests.flows.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db


def test_template_download_has_the_contract_headers(client):
    response = client.get("/flux/modele.csv")
    assert response["Content-Disposition"].endswith('modele-flux.csv"')
    first = response.content.decode("utf-8-sig").splitlines()[0]
    assert first.split(";") == list(HEADERS)
    assert client.get("/flux/modele.xlsx").status_code == 200
    assert client.get("/flux/modele.pdf").status_code == 404


def test_upload_page_imports_for_the_facilitator_only(client, network):
    assert client.get("/flux/import/").status_code == 302
    client.force_login(network.outsider)
    assert client.get("/flux/import/").status_code == 403
    client.force_login(network.facilitator)
    bad = SimpleUploadedFile("flux.csv", csv_bytes(row(), row(reference="B", unite="brouette")))
    page = client.post("/flux/import/", {"file": bad}).content.decode()
    assert "Rien n'a été importé" in page and "Ligne 3, colonne « unite »" in page
    assert Flow.objects.count() == 0
    other = SimpleUploadedFile("flux.csv", csv_bytes(row(territoire="moselle-fictive")))
    assert "votre territoire" in client.post("/flux/import/", {"file": other}).content.decode()
    good = SimpleUploadedFile("flux.csv", csv_bytes(row(), row(reference="B")))
    page = client.post("/flux/import/", {"file": good}).content.decode()
    assert "Import réussi" in page and Flow.objects.count() == 2


def test_upload_page_refuses_big_files(client, network, settings):
    settings.FLOWS_IMPORT_MAX_BYTES = 1024
    client.force_login(network.animator)
    big = SimpleUploadedFile("flux.csv", csv_bytes(*[row(reference=f"R{i}") for i in range(40)]))
    page = client.post("/flux/import/", {"file": big}).content.decode()
    assert "trop volumineux" in page and Flow.objects.count() == 0


def test_pooling_page_and_the_animator_opens_an_opportunity(client, network, register):
    client.force_login(network.facilitator)
    page = client.get("/flux/mutualisation/?code=15.01.03").content.decode()
    assert "Par territoire" in page and "<svg" in page and "IGN" in page
    assert "Ouvrir une opportunité" not in page
    assert client.post("/flux/mutualisation/ouvrir/", {"title": "x"}).status_code == 403
    assert client.get("/flux/mutualisation/?code=99").status_code == 400
    client.force_login(network.animator)
    page = client.get("/flux/mutualisation/?code=150103").content.decode()
    assert "Ouvrir une opportunité" in page
    response = client.post(
        "/flux/mutualisation/ouvrir/",
        {
            "code": "15 01 03",
            "title": "Palettes du Grand Est",
            "invited_territories": [network.ardennes.pk],
            "notes": "",
        },
    )
    opportunity = PoolingOpportunity.objects.get()
    assert response["Location"] == f"/flux/mutualisation/{opportunity.pk}/"
    assert opportunity.waste_code.code == "15 01 03" and opportunity.opened_by == network.animator
    client.post(
        response["Location"],
        {"status": "en_cours", "invited_territories": [network.ardennes.pk], "notes": "Appel"},
    )
    opportunity.refresh_from_db()
    assert opportunity.status == "en_cours"
    client.force_login(network.facilitator)  # invited territory: follows it, read only
    assert client.get(response["Location"]).status_code == 200
    assert client.post(response["Location"], {"status": "aboutie"}).status_code == 403
    client.force_login(network.other_facilitator)  # not invited
    assert client.get(response["Location"]).status_code == 403


def test_admin_scopes_flows_to_the_facilitator_territory(client, network, register):
    client.force_login(network.facilitator)
    listing = client.get("/admin/flux/").content.decode()
    assert "Palettes bois" in listing
    assert f"/admin/flux/edit/{register['cardboard_offer'].pk}/" not in listing
    assert client.get(f"/admin/flux/edit/{register['cardboard_offer'].pk}/").status_code in (
        302,
        403,
        404,
    )
    assert client.get(f"/admin/flux/edit/{register['pallets_offer'].pk}/").status_code == 200
    client.force_login(network.animator)
    listing = client.get("/admin/flux/").content.decode()
    assert f"/admin/flux/edit/{register['cardboard_offer'].pk}/" in listing


def test_flows_to_confirm_are_listed_for_their_facilitator(client, network, register):
    import datetime

    stale = register["pallets_need"]
    stale.confirmed_on = datetime.date.today() - datetime.timedelta(days=400)
    stale.save()
    plant_flow = register["cardboard_offer"]
    plant_flow.confirmed_on = None
    plant_flow.save()
    client.force_login(network.facilitator)
    page = client.get("/flux/a-confirmer/").content.decode()
    assert "Scierie du Val" in page and "Usine Mosellane" not in page
    assert "à confirmer" in client.get("/flux/").content.decode()
    client.force_login(network.animator)
    assert "Usine Mosellane" in client.get("/flux/a-confirmer/").content.decode()


def test_list_filters_are_read_by_forms_and_bad_values_are_a_french_400(client, network, register):
    client.force_login(network.animator)
    page = client.get("/flux/", {"sens": "offre", "territoire": network.ardennes.slug})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Palettes bois" in html and "palette</a>" not in html  # the need is filtered out
    assert "Carton" not in html  # Moselle's offer too
    bad = client.get("/flux/", {"sens": "donne", "territoire": "atlantide"})
    html = bad.content.decode()
    assert bad.status_code == 400
    assert "Sélectionnez un choix valide" in html and "Palettes bois" not in html
    synergies = client.get("/flux/synergies/", {"etape": "fini"})
    assert synergies.status_code == 400
    assert "Sélectionnez un choix valide" in synergies.content.decode()
    assert client.get("/flux/synergies/", {"etape": "idee"}).status_code == 200
