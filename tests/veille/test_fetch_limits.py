"""Fetching a monitoring source: http(s) only, public addresses only unless allowed, a size
cap and a timeout; a refused source is reported, the others go on."""

import socket

import pytest

from veille.ingestion import FeedError, download, fetch_source
from veille.models import ExternalSource, MonitoringItem

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Flux</title><link>https://exemple.fr/</link>
<description>x</description><item><title>Entree</title><link>https://exemple.fr/1</link>
<guid isPermaLink="false">entree-1</guid></item></channel></rss>"""


@pytest.fixture
def loopback_source(feed_server):
    feed_server.routes["/flux.xml"] = (200, "application/rss+xml", RSS)
    return ExternalSource.objects.create(name="Locale", feed_url=feed_server.url("/flux.xml"))


def test_loopback_source_is_refused_when_private_sources_are_not_allowed(loopback_source, settings):
    settings.VEILLE_ALLOW_PRIVATE_SOURCES = False
    result = fetch_source(loopback_source, timeout=5)
    assert "Adresse refusée" in result.error
    assert "127.0.0.1" in result.error
    assert not MonitoringItem.objects.exists()
    loopback_source.refresh_from_db()
    assert loopback_source.last_error == result.error


def test_loopback_source_is_read_when_allowed(loopback_source, settings):
    settings.VEILLE_ALLOW_PRIVATE_SOURCES = True
    result = fetch_source(loopback_source, timeout=5)
    assert result.error == ""
    assert result.created == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/flux.xml",
        "http://127.0.0.1:8000/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://[fe80::1]/",
    ],
)
def test_private_addresses_are_refused(url, settings):
    settings.VEILLE_ALLOW_PRIVATE_SOURCES = False
    with pytest.raises(FeedError, match="Adresse refusée"):
        download(url, timeout=1)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://exemple.fr/flux.xml", "gopher://127.0.0.1/", "flux"]
)
def test_only_http_and_https_are_fetched(url, settings):
    settings.VEILLE_ALLOW_PRIVATE_SOURCES = True
    with pytest.raises(FeedError, match="http:// et https://"):
        download(url, timeout=1)


def test_a_feed_over_the_size_cap_is_refused(feed_server, settings):
    settings.VEILLE_FEED_MAX_BYTES = 1024
    feed_server.routes["/enorme.xml"] = (200, "application/rss+xml", RSS + b" " * 4096)
    with pytest.raises(FeedError, match="trop volumineux"):
        download(feed_server.url("/enorme.xml"), timeout=5)
    content = download(feed_server.url("/enorme.xml"), timeout=5, max_bytes=10_000)
    assert content.startswith(b"<?xml")


def test_a_silent_server_times_out():
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        host, port = silent.getsockname()
        with pytest.raises(FeedError, match="Téléchargement (impossible|trop long)"):
            download(f"http://{host}:{port}/flux.xml", timeout=0.5)


def test_harvested_titles_lose_their_control_characters(feed_server, settings):
    """Issue #30, defect 4: harvested feeds are an input like the others."""
    settings.VEILLE_ALLOW_PRIVATE_SOURCES = True
    feed_server.routes["/controles.xml"] = (
        200,
        "application/rss+xml",
        RSS.replace(b"<title>Entree</title>", b"<title>Entree&#x1b;[1m \x0b</title>"),
    )
    source = ExternalSource.objects.create(name="C", feed_url=feed_server.url("/controles.xml"))
    result = fetch_source(source, timeout=5)
    assert result.created == 1, result.error
    assert MonitoringItem.objects.get().title == "Entree[1m"
