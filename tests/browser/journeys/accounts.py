"""Logging in through the browser, the way members and animators do today."""

import re
from urllib.parse import quote

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.journeys.content import PASSWORD


def log_in(page, username, next_url="/admin/", password=PASSWORD):
    """Fill Wagtail's login form (it serves the front end too, through `next`)."""
    page.goto(f"/admin/login/?next={quote(next_url)}")
    page.get_by_label(re.compile("utilisateur|identifiant", re.IGNORECASE)).fill(username)
    # Wagtail 8.0 leaves this label untranslated in French ("Password").
    page.get_by_label(re.compile("Mot de passe|Password")).fill(password)
    page.get_by_role("button", name=re.compile("identifier|connecter", re.IGNORECASE)).click()
    page.wait_for_url(lambda url: "/admin/login/" not in url)


def admin_field(page, label, role="textbox"):
    """A Wagtail admin form control by its label (required ones end with "*")."""
    return page.get_by_role(role, name=re.compile(rf"^{re.escape(label)}\s*\*?$", re.IGNORECASE))


def add_inline_child(page, button_name, first_field, attempts=3):
    """Click an inline panel's "Ajouter" until its new child form shows `first_field`.

    Under load Wagtail's editor still moves when the click lands (the header folds as the
    page scrolls to the button, the minimap settles), and a click at the old place did
    nothing (screenshots of the failing run). A new click is made only while no child form
    has appeared, so the panel never gets two.
    """
    button = page.get_by_role("button", name=button_name)
    for attempt in range(attempts):
        button.scroll_into_view_if_needed()
        button.click()
        try:
            first_field.wait_for(state="visible", timeout=5000)
            return first_field
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise
