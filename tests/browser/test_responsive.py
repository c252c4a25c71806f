"""At a 375 px wide viewport (a small phone) the pages never scroll sideways and the
main navigation stays usable."""

import pytest

from portal.factories import MethodologySheetPageFactory, TerritoryFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]

LONG_WORD = "https://www.grandest.fr/vos-aides-regionales/economie-circulaire-et-ressources/"


def horizontal_overflow(page):
    """(document width, viewport width, widest offenders) of the current page."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const offenders = [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > width + 0.5)
                .slice(0, 5)
                .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
            return [document.documentElement.scrollWidth, width, offenders];
        }"""
    )


def test_no_horizontal_scroll_and_usable_navigation_at_375px(mobile_page, site_tree, screenshot):
    page = mobile_page
    territory = TerritoryFactory(name="Communauté d'agglomération de Chaumont et du Bassin")
    sheet = MethodologySheetPageFactory(
        parent=site_tree.section("savoirs"),
        title="Cartographier les flux de matières et d'énergie d'une zone d'activités",
        summary=f"Les étapes d'une cartographie des flux, avec les sources ({LONG_WORD}).",
        territories=[territory],
        tags=["cartographie", "flux", "diagnostic-territorial-approfondi"],
        body=[
            ("markdown", f"## Pour aller plus loin\n\nVoir {LONG_WORD} et le guide de l'ADEME."),
            (
                "key_figures",
                [{"value": "1250", "unit": "t", "label": "de déchets évités par an"}],
            ),
        ],
    )
    for name, url in [("home", "/"), ("sheet", sheet.url), ("search", "/recherche/?q=flux")]:
        page.goto(url)
        screenshot(page, name)
        scroll_width, viewport, offenders = horizontal_overflow(page)
        assert scroll_width <= viewport, f"{url}: {scroll_width} px > {viewport} px: {offenders}"

    # The search page shows the result, and its form fits.
    assert page.locator(".search-result").count() == 1

    # Every entry of the main navigation is on screen, big enough to touch, and works.
    page.goto("/")
    links = page.locator(".main-nav a")
    # The six axis sections, the territories, flows and synergies (issue #24, 3).
    assert links.count() == 8
    assert links.nth(7).get_attribute("href") == "/flux/"
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, links.nth(index).inner_text()
        assert box["height"] >= 24, "a touch target of at least 24 px (WCAG 2.2, 2.5.8)"
    links.nth(0).tap()
    page.wait_for_url("**/savoirs/")
    assert page.locator("h1").inner_text() == site_tree.section("savoirs").title

    # The search field in the header is reachable and usable.
    page.fill("#site-search-q", "flux")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/recherche/?q=flux")
    assert page.locator(".search-result").count() == 1


def test_a_methodology_sheet_prints_black_on_white_without_the_site_chrome(page, site_tree):
    sheet = MethodologySheetPageFactory(
        parent=site_tree.section("savoirs"),
        title="Animer un atelier de synergies",
        body=[("markdown", "Le [guide de l'ADEME](https://librairie.ademe.fr/guide-eit) aide.")],
    )
    page.goto(sheet.url)
    page.emulate_media(media="print")
    for chrome in (".main-nav", ".search-form", ".site-footer", ".breadcrumbs", ".skip-link"):
        assert page.locator(chrome).is_hidden(), chrome
    external = page.locator("main a[href^='https://librairie.ademe.fr']")
    after = external.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert "https://librairie.ademe.fr/guide-eit" in after
    internal = page.locator("main .chip, main a[href^='/']").first
    assert internal.evaluate("(a) => getComputedStyle(a, '::after').content") in {"none", "normal"}
    step = page.locator(".step").first
    assert step.evaluate("(el) => getComputedStyle(el).breakInside") == "avoid"
    colours = page.evaluate(
        """() => [...document.querySelectorAll("main *")].map((el) => {
            const style = getComputedStyle(el);
            return [style.color, style.backgroundColor];
        })"""
    )
    assert {colour for colour, _ in colours} == {"rgb(0, 0, 0)"}
    assert {background for _, background in colours} == {"rgba(0, 0, 0, 0)"}


def test_every_field_of_the_sign_in_form_spans_the_column_at_375px(mobile_page, screenshot):
    """The password field was left at the browser's default width (the portal's styles
    named text, e-mail, URL, number and date inputs only)."""
    page = mobile_page
    page.goto("/membres/connexion/")
    screenshot(page, "sign-in")
    username = page.get_by_label("Nom d’utilisateur").bounding_box()
    password = page.get_by_label("Mot de passe").bounding_box()
    assert password["width"] == pytest.approx(username["width"], abs=1)
    assert username["width"] > 300
