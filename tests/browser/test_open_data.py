"""`/donnees/` as a person sees it: reached from the flows' menu (and the footer),
readable at 1280 px and 375 px (no sideways scroll: the wide tables scroll in their own
box), no console error."""

import pytest

from flows.reference import ensure_reference
from tests.browser.test_responsive import horizontal_overflow
from tests.flows.conftest import network  # noqa: F401 - fixture
from tests.flows.test_open_data import open_register  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]


@pytest.fixture
def reference(transactional_db):
    ensure_reference()


def test_open_data_page_in_chromium(reference, open_register, page, mobile_page, screenshot):  # noqa: F811
    errors = []
    for shown in (page, mobile_page):
        shown.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        shown.on("pageerror", lambda e: errors.append(str(e)))
    for shown, width in ((page, 1280), (mobile_page, 375)):
        shown.goto("/flux/mutualisation/")
        assert shown.locator("footer a", has_text="Données ouvertes").count() == 1
        shown.locator("nav.flows-nav a", has_text="Données ouvertes").click()
        shown.wait_for_url("**/donnees/")
        assert shown.locator("h1").inner_text().startswith("Données ouvertes")
        assert shown.locator("table.open-data-table").count() == 2
        assert shown.locator("text=Licence Ouverte / Open Licence version 2.0").count() == 1
        screenshot(shown, f"donnees-{width}")
        scroll_width, viewport, offenders = horizontal_overflow(shown)
        assert scroll_width <= viewport, f"{scroll_width} px > {viewport} px: {offenders}"
        assert errors == []
        shown.select_option("#d-annee", "2024")
        shown.locator("form.flows-filters button").click()
        shown.wait_for_url("**annee=2024")
        assert (
            "en 2024" in shown.locator("main h2").first.inner_text()
            or shown.locator("h2", has_text="2024").count()
        )
