"""Issue #24 (3): every page type a person may use is reached from the home page in at most
two clicks (links and the header's forms), sign-out is on every page, and /membres/ is the
members' area."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from tests.browser.seen.conftest import ROLES
from tests.browser.seen.pages import MEMBERS, PUBLIC, RESULTS, page_types

# Steps of a page rather than pages of their own: an alert is created from a search's
# results, a template is personalised from its page.
STEPS = {"veille-alerte", "personnalisation"}
# One object's page: any page of the kind will do.
KINDS = {
    "flux-fiche": r"^/flux/\d+/$",
    "flux-synergie": r"^/flux/synergies/\d+/$",
    "flux-opportunite": r"^/flux/mutualisation/\d+/$",
}


class Targets(HTMLParser):
    """The same-site paths a page links to, and the actions of its forms."""

    def __init__(self, base):
        super().__init__()
        self.base = base
        self.paths = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        target = attrs.get("href") if tag == "a" else attrs.get("action") if tag == "form" else None
        if target is None:
            return
        parts = urlsplit(urljoin(self.base, target))
        if parts.netloc in ("", "testserver"):
            self.paths.add(parts.path)


def client_for(role):
    client = Client()
    if role.username:
        client.force_login(get_user_model().objects.get(username=role.username))
    return client


def targets_of(client, path):
    response = client.get(path, follow=True)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return set()
    parser = Targets(f"http://testserver{path}")
    parser.feed(response.content.decode())
    return parser.paths


def may_use(role, audience):
    if audience == PUBLIC:
        return True
    if audience == MEMBERS:
        return role.username is not None
    return audience == RESULTS and role.name == "animation"


@pytest.mark.parametrize("role_name", list(ROLES))
def test_every_page_type_is_two_clicks_away_from_home(role_name):
    role = ROLES[role_name]
    client = client_for(role)
    first = targets_of(client, "/")
    reachable = set(first)
    for path in sorted(first):
        if not path.startswith(("/admin/", "/documents/", "/membres/deconnexion/")):
            reachable |= targets_of(client, path)

    def reached(name, url):
        if name in KINDS:
            return any(re.match(KINDS[name], path) for path in reachable)
        return urlsplit(url).path in reachable

    missing = [
        f"{name} ({url})"
        for name, url, audience in page_types()
        if may_use(role, audience) and name not in STEPS and not reached(name, url)
    ]
    assert not missing, f"{role_name}: more than two clicks away from home: {missing}"


def test_sign_out_from_any_page_and_the_members_area(visit):
    page = visit("membre", "375")
    page.goto("/flux/")
    expect(page.locator(".main-nav a[href='/flux/']")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Espace membres").click()
    page.wait_for_url("**/membres/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace membres")
    for name in ("Mon profil", "Registre des flux", "Synergies", "Flux à confirmer"):
        expect(page.locator("main").get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Mon territoire")
    page.goto("/territoires/")
    page.locator(".site-header").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    expect(page.locator(".site-header")).to_contain_text("Connexion membres")
    page.goto("/membres/")
    assert "/membres/connexion/" in page.url
