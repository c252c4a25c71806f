"""Pull new entries of the external sources into the review queue (never straight online)."""

import datetime
import ipaddress
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import feedparser
import urllib3
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from portal.sanitize import clean_text, safe_http_url
from veille.models import ExternalSource, ItemStatus, MonitoringItem

FETCH_TIMEOUT = 10  # seconds, the whole transfer of one source
FETCH_WORKERS = 4  # sources downloaded at once
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


def _checked_address(url):
    """The address to connect to for `url`, resolved once and checked: FeedError unless
    `url` is http(s) and every address of its host is public (or the setting
    VEILLE_ALLOW_PRIVATE_SOURCES allows loopback, private and link-local ones). The
    connection then goes to this very address (`_open`), so a second DNS answer
    (rebinding to 127.0.0.1) is never used."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FeedError("Adresse refusée : seules les adresses http:// et https:// sont lues.")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as error:
        raise FeedError(f"Adresse introuvable : {parts.hostname} ({error}).") from error
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not settings.VEILLE_ALLOW_PRIVATE_SOURCES:
        for address in addresses:
            if not address.is_global or address.is_multicast:
                raise FeedError(
                    f"Adresse refusée : {parts.hostname} désigne une adresse locale ou privée "
                    f"({address})."
                )
    return str(addresses[0]), port


def _open(url, address, port, timeout):
    """A streamed GET of `url` on the connection to `address` (the checked one): the Host
    header, TLS SNI and certificate check still use the URL's host name."""
    parts = urlsplit(url)
    host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    if ":" in parts.hostname:
        host_header = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
    options = {"port": port, "timeout": urllib3.Timeout(connect=timeout, read=timeout)}
    if parts.scheme.lower() == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, **options)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return pool.urlopen(
        "GET",
        target,
        headers={"Host": host_header, "User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
        redirect=False,
        retries=False,
        preload_content=False,
        release_conn=False,
    )


def _remaining(deadline, timeout):
    left = deadline - time.monotonic()
    if left <= 0:
        raise FeedError(f"Téléchargement trop long (plus de {timeout:g} s).")
    return left


def _read(response, deadline, timeout, max_bytes):
    """The body, chunk by chunk as it arrives, within the deadline and the size cap."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FeedError(_too_big(max_bytes))
    content = bytearray()
    while True:
        _remaining(deadline, timeout)
        chunk = response.read1(64 * 1024)
        if not chunk:
            return bytes(content)
        content += chunk
        if len(content) > max_bytes:
            raise FeedError(_too_big(max_bytes))


def download(url, timeout=FETCH_TIMEOUT, max_bytes=None):
    """The feed's bytes: http(s) only, public addresses only (redirects included), each
    connection made to the address that was checked, at most `max_bytes`
    (VEILLE_FEED_MAX_BYTES), within `timeout` seconds for the whole transfer (a server
    sending one byte a second is cut at the deadline)."""
    max_bytes = max_bytes or getattr(settings, "VEILLE_FEED_MAX_BYTES", FEED_MAX_BYTES)
    deadline = time.monotonic() + timeout
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            address, port = _checked_address(url)
            response = _open(url, address, port, _remaining(deadline, timeout))
            if response.status not in (301, 302, 303, 307, 308):
                break
            url = urljoin(url, response.headers.get("Location", ""))
            response.release_conn()
        else:
            raise FeedError("Trop de redirections.")
        try:
            if response.status >= 400:
                raise FeedError(f"Téléchargement impossible : erreur HTTP {response.status}.")
            return _read(response, deadline, timeout, max_bytes)
        finally:
            response.release_conn()
    except (urllib3.exceptions.HTTPError, OSError) as error:
        if time.monotonic() >= deadline:
            raise FeedError(f"Téléchargement trop long (plus de {timeout:g} s).") from error
        raise FeedError(f"Téléchargement impossible : {error}") from error


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


def _download_quietly(url, timeout):
    """(content, "") or (None, the French error): what a worker thread hands back."""
    try:
        return download(url, timeout=timeout), ""
    except FeedError as error:
        return None, str(error)


def fetch_source(source, timeout=FETCH_TIMEOUT, downloaded=None):
    """Download (unless `downloaded` is given), parse and queue one source's entries."""
    result = FetchResult(source=source)
    content, result.error = downloaded or _download_quietly(source.feed_url, timeout)
    if not result.error:
        try:
            for entry in parse(content).entries:
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


def fetch_all(progress=None, timeout=FETCH_TIMEOUT, workers=FETCH_WORKERS):
    """Fetch every active source; one broken or slow source never stops the others.

    The downloads run in parallel, `workers` at a time, each within its own deadline;
    the entries are written from this thread, source after source (threads never touch
    the database)."""
    sources = list(ExternalSource.objects.filter(active=True).order_by("pk"))
    results = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        downloads = [pool.submit(_download_quietly, s.feed_url, timeout) for s in sources]
        for index, (source, future) in enumerate(zip(sources, downloads, strict=True), start=1):
            result = fetch_source(source, timeout=timeout, downloaded=future.result())
            results.append(result)
            if progress:
                progress(index, len(sources), result)
    return results
