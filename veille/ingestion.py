"""Pull new entries of the external sources into the review queue (never straight online)."""

import datetime
from dataclasses import dataclass

import feedparser
import requests
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from portal.sanitize import safe_http_url
from veille.models import ExternalSource, ItemStatus, MonitoringItem

FETCH_TIMEOUT = 10  # seconds, connection and read
USER_AGENT = "PortailEITGrandEst/1.0 (+veille)"


class FeedError(Exception):
    """A source that could not be read: unreachable, HTTP error, not a feed."""


@dataclass
class FetchResult:
    source: ExternalSource
    created: int = 0
    skipped: int = 0
    error: str = ""


def download(url, timeout=FETCH_TIMEOUT):
    try:
        response = requests.get(url, timeout=timeout, headers={"User-Agent": USER_AGENT})
        response.raise_for_status()
    except requests.RequestException as error:
        raise FeedError(f"Téléchargement impossible : {error}") from error
    return response.content


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
    guid = (entry.get("id") or link).strip()[:500]
    title = strip_tags(entry.get("title") or "").strip()[:255]
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
