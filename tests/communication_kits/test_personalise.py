"""The personalisation form: pre-filling, preview, errors, CSRF, bad input."""

import html
from decimal import Decimal

import pytest
from django.test import Client

from portal.axes import Axis
from portal.factories import (
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    IndicatorValueFactory,
)
from tests.communication_kits.conftest import (
    download_url,
    form_data,
    make_template,
    personalise_url,
)

pytestmark = pytest.mark.django_db


def test_template_page_shows_kit_placeholders_and_link(client, template_page):
    from communication_kits.models import CommunicationKit

    kit = CommunicationKit.objects.create(name="Lancer la démarche", slug="lancer")
    template_page.kit = kit
    template_page.save_revision().publish()
    html = client.get(template_page.url).content.decode()
    assert "Lancer la démarche" in html
    assert "Nom du territoire" in html
    assert personalise_url(template_page) in html


def test_get_prefills_from_territory(client, site_tree, template_page, territory):
    ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        territories=[territory],
        waste_tonnes_avoided=120,
        euros_saved=8500,
        year=2024,
    )
    response = client.get(personalise_url(template_page), {"territoire": territory.slug})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["v_nom_territoire"] == "Vallée de la Meuse"
    assert form.initial["v_structure_porteuse"] == "Syndicat mixte de la Vallée"
    assert form.initial["v_contact_email"] == "camille@exemple.fr"
    assert form.initial["v_dechets_evites"] == "120"
    assert form.initial["v_economies_euros"] == "8\u202f500"
    html = response.content.decode()
    assert 'value="Vallée de la Meuse"' in html
    assert 'aria-describedby="id_v_nom_territoire_helptext"' in html
    assert "Syndicat mixte de la Vallée" in html  # in the preview


def test_get_unknown_territory_is_ignored(client, template_page):
    response = client.get(personalise_url(template_page), {"territoire": "nulle-part"})
    assert response.status_code == 200


def test_post_shows_escaped_preview(client, template_page):
    payload = "<script>alert(1)</script> [x](javascript:alert(1)) {{ autre }} {% load %}"
    response = client.post(personalise_url(template_page), form_data(v_nom_zone=payload))
    assert response.status_code == 200
    preview = str(response.context["preview"])
    assert "<script" not in preview
    assert "javascript:" not in preview.replace("[x](javascript:alert(1))", "")
    assert 'href="javascript' not in preview
    shown = html.unescape(preview)  # what the browser displays
    assert "<script>alert(1)</script> [x](javascript:alert(1))" in shown
    assert "{{ autre }}" in shown and "{% load %}" in shown
    assert "{{ inconnu }}" in preview  # undeclared placeholders stay visible
    assert "<h2>Vallée de la Meuse lance sa démarche</h2>" in preview
    assert '<a href="https://reseau.exemple.fr/">' in preview


def test_missing_required_and_too_long_keep_input(client, template_page):
    data = form_data(v_nom_territoire="", v_nom_zone="z" * 81, v_structure_porteuse="   ")
    response = client.post(download_url(template_page, "docx"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Indiquez « Nom du territoire »" in html
    assert "Indiquez « Structure porteuse »" in html
    assert "ne doit pas dépasser 80 caractères" in html
    assert 'href="#id_v_nom_zone"' in html  # error summary links to the field
    assert "z" * 81 in html  # what was typed is kept
    assert 'value="contact@exemple.fr"' in html
    assert response.get("Content-Disposition") is None


def test_unknown_format_is_404(client, template_page):
    assert (
        client.post(download_url(template_page, "docx").replace("docx", "pdf")).status_code == 404
    )
    assert client.get(template_page.url + "telecharger/exe/").status_code == 404


def test_get_on_download_redirects_to_form(client, template_page):
    response = client.get(download_url(template_page, "odt"))
    assert response.status_code == 302
    assert response["Location"].endswith("/personnaliser/")


def test_template_without_body_gives_a_message(client, site_tree):
    page = make_template(
        site_tree.section(Axis.COMMUNICATION), body="   ", placeholders=[], slug="vide"
    )
    response = client.get(personalise_url(page))
    assert response.status_code == 200
    assert "n'a pas encore de texte" in response.content.decode()
    response = client.post(download_url(page, "docx"), {})
    assert response.status_code == 400
    assert "n'a pas encore de texte" in response.content.decode()


def test_csrf_is_enforced(template_page):
    client = Client(enforce_csrf_checks=True)
    assert client.post(personalise_url(template_page), form_data()).status_code == 403
    assert client.post(download_url(template_page, "docx"), form_data()).status_code == 403
    response = client.get(personalise_url(template_page))
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_members_only_template_is_protected(client, template_page):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=template_page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Membres"))
    assert client.get(personalise_url(template_page)).status_code == 302
    response = client.post(download_url(template_page, "txt"), form_data())
    assert response.status_code == 302


def test_prefilled_figures_are_the_latest_years_consolidated_values(
    client, site_tree, template_page, territory
):
    """An old experience feedback's gain is never written as today's figure: the form
    pre-fills the territory's value of the portal's latest year and says its year and
    source."""
    knowledge = site_tree.section(Axis.KNOWLEDGE)
    ExperienceFeedbackPageFactory(
        parent=knowledge, territories=[territory], year=2021, euros_saved=12000
    )
    ExperienceFeedbackPageFactory(
        parent=knowledge, territories=[territory], year=2025, waste_tonnes_avoided=40
    )
    euros = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS),
        title="Gains financiers",
        code="gains-financiers",
        unit="€",
    )
    for year, amount in ((2024, "159090"), (2025, "165160")):
        IndicatorValueFactory(
            territory=territory, indicator=euros, year=year, value=Decimal(amount)
        )
    response = client.get(personalise_url(template_page), {"territoire": territory.slug})
    form = response.context["form"]
    assert form.initial["v_economies_euros"] == "165\u202f160"
    # no validated waste indicator: the gains documented in 2025 only (not 2021's)
    assert form.initial["v_dechets_evites"] == "40"
    page = html.unescape(response.content.decode())
    assert (
        "Aide pour Économies. Pré-rempli : Gains financiers, Vallée de la Meuse, 2025 : "
        "165\u202f160 € "
        "(valeur validée par l'animation régionale)."
    ) in page
    assert (
        "Pré-rempli : Déchets évités, Vallée de la Meuse, 2025 : 40 t (gains documentés par "
        "les retours d'expérience et les synergies en fonctionnement)."
    ) in page
