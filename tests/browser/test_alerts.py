"""A visitor creates a search alert in Chromium: from the search page to the confirmed
alert and its feed, keyboard-reachable, errors tied to fields, no serious axe violation."""

import datetime
import re

import feedparser
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from tests.browser.test_accessibility import axe_violations
from tests.veille.test_alerts import make_page
from veille.models import SavedSearch

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]


def test_visitor_creates_and_confirms_an_alert(page, screenshot, taxonomy, request):
    cache.clear()
    site_tree = request.getfixturevalue("site_tree")
    published = timezone.now() - datetime.timedelta(days=2)
    make_page(site_tree, "Méthanisation agricole", published, taxonomy["theme"])
    axe = Axe()

    page.goto("/recherche/?q=methanisation&theme=energie")
    page.get_by_role("link", name="Créer une alerte pour cette recherche").click()
    page.wait_for_url(re.compile(r"/veille/alertes/creer/\?q=methanisation&theme=energie$"))
    assert page.get_by_label("Nom de l'alerte").input_value() == (
        "« methanisation » · Thématique : Énergie"
    )

    page.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    page.get_by_role("button", name="Créer l'alerte").click()
    email = page.get_by_label("Votre adresse électronique")
    assert email.get_attribute("aria-invalid") == "true"
    described = email.get_attribute("aria-describedby")
    assert "n'est pas valide" in page.locator(f"#{described}").inner_text()
    screenshot(page, "errors")
    found = [v for v in axe_violations(page, axe, "alerte") if v[0] in {"serious", "critical"}]
    assert not found, found

    email.fill("ana@exemple.fr")
    page.get_by_label("Chaque jour").check()
    page.get_by_label(re.compile("J'accepte de recevoir")).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the hidden honeypot is skipped: next stop is the button
    page.keyboard.press("Enter")
    page.wait_for_url("**/veille/alertes/merci/")
    assert "Vérifiez votre boîte de réception" in page.content()

    [message] = mail.outbox
    link = re.search(r"http://testserver(/veille/alertes/confirmer/\S+/)", message.body).group(1)
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Alerte confirmée"
    screenshot(page, "confirmed")
    alert = SavedSearch.objects.get()
    assert alert.frequency == "daily" and alert.confirmed_at is not None

    feed_url = page.get_by_role("link", name="flux RSS de l'alerte").get_attribute("href")
    feed = feedparser.parse(page.request.get(feed_url).body())
    assert [entry.title for entry in feed.entries] == ["Méthanisation agricole"]
