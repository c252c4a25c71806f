"""Logging in through the browser, the way members and animators do today."""

import re
from urllib.parse import quote

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
