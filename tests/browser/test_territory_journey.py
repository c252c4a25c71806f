"""Journey: an elected official finds the programme of their area and its results, from
the home page map to the programme's page and its figures on the dashboard; axe-core finds
nothing serious on the new pages, and the map works with the keyboard alone."""

import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from capitalisation.models import IndicatorValue
from portal.axes import Axis
from portal.factories import (
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    TerritoryFactory,
)
from tests.browser.test_accessibility import BLOCKING_IMPACTS, axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]


@pytest.fixture
def network(site_tree):
    meuse = TerritoryFactory(
        name="Meuse Ressources Partagées",
        slug="meuse-ressources",
        lead_structure="Chambre des entreprises meusiennes",
        departments="Meuse (55)",
        year_started=2018,
        facilitator_name="Antoine Perrin",
        facilitator_email="antoine.perrin@exemple.fr",
        latitude=Decimal("48.772"),
        longitude=Decimal("5.160"),
        presentation="Un réseau d'échanges de **palettes** entre sites voisins.",
    )
    TerritoryFactory(
        name="Port rhénan",
        slug="port-rhenan",
        latitude=Decimal("48.573"),
        longitude=Decimal("7.792"),
    )
    TerritoryFactory(name="Démarche sans position", slug="sans-position")
    waste = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS),
        title="Déchets évités",
        code="dechets-evites",
        unit="t",
    )
    last = timezone.localdate().year - 1
    for year, amount in ((last - 3, "200"), (last, "320")):
        IndicatorValue(
            territory=meuse, indicator=waste, year=year, value=Decimal(amount), validated=True
        ).save()
    ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        territories=[meuse],
        title="Des palettes qui changent de main",
        status="en_cours",
    )
    return {"meuse": meuse, "year": last}


def test_elected_official_finds_their_programme_and_its_results(page, network, screenshot):
    page.goto("/")
    expect(page.locator("h2", has_text="Le réseau en chiffres")).to_be_visible()
    screenshot(page, "accueil")

    # The map is operable with the keyboard: the marker of the Meuse is a link.
    marker = page.locator("a.network-map__marker[href='/territoires/meuse-ressources/']")
    assert marker.evaluate("link => link.tabIndex") == 0, "in the Tab order"
    marker.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        "/territoires/meuse-ressources/"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/territoires/meuse-ressources/")

    expect(page.locator("h1")).to_have_text("Meuse Ressources Partagées")
    main = page.locator("main")
    expect(main).to_contain_text("Chambre des entreprises meusiennes")
    expect(main).to_contain_text("antoine.perrin@exemple.fr")
    expect(main).to_contain_text(f"Chiffres clés {network['year']}")
    expect(main).to_contain_text("+60 % depuis")
    expect(main).to_contain_text("Des palettes qui changent de main")
    screenshot(page, "page-de-la-demarche")

    page.get_by_role("link", name="Tous les indicateurs de la démarche").click()
    page.wait_for_url("**/indicateurs/tableau-de-bord/?territory=meuse-ressources")
    expect(page.locator("#chiffres-titre")).to_contain_text("Meuse Ressources Partagées")
    expect(page.locator("#chiffres-cles")).to_contain_text("320")
    screenshot(page, "tableau-de-bord-filtre")

    # The list equivalent of the map reaches the programmes too, the unplaced one included.
    page.goto("/territoires/")
    listing = page.get_by_role("list", name="Liste des démarches du réseau")
    expect(listing.get_by_role("link")).to_have_count(3)
    listing.get_by_role("link", name="Démarche sans position").click()
    expect(page.locator("main")).to_contain_text("pas de valeur validée")


def test_new_pages_have_no_serious_axe_violation(page, network):
    axe = Axe()
    found = []
    for url in (
        "/",
        "/territoires/",
        "/territoires/meuse-ressources/",
        "/territoires/sans-position/",
        "/indicateurs/tableau-de-bord/",
        "/indicateurs/tableau-de-bord/?territory=meuse-ressources",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("main#contenu h1").count() == 1, url
        found += axe_violations(page, axe, url)
    problems = [line for impact, line in found if impact in BLOCKING_IMPACTS]
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


def test_dashboard_fits_in_a_few_screens(page, network):
    page.goto("/indicateurs/tableau-de-bord/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4 * 900, f"{height} px"


def test_territory_page_and_dashboard_print_on_a4(page, network):
    page.goto("/territoires/meuse-ressources/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".figure-tiles")).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 3, pages

    page.emulate_media(media="screen")
    page.goto("/indicateurs/tableau-de-bord/?territory=meuse-ressources")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".dashboard-exports")).to_be_hidden()
    expect(page.locator(".indicator-trend").first).to_be_visible()
