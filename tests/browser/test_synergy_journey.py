"""Issue #27's journey in Debian's Chromium: a facilitator takes a pair of flows from the
register to a synergy, writes each company's business case, follows it to "en
fonctionnement" with its measured impact and finds it in the year's regional report; the
page works at 375 px too."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from flows.models import Synergy
from flows.reference import ensure_reference
from tests.browser.journeys.accounts import log_in
from tests.flows.conftest import make_establishment, make_flow
from tests.support.members import build_network

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]


@pytest.fixture
def pair(transactional_db):
    ensure_reference()
    network = build_network()
    foundry = make_establishment(network.ardennes, "Fonderie Ardennaise")
    sawmill = make_establishment(network.ardennes, "Scierie du Val")
    offer = make_flow(foundry, "A-1", "offre", "Palettes bois", code="15 01 03", quantity=80)
    make_flow(sawmill, "A-2", "besoin", "Palettes", code="15 01 03")
    return network, offer


def test_from_a_pair_of_flows_to_the_yearly_report(page, pair, screenshot):
    network, offer = pair
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, network.facilitator.username, next_url=f"/flux/{offer.pk}/")
    page.get_by_role("link", name=re.compile("Créer une synergie avec ce flux")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer une synergie")
    expect(page.get_by_label("Intitulé")).to_have_value("Palettes bois")
    page.get_by_label("Intitulé").fill("Palettes de la fonderie pour la scierie")
    screenshot(page, "create")
    page.get_by_role("button", name="Créer la synergie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Palettes de la fonderie pour la scierie"
    )
    expect(page.locator("main")).to_contain_text("étape : Idée")
    synergy = Synergy.objects.get()
    assert synergy.flows.count() == 2 and synergy.establishments.count() == 2

    page.get_by_role("link", name="Établir l'analyse de Fonderie Ardennaise").click()
    page.get_by_label("prix unitaire actuel (€)").fill("-95")
    page.get_by_role("button", name="Enregistrer l'analyse").click()
    expect(page.get_by_role("alert")).to_contain_text("ne peut pas être négatif")
    page.get_by_label("prix unitaire actuel (€)").fill("95")
    page.get_by_label("taxes actuelles (€/an)").fill("2400")
    page.get_by_label("investissement (€)").fill("3000")
    page.get_by_role("button", name="Enregistrer l'analyse").click()
    expect(page.locator("main")).to_contain_text("retour sur investissement")
    expect(page.locator("table.business-case")).to_contain_text("Total des coûts")
    screenshot(page, "business-case")
    page.get_by_role("link", name="Fiche synergie (A4, DOCX, ODT)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fiche synergie")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))
    assert pages == 1, f"the fiche prints on {pages} A4 pages"
    page.go_back()

    page.get_by_role("combobox", name=re.compile("^Étape")).select_option(label="À l'étude")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("main")).to_contain_text("étape : À l'étude")
    page.get_by_role("combobox", name=re.compile("^Étape")).select_option(label="En fonctionnement")
    page.get_by_label("mise en œuvre le").fill(f"{timezone.localdate().year}-01-15")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("main")).to_contain_text("étape : En fonctionnement")
    # the date round-trips: saved again unchanged, nothing changes
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    synergy.refresh_from_db()
    assert synergy.started_on == datetime.date(timezone.localdate().year, 1, 15)

    year = timezone.localdate().year
    page.get_by_role("link", name="Ajouter un bilan d'impact annuel").click()
    page.get_by_label("année").fill(str(year))
    page.get_by_label("nature").select_option(label="Mesuré")
    page.get_by_label("source").fill("Pesées de la scierie")
    page.get_by_label("déchets évités (t)").fill("72.5")
    page.get_by_label("économies (€)").fill("4500")
    page.get_by_role("button", name="Enregistrer le bilan").click()
    expect(page.locator("#impact-tableau")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Pesées de la scierie")

    page.goto(f"/indicateurs/bilan/{year}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Bilan {year}")
    impact = page.locator("#bilan-impact").locator("xpath=..")
    expect(impact).to_contain_text("72,5")
    expect(page.locator("main")).not_to_contain_text("Palettes de la fonderie")  # region: totals
    page.goto(f"/territoires/ardennes-fictives/bilan/{year}/")
    expect(page.locator("main")).to_contain_text("Palettes de la fonderie pour la scierie")
    screenshot(page, "report")
    page.set_viewport_size({"width": 375, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 375, f"the report scrolls sideways at 375 px ({overflow} px)"
    page.goto(f"/flux/synergies/{synergy.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "synergy-375")
    assert not errors, errors
