"""Issue #17's journey in Debian's Chromium: a facilitator imports the demo spreadsheet and
reads the matches of an offer; the animator reads the regional pooling of a waste code;
members of another territory and anonymous visitors never see a company's identity."""

import re
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from flows.reference import ensure_reference
from portal.factories import TerritoryFactory, UserFactory
from portal.roles import MEMBERS_GROUP
from tests.browser.journeys.accounts import log_in
from tests.support.members import build_network

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]

DEMO_FILE = settings.BASE_DIR / "demo" / "flux-demo.csv"
COMPANY = "Bonneterie Champenoise"


@pytest.fixture
def people(transactional_db):
    ensure_reference()
    network = build_network()
    aube = TerritoryFactory(
        name="Écopôle de la Seine auboise (démo)",
        slug="ecopole-seine-auboise",
        latitude=48.297,
        longitude=4.074,
    )
    facilitator = UserFactory(username="lea-aube", territory=aube)
    facilitator.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    return network, facilitator


def test_import_match_pooling_and_privacy(page, open_page, people, screenshot):
    network, facilitator = people
    log_in(page, facilitator.username, next_url="/flux/import/")
    page.get_by_label("Fichier de flux").set_input_files(str(DEMO_FILE))
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("status")).to_contain_text("8 flux créés")
    screenshot(page, "imported")

    page.goto("/flux/?territoire=ecopole-seine-auboise&sens=offre")
    page.get_by_role("link", name="Cartons d'emballage des bobines").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cartons d'emballage")
    matches = page.locator("#correspondances-titre + ol")
    expect(matches).to_contain_text("Imprimerie Troyenne")
    expect(matches).to_contain_text(
        re.compile(r"désignation proche \(cartons?\) · (moins de 1|\d+) km")
    )
    screenshot(page, "matches")
    offer_url = page.url

    animator = open_page()
    log_in(animator, network.animator.username, next_url="/flux/mutualisation/")
    animator.get_by_label("Code déchet").fill("15.01.01")
    animator.get_by_role("button", name="Afficher").click()
    expect(animator.locator("table.pooling-totals")).to_contain_text("offre")
    expect(animator.locator("table.pooling-territories")).to_contain_text("Seine auboise")
    expect(
        animator.get_by_role("heading", name="Ouvrir une opportunité de mutualisation")
    ).to_be_visible()
    screenshot(animator, "pooling")

    other = open_page()
    log_in(other, network.facilitator.username, next_url=urlparse(offer_url).path)
    expect(other.get_by_role("heading", level=1)).to_contain_text("Cartons")
    expect(other.locator("main")).not_to_contain_text(COMPANY)
    expect(other.locator("main")).to_contain_text("une entreprise du textile")
    expect(other.get_by_role("button", name="Envoyer la demande").first).to_be_visible()
    screenshot(other, "anonymised")

    visitor = open_page()
    visitor.goto("/flux/")
    expect(visitor.locator("main")).to_contain_text("Totaux régionaux")
    expect(visitor.locator("main")).not_to_contain_text(COMPANY)
    visitor.goto("/flux/mutualisation/?code=150101")
    expect(visitor.locator("main")).not_to_contain_text(COMPANY)
    expect(visitor.locator(".flows-map")).to_have_count(0)
