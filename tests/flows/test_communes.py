"""Communes written as people write them: the one resolver, the import and the admin form."""

import re

import pytest
from django.core.exceptions import ValidationError

from flows.importing import import_flows
from flows.models import Commune, Establishment
from flows.reference import resolve_commune
from tests.flows.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "La Chapelle-Saint-Luc",
        "la chapelle saint luc",
        "LA CHAPELLE-ST-LUC",
        "Chapelle-Saint-Luc (La)",
        "Chapelle Saint Luc",
        "  la   Chapelle-Saint-Luc ",
        "10081",
        "10600 La Chapelle-Saint-Luc",
        "La Chapelle-Saint-Luc (10600)",
        "La Chapelle-Saint-Luc (10)",
    ],
)
def test_la_chapelle_saint_luc_as_people_write_it(text):
    assert resolve_commune(text).insee_code == "10081"


@pytest.mark.parametrize(
    ("text", "insee"),
    [
        ("St-Dizier", "52448"),
        ("Saint Dizier", "52448"),
        ("saint-dizier", "52448"),
        ("L'Hôpital", "57336"),
        ("l’hopital", "57336"),
        ("Hôpital (L')", "57336"),
        ("L HOPITAL", "57336"),
        ("Charleville Mezieres", "08105"),
        ("8105", "08105"),  # a spreadsheet dropped the leading zero
        ("57000", "57463"),  # one of Metz's postal codes
    ],
)
def test_accents_hyphens_case_articles_and_codes(text, insee):
    assert resolve_commune(text).insee_code == insee


def test_a_merged_commune_answers_the_commune_it_belongs_to():
    merged = Commune.objects.get(insee_code="08042")  # Balaives-et-Butz, now 08173
    assert merged.current_insee_code == "08173"
    assert resolve_commune("Balaives-et-Butz").insee_code == "08173"
    assert resolve_commune("08042").insee_code == "08173"


def test_a_postal_code_shared_by_several_communes_lists_them_in_french():
    with pytest.raises(ValidationError) as caught:
        resolve_commune("51800")
    message = caught.value.messages[0]
    assert message.startswith("Plusieurs communes répondent à « 51800 »")
    assert "Sainte-Menehould (51800, INSEE 51507)" in message
    assert re.search(r"et \d+ autres\.", message)
    assert caught.value.code == "commune_ambiguous"
    assert len(caught.value.params["candidates"]) > 12


def test_a_code_both_insee_and_postal_names_both_communes():
    with pytest.raises(ValidationError) as caught:
        resolve_commune("51100")  # La Caure's INSEE code, Reims' postal code
    assert "La Caure (51270, INSEE 51100)" in caught.value.messages[0]
    assert "Reims (51100, INSEE 51454)" in caught.value.messages[0]
    assert resolve_commune("Reims 51100").insee_code == "51454"


def test_a_name_shared_by_several_communes_lists_their_postal_codes():
    with pytest.raises(ValidationError) as caught:
        resolve_commune("Attigny")
    message = caught.value.messages[0]
    assert "Attigny (08130, INSEE 08025)" in message
    assert "Attigny (88260, INSEE 88016)" in message
    assert "code postal" in message
    assert resolve_commune("Attigny 88260").insee_code == "88016"
    assert resolve_commune("Attigny (08)").insee_code == "08025"


def test_an_unknown_commune_is_a_french_error():
    with pytest.raises(ValidationError, match="introuvable en Grand Est"):
        resolve_commune("Atlantis")
    with pytest.raises(ValidationError, match="Aucune commune du Grand Est"):
        resolve_commune("75001")
    with pytest.raises(ValidationError, match="Indiquez une commune"):
        resolve_commune("  ")
    with pytest.raises(ValidationError, match="introuvable"):
        resolve_commune("Sed\x00an")  # a NUL byte never reaches PostgreSQL
    with pytest.raises(ValidationError, match="trop long"):
        resolve_commune("x" * 10_000)
    assert resolve_commune("Sedan\t(08)").insee_code == "08409"


def test_a_commune_shows_its_name_and_postal_code():
    assert str(Commune.objects.get(insee_code="10081")) == "La Chapelle-Saint-Luc (10600)"


def test_the_import_resolves_communes_as_people_write_them(network):
    data = csv_bytes(
        row(reference="AR-001", entreprise="A", commune="la chapelle saint luc"),
        row(reference="AR-002", entreprise="B", commune="St-Dizier"),
        row(reference="AR-003", entreprise="C", commune="Chapelle-Saint-Luc (La)"),
    )
    report = import_flows("flux.csv", data)
    assert report.ok, report.error_lines()
    communes = dict(Establishment.objects.values_list("name", "commune__insee_code"))
    assert communes == {"A": "10081", "B": "52448", "C": "10081"}


def test_the_import_lists_the_candidates_of_an_ambiguous_commune(network):
    report = import_flows("flux.csv", csv_bytes(row(commune="Attigny")))
    assert not report.ok
    (line,) = report.error_lines()
    assert line.startswith("Ligne 2, colonne « commune » : Plusieurs communes répondent")
    assert "Attigny (88260, INSEE 88016)" in line


def test_the_admin_form_takes_a_commune_as_written_and_round_trips(client, network):
    client.force_login(network.facilitator)
    form = client.get("/admin/flux-etablissements/new/").content.decode()
    assert 'name="commune"' in form and "<select" not in form.split('name="commune"')[0][-300:]
    data = {
        "territory": network.ardennes.pk,
        "name": "Scierie",
        "siret": "",
        "naf_code": "",
        "commune": "la chapelle saint luc",
        "latitude": "",
        "longitude": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
    }
    response = client.post("/admin/flux-etablissements/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    site = Establishment.objects.get(name="Scierie")
    assert site.commune.insee_code == "10081"
    edit = client.get(f"/admin/flux-etablissements/edit/{site.pk}/").content.decode()
    assert 'value="La Chapelle-Saint-Luc (10600)"' in edit
    data.update(commune="La Chapelle-Saint-Luc (10600)")
    data.update(latitude=str(site.latitude), longitude=str(site.longitude))
    response = client.post(f"/admin/flux-etablissements/edit/{site.pk}/", data)
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.commune.insee_code == "10081"
    data.update(commune="Attigny")
    response = client.post(f"/admin/flux-etablissements/edit/{site.pk}/", data)
    assert response.status_code == 200
    assert "Plusieurs communes répondent à « Attigny »" in response.content.decode()


def test_a_flow_shows_its_sites_commune_to_those_who_see_identities(client, network, register):
    url = f"/flux/{register['pallets_offer'].pk}/"
    client.force_login(network.facilitator)
    html = client.get(url).content.decode()
    assert "<dt>Commune</dt><dd>Charleville-Mézières (08000) – CA Ardenne Métropole</dd>" in html
    client.force_login(network.other_facilitator)
    assert "Charleville-Mézières" not in client.get(url).content.decode()
