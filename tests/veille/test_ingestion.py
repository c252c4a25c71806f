"""fetch_veille_sources against fixture feeds served by a real HTTP server on loopback."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from veille.models import ExternalSource, ItemStatus, MonitoringItem
from veille.tasks import fetch_veille_sources

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Ministere (exemple)</title><link>https://exemple.fr/</link><description>Actus</description>
<item>
  <title>Decret sur la chaleur fatale</title>
  <link>https://exemple.fr/actu/decret-chaleur</link>
  <guid isPermaLink="false">exemple-1</guid>
  <pubDate>Tue, 04 Mar 2025 10:00:00 +0100</pubDate>
  <description>&lt;p&gt;Un &lt;strong&gt;nouveau&lt;/strong&gt; texte.&lt;/p&gt;
    &lt;script&gt;alert(1)&lt;/script&gt;
    &lt;a href="javascript:alert(2)" onclick="x()"&gt;voir&lt;/a&gt;</description>
</item>
<item>
  <title>Appel a projets eau</title>
  <link>https://exemple.fr/actu/aap-eau</link>
  <guid isPermaLink="false">exemple-2</guid>
  <pubDate>Mon, 03 Mar 2025 23:30:00 +0000</pubDate>
  <description>Texte simple.</description>
</item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Agence (exemple)</title><id>urn:agence</id><updated>2025-03-05T08:00:00Z</updated>
  <entry>
    <title>Etude sur les synergies</title>
    <id>urn:agence:etude-1</id>
    <link href="https://agence.example/etude-1"/>
    <updated>2025-03-05T08:00:00Z</updated>
    <summary type="html">&lt;em&gt;Synthese&lt;/em&gt; regionale</summary>
  </entry>
</feed>"""

# Same link as an RSS entry under another GUID, the same GUID twice, one new entry.
DUPLICATES = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Relais</title><link>https://relais.example/</link>
<description>Relais</description>
<item><title>Decret (relaye)</title><link>https://exemple.fr/actu/decret-chaleur</link>
  <guid isPermaLink="false">relais-1</guid></item>
<item><title>Nouveau</title><link>https://relais.example/nouveau</link>
  <guid isPermaLink="false">relais-2</guid></item>
<item><title>Nouveau (bis)</title><link>https://relais.example/nouveau-bis</link>
  <guid isPermaLink="false">relais-2</guid></item>
</channel></rss>"""

MALFORMED = b"<html><body><p>Ceci n'est pas un flux<p></body>"


@pytest.fixture
def sources(feed_server):
    feed_server.routes.update(
        {
            "/rss.xml": (200, "application/rss+xml", RSS),
            "/atom.xml": (200, "application/atom+xml", ATOM),
            "/malformed.xml": (200, "text/html", MALFORMED),
            "/error.xml": (500, "text/plain", b"Erreur interne"),
            "/doublons.xml": (200, "application/rss+xml", DUPLICATES),
        }
    )
    names = ["rss", "atom", "malformed", "error", "doublons"]
    return {
        name: ExternalSource.objects.create(
            name=f"Source {name}", feed_url=feed_server.url(f"/{name}.xml")
        )
        for name in names
    }


def run_command():
    out = StringIO()
    call_command("fetch_veille_sources", "--timeout", "5", stdout=out)
    return out.getvalue()


def test_new_entries_land_in_the_review_queue(sources):
    output = run_command()
    items = MonitoringItem.objects.order_by("guid")
    assert sorted(items.values_list("guid", flat=True)) == [
        "exemple-1",
        "exemple-2",
        "relais-2",
        "urn:agence:etude-1",
    ]
    assert {item.status for item in items} == {ItemStatus.TO_REVIEW}
    assert not MonitoringItem.objects.public().exists()  # nothing goes online by itself
    decree = items.get(guid="exemple-1")
    assert decree.external_source == sources["rss"]
    assert decree.link == "https://exemple.fr/actu/decret-chaleur"
    assert decree.date == datetime.date(2025, 3, 4)
    # 23:30 UTC on 3 March is 4 March in Paris: dates are read in the local time zone
    assert items.get(guid="exemple-2").date == datetime.date(2025, 3, 4)
    assert "[5/5]" in output
    assert "2 nouveau(x)" in output


def test_feed_html_is_sanitised_before_display(sources, client):
    run_command()
    decree = MonitoringItem.objects.get(guid="exemple-1")
    assert "<script" not in decree.summary
    assert "javascript:" not in decree.summary
    assert "onclick" not in decree.summary
    assert "<strong>nouveau</strong>" in decree.summary
    atom = MonitoringItem.objects.get(guid="urn:agence:etude-1")
    assert atom.summary == "<em>Synthese</em> regionale"


def test_broken_sources_are_reported_and_the_others_go_on(sources):
    output = run_command()
    for name in ("malformed", "error"):
        source = ExternalSource.objects.get(pk=sources[name].pk)
        assert source.last_error
        assert source.last_fetched_at is not None
    assert "500" in ExternalSource.objects.get(pk=sources["error"].pk).last_error
    assert "ERREUR" in output
    assert "2 en erreur" in output
    good = ExternalSource.objects.get(pk=sources["atom"].pk)
    assert good.last_error == ""
    assert MonitoringItem.objects.filter(external_source=good).count() == 1


def test_duplicates_by_link_or_guid_are_ignored(sources):
    run_command()
    relayed = MonitoringItem.objects.filter(external_source=sources["doublons"])
    assert list(relayed.values_list("title", flat=True)) == ["Nouveau"]


def test_safe_to_re_run(sources):
    run_command()
    before = MonitoringItem.objects.count()
    output = run_command()
    assert MonitoringItem.objects.count() == before
    assert "0 élément(s) à relire" in output


def test_an_unreachable_server_is_an_error_not_a_crash(db):
    source = ExternalSource.objects.create(name="Éteinte", feed_url="http://127.0.0.1:9/flux.xml")
    output = run_command()
    source.refresh_from_db()
    assert "Téléchargement impossible" in source.last_error
    assert "ERREUR" in output


def test_inactive_sources_are_skipped(sources):
    ExternalSource.objects.exclude(pk=sources["atom"].pk).update(active=False)
    run_command()
    assert MonitoringItem.objects.count() == 1


def test_also_a_background_task(sources):
    result = fetch_veille_sources.enqueue()
    assert result.return_value == {"sources": 5, "created": 4, "errors": 2}
