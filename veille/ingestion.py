"""Pull new entries of the external sources into the review queue (never straight online)."""

import datetime
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser
import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from portal.sanitize import clean_text, safe_http_url
from veille.models import ExternalSource, ItemStatus, MonitoringItem

FETCH_TIMEOUT = 10  # seconds, connection and read
FEED_MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 3
USER_AGENT = "PortailEITGrandEst/1.0 (+veille)"


class FeedError(Exception):
    """A source that could not be read: unreachable, HTTP error, not a feed."""


@dataclass
class FetchResult:
    source: ExternalSource
    created: int = 0
    skipped: int = 0
    error: str = ""


def _refuse_unsafe_address(url):
    """FeedError unless `url` is http(s) and every address of its host is public (or the
    setting VEILLE_ALLOW_PRIVATE_SOURCES allows loopback, private and link-local ones)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FeedError("Adresse refusée : seules les adresses http:// et https:// sont lues.")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as error:
        raise FeedError(f"Adresse introuvable : {parts.hostname} ({error}).") from error
    if settings.VEILLE_ALLOW_PRIVATE_SOURCES:
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FeedError(
                f"Adresse refusée : {parts.hostname} désigne une adresse locale ou privée "
                f"({address})."
            )


def download(url, timeout=FETCH_TIMEOUT, max_bytes=None):
    """The feed's bytes: http(s) only, public addresses only (redirects included), at most
    `max_bytes` (VEILLE_FEED_MAX_BYTES), within `timeout` seconds for the whole transfer."""
    max_bytes = max_bytes or getattr(settings, "VEILLE_FEED_MAX_BYTES", FEED_MAX_BYTES)
    deadline = time.monotonic() + timeout
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            _refuse_unsafe_address(url)
            response = requests.get(
                url,
                timeout=timeout,
                headers={"User-Agent": USER_AGENT},
                stream=True,
                allow_redirects=False,
            )
            if not response.is_redirect:
                break
            url = urljoin(url, response.headers["Location"])
            response.close()
        else:
            raise FeedError("Trop de redirections.")
        with response:
            response.raise_for_status()
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FeedError(_too_big(max_bytes))
            content = bytearray()
            for chunk in response.iter_content(chunk_size=64 * 1024):
                content += chunk
                if len(content) > max_bytes:
                    raise FeedError(_too_big(max_bytes))
                if time.monotonic() > deadline:
                    raise FeedError(f"Téléchargement trop long (plus de {timeout:g} s).")
    except requests.RequestException as error:
        raise FeedError(f"Téléchargement impossible : {error}") from error
    return bytes(content)


def _too_big(max_bytes):
    return f"Flux trop volumineux (plus de {max_bytes // 1024} Kio)."


def parse(content):
    parsed = feedparser.parse(content)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = getattr(parsed, "bozo_exception", None) or "format inconnu"
        raise FeedError(f"Ce document n'est pas un flux RSS ou Atom lisible ({reason}).")
    return parsed


def entry_date(entry):
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return timezone.localdate()
    moment = datetime.datetime(*stamp[:6], tzinfo=datetime.UTC)
    return timezone.localtime(moment).date()


def ingest_entry(source, entry):
    """Create one item awaiting review; False if it is already known (GUID or link)."""
    link = safe_http_url(entry.get("link"))
    if len(link) > MonitoringItem._meta.get_field("link").max_length:
        link = ""  # a truncated address would lead nowhere
    guid = clean_text(entry.get("id") or link).strip()[:500]
    title = clean_text(strip_tags(entry.get("title") or "")).strip()[:255]
    if not guid or not title:
        return False
    known = MonitoringItem.objects.filter(guid=guid)
    if link:
        known = known | MonitoringItem.objects.filter(link=link)
    if known.exists():
        return False
    summary = entry.get("summary") or ""
    if not summary and entry.get("content"):
        summary = entry["content"][0].get("value", "")
    item = MonitoringItem(
        title=title,
        link=link,
        guid=guid,
        source=source.name[:200],
        date=entry_date(entry),
        category=source.default_category,
        summary=summary,
        summary_is_html=True,  # sanitised by MonitoringItem.save
        status=ItemStatus.TO_REVIEW,
        external_source=source,
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # the same GUID arrived meanwhile
        return False
    return True


def fetch_source(source, timeout=FETCH_TIMEOUT):
    result = FetchResult(source=source)
    try:
        parsed = parse(download(source.feed_url, timeout=timeout))
        for entry in parsed.entries:
            if ingest_entry(source, entry):
                result.created += 1
            else:
                result.skipped += 1
    except FeedError as error:
        result.error = str(error)
    source.last_fetched_at = timezone.now()
    source.last_error = result.error
    source.save(update_fields=["last_fetched_at", "last_error"])
    return result


def fetch_all(progress=None, timeout=FETCH_TIMEOUT):
    """Fetch every active source; one broken source never stops the others."""
    sources = list(ExternalSource.objects.filter(active=True).order_by("pk"))
    results = []
    for index, source in enumerate(sources, start=1):
        result = fetch_source(source, timeout=timeout)
        results.append(result)
        if progress:
            progress(index, len(sources), result)
    return results
