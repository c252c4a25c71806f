"""Monitoring links are http(s) only: at ingestion, in the admin and at every render."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from portal.axes import Axis
from portal.factories import MonitoringDigestPageFactory
from portal.sanitize import safe_http_url
from veille.models import ExternalSource, ItemStatus, MonitoringItem
from veille.newsletter import render_bodies

pytestmark = pytest.mark.django_db

UNSAFE_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "jav&#x61;script:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "ftp://exemple.fr/fichier",
    "//exemple.fr/sans-schema",
]
MARKERS = ("javascript", "data:text", "vbscript", "alert(1)", "ftp://", "//exemple.fr/sans")


@pytest.mark.parametrize("link", UNSAFE_LINKS)
def test_unsafe_links_are_refused(link):
    assert safe_http_url(link) == ""


@pytest.mark.parametrize("link", ["https://exemple.fr/a?b=1&c=2", "HTTP://EXEMPLE.FR/"])
def test_http_links_are_kept(link):
    assert safe_http_url(link) == link


def _feed(links):
    items = "".join(
        f"<item><title>Entree {n}</title><link>{link.replace('&', '&amp;')}</link>"
        f'<guid isPermaLink="false">guid-{n}</guid></item>'
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Flux</title><link>https://exemple.fr/</link><description>x</description>"
        f"{items}</channel></rss>"
    ).encode()


def test_ingestion_keeps_only_http_links(feed_server):
    links = [*UNSAFE_LINKS, "https://exemple.fr/ok"]
    feed_server.routes["/liens.xml"] = (200, "application/rss+xml", _feed(links))
    ExternalSource.objects.create(name="Liens", feed_url=feed_server.url("/liens.xml"))
    call_command("fetch_veille_sources", "--timeout", "5", stdout=None)
    stored = dict(MonitoringItem.objects.values_list("guid", "link"))
    assert len(stored) == len(links)
    assert stored.pop(f"guid-{len(links) - 1}") == "https://exemple.fr/ok"
    assert set(stored.values()) == {""}


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://exemple.fr/f", "data:,x"])
def test_admin_validation_refuses_non_http_links(link):
    item = MonitoringItem(title="Lien", link=link)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "link" in error.value.message_dict
    source = ExternalSource(name="Source", feed_url=link)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "feed_url" in error.value.message_dict


def test_save_drops_an_unsafe_link():
    item = MonitoringItem.objects.create(title="Lien", link="JaVaScRiPt:alert(1)")
    item.refresh_from_db()
    assert item.link == ""


@pytest.fixture
def digest_with_stored_unsafe_links(site_tree):
    """Rows written before the fix (or by a bulk update that skips save())."""
    digest = MonitoringDigestPageFactory(
        parent=site_tree.section(Axis.MONITORING),
        slug="veille-liens",
        title="Veille des liens",
        items=[{"title": f"Élément {n}", "link": "https://exemple.fr/"} for n in range(4)],
    )
    items = list(MonitoringItem.objects.filter(digest_links__digest=digest).order_by("pk"))
    for item, link in zip(items, UNSAFE_LINKS[:3] + UNSAFE_LINKS[6:7], strict=True):
        MonitoringItem.objects.filter(pk=item.pk).update(link=link, status=ItemStatus.PUBLISHED)
    return type(digest).objects.get(pk=digest.pk)


def assert_no_unsafe_link(text):
    lowered = text.lower()
    for marker in MARKERS:
        assert marker not in lowered, marker


def test_digest_page_renders_no_unsafe_link(client, digest_with_stored_unsafe_links):
    response = client.get(digest_with_stored_unsafe_links.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Élément 0" in html
    assert_no_unsafe_link(html)


def test_email_digest_carries_no_unsafe_link(digest_with_stored_unsafe_links):
    text, html = render_bodies(digest_with_stored_unsafe_links)
    assert "Élément 0" in html
    assert_no_unsafe_link(text)
    assert_no_unsafe_link(html)


@pytest.mark.parametrize("url", ["/veille/rss/", "/veille/atom/"])
def test_feeds_emit_no_unsafe_link(client, digest_with_stored_unsafe_links, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Élément 0" in body
    assert_no_unsafe_link(body)


def test_api_gives_no_unsafe_link(client, digest_with_stored_unsafe_links):
    digest = digest_with_stored_unsafe_links
    response = client.get(f"/api/v2/pages/{digest.pk}/")
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 4
    assert {item["link"] for item in items} == {""}
