"""RSS and Atom feeds: valid, stable GUIDs, right dates, theme filter, public content only."""

import datetime

import feedparser
import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from portal.axes import Axis
from portal.factories import MonitoringDigestPageFactory, ThemeFactory
from veille.models import DigestItem, ItemStatus, MonitoringItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(site_tree):
    water = ThemeFactory(name="Eau", slug="eau")
    energy = ThemeFactory(name="Énergie", slug="energie")
    section = site_tree.section(Axis.MONITORING)
    public = MonitoringDigestPageFactory(
        parent=section, title="Veille publique de mars", themes=[water], items=[]
    )
    private = MonitoringDigestPageFactory(
        parent=section, title="Veille réservée aux membres", themes=[water], items=[]
    )
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Membres (test)"))
    alone = MonitoringItem.objects.create(
        title="Décret chaleur fatale",
        link="https://exemple.fr/decret",
        date=datetime.date(2025, 3, 4),
        status=ItemStatus.PUBLISHED,
    )
    alone.themes.add(energy)
    in_private = MonitoringItem.objects.create(
        title="Note interne au réseau", date=datetime.date(2025, 3, 5)
    )
    DigestItem.objects.create(digest=private, item=in_private)
    MonitoringItem.objects.filter(pk=in_private.pk).update(status=ItemStatus.PUBLISHED)
    to_review = MonitoringItem.objects.create(
        title="Brouillon à relire", date=datetime.date(2025, 3, 6), status=ItemStatus.TO_REVIEW
    )
    return {
        "public": public,
        "private": private,
        "alone": alone,
        "in_private": in_private,
        "to_review": to_review,
        "section": section,
    }


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def test_rss_lists_published_items_and_public_digests(client, content):
    response, parsed = parse(client, "/veille/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert parsed.version == "rss20"
    titles = [entry.title for entry in parsed.entries]
    assert "Décret chaleur fatale" in titles
    assert "Veille publique de mars" in titles
    assert "Veille réservée aux membres" not in titles
    assert "Note interne au réseau" not in titles
    assert "Brouillon à relire" not in titles


def test_guids_are_stable_and_not_permalinks(client, content):
    response, first = parse(client, "/veille/rss/")
    _, again = parse(client, "/veille/rss/")
    guids = {entry.title: entry.id for entry in first.entries}
    assert guids["Décret chaleur fatale"] == f"urn:eit-grandest:item:{content['alone'].pk}"
    assert guids["Veille publique de mars"] == f"urn:eit-grandest:digest:{content['public'].pk}"
    assert [e.id for e in again.entries] == [e.id for e in first.entries]
    assert all(entry.guidislink is False for entry in first.entries)
    assert response.content.count(b'<guid isPermaLink="false">') == len(first.entries)


def test_dates_are_time_zone_aware(client, content):
    response, parsed = parse(client, "/veille/rss/")
    assert b"+0100</pubDate>" in response.content or b"+0000</pubDate>" in response.content
    item = next(e for e in parsed.entries if e.title == "Décret chaleur fatale")
    # midnight in Paris on 4 March 2025 is 23:00 UTC on 3 March
    assert tuple(item.published_parsed[:4]) == (2025, 3, 3, 23)
    digest = next(e for e in parsed.entries if e.title == "Veille publique de mars")
    first_published = content["public"].first_published_at
    assert tuple(digest.published_parsed[:5]) == first_published.utctimetuple()[:5]


def test_atom_feed(client, content):
    response, parsed = parse(client, "/veille/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert parsed.version == "atom10"
    ids = [entry.id for entry in parsed.entries]
    assert f"urn:eit-grandest:item:{content['alone'].pk}" in ids
    assert f"urn:eit-grandest:digest:{content['private'].pk}" not in ids
    assert all(entry.get("updated_parsed") for entry in parsed.entries)


def test_theme_filter(client, content):
    _, parsed = parse(client, "/veille/rss/?theme=energie")
    assert [entry.title for entry in parsed.entries] == ["Décret chaleur fatale"]
    assert "Énergie" in parsed.feed.title
    _, parsed = parse(client, "/veille/atom/?theme=eau")
    assert [entry.title for entry in parsed.entries] == ["Veille publique de mars"]


def test_unknown_theme_gives_an_empty_feed(client, content):
    for url in ("/veille/rss/?theme=inconnue", "/veille/atom/?theme=%3Cscript%3E"):
        _, parsed = parse(client, url)
        assert parsed.entries == []


def test_items_of_a_public_digest_are_in_the_feed(client, content):
    item = MonitoringItem.objects.create(title="Appel à projets eau", status=ItemStatus.PUBLISHED)
    DigestItem.objects.create(digest=content["public"], item=item)
    _, parsed = parse(client, "/veille/rss/")
    entry = next(e for e in parsed.entries if e.id == f"urn:eit-grandest:item:{item.pk}")
    assert entry.link.endswith(f"{content['public'].url}#veille-item-{item.pk}")


def test_feeds_are_announced_on_the_veille_pages(client, content):
    for page in (content["public"], content["section"]):
        html = client.get(page.url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert 'href="/veille/rss/"' in html
        assert '<link rel="alternate" type="application/atom+xml"' in html


def test_archive_filters_by_theme_and_year(client, content):
    html = client.get("/veille/archives/").content.decode()
    assert "Veille publique de mars" in html
    assert "Veille réservée aux membres" not in html
    year = content["public"].period_start.year
    html = client.get(f"/veille/archives/?theme=eau&annee={year}").content.decode()
    assert "Veille publique de mars" in html
    html = client.get("/veille/archives/?theme=energie").content.decode()
    assert "Aucune lettre ne correspond" in html
    response = client.get("/veille/archives/?theme=inconnue&annee=abc&page=zz")
    assert response.status_code == 200
