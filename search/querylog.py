"""What people look for: an anonymous, aggregated log of the searches.

Nothing personal is kept: no user, no IP address, no session, no time of day. One row per
(day, normalised query, facets) counts its searches in `hits`, incremented in the
database (F()), so the table stays small. Logging never breaks a search.

Off the request path: a search only counts itself in this process's memory; a background
thread writes the counts every SEARCH_LOG_FLUSH_SECONDS (one upsert per distinct row, on its
own database connection), and the process writes what is left when it exits (gunicorn
recycling a worker). A process killed outright loses at most those seconds of counts.
"""

import atexit
import hashlib
import json
import logging
import threading

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from search.store import SearchQueryLog

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200


def normalise_query(q: str) -> str:
    """Lowercased, whitespace collapsed, at most 200 characters."""
    return " ".join((q or "").lower().split())[:MAX_QUERY_CHARS]


def canonical_facets(filters: dict) -> dict[str, list[str]]:
    """The selected facet values, sorted, so that the same selection gives the same row."""
    return {facet: sorted(set(values)) for facet, values in sorted(filters.items()) if values}


def facets_hash(facets: dict) -> str:
    payload = json.dumps(facets, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(q: str, filters: dict, results: int, engine: str, day=None, hits: int = 1) -> None:
    """Count `hits` searches in their row of the day (created on the day's first search)."""
    query = normalise_query(q)
    facets = canonical_facets(filters)
    key = {
        "day": day or timezone.localdate(),
        "query": query,
        "facets_hash": facets_hash(facets),
    }
    changes = {"hits": F("hits") + hits, "results": results, "engine": engine}
    with transaction.atomic():
        if SearchQueryLog.objects.filter(**key).update(**changes):
            return
        try:
            with transaction.atomic():
                SearchQueryLog.objects.create(
                    **key, facets=facets, results=results, engine=engine, hits=hits
                )
        except IntegrityError:
            # Another request created the row in between: count this search in it.
            SearchQueryLog.objects.filter(**key).update(**changes)


def log_search(query, response, requested_page: int | None = None) -> None:
    """Log a visitor's search (first page of a query or a filter only); never raises.

    `requested_page` is the page asked for, before the service brings it within range.
    """
    page = query.page if requested_page is None else requested_page
    if page != 1 or not (query.q.strip() or query.filters):
        return
    try:
        if settings.SEARCH_LOG_FLUSH_SECONDS > 0:
            _pending.add(query.q, query.filters, response.total, response.engine)
        else:
            record(query.q, query.filters, response.total, response.engine)
    except Exception:
        logger.exception("Could not log a search query")


class PendingCounts:
    """This process's searches not written yet: {(day, query, facets): [hits, results,
    engine, filters]}, and the timer that writes them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.timer = None

    def add(self, q, filters, results, engine):
        key = (timezone.localdate(), normalise_query(q), facets_hash(canonical_facets(filters)))
        with self.lock:
            entry = self.counts.setdefault(key, [0, results, engine, q, filters])
            entry[0] += 1
            entry[1:3] = [results, engine]
            if self.timer is None:
                self.timer = threading.Timer(settings.SEARCH_LOG_FLUSH_SECONDS, self.flush_thread)
                self.timer.daemon = True
                self.timer.start()

    def take(self) -> dict:
        with self.lock:
            counts, self.counts = self.counts, {}
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
        return counts

    def flush(self) -> int:
        """Write the pending counts; the number of rows written."""
        counts = self.take()
        for (day, _, _), (hits, results, engine, q, filters) in counts.items():
            try:
                record(q, filters, results, engine, day=day, hits=hits)
            except Exception:
                logger.exception("Could not log a search query")
        return len(counts)

    def flush_thread(self):
        try:
            self.flush()
        finally:
            connection.close()  # this thread's own connection


_pending = PendingCounts()
flush = _pending.flush
atexit.register(flush)
