"""Issue #30, defects 6 and 7: the feed is fetched from the address that was checked (no
DNS rebinding), within a deadline on the whole transfer, sources in parallel."""

import socket
import time

import pytest

from tests.support.servers import DripServer, FeedServer
from veille.ingestion import FeedError, download, fetch_all
from veille.models import ExternalSource, MonitoringItem

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Flux</title><link>https://exemple.fr/</link>
<description>x</description><item><title>%s</title><link>https://exemple.fr/%s</link>
<guid isPermaLink="false">%s</guid></item></channel></rss>"""


def feed(name):
    return RSS % (name.encode(), name.encode(), name.encode())


@pytest.fixture
def rebinding_resolver(monkeypatch):
    """`flux.rebind.test` answers `answers[0]` the first time, `answers[1]` afterwards
    (a DNS rebinding attack); every other name resolves as usual."""
    real = socket.getaddrinfo
    calls = []

    def resolve(host, port, *args, **kwargs):
        if host != "flux.rebind.test":
            return real(host, port, *args, **kwargs)
        calls.append(host)
        address = resolve.answers[0] if len(calls) == 1 else resolve.answers[1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    resolve.answers = ("127.0.0.1", "127.0.0.1")
    resolve.calls = calls
    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return resolve


def test_a_public_then_loopback_answer_never_reaches_loopback(rebinding_resolver, settings):
    """The check sees a public address; a second lookup would give 127.0.0.1. The
    connection goes to the checked address (unreachable here), never to loopback."""
    settings.VEILLE_ALLOW_PRIVATE_SOURCES = False
    rebinding_resolver.answers = ("93.184.216.34", "127.0.0.1")  # a public address, then loopback
    with FeedServer() as loopback:
        loopback.routes["/flux.xml"] = (200, "application/rss+xml", feed("interne"))
        port = loopback.httpd.server_address[1]
        with pytest.raises(FeedError):
            download(f"http://flux.rebind.test:{port}/flux.xml", timeout=1)
        assert loopback.requests == []
    assert len(rebinding_resolver.calls) == 1


def test_the_connection_goes_to_the_checked_address_with_the_host_name_kept(
    rebinding_resolver, settings
):
    """Two real servers on the same port of 127.0.0.1 and 127.0.0.2; the resolver answers
    the first, then the second: the feed comes from the first, with the Host header of the
    URL."""
    settings.VEILLE_ALLOW_PRIVATE_SOURCES = True
    with FeedServer("127.0.0.1") as checked:
        port = checked.httpd.server_address[1]
        with FeedServer("127.0.0.2", port) as other:
            checked.routes["/flux.xml"] = (200, "application/rss+xml", feed("verifie"))
            other.routes["/flux.xml"] = (200, "application/rss+xml", feed("rebond"))
            rebinding_resolver.answers = ("127.0.0.1", "127.0.0.2")
            content = download(f"http://flux.rebind.test:{port}/flux.xml", timeout=5)
            assert b"verifie" in content
            assert other.requests == []
            assert checked.requests == [("/flux.xml", f"flux.rebind.test:{port}")]


def test_one_byte_a_second_is_cut_at_the_deadline():
    with DripServer(length=600, interval=0.5) as slow:
        started = time.monotonic()
        with pytest.raises(FeedError, match="trop long"):
            download(slow.url(), timeout=2)
        elapsed = time.monotonic() - started
    assert 1.5 < elapsed < 4, elapsed


def test_sources_are_fetched_in_parallel_and_a_slow_one_stalls_none(settings, feed_server):
    settings.VEILLE_ALLOW_PRIVATE_SOURCES = True
    feed_server.routes["/rapide.xml"] = (200, "application/rss+xml", feed("rapide"))
    with DripServer(length=600, interval=0.5) as slow_a, DripServer(600, 0.5) as slow_b:
        ExternalSource.objects.create(name="Lente A", feed_url=slow_a.url())
        ExternalSource.objects.create(name="Lente B", feed_url=slow_b.url())
        ExternalSource.objects.create(name="Rapide", feed_url=feed_server.url("/rapide.xml"))
        started = time.monotonic()
        results = fetch_all(timeout=2, workers=4)
        elapsed = time.monotonic() - started
    assert elapsed < 3.9, elapsed  # one after another: at least 4 s
    by_name = {r.source.name: r for r in results}
    assert "trop long" in by_name["Lente A"].error and "trop long" in by_name["Lente B"].error
    assert by_name["Rapide"].created == 1 and by_name["Rapide"].error == ""
    assert MonitoringItem.objects.filter(title="rapide").exists()
