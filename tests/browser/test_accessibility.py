"""Accessibility in Chromium: the keyboard alone reaches and operates everything (skip
link, visible focus, the suggestions combobox), and form errors are tied to their fields.
axe-core on one page of every public type of the demo: tests/browser/seen/."""

import pytest

from portal.factories import MethodologySheetPageFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]

BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page, axe, label):
    """[(impact, "page: rule (impact) on targets — help")] of the current page."""
    results = axe.run(page)
    return [
        (
            violation["impact"],
            f"{label}: {violation['id']} ({violation['impact']}) on "
            + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            + f" — {violation['help']}",
        )
        for violation in results.response["violations"]
    ]


def test_skip_link_first_then_main_and_focus_is_visible(page, site_tree):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("class") == "skip-link"
    assert skip.inner_text() == "Aller au contenu"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is on screen"
    assert focus_indicator(page) != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"

    # Every later Tab stop shows where the focus is.
    page.goto("/")
    for _ in range(6):
        page.keyboard.press("Tab")
        tag = page.evaluate("document.activeElement.tagName")
        assert tag in {"A", "INPUT", "BUTTON", "SELECT", "SUMMARY"}, tag
        assert focus_indicator(page) != "none", page.evaluate("document.activeElement.outerHTML")


def focus_indicator(page):
    """The focused element's outline, or its box-shadow; "none" when there is neither."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
                return style.outlineStyle + " " + style.outlineWidth;
            }
            return style.boxShadow;
        }"""
    )


def test_suggestions_combobox_works_with_the_keyboard(page, site_tree):
    savoirs = site_tree.section("savoirs")
    for title in ("Chaleur fatale d'une fonderie", "Chaleur des serres", "Chaleur et réseaux"):
        MethodologySheetPageFactory(parent=savoirs, title=title)
    page.goto("/recherche/")
    field = page.locator("#search-q")
    assert field.get_attribute("role") == "combobox"
    listbox = page.locator("#search-q-suggestions")
    assert listbox.get_attribute("role") == "listbox"
    assert field.get_attribute("aria-controls") == "search-q-suggestions"

    field.focus()
    page.keyboard.type("chal")
    options = listbox.locator("[role=option]")
    options.first.wait_for()
    assert options.count() == 3
    assert field.get_attribute("aria-expanded") == "true"
    assert "3 suggestions" in page.locator("#search-q-status").inner_text()

    page.keyboard.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")  # wraps to the last one
    assert field.get_attribute("aria-activedescendant") == options.nth(2).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "false"

    page.keyboard.press("Escape")
    assert listbox.is_hidden()
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-activedescendant") is None
    assert page.evaluate("document.activeElement.id") == "search-q"
    assert field.input_value() == "chal", "Escape with the list open keeps the text"
    page.keyboard.press("Escape")
    assert field.input_value() == "", "a second Escape clears the field"

    # No trap: Tab leaves the field with the list open, and closes it.
    page.keyboard.type("chaleur")
    options.first.wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-sort"
    assert listbox.is_hidden()

    # Enter on an option opens that page.
    field.focus()
    page.keyboard.press("End")
    page.keyboard.type(" f")
    listbox.locator("text=Chaleur fatale d'une fonderie").wait_for()
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Chaleur fatale d'une fonderie"


def test_form_errors_are_summarised_and_tied_to_their_fields(page, site_tree, screenshot):
    page.goto("/veille/abonnement/")
    email = page.locator("input[name=email]")
    assert page.locator(f"label[for='{email.get_attribute('id')}']").count() == 1
    email.fill("pas-une-adresse")
    page.click("form.form button[type=submit]")

    assert page.title().startswith("Erreur : ")
    email = page.locator("input[name=email]")
    assert email.get_attribute("aria-invalid") == "true"
    described_by = email.get_attribute("aria-describedby").split()
    messages = [page.locator(f"#{identifier}").inner_text() for identifier in described_by]
    assert any("n'est pas valide" in message for message in messages), messages
    assert email.input_value() == "pas-une-adresse"

    screenshot(page, "subscription-error")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    link = summary.locator("a")
    assert link.count() == 1
    assert "n'est pas valide" in link.inner_text()
    link.click()
    assert page.evaluate("document.activeElement.name") == "email"
