"""The RSS feed of a search alert, parsed back with feedparser."""

import feedparser
import pytest

from tests.veille.test_alerts import DAY, T0, confirmed_alert, make_page, restrict_to_members
from veille.models import SavedSearch

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_tree, taxonomy):
    energy = taxonomy["theme"]
    return [
        make_page(site_tree, "Méthanisation à Reims", T0 - 3 * DAY, energy, "Biogaz <script>"),
        make_page(site_tree, "Méthanisation agricole", T0 - DAY, energy),
        make_page(site_tree, "Réseau de chaleur", T0, energy),
        restrict_to_members(make_page(site_tree, "Méthanisation réservée", T0, energy)),
    ]


def fetch(client, alert):
    response = client.get(f"/veille/alertes/{alert.public_id}/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return feedparser.parse(response.content)


def test_feed_lists_public_matching_pages_with_stable_guids(client, pages):
    alert = confirmed_alert()
    feed = fetch(client, alert)
    assert not feed.bozo
    assert feed.feed.title == "Alerte « Méthanisation » – réseau EIT Grand Est"
    assert feed.feed.link.endswith("/recherche/?q=methanisation&theme=energie&sort=date")
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Méthanisation agricole", "Méthanisation à Reims"]  # newest first
    guids = [entry.id for entry in feed.entries]
    assert guids == [f"urn:eit-grandest:page:{pages[1].pk}", f"urn:eit-grandest:page:{pages[0].pk}"]
    assert [entry.id for entry in fetch(client, alert).entries] == guids
    assert feed.entries[1].link == f"http://testserver{pages[0].url}"
    assert feed.entries[1].summary == "Biogaz"  # plain text, markup stripped
    raw = client.get(f"/veille/alertes/{alert.public_id}/rss/").content.decode()
    assert "<script" not in raw and "&lt;script" not in raw


def test_members_only_page_never_in_the_feed_even_for_a_member(client, pages):
    from django.contrib.auth.models import Group

    from portal.factories import UserFactory
    from portal.roles import MEMBERS_GROUP

    member = UserFactory()
    member.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    client.force_login(member)
    feed = fetch(client, confirmed_alert())
    assert "Méthanisation réservée" not in [entry.title for entry in feed.entries]


def test_feed_of_unconfirmed_or_unknown_alert_is_not_found(client, pages):
    pending = SavedSearch.objects.create(
        email="p@exemple.fr", querystring="q=methanisation", label="En attente"
    )
    assert client.get(f"/veille/alertes/{pending.public_id}/rss/").status_code == 404
    assert client.get("/veille/alertes/devine/rss/").status_code == 404


def test_public_id_is_random_and_not_the_email(pages):
    first, second = confirmed_alert(), confirmed_alert(email="b@exemple.fr")
    assert first.public_id != second.public_id
    assert len(first.public_id) >= 24 and "exemple" not in first.public_id
