import datetime
from decimal import Decimal

import pytest
from wagtail.models import WorkflowState

from capitalisation.dashboard import build_dashboard, load_gain_rows
from capitalisation.models import ExperienceFeedbackPage
from flows.models import Synergy, SynergyStage
from flows.sections import territory_section
from portal.axes import Axis
from portal.factories import ExperienceFeedbackPageFactory
from portal.permissions_setup import ensure_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def synergy(register, network):
    synergy = Synergy.objects.create(
        title="Palettes de la fonderie pour la scierie",
        territory=network.ardennes,
        synergy_type="substitution",
        estimated_waste_tonnes_avoided=Decimal(90),
    )
    synergy.establishments.set([register["foundry"], register["sawmill"], register["plant"]])
    synergy.flows.set([register["pallets_offer"], register["pallets_need"]])
    return synergy


def synergy_rows(rows, synergy):
    return [
        r for r in rows if isinstance(r["pk"], tuple) and r["pk"][:2] == ("synergy", synergy.pk)
    ]


def run(synergy):
    synergy.stage = SynergyStage.RUNNING
    synergy.started_on = datetime.date(2025, 3, 1)
    synergy.measured_waste_tonnes_avoided = Decimal(80)
    synergy.measured_euros_saved = Decimal(3000)
    synergy.save()


def test_only_running_synergies_with_measured_gains_reach_the_dashboard(synergy, network):
    assert synergy_rows(load_gain_rows(), synergy) == []
    run(synergy)
    rows = synergy_rows(load_gain_rows(), synergy)
    assert {r["territories"] for r in rows} == {network.ardennes.pk, network.moselle.pk}
    assert rows[0]["waste_tonnes_avoided"] == Decimal(80) and rows[0]["year"] == 2025
    (own,) = [r for r in load_gain_rows(network.moselle) if r["pk"][0] == "synergy"]
    assert own["territories"] == network.moselle.pk


def test_running_synergy_gains_show_once_in_the_regional_dashboard(synergy, network):
    run(synergy)
    dashboard = build_dashboard(None, [network.ardennes, network.moselle])
    assert dashboard.years == [2025]


def test_a_synergy_told_by_a_live_public_feedback_page_is_not_counted_twice(
    synergy, site_tree, network
):
    run(synergy)
    page = ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE), territories=[network.ardennes], year=2025
    )
    synergy.experience_feedback = page
    synergy.save()
    assert synergy_rows(load_gain_rows(), synergy) == []
    page.unpublish()  # a withdrawn page no longer tells it: the synergy counts again
    assert synergy_rows(load_gain_rows(), synergy)


def test_idea_to_running_then_one_click_drafts_the_feedback_into_review(
    client, synergy, site_tree, network, smtp_server
):
    ensure_roles()
    client.force_login(network.facilitator)
    url = f"/flux/synergies/{synergy.pk}/"
    page = client.get(url).content.decode()
    assert "Idée" in page and "Rédiger le retour d'expérience" not in page
    # another territory's member sees the parties anonymised and cannot change anything
    client.force_login(network.other_facilitator)
    other = client.get(url).content.decode()
    assert "Fonderie Ardennaise" not in other and "Usine Mosellane" in other
    assert client.post(url, {"stage": "en_fonctionnement"}).status_code == 403
    client.force_login(network.facilitator)
    client.post(url, {"stage": "en_fonctionnement", "started_on": "2025-03-01"})
    impact = {
        "year": "2025",
        "nature": "mesure",
        "recorded_on": "2025-12-01",
        "source": "Pesées de la scierie",
        "confidence": "forte",
        "waste_tonnes_avoided": "80",
        "euros_saved": "-5",
    }
    response = client.post(f"{url}impact/", impact)
    assert response.status_code == 200 and "négative" in response.content.decode()
    client.post(f"{url}impact/", {**impact, "euros_saved": ""})
    synergy.refresh_from_db()
    assert synergy.stage == SynergyStage.RUNNING
    assert "Rédiger le retour d'expérience" in client.get(url).content.decode()
    client.post(f"{url}retour-experience/")
    synergy.refresh_from_db()
    draft = ExperienceFeedbackPage.objects.get(pk=synergy.experience_feedback_id)
    assert not draft.live and draft.owner == network.facilitator
    assert draft.waste_tonnes_avoided == Decimal(80) and draft.year == 2025
    assert draft.synergy_type == "substitution" and draft.flows == ["dechets"]
    assert "Scierie du Val" in draft.partner_companies
    assert set(draft.territories.values_list("pk", flat=True)) == {
        network.ardennes.pk,
        network.moselle.pk,
    }
    assert WorkflowState.objects.filter(object_id=str(draft.pk), status="in_progress").exists()
    # a draft does not tell the synergy: its gains still count, once
    assert synergy_rows(load_gain_rows(), synergy)


def test_territory_section_shows_aggregates_only(register, network):
    section = territory_section(network.ardennes)
    assert section["context"]["offers"] == 1 and section["context"]["needs"] == 2
    from django.template.loader import render_to_string

    html = render_to_string(section["template"], {"section": section["context"]})
    assert "Fonderie" not in html and "Scierie" not in html and "Palettes" not in html
    assert "<caption id=" in html
    assert (
        territory_section(
            network.moselle.__class__.objects.create(name="Vide", slug="vide", lead_structure="x")
        )
        is None
    )
